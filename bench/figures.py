"""The figures of `make bench`, each next to its floor measured in the same run (called by bench/run.py on a
throw-away copy of the generated database; it writes there freely). Prints one JSON line per figure.

Floors: the page's own SQL re-run raw (dashboards); a view doing the same writes (questionnaire intake);
the same aggregate and the same rows written by COPY (risk profiles); openpyxl reading the file (import).
Everything goes through the public services and views, so it measures whatever code is checked out.
"""

import argparse
import io
import json
import os
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medk.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402
from django.utils.http import urlencode  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from monitoring.models import Report  # noqa: E402
from monitoring.services import reports  # noqa: E402
from schools.models import Municipality, ProjectYear, Region, RoleAssignment, School, SchoolStaff  # noqa: E402
from surveys import ratelimit, scoring, selectors, services  # noqa: E402
from surveys.models import (  # noqa: E402
    Answer,
    DiagnosisRound,
    OptionIndicator,
    ProfileEvent,
    Response,
    RiskProfile,
    RiskProfileEntry,
)

SAME_WRITES: dict = {}


@csrf_exempt
def same_writes(request):
    """The intake floor: the same two writes as a submission (one response, its answer rows), nothing else."""
    template = SAME_WRITES["answers"]
    with transaction.atomic():
        response = Response.objects.create(**SAME_WRITES["response"])
        Answer.objects.bulk_create([Answer(response=response, **row) for row in template])
    return HttpResponse(status=302, headers={"Location": "/"})


urlpatterns = [path("bench-same-writes/", same_writes, name="bench_same_writes"), path("", include("medk.urls"))]


def emit(name, title, value, unit, *, floor=None, goal=None, kind="ratio", note=""):
    """kind: "ratio" (value/floor ≤ goal), "ms" (value ≤ goal ms), "count" (value ≤ goal)."""
    ratio = value / floor if floor else None
    if kind == "ratio":
        ok = ratio is not None and goal is not None and ratio <= goal
    else:
        ok = goal is not None and value <= goal
    line = {
        "name": name,
        "title": title,
        "value": value,
        "unit": unit,
        "floor": floor,
        "ratio": ratio,
        "goal": goal,
        "kind": kind,
        "ok": ok if goal is not None else None,
        "load": os.getloadavg()[0],
        "note": note,
    }
    print("FIGURE " + json.dumps(line, ensure_ascii=False), flush=True)


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# --- Dashboards and the school card: the page against its own SQL re-run raw --------------------------------
def page_sql(client: Client, url: str) -> list[tuple[str, object]]:
    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(url).status_code == 200, url
    return queries


def rerun(queries) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params, many in queries:
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute(sql, params) if not many else cursor.executemany(sql, params)
                cursor.fetchall()
    return time.perf_counter() - started


