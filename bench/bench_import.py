"""Import of N schools with directors (new accounts) against the openpyxl parse floor, one run.

In a scratch database (creates its own year, region and two municipalities when missing). Every run uses
fresh ИНН and e-mails, so each run is a first import. The invitation letters are not part of the import:
they are measured separately (the Celery task's service with Django's in-memory mail backend).

    .venv/bin/python bench/bench_import.py [--schools 10000] [--repeat 3]
"""

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medk.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from schools import importing, invitations  # noqa: E402
from schools.models import Municipality, ProjectYear, Region, School, User  # noqa: E402
from schools.validators import make_inn10  # noqa: E402

HEADERS = [
    "Регион",
    "Муниципалитет",
    "Полное наименование",
    "Краткое наименование",
    "ИНН",
    "Код ФИС ОКО",
    "Адрес",
    "Городская/сельская",
    "ФИО директора",
    "E-mail директора",
]


def workbook(n: int, offset: int) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Школы")
    ws.append(HEADERS)
    for i in range(offset, offset + n):
        ws.append(
            [
                "Бенч-область",
                "Первый район" if i % 2 else "Второй район",
                f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {i}»",
                f"МБОУ «Школа № {i}»",
                make_inn10(f"{600000000 + i}"),
                f"b{i}",
                f"ул. Длинная, {i}",
                "сельская",
                "Учителев Пётр Иванович",
                f"bench.d{i}@example.ru",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def parse_floor(data: bytes) -> float:
    started = time.perf_counter()
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _ in wb.worksheets[0].iter_rows(values_only=True):
        pass
    wb.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="trace peak Python memory (slows the import)")
    args = parser.parse_args()
    year, _ = ProjectYear.objects.get_or_create(year=2026, defaults={"is_current": True})
    region, _ = Region.objects.get_or_create(code="99", defaults={"name": "Бенч-область"})
    for name in ("Первый район", "Второй район"):
        Municipality.objects.get_or_create(region=region, name=name)
    base = School.objects.filter(inn__startswith="6").count() + 1
    floors, imports, peaks = [], [], []
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the invitation task is queued, as in production
    for run in range(args.repeat):
        data = workbook(args.schools, base + run * args.schools)
        floors.append(parse_floor(data))
        if args.memory:
            tracemalloc.start()
        started = time.perf_counter()
        result = importing.run(kind="schools", file=io.BytesIO(data), year=year)
        imports.append(time.perf_counter() - started)
        if args.memory:
            peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
            tracemalloc.stop()
        assert result.applied, [str(p) for p in result.problems[:3]]
    ids = list(User.objects.filter(email__startswith="bench.d").order_by("-pk").values_list("pk", flat=True))
    ids = ids[: args.schools]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    started = time.perf_counter()
    with transaction.atomic():
        sent = invitations.users_invite(user_ids=ids)
        transaction.set_rollback(True)  # the EmailAddress rows: the next run starts the same
    letters = time.perf_counter() - started
    floor, took = statistics.median(floors), statistics.median(imports)
    print(f"parse floor (openpyxl read-only): {floor:.2f} s (runs {', '.join(f'{f:.2f}' for f in floors)})")
    print(f"import {args.schools} schools with directors: {took:.2f} s (runs {', '.join(f'{t:.2f}' for t in imports)})")
    print(f"ratio: {took / floor:.2f}×  (goal ≤ 3×)")
    if peaks:
        print(f"peak Python memory during the import: {statistics.median(peaks):.0f} MB")
    print(
        f"invitation task, {sent} letters (locmem backend): {letters:.2f} s,"
        f" {1000 * letters / max(sent, 1):.2f} ms each"
    )
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
