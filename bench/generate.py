"""National-scale data for the diagnosis benchmark (surveys).

85 regions, ~2,000 municipalities, 3,000 participating schools, the 2026 questionnaires and about
1,000,000 answer rows (≈ 77,000 submitted questionnaires), all bulk-inserted. PostgreSQL only
(answers and responses go in with COPY). Run against an EMPTY database of your own:

    createdb medk_bench_surveys
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/medk_bench_surveys
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/generate.py                      # national scale
    .venv/bin/python bench/generate.py --schools 300 --answers 100000   # a quick run

Then bench/generate_monitoring.py and bench/year.py (or simply `make bench`). The questionnaire window is
opened around today so the intake benchmark can submit.
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medk.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from schools.models import Municipality, Participation, ProjectYear, Region, School  # noqa: E402
from schools.validators import make_inn10  # noqa: E402
from surveys import loading, selectors  # noqa: E402
from surveys.models import Answer, OptionIndicator, Question, Questionnaire, Response  # noqa: E402
from yearcalendar.models import Milestone  # noqa: E402
from yearcalendar.services import calendar_create_default  # noqa: E402

# respondents per school and group (≈ 13 answer rows per questionnaire on average)
PER_SCHOOL = {"teacher": 8, "pupil6": 6, "pupil9": 6, "parent": 5, "director": 1}
REGIONS = 85
MUNICIPALITIES = 2000


def _copy(table: str, columns: list[str], rows: list[tuple]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        copy.write(buffer.getvalue())


def _next_ids(table: str, n: int) -> int:
    """Reserves n ids of a table's identity sequence; returns the first."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
        seq = cursor.fetchone()[0]
        cursor.execute(f"SELECT nextval('{seq}')")
        first = cursor.fetchone()[0]
        cursor.execute(f"SELECT setval('{seq}', %s)", [first + n])
    return first


def _structures(year):
    """Per group: [(question id, kind, [(option id, mean risk, low, high)], min, max)]."""
    risk = {}
    for option_id, weight in OptionIndicator.objects.filter(indicator__year=year).values_list("option_id", "weight"):
        risk.setdefault(option_id, []).append(weight)
    result = {}
    for q in Questionnaire.objects.filter(year=year, is_active=True):
        structure = selectors.questionnaire_structure(q)
        rows = []
        for qv in structure.questions:
            if qv.kind == Question.Kind.TEXT:
                continue
            options = [
                (o.id, (sum(risk[o.id]) / len(risk[o.id])) if o.id in risk else None, o.low, o.high) for o in qv.options
            ]
            rows.append((qv.id, qv.kind, options, qv.min_value, qv.max_value))
        result[q.group] = (q.pk, rows)
    return result


