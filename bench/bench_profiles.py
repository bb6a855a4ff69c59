"""Diagnosis benchmark, one run, three figures (after bench/generate.py, same DATABASE_URL):

1. recompute of all the year's risk profiles (surveys.scoring.profiles_recompute — what the Celery task runs)
   next to one plain SQL aggregate pass over the answers table (GROUP BY school, option: the physical
   floor of reading every answer once); the goal is at most 3× the floor;
2. answer intake: questionnaire submissions per second through the real view (form validation,
   window check, flood guard, one atomic save) next to a bare Django view in the same process,
   both through the Django test Client (full middleware stack, no network).

    .venv/bin/python bench/bench_profiles.py [--repeat 3] [--requests 300]
"""

import argparse
import os
import secrets
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

from schools.models import ProjectYear, School  # noqa: E402
from surveys import ratelimit, scoring, selectors, services  # noqa: E402
from surveys.models import Answer, RiskProfile  # noqa: E402


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench-bare/", bare, name="bench_bare"), path("", include("medk.urls"))]


def floor_pass(year) -> float:
    sql = (
        f"SELECT school_id, option_id, COUNT(*), SUM(share) FROM {Answer._meta.db_table} "  # noqa: S608
        "WHERE year_id = %s GROUP BY school_id, option_id"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [year.pk])
        cursor.fetchall()
    return time.perf_counter() - started


def recompute(year) -> float:
    started = time.perf_counter()
    scoring.profiles_recompute(year=year)
    return time.perf_counter() - started


def form_data(year, group="teacher") -> dict:
    structure = selectors.questionnaire_structure(selectors.active_questionnaire(year=year, group=group))
    data = {}
    for q in structure.questions:
        if q.kind == "multiple":
            data[q.field_name] = [str(q.options[0].id)]
        elif q.kind in ("single", "scale"):
            data[q.field_name] = str(q.options[-1].id)
        elif q.kind == "number":
            data[q.field_name] = str(q.min_value)
    return data


def signed_browser_id(value: str) -> str:
    """The respondent cookie as the server issues it (signed), so each request is a known browser."""
    response = HttpResponse()
    response.set_signed_cookie(ratelimit.COOKIE, value, salt=ratelimit.SALT)
    return response.cookies[ratelimit.COOKIE].value


def intake(year, n: int) -> tuple[float, float]:
    settings.ROOT_URLCONF = sys.modules[__name__]
    settings.ALLOWED_HOSTS = ["*"]
    # the flood guard still runs (three cache round trips per submission), its ceilings are lifted
    settings.SURVEYS_RATE_LIMITS = {
        "per_browser": 10**9,
        "per_address": 10**9,
        "per_address_without_cookie": 10**9,
        "new_browsers_per_address": 10**9,
        "per_link": 10**9,
    }
    school = School.objects.order_by("pk").first()
    link = next(x for x in services.links_ensure(school=school, year=year) if x.group == "teacher")
    url = reverse("surveys:respond", args=[link.token])
    data = form_data(year)
    run = secrets.token_hex(4)
    client = Client()
    client.get(url)  # warm the structure cache and the connection
    started = time.perf_counter()
    for i in range(n):
        client.cookies[ratelimit.COOKIE] = signed_browser_id(f"{run}{i:024x}")  # one browser per respondent
        response = client.post(url, data)
        assert response.status_code == 302, (response.status_code, response.content[:500])
    real = n / (time.perf_counter() - started)
    bare_url = reverse("bench_bare")
    client.get(bare_url)
    started = time.perf_counter()
    for _ in range(n):
        assert client.post(bare_url, {"x": "1"}).status_code == 200
    bare_rate = n / (time.perf_counter() - started)
    return real, bare_rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    year = ProjectYear.objects.get(year=2026)
    answers = Answer.objects.filter(year=year).count()
    schools = year.participations.count()
    print(f"данные: {schools} школ, {answers} строк ответов, база {connection.vendor}")
    firsts = []
    for _ in range(args.repeat):
        RiskProfile.objects.filter(year=year).delete()
        firsts.append(recompute(year))  # every profile and every school × direction row written
    floors = [floor_pass(year) for _ in range(args.repeat)]
    runs = [recompute(year) for _ in range(args.repeat)]  # the same answers: read, compare, write nothing
    scores_only = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        scoring.compute(year=year)
        scores_only.append(time.perf_counter() - started)
    floor = statistics.median(floors)
    first, run, only = statistics.median(firsts), statistics.median(runs), statistics.median(scores_only)
    print(f"один SQL-проход по ответам («пол»):          {floor:7.2f} с")
    print(f"расчёт всех профилей без записи:             {only:7.2f} с  {only / floor:5.2f}×")
    print(f"пересчёт всех профилей (ответы те же):       {run:7.2f} с  {run / floor:5.2f}× (цель ≤ 3×)")
    print(f"первый расчёт всех профилей (всё пишется):   {first:7.2f} с  {first / floor:5.2f}×")
    print(f"(медианы {args.repeat} прогонов)")
    real, bare_rate = intake(year, args.requests)
    print(f"приём анкет (POST формы, {args.requests}):          {real:7.1f} запросов/с")
    print(f"пустое представление Django:                 {bare_rate:7.1f} запросов/с ({real / bare_rate:.0%} от него)")


if __name__ == "__main__":
    main()