def page_figure(client, url, n) -> tuple[float, float, int]:
    """(median ms of the page, median ms of its SELECTs re-run raw, number of queries)."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    queries = page_sql(client, url)
    pages, floors = [], []
    for _ in range(n):
        pages.append(timed(lambda: client.get(url)) * 1000)
        floors.append(rerun(queries) * 1000)
    return statistics.median(pages), statistics.median(floors), len(queries)


def dashboards(n: int) -> None:
    year = ProjectYear.objects.get(year=2026)
    federal = RoleAssignment.objects.filter(kind="federal").select_related("user").first().user
    client = Client()
    client.force_login(federal)
    big = Region.objects.order_by("code").first()
    n_big = School.objects.filter(municipality__region=big, participations__year=year).count()
    url = reverse("monitoring:dashboard_region", args=[big.pk])
    page, floor, queries = page_figure(client, url, n)
    title = f"Региональный дашборд, {n_big} школ"
    emit("dashboard_region", title, page, "мс", goal=150, kind="ms", note=f"{queries} SQL")
    emit("dashboard_region_sql", title + " / его SQL", page, "мс", floor=floor, goal=2, note=f"{queries} SQL")
    municipality = (
        Municipality.objects.filter(region=big)
        .annotate(n=django.db.models.Count("schools"))
        .order_by("-n", "pk")
        .first()
    )
    url = reverse("monitoring:dashboard_municipality", args=[municipality.pk])
    page, floor, queries = page_figure(client, url, n)
    emit(
        "dashboard_municipal",
        f"Муниципальный дашборд, {municipality.n} школ / его SQL",
        page,
        "мс",
        floor=floor,
        goal=2,
        note=f"{queries} SQL",
    )
    page, floor, queries = page_figure(client, reverse("monitoring:dashboard_federal"), n)
    emit("dashboard_federal", "Федеральный дашборд", page, "мс", goal=100, kind="ms", note=f"{queries} SQL")
    emit("dashboard_federal_sql", "Федеральный дашборд / его SQL", page, "мс", floor=floor, note=f"{queries} SQL")


def school_card(n: int) -> None:
    year = ProjectYear.objects.get(year=2026)
    school = (
        School.objects.filter(participations__year=year)
        .annotate(
            d=django.db.models.Count("documents", distinct=True), v=django.db.models.Count("visits", distinct=True)
        )
        .order_by("-d", "-v", "pk")
        .first()
    )
    director = SchoolStaff.objects.filter(school=school).select_related("user").first().user
    client = Client()
    client.force_login(director)
    page, floor, queries = page_figure(client, reverse("schools:school_detail", args=[school.pk]), n)
    emit("school_card_queries", "Карточка школы: SQL-запросов", queries, "", goal=15, kind="count")
    emit("school_card", "Карточка школы / её SQL", page, "мс", floor=floor, note=f"{queries} SQL")


# --- Reports --------------------------------------------------------------------------------------------------
def pdf(repeat: int) -> None:
    year = ProjectYear.objects.get(year=2026)
    region = Region.objects.order_by("code")[1]
    regional = RoleAssignment.objects.filter(kind="regional", region=region).select_related("user").first().user
    n_schools = School.objects.filter(municipality__region=region, participations__year=year).count()
    runs = []
    for _ in range(repeat):
        report = Report.objects.create(kind="region", fmt="pdf", year=year, region=region, requested_by=regional)
        runs.append(timed(lambda report=report: reports.report_build(report=report)) * 1000)
        report.refresh_from_db()
        assert report.status == Report.Status.DONE, report.error
    emit("pdf_region", f"PDF отчёта региона, {n_schools} школ", statistics.median(runs), "мс", goal=2500, kind="ms")


# --- Questionnaire intake: the real view against a view doing the same writes ---------------------------------
# What a browser sends for the questionnaire's form (it has no file fields): the test client's default is multipart.
FORM = "application/x-www-form-urlencoded"


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
    response = HttpResponse()
    response.set_signed_cookie(ratelimit.COOKIE, value, salt=ratelimit.SALT)
    return response.cookies[ratelimit.COOKIE].value


def intake(n: int) -> None:
    year = ProjectYear.objects.get(year=2026)
    settings.SURVEYS_RATE_LIMITS = dict.fromkeys(
        ("per_browser", "per_address", "per_address_without_cookie", "new_browsers_per_address", "per_link"), 10**9
    )
    school = School.objects.filter(participations__year=year).order_by("pk").first()
    link = next(x for x in services.links_ensure(school=school, year=year) if x.group == "teacher")
    url = reverse("surveys:respond", args=[link.token])
    data = form_data(year)
    client = Client()
    client.get(url)

    def post(i, target, data):
        client.cookies[ratelimit.COOKIE] = signed_browser_id(f"{i:032x}")
        response = client.post(target, urlencode(data, doseq=True), content_type=FORM)
        assert response.status_code == 302, (response.status_code, response.content[:300])

    post(10**9, url, data)  # one submission to copy for the floor
    last = Response.objects.filter(school=school, group="teacher").order_by("-pk").first()
    SAME_WRITES["response"] = {
        "questionnaire_id": last.questionnaire_id,
        "year_id": last.year_id,
        "group": last.group,
        "school_id": last.school_id,
        "submitted_at": last.submitted_at,
    }
    SAME_WRITES["answers"] = list(
        last.answers.values("question_id", "option_id", "school_id", "year_id", "number", "share", "text")
    )
    queries = len(page_sql_post(client, url, data))
    floor_url = reverse("bench_same_writes")
    real, floor = [], []
    for round_ in range(5):  # interleaved: commits (fsync) make single rounds noisy
        real.append(timed(lambda r=round_: [post(r * n + i, url, data) for i in range(n)]) / n * 1000)
        floor.append(timed(lambda r=round_: [post(r * n + i, floor_url, {}) for i in range(n)]) / n * 1000)
    real_ms, floor_ms = statistics.median(real), statistics.median(floor)
    emit(
        "intake",
        "Приём анкеты (POST) / представление с теми же записями",
        real_ms,
        "мс",
        floor=floor_ms,
        goal=round(1 / 0.7, 2),
        note=f"{1000 / real_ms:.0f} против {1000 / floor_ms:.0f} запросов/с; {queries} SQL на анкету",
    )
    emit("intake_queries", "Приём анкеты: SQL-запросов", queries, "", kind="count", goal=None)


def page_sql_post(client, url, data):
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    client.cookies[ratelimit.COOKIE] = signed_browser_id(f"{10**9 + 1:032x}")
    with connection.execute_wrapper(record):
        assert client.post(url, urlencode(data, doseq=True), content_type=FORM).status_code == 302
    return queries


# --- Risk profiles: the service against the same aggregate and the same rows written by COPY -----------------
WRITES: list[str] = []


def _written_tables(fn) -> tuple[list[str], int]:
    """The tables `fn` inserts into, in the order of their first INSERT or COPY (parents before children),
    and the number of writing statements (COPY included: medk.lib.bulk logs it among the captured queries)."""
    tables, writes = [], 0
    with CaptureQueriesContext(connection) as captured:
        fn()
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY")):
            writes += 1
            WRITES.append(" ".join(sql.split())[:70])
            match = re.match(r'\s*(?:INSERT INTO|COPY)\s+"?(\w+)"?', sql, re.IGNORECASE)
            if match and match.group(1) not in tables:
                tables.append(match.group(1))
    return tables, writes


def _max_ids(tables) -> dict[str, int]:
    result = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
            result[table] = cursor.fetchone()[0]
    return result


# What a profile compute reads: the answers' aggregate over the option weights, the responses by group.
PROFILE_READS = [
    (
        f"SELECT a.school_id, w.indicator_id, SUM(w.weight), SUM(a.share) FROM {Answer._meta.db_table} a "  # noqa: S608
        f"JOIN {OptionIndicator._meta.db_table} w ON w.option_id = a.option_id "
        "WHERE a.year_id = %s AND a.round = %s AND a.school_id IS NOT NULL GROUP BY a.school_id, w.indicator_id"
    ),
    (
        f'SELECT school_id, "group", COUNT(*) FROM {Response._meta.db_table} '  # noqa: S608
        'WHERE year_id = %s AND round = %s AND school_id IS NOT NULL GROUP BY school_id, "group"'
    ),
]


def _copy_floor(year, rows_by_table: dict[str, bytes], before: dict[str, int]) -> float:
    """The same rows read (the answers' aggregate over the option weights, the responses counted by group)
    and the same rows written: the rows the compute wrote are deleted, then put back by COPY into the same
    tables (indexes, constraints, WAL) and committed. Only the reads, the COPY and the commit are timed."""
    with connection.cursor() as cursor:
        for table in reversed(list(rows_by_table)):
            cursor.execute(f'DELETE FROM "{table}" WHERE id > %s', [before.get(table, 0)])  # noqa: S608
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in PROFILE_READS:
            cursor.execute(sql, [year.pk, DiagnosisRound.FIRST])
            cursor.fetchall()
        for table, data in rows_by_table.items():
            with cursor.connection.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                copy.write(data)
    return time.perf_counter() - started


def _rows_since(table: str, after: int) -> bytes:
    out = io.BytesIO()
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f'COPY (SELECT * FROM "{table}" WHERE id > {int(after)}) TO STDOUT'  # noqa: S608
        ) as copy,
    ):
        for block in copy:
            out.write(block)
    return out.getvalue()


def profiles(repeat: int) -> None:
    year = ProjectYear.objects.get(year=2026)
    firsts, floors, again, again_floors, writes = [], [], [], [], []
    for _ in range(repeat):
        RiskProfile.objects.filter(year=year).delete()
        before = _max_ids(model._meta.db_table for model in (RiskProfile, RiskProfileEntry, ProfileEvent))
        started = time.perf_counter()
        tables, _n = _written_tables(lambda: scoring.profiles_recompute(year=year))
        firsts.append(time.perf_counter() - started)
        before |= _max_ids([t for t in tables if t not in before])  # (none expected: a new table would show)
        floors.append(_copy_floor(year, {t: _rows_since(t, before[t]) for t in tables}, before))
    for _ in range(repeat):
        started = time.perf_counter()
        _tables, n = _written_tables(lambda: scoring.profiles_recompute(year=year))
        again.append(time.perf_counter() - started)
        writes.append(n)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in PROFILE_READS:
                cursor.execute(sql, [year.pk, DiagnosisRound.FIRST])
                cursor.fetchall()
            cursor.execute(
                "SELECT p.school_id, e.direction_id, e.digest FROM surveys_riskprofileentry e "
                "JOIN surveys_riskprofile p ON p.id = e.profile_id WHERE p.year_id = %s",
                [year.pk],
            )
            cursor.fetchall()
        again_floors.append(time.perf_counter() - started)
    n_profiles = RiskProfile.objects.filter(year=year).count()
    emit(
        "profiles_first",
        f"Первый расчёт профилей ({n_profiles} школ) / агрегат + COPY тех же строк",
        statistics.median(firsts) * 1000,
        "мс",
        floor=statistics.median(floors) * 1000,
        goal=2,
    )
    emit(
        "profiles_recompute",
        "Пересчёт профилей без изменений / агрегат + чтение дайджестов",
        statistics.median(again) * 1000,
        "мс",
        floor=statistics.median(again_floors) * 1000,
        goal=3,
    )
    WRITES.clear()
    _written_tables(lambda: scoring.profiles_recompute(year=year))
    emit(
        "profiles_recompute_writes",
        "Пересчёт без изменений: команд записи в базу",
        max(writes),
        "",
        goal=0,
        kind="count",
        note="; ".join(sorted(set(WRITES)))[:200],
    )


# --- Import of schools with directors: the service against openpyxl reading the same file ---------------------
def _letters(n: int) -> str:
    """A number spelled in letters (a person's name must have letters only)."""
    return "".join("абвгдежзик"[int(d)] for d in str(n))


def import_file(n: int) -> bytes:
    import openpyxl

    from schools.validators import make_inn10

    municipalities = list(Municipality.objects.select_related("region").order_by("pk")[:200])
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Школы")
    sheet.append(
        [
            "Регион",
            "Муниципалитет",
            "Полное наименование",
            "Краткое наименование",
            "ИНН",
            "ФИО директора",
            "E-mail директора",
        ]
    )
    for i in range(n):
        m = municipalities[i % len(municipalities)]
        sheet.append(
            [
                m.region.name,
                m.name,
                f"Муниципальное общеобразовательное учреждение «Новая школа № {i + 1}»",
                f"Новая школа № {i + 1}",
                make_inn10(f"{700000000 + i:09d}"),
                f"Ив{_letters(i + 1)}ов Иван Петрович",
                f"new-director-{i + 1}@bench.example",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse_floor(data: bytes) -> float:
    import openpyxl

    started = time.perf_counter()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _row in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()
    return time.perf_counter() - started


def importing(n: int) -> None:
    from schools import importing as school_import

    year = ProjectYear.objects.get(year=2026)
    data = import_file(n)
    floor = statistics.median(parse_floor(data) for _ in range(3))
    results = []

    def run():
        results.append(school_import.run(kind="schools", file=io.BytesIO(data), year=year))

    first = timed(run)
    assert results[-1].applied, results[-1].to_json()["problems"][:3]
    emit(
        "import_first",
        f"Импорт {n} школ с директорами (первый) / чтение файла openpyxl",
        first * 1000,
        "мс",
        floor=floor * 1000,
        goal=3,
    )
    again = timed(run)
    emit(
        "import_again",
        f"Повторный импорт того же файла ({n} школ) / чтение файла",
        again * 1000,
        "мс",
        floor=floor * 1000,
        goal=3,
    )
    import_memory(n, data, year)


def memory_peak(fn) -> int:
    """tracemalloc's peak (bytes) while fn runs (tracing slows it down: never inside a timed figure)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def import_memory(n: int, data: bytes, year) -> None:
    """The import streams rows: reading the file through its reader peaks where openpyxl's own read-only
    parse of the file does (a reader keeping every row's cells would peak several times higher)."""
    from schools import importing as school_import
    from schools.importing import reader

    def read():
        with reader.open_table(io.BytesIO(data), school_import.schools_kind.COLUMNS) as table:
            for _row in table.rows:
                pass

    emit(
        "import_read_memory",
        f"Память чтения файла импорта ({n} строк) / память разбора того же файла openpyxl",
        memory_peak(read) / 1024,
        "КБ",
        floor=memory_peak(lambda: parse_floor(data)) / 1024,
        goal=1.5,
    )
    check = memory_peak(lambda: school_import.run(kind="schools", file=io.BytesIO(data), year=year, dry_run=True))
    emit(
        "import_check_memory",
        f"Память проверки файла ({n} строк, dry run): пик на 1000 строк (план записи и предпросмотр)",
        check / 1024 / (n / 1000),
        "КБ",
        kind="count",
    )


FIGURES = {
    "dashboards": lambda a: dashboards(a.requests),
    "school_card": lambda a: school_card(a.requests),
    "pdf": lambda a: pdf(a.repeat),
    "intake": lambda a: intake(a.posts),
    "profiles": lambda a: profiles(a.repeat),
    "import": lambda a: importing(a.schools),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--schools", type=int, default=10_000, help="строк в файле импорта")
    parser.add_argument("--only", default=",".join(FIGURES))
    args = parser.parse_args()
    settings.ROOT_URLCONF = sys.modules[__name__]
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for name in args.only.split(","):
        FIGURES[name](args)


if __name__ == "__main__":
    main()