def _choose(options, tendency, rng):
    weights = [1.0 if r is None else 2.718 ** (-((r - tendency) ** 2) / 0.06) for _id, r, _lo, _hi in options]
    return rng.choices(options, weights=weights)[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        sys.exit("Нужна PostgreSQL (DATABASE_URL): генератор пишет ответы через COPY.")
    if School.objects.exists():
        sys.exit("В базе уже есть школы: генератор работает только с пустой базой.")
    started = time.monotonic()
    rng = random.Random(2026)
    with transaction.atomic():
        year, _ = ProjectYear.objects.update_or_create(year=2026, defaults={"is_current": True})
        calendar_create_default(year=year)
        today = timezone.localdate()
        Milestone.objects.filter(year=year, code__in=["questionnaires", "director_survey", "curator_survey"]).update(
            starts_on=today - datetime.timedelta(days=10), due_on=today + datetime.timedelta(days=10)
        )
        loading.questionnaires_load_file(year=year)
        # the regions' catalogue may already be there (schools' data migration): take its first REGIONS
        regions = list(Region.objects.order_by("code")[:REGIONS]) or Region.objects.bulk_create(
            [Region(code=f"{i + 1:02d}", name=f"Регион {i + 1:02d}") for i in range(REGIONS)]
        )
        municipalities = Municipality.objects.bulk_create(
            [
                Municipality(region=regions[i % REGIONS], name=f"Муниципалитет {i + 1:04d}")
                for i in range(MUNICIPALITIES)
            ]
        )
        schools = School.objects.bulk_create(
            [
                School(
                    municipality=municipalities[i % MUNICIPALITIES],
                    short_name=f"Школа № {i + 1}",
                    full_name=f"Муниципальное общеобразовательное учреждение «Школа № {i + 1}»",
                    inn=make_inn10(f"{500000000 + i:09d}"),
                )
                for i in range(args.schools)
            ],
            batch_size=2000,
        )
        Participation.objects.bulk_create([Participation(school=s, year=year) for s in schools], batch_size=5000)
        print(f"организация: {len(regions)} регионов, {len(municipalities)} муниципалитетов, {len(schools)} школ")

        structures = _structures(year)
        per_response = {g: sum(1 for _ in rows) for g, (_qid, rows) in structures.items() if g in PER_SCHOOL}
        rows_per_school = sum(PER_SCHOOL[g] * per_response[g] for g in PER_SCHOOL)
        scale = args.answers / (rows_per_school * len(schools))
        responses: list[tuple] = []
        answers: list[tuple] = []
        now = timezone.now().isoformat()
        response_id = _next_ids(
            Response._meta.db_table, int(len(schools) * sum(PER_SCHOOL.values()) * scale * 1.3) + 10
        )
        answer_id = _next_ids(Answer._meta.db_table, int(args.answers * 1.4) + 10)
        for school in schools:
            tendency = {g: rng.betavariate(2, 3) for g in PER_SCHOOL}
            for group, base in PER_SCHOOL.items():
                qid, rows = structures[group]
                n = max(1, round(base * scale)) if group != "director" else 1
                for _ in range(n):
                    responses.append((response_id, qid, year.pk, group, school.pk, now))
                    for question_id, kind, options, lo, hi in rows:
                        if kind == "multiple":
                            chosen = {_choose(options, tendency[group], rng)[0]}
                            if rng.random() < 0.4:
                                chosen.add(_choose(options, tendency[group], rng)[0])
                            for option_id in chosen:
                                answers.append(
                                    (
                                        answer_id,
                                        response_id,
                                        question_id,
                                        option_id,
                                        school.pk,
                                        year.pk,
                                        None,
                                        1 / len(chosen),
                                    )
                                )
                                answer_id += 1
                        elif kind == "number":
                            option = _choose(options, tendency[group], rng) if options else (None, None, lo, hi)
                            value = rng.randint(option[2], min(option[3], option[2] + 30))
                            answers.append(
                                (answer_id, response_id, question_id, option[0], school.pk, year.pk, value, 1.0)
                            )
                            answer_id += 1
                        else:
                            option_id = _choose(options, tendency[group], rng)[0]
                            answers.append(
                                (answer_id, response_id, question_id, option_id, school.pk, year.pk, None, 1.0)
                            )
                            answer_id += 1
                    response_id += 1
        _copy(
            Response._meta.db_table,
            ["id", "questionnaire_id", "year_id", '"group"', "school_id", "submitted_at", "round"],
            [r + ("first",) for r in responses],
        )
        # answers: text is NOT NULL with an empty default
        _copy(
            Answer._meta.db_table,
            [
                "id",
                "response_id",
                "question_id",
                "option_id",
                "school_id",
                "year_id",
                "number",
                "share",
                "text",
                "round",
            ],
            [a + ("", "first") for a in answers],
        )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Answer._meta.db_table}")
        cursor.execute(f"ANALYZE {Response._meta.db_table}")
    print(f"анкет: {len(responses)}, строк ответов: {len(answers)}; {time.monotonic() - started:.0f} с")


if __name__ == "__main__":
    main()
