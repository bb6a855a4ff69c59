"""Export of a region's schools and people for a year, in the import format."""

import io

import openpyxl
from django.urls import reverse

from schools import importing
from tests.conftest import login

from .state import db_state


def workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_regional_coordinator_exports_the_schools_and_people_of_the_region(cast):
    response = login(cast.regional).get(reverse("schools:region_export", args=[cast.region.pk]), {"year": 2026})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    wb = workbook(response)

    schools = list(wb["Школы"].iter_rows(values_only=True))
    assert schools[0][:5] == ("Регион", "Муниципалитет", "Полное наименование", "Краткое наименование", "ИНН")
    assert sorted(r[3] for r in schools[1:]) == sorted(
        s.short_name for s in (cast.school_a, cast.school_b, cast.school_c)
    )
    row_a = next(r for r in schools if r[4] == cast.school_a.inn)
    assert row_a[8:10] == (cast.director.full_name, cast.director.email)
    assert cast.foreign_school.inn not in {r[4] for r in schools}

    coordinators = list(wb["Координаторы"].iter_rows(values_only=True))
    assert [r[1] for r in coordinators[1:]] == [cast.municipal.email]
    curators = list(wb["Кураторы"].iter_rows(values_only=True))
    assert {(r[1], r[2], r[4]) for r in curators[1:]} == {
        (cast.curator.email, cast.school_a.inn, "К-1"),
        (cast.curator.email, cast.school_b.inn, "К-1"),
    }


def test_the_exported_schools_sheet_imports_back_without_changes(cast):
    from schools.models import User

    # People's names in the import must be letters only (the factories number them).
    User.objects.filter(pk=cast.director.pk).update(last_name="Смирнова", first_name="Ольга", middle_name="Ивановна")
    response = login(cast.federal).get(reverse("schools:region_export", args=[cast.region.pk]))
    data = b"".join(response.streaming_content)
    before = db_state()
    result = importing.run(kind="schools", file=io.BytesIO(data), year=cast.year)
    assert result.ok, [str(p) for p in result.problems]
    assert result.counts["schools"].unchanged == 3
    assert db_state() == before


def test_an_unknown_year_is_404(cast):
    url = reverse("schools:region_export", args=[cast.region.pk])
    assert login(cast.admin).get(url, {"year": 1990}).status_code == 404


def test_export_queries_do_not_grow_with_the_number_of_schools(cast, django_assert_max_num_queries):
    from tests import factories as f

    for _ in range(20):
        f.ParticipationFactory(school=f.SchoolFactory(municipality=cast.mun_b), year=cast.year)
    client = login(cast.regional)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("schools:region_export", args=[cast.region.pk]))
        b"".join(response.streaming_content)


def test_a_schools_other_programmes_are_exported_in_their_import_columns(cast):
    from schools.models import SchoolProgramme

    for level, title in (("federal", "Точка роста"), ("federal", "ЦОС"), ("regional", "Школа Минпросвещения")):
        SchoolProgramme.objects.create(school=cast.school_a, year=cast.year, level=level, title=title)
    response = login(cast.regional).get(reverse("schools:region_export", args=[cast.region.pk]))
    rows = list(workbook(response)["Школы"].iter_rows(values_only=True))
    assert rows[0][10:12] == ("Федеральные программы", "Региональные программы")
    row_a = next(r for r in rows if r[4] == cast.school_a.inn)
    assert row_a[10:12] == ("Точка роста; ЦОС", "Школа Минпросвещения")
