"""Other federal and regional programmes of a school: recorded by its coordinators, imported, shown to them."""

import io

from django.urls import reverse

from audit.models import AuditEvent
from schools import importing
from schools.models import SchoolProgramme
from tests.conftest import login
from tests.factories import next_inn

from .xlsx import SCHOOL_HEADERS, school_row, xlsx


def test_a_coordinator_records_a_programme_and_coordinators_see_it_on_the_school_page(cast):
    response = login(cast.municipal).post(
        reverse("schools:programme_create", args=[cast.school_a.pk]), {"title": "Точка роста", "level": "federal"}
    )
    assert response.status_code == 302
    programme = SchoolProgramme.objects.get()
    assert (programme.school, programme.year, programme.level) == (cast.school_a, cast.year, "federal")
    assert AuditEvent.objects.filter(action="programme_add", school_id=cast.school_a.pk).exists()
    assert "Точка роста" in login(cast.regional).get(reverse("schools:school_detail", args=[cast.school_a.pk])).text
    assert "Точка роста" not in login(cast.director).get(reverse("schools:school_detail", args=[cast.school_a.pk])).text


def test_the_same_programme_twice_is_refused_with_a_russian_message(cast):
    client = login(cast.municipal)
    url = reverse("schools:programme_create", args=[cast.school_a.pk])
    client.post(url, {"title": "Точка роста", "level": "federal"})
    response = client.post(url, {"title": "точка  роста", "level": "regional"}, follow=True)
    assert "уже указана у школы" in response.text
    assert SchoolProgramme.objects.count() == 1


def test_the_schools_import_records_programmes_from_their_columns_and_a_reimport_changes_nothing(cast):
    headers = [*SCHOOL_HEADERS, "Федеральные программы", "Региональные программы"]
    inn = next_inn()
    row = [*school_row("Смоленская область", "Краснинский район", inn, 1), "Точка роста; Цифровая среда", "Школа роста"]
    data = xlsx([headers, row])
    result = importing.run(kind="schools", file=io.BytesIO(data), year=cast.year)
    assert result.applied, result.problems
    got = set(SchoolProgramme.objects.filter(school__inn=inn).values_list("level", "title"))
    assert got == {("federal", "Точка роста"), ("federal", "Цифровая среда"), ("regional", "Школа роста")}
    again = importing.run(kind="schools", file=io.BytesIO(data), year=cast.year, dry_run=True)
    assert again.to_json()["counts"]["programmes"]["unchanged"] == 3


def test_a_programme_title_over_300_characters_is_an_error_naming_row_and_column(cast):
    headers = [*SCHOOL_HEADERS, "Федеральные программы"]
    row = [*school_row("Смоленская область", "Краснинский район", next_inn(), 1), "Я" * 301]
    result = importing.run(kind="schools", file=io.BytesIO(xlsx([headers, row])), year=cast.year, dry_run=True)
    text = " ".join(str(p) for p in result.problems)
    assert "Федеральные программы" in text and "300" in text
    assert not SchoolProgramme.objects.exists()
