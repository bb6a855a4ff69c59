"""Every page of the load test (bench/load_pages.py), one request at a time: SQL queries and server time.

For each role two accounts are measured: the largest area (the biggest region, municipality, curator's caseload,
the school with the most documents and visits) and the smallest. A page whose query count differs between the
two grows with the data. Run on a copy of the generated database, as bench/load.sh does:

    DATABASE_URL=postgres://…/copy DEBUG=0 SECRET_KEY=… .venv/bin/python bench/pages.py [-n 7] [--profile ADDRESS]

`--profile /` prints the cProfile of that page (largest account) instead of the table, `--sql /` its queries.
"""

import argparse
import cProfile
import os
import pstats
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
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from load_pages import ROLES, page_name  # noqa: E402

from schools.models import CuratorAssignment, ProjectYear, RoleAssignment, School, SchoolStaff  # noqa: E402


def accounts(year) -> dict[str, list[tuple[object, dict]]]:
    """Per role: (user, the address's values) for the largest and the smallest area."""
    schools = School.objects.filter(participations__year=year)
    regions = schools.values("municipality__region").annotate(n=Count("pk")).order_by("-n", "municipality__region")
    munis = schools.values("municipality").annotate(n=Count("pk")).order_by("-n", "municipality")
    by_size = schools.annotate(d=Count("documents", distinct=True), v=Count("visits", distinct=True))
    by_size = by_size.filter(staff__kind=SchoolStaff.Kind.DIRECTOR).order_by("-d", "-v", "pk")
    curators = (
        CuratorAssignment.objects.filter(year=year).values("curator").annotate(n=Count("pk")).order_by("-n", "curator")
    )
    result: dict[str, list] = {}
    federal = RoleAssignment.objects.filter(kind="federal").select_related("user").first().user
    ends = [regions.first(), regions.last()]
    result["federal"] = [(federal, {"region": ends[0]["municipality__region"], "municipality": 0})]
    result["regional"] = []
    for row in ends:
        role = RoleAssignment.objects.filter(kind="regional", region=row["municipality__region"], year=year).first()
        result["regional"].append((role.user, {"region": role.region_id}))
    result["municipal"] = []
    for row in (munis.first(), munis.last()):
        role = RoleAssignment.objects.filter(kind="municipal", municipality=row["municipality"], year=year).first()
        result["municipal"].append((role.user, {"region": role.region_id, "municipality": role.municipality_id}))
    result["curator"] = []
    for row in (curators.first(), curators.last()):
        a = CuratorAssignment.objects.filter(year=year, curator=row["curator"]).select_related("curator").first()
        result["curator"].append((a.curator, {"school": a.school_id}))
    result["director"] = []
    for school in (by_size.first(), by_size.filter(~Q(pk=by_size.first().pk)).last()):
        staff = SchoolStaff.objects.filter(school=school, kind=SchoolStaff.Kind.DIRECTOR).first()
        result["director"].append((staff.user, {"school": school.pk}))
    return result


def client_for(user) -> Client:
    client = Client(headers={"X-Forwarded-Proto": "https", "Accept-Language": "ru"})
    client.force_login(user)
    return client


def measure(client: Client, path: str, n: int) -> tuple[int, int, float, float]:
    """(status, queries, median ms, median ms spent in SQL)."""
    client.get(path)  # warm: templates compiled, connection open
    times, sql = [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
    return response.status_code, len(ctx.captured_queries), statistics.median(times), statistics.median(sql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=7, help="запросов к каждой странице (медиана)")
    parser.add_argument("--profile", help="адрес страницы из bench/load_pages.py: профиль вместо таблицы")
    parser.add_argument("--sql", help="адрес страницы из bench/load_pages.py: её запросы вместо таблицы")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    year = ProjectYear.objects.get(year=2026)
    people = accounts(year)
    print(f"DEBUG={settings.DEBUG}; load average {os.getloadavg()[0]:.2f}")
    print("| роль | страница | SQL (наибольший / наименьший) | мс, медиана | из них SQL, мс |")
    print("|---|---|---|---|---|")
    for role, (_, pages) in ROLES.items():
        clients = [(client_for(user), values) for user, values in people[role]]
        for _, address in pages:
            paths = [address.format(**values, n=1) for _, values in clients]
            if args.profile or args.sql:
                if address == args.profile:
                    profile(clients[0][0], paths[0], role)
                if address == args.sql:
                    show_sql(clients[0][0], paths[0], role)
                continue
            status, queries, ms, sql_ms = measure(clients[0][0], paths[0], args.n)
            others = zip(clients[1:], paths[1:], strict=True)
            counts = [str(queries)] + [str(measure(c, p, 1)[1]) for (c, _), p in others]
            flag = "" if status == 200 else f" **{status}**"
            print(f"| {role} | `{page_name(address)}`{flag} | {' / '.join(counts)} | {ms:.0f} | {sql_ms:.0f} |")


def show_sql(client: Client, path: str, role: str) -> None:
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    print(f"\n== {role} {path}: {len(ctx.captured_queries)} запросов")
    for q in ctx.captured_queries:
        print(f"{float(q['time']) * 1000:7.1f} мс  {q['sql'][:400]}")


def profile(client: Client, path: str, role: str) -> None:
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(path)
    profiler.disable()
    print(f"\n== {role} {path} (5 запросов)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
