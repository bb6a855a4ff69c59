"""Regions run their own lists: region-scoped imports, the synchronising mode, the regional coordinators' kind."""

import io

import pytest
from django.core.management import call_command

from schools import importing
from schools.models import ImportJob, Participation, RoleAssignment, School
from tests.conftest import login
from tests.factories import next_inn

from .xlsx import SCHOOL_HEADERS, school_row, upload, xlsx

COORDINATOR_HEADERS = ["ФИО", "E-mail", "Муниципалитет", "Регион"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _run(cast, rows, headers=SCHOOL_HEADERS, kind="schools", **kwargs):
    return importing.run(kind=kind, file=io.BytesIO(xlsx([headers, *rows])), year=cast.year, **kwargs)


def test_a_row_of_another_region_is_refused_with_its_row_and_column_and_nothing_is_written(cast):
    rows = [
        school_row("Смоленская область", "Краснинский район", next_inn(), 1),
        school_row("Ярославская область", "Угличский район", next_inn(), 2),
    ]
    before = School.objects.count()
    result = _run(cast, rows, region=cast.region)
    assert [str(p) for p in result.problems] == [
        "Строка 3, столбец A «Регион»: строка другого региона («Ярославская область»): "
        "в этом импорте — только «Смоленская область»."
    ]
    assert School.objects.count() == before


def test_a_regional_coordinators_curator_file_may_not_name_a_school_of_another_region(cast):
    rows = [["Иванов Иван Иванович", "ivanov@example.ru", cast.foreign_school.inn]]
    result = _run(
        cast, rows, headers=["ФИО куратора", "E-mail куратора", "ИНН школы"], kind="curators", region=cast.region
    )
    assert len(result.problems) == 1
    assert result.problems[0].row == 2 and result.problems[0].column == "C"
    assert "из другого региона («Ярославская область»)" in result.problems[0].message


def test_a_regional_coordinators_municipal_coordinators_of_another_region_are_refused(cast):
    rows = [
        ["Петрова Анна Ивановна", "petrova@example.ru", "Краснинский район", "Смоленская область"],
        ["Сидоров Пётр Ильич", "sidorov@example.ru", "Угличский район", "Ярославская область"],
    ]
    result = _run(cast, rows, headers=COORDINATOR_HEADERS, kind="coordinators", region=cast.region)
    assert [(p.row, p.column) for p in result.problems] == [(3, "D")]


def test_the_synchronising_import_lists_and_takes_out_the_regions_schools_absent_from_the_file(cast):
    # The file keeps school_a (unchanged but for its name), adds a new one; school_b and school_c leave;
    # the foreign region's school is not touched.
    kept = school_row(
        "Смоленская область", "Краснинский район", cast.school_a.inn, 1, **{"Краткое наименование": "МБОУ «Гусино»"}
    )
    new_inn = next_inn()
    rows = [kept, school_row("Смоленская область", "Краснинский район", new_inn, 2)]
    preview = _run(cast, rows, sync=True, dry_run=True, create_municipalities=True)
    assert preview.ok, [str(p) for p in preview.problems]
    actions = {d["name"]: (d["action"], d["fields"]) for d in preview.details}
    assert actions["МБОУ «Новая школа № 2»"] == ("created", [])
    assert actions["МБОУ «Гусино»"][0] == "changed"
    assert "краткое наименование" in actions["МБОУ «Гусино»"][1]
    assert actions[cast.school_b.short_name] == ("left", [])
    assert actions[cast.school_c.short_name] == ("left", [])
    assert cast.foreign_school.short_name not in actions
    assert Participation.objects.filter(year=cast.year).count() == 4

    result = _run(cast, rows, sync=True, create_municipalities=True)
    assert result.applied
    in_year = set(Participation.objects.filter(year=cast.year).values_list("school__inn", flat=True))
    assert in_year == {cast.school_a.inn, new_inn, cast.foreign_school.inn}
    # Nothing deleted: the schools that left are still there with their curator assignments.
    assert School.objects.filter(pk=cast.school_b.pk).exists()
    assert cast.school_b.curatorships.filter(year=cast.year).exists()


def test_without_sync_the_import_only_adds_and_updates(cast):
    result = _run(cast, [school_row("Смоленская область", "Краснинский район", next_inn(), 1)])
    assert result.applied
    assert Participation.objects.filter(year=cast.year, school=cast.school_c).exists()
    assert not [d for d in result.details if d["action"] == "left"]


def test_import_schools_command_with_sync_and_region_prints_the_schools_that_leave(cast, tmp_path, capsys):
    path = tmp_path / "smolensk.xlsx"
    path.write_bytes(xlsx([SCHOOL_HEADERS, school_row("Смоленская область", "Краснинский район", cast.school_a.inn)]))
    call_command("import_schools", str(path), "--year", "2026", "--sync", "--region", "67", "--dry-run")
    out = capsys.readouterr().out
    assert f"{cast.school_b.short_name} (ИНН {cast.school_b.inn}) — выходит из года" in out
    assert Participation.objects.filter(year=cast.year, school=cast.school_b).exists()


def test_the_federal_level_imports_regional_coordinators_from_excel(cast):
    rows = [["Ярославская область", "Орлова Нина Петровна", "orlova@example.ru"]]
    result = _run(cast, rows, headers=["Регион", "ФИО", "E-mail"], kind="regional")
    assert result.applied
    role = RoleAssignment.objects.get(user__email="orlova@example.ru")
    assert (role.kind, role.region, role.year) == ("regional", cast.foreign_region, cast.year)


def test_a_regional_coordinator_imports_their_regions_list_in_the_browser_and_sees_the_preview(
    cast, celery_task_mode, django_capture_on_commit_callbacks
):
    client = login(cast.regional)
    page = client.get("/schools/import/").content.decode()
    assert "Региональные координаторы" not in page
    data = xlsx([SCHOOL_HEADERS, school_row("Смоленская область", "Краснинский район", cast.school_a.inn)])
    response = client.post(
        "/schools/import/",
        {"kind": "schools", "year": cast.year.pk, "region": cast.region.pk, "sync": "on", "file": upload(data)},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert (job.region, job.sync, job.status) == (cast.region, True, ImportJob.Status.CHECKED)
    detail = client.get(f"/schools/import/{job.pk}/").content.decode()
    assert "Выйдут из 2026 года" in detail
    assert cast.school_c.short_name in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/schools/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert not Participation.objects.filter(year=cast.year, school=cast.school_c).exists()


def test_a_regional_coordinator_may_not_import_for_another_region_or_import_regional_coordinators(cast):
    client = login(cast.regional)
    data = xlsx([SCHOOL_HEADERS, school_row("Смоленская область", "Краснинский район", next_inn())])
    response = client.post(
        "/schools/import/",
        {"kind": "regional", "year": cast.year.pk, "region": cast.foreign_region.pk, "file": upload(data)},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"kind", "region"}
    assert not ImportJob.objects.exists()


def test_the_regional_coordinator_appoints_a_new_municipal_coordinator_who_gets_an_invitation(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(cast.regional)
    data = {
        "municipality": cast.mun_b.pk,
        "email": "New.Coord@example.ru",
        "last_name": "Новикова",
        "first_name": "Ольга",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/schools/regions/{cast.region.pk}/coordinators/", data)
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["new.coord@example.ru"]]
    role = RoleAssignment.objects.get(user__email="new.coord@example.ru")
    assert (role.kind, role.municipality, role.year) == ("municipal", cast.mun_b, cast.year)
    page = client.get(f"/schools/regions/{cast.region.pk}/").content.decode()
    assert "Снять: Новикова О., Сафоновский район" in page
    client.post(f"/schools/coordinators/{role.pk}/remove/")
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()


def test_a_municipal_coordinator_of_another_region_cannot_be_appointed_or_removed_by_this_region(cast):
    foreign_mun = cast.foreign_school.municipality
    client = login(cast.regional)
    response = client.post(
        f"/schools/regions/{cast.region.pk}/coordinators/", {"municipality": foreign_mun.pk, "email": "x@example.ru"}
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(municipality=foreign_mun).exists()
    role = RoleAssignment.objects.create(
        user=cast.outsider, kind="municipal", year=cast.year, region=foreign_mun.region, municipality=foreign_mun
    )
    assert client.post(f"/schools/coordinators/{role.pk}/remove/").status_code == 404
    assert RoleAssignment.objects.filter(pk=role.pk).exists()
