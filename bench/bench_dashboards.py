"""Dashboards benchmark, one run (after bench/generate.py and bench/generate_monitoring.py, same DATABASE_URL):

1. the federal dashboard, the 300-school regional dashboard, a typical regional dashboard and the
   municipal one — median and p95 latency through the Django test Client (full middleware stack, no
   network), next to a trivial Django view measured the same way, and the ratio;
2. the number of SQL queries of each page (must not depend on the number of schools);
3. PDF time: one school's «Отчёт о выполнении дорожной карты» and the 300-school regional report,
   built by the same service the Celery task calls.

    .venv/bin/python bench/bench_dashboards.py [--requests 30]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medk.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402

from monitoring.models import Report  # noqa: E402
from monitoring.services import reports  # noqa: E402
from schools.models import Municipality, ProjectYear, Region, School, User  # noqa: E402


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench-bare/", bare, name="bench_bare"), path("", include("medk.urls"))]


def measure(client: Client, url: str, n: int) -> tuple[float, float, int]:
    """(median ms, p95 ms, queries) of n GETs after two warm-up requests."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
    ):
        client.get(url)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries)


def build(report: Report) -> float:
    started = time.perf_counter()
    report = reports.report_build(report=report)
    assert report.status == Report.Status.DONE, report.error
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    settings.ROOT_URLCONF = sys.modules[__name__]
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # «report ready» letters
    year = ProjectYear.objects.get(year=2026)
    federal = User.objects.get(email="federal@bench.example")
    regional = User.objects.get(email="regional@bench.example")
    big = Region.objects.order_by("code").first()
    typical = Region.objects.order_by("code")[10]
    municipality = Municipality.objects.filter(region=big, schools__isnull=False).order_by("pk").first()
    n_schools = year.participations.count()
    n_big = School.objects.filter(municipality__region=big, participations__year=year).count()
    n_typical = School.objects.filter(municipality__region=typical, participations__year=year).count()
    print(
        f"данные: {Region.objects.count()} регионов, {Municipality.objects.count()} муниципалитетов, {n_schools} школ"
    )

    client = Client()
    client.force_login(federal)
    pages = [
        ("пустое представление Django", reverse("bench_bare")),
        ("федеральный дашборд (все регионы)", reverse("monitoring:dashboard_federal")),
        (f"региональный дашборд ({n_big} школ)", reverse("monitoring:dashboard_region", args=[big.pk])),
        (f"региональный дашборд ({n_typical} школ)", reverse("monitoring:dashboard_region", args=[typical.pk])),
        ("муниципальный дашборд", reverse("monitoring:dashboard_municipality", args=[municipality.pk])),
        ("расшифровка «визиты» по стране", reverse("monitoring:indicator_schools", args=["visited"])),
        (
            f"выгрузка .xlsx регионального ({n_big} школ)",
            reverse("monitoring:dashboard_region", args=[big.pk]) + "?format=xlsx",
        ),
    ]
    results = []
    for title, url in pages:
        median, p95, queries = measure(client, url, args.requests)
        results.append((title, median, p95, queries))
    base = results[0][1]
    print(f"\n{'страница':45} {'медиана':>9} {'p95':>9} {'× пустое':>9} {'запросов SQL':>13}")
    for title, median, p95, queries in results:
        print(f"{title:45} {median:7.1f}мс {p95:7.1f}мс {median / base:8.1f}× {queries:13d}")

    school = School.objects.filter(municipality__region=big).order_by("pk").first()
    one = [
        build(Report.objects.create(kind="school", fmt="pdf", year=year, school=school, requested_by=regional))
        for _ in range(3)
    ]
    region_runs = [
        build(Report.objects.create(kind="region", fmt="pdf", year=year, region=big, requested_by=regional))
        for _ in range(2)
    ]
    xlsx = build(Report.objects.create(kind="region", fmt="xlsx", year=year, region=big, requested_by=regional))
    print(f"\nPDF отчёта школы:                      {statistics.median(one):6.2f} с (медиана 3)")
    print(f"PDF отчёта региона ({n_big} школ):       {statistics.median(region_runs):6.2f} с (медиана 2)")
    print(f".xlsx отчёта региона ({n_big} школ):     {xlsx:6.2f} с")


if __name__ == "__main__":
    main()
