"""The import of externally computed profiles; the region heat-map and its export."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from surveys import profile_import, services
from surveys.models import RiskLevel, RiskProfile
from tests import factories as f

from . import helpers


@pytest.fixture
def diag(cast):
    helpers.setup(cast)
    return cast


def xlsx(rows: list[list]) -> io.BytesIO:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "profiles.xlsx"
    return buffer


HEADER = ["ИНН", "Школа"] + [str(n) for n in range(1, 11)] + ["Балл 1"]


def good_row(school, first="высокий", score=72.5):
    return [school.inn, school.short_name, first] + ["низкий"] * 9 + [score]


def test_a_correct_file_creates_imported_profiles(diag):
    count = profile_import.profiles_import(
        year=diag.year,
        file=xlsx([HEADER, good_row(diag.school_a), good_row(diag.school_b, "Средний", None)]),
        by=diag.federal,
    )
    assert count == 2
    a = RiskProfile.objects.get(school=diag.school_a)
    assert a.source == RiskProfile.Source.IMPORTED
    first = a.entries.get(direction__number=1)
    assert (first.level, float(first.score)) == (RiskLevel.HIGH, 72.5)
    assert RiskProfile.objects.get(school=diag.school_b).entries.get(direction__number=1).level == RiskLevel.MEDIUM
    assert a.events.get().kind == "imported"


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["Школа", "1"]], "Строка 1: нет столбца «ИНН»."),
        ([["ИНН", "1", "2"]], "Строка 1: нет столбцов направлений 3, 4, 5, 6, 7, 8, 9, 10."),
        (
            [HEADER, ["7700000000", "?"] + ["низкий"] * 10],
            "Строка 2, столбец A («ИНН»): школа с ИНН «7700000000» не найдена.",
        ),
        ("bad_level", "Строка 3, столбец E («3»): «очень высокий» — укажите высокий, средний или низкий."),
        ("bad_score", "Строка 2, столбец M («Балл 1»): балл должен быть числом от 0 до 100."),
        ("duplicate", "Строка 3, столбец A («ИНН»): ИНН {inn} уже был в строке 2."),
        ("not_participating", "не участвует в проекте 2026 года"),
    ],
)
def test_a_bad_file_names_row_and_column_and_saves_nothing(diag, rows, message):
    a, b = diag.school_a, diag.school_b
    if rows == "bad_level":
        bad = good_row(b)
        bad[4] = "очень высокий"
        rows = [HEADER, good_row(a), bad]
    elif rows == "bad_score":
        rows = [HEADER, good_row(a, score=140)]
    elif rows == "duplicate":
        rows = [HEADER, good_row(a), good_row(a)]
    elif rows == "not_participating":
        rows = [HEADER, good_row(a), good_row(f.SchoolFactory(municipality=diag.mun_a))]
    with pytest.raises(ValidationError) as exc:
        profile_import.profiles_import(year=diag.year, file=xlsx(rows), by=diag.federal)
    assert any(message.format(inn=a.inn) in m for m in exc.value.messages), exc.value.messages
    assert RiskProfile.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused_in_russian(diag, client_for):
    upload = io.BytesIO("ИНН;1;2\n".encode())
    upload.name = "profiles.xlsx"
    response = client_for(diag.federal).post(reverse("surveys:profile_import"), {"file": upload})
    assert response.status_code == 400
    assert "Это не файл Excel (.xlsx)" in response.content.decode()


def test_a_published_profile_is_not_replaced_by_an_import(diag):
    helpers.profile(diag)
    with pytest.raises(ValidationError, match="профиль школы уже опубликован"):
        profile_import.profiles_import(year=diag.year, file=xlsx([HEADER, good_row(diag.school_a)]), by=diag.federal)


# --- region view -------------------------------------------------------------------------------------------


def profiles_for(cast, n):
    schools = [f.SchoolFactory(municipality=cast.mun_b) for _ in range(n)]
    for s in schools:
        f.ParticipationFactory(school=s, year=cast.year)
    rows = [HEADER] + [good_row(s, ["высокий", "средний", "низкий"][i % 3]) for i, s in enumerate(schools)]
    profile_import.profiles_import(year=cast.year, file=xlsx(rows), by=cast.federal)
    services.profiles_publish(year=cast.year, by=cast.federal)


def test_the_region_heatmap_takes_the_same_number_of_queries_for_2_and_10_schools(diag, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(diag.regional)
    url = reverse("surveys:region_heatmap", args=[diag.region.pk])
    counts = []
    for n in (2, 8):  # 2, then 10 schools with profiles
        profiles_for(diag, n)
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert response.content.decode().count('class="risk-high"') == 1 + 3  # every third imported school is high
    assert counts[0] == counts[1], counts
    assert counts[1] <= 16


def test_the_distribution_counts_levels_per_direction(diag, client_for):
    profiles_for(diag, 6)
    html = client_for(diag.regional).get(reverse("surveys:region_heatmap", args=[diag.region.pk])).content.decode()
    first = html.split("1. Низкий уровень оснащения школы</th>")[1].split("</tr>")[0]
    assert first == "<td>2</td><td>2</td><td>2</td><td>0</td>"


def test_a_regional_coordinator_does_not_see_unpublished_profiles_in_the_heatmap(diag, client_for):
    profile_import.profiles_import(year=diag.year, file=xlsx([HEADER, good_row(diag.school_a)]), by=diag.federal)
    url = reverse("surveys:region_heatmap", args=[diag.region.pk])
    assert 'class="risk-high"' not in client_for(diag.regional).get(url).content.decode()
    assert 'class="risk-high"' in client_for(diag.federal).get(url).content.decode()


def test_the_export_is_an_xlsx_that_loads_back(diag, client_for):
    profiles_for(diag, 3)
    response = client_for(diag.federal).get(reverse("surveys:municipality_export", args=[diag.mun_b.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ИНН", "Школа", "Муниципалитет", "1. Низкий уровень оснащения школы")
    assert len(rows) == 5  # three imported schools and school_c without a profile
    assert {r[3] for r in rows[1:]} == {"высокий", "средний", "низкий", None}


def test_a_recompute_leaves_an_imported_profile_alone(diag):
    from surveys import scoring

    profile_import.profiles_import(year=diag.year, file=xlsx([HEADER, good_row(diag.school_a)]), by=diag.federal)
    assert scoring.profiles_recompute(year=diag.year) == 3  # school_b, school_c, foreign_school
    a = RiskProfile.objects.get(school=diag.school_a)
    assert a.source == RiskProfile.Source.IMPORTED
    assert a.entries.get(direction__number=1).level == RiskLevel.HIGH
