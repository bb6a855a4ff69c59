"""Loading assessment results: preview, confirm, idempotence, row and column errors, regional scope."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from outcomes.models import AssessmentResult, ResultsImport
from tests.schools.xlsx import upload, xlsx

from .helpers import VPR_HEADERS, comparison_schools


def vpr_row(school, *, grade=5, subject="Математика", n=20, shares=(10, 40, 40, 10), mean=9.5, code=True):
    return [school.fis_oko_code if code else "", school.inn, school.short_name, grade, subject, n, *shares, mean]


def post_file(client, rows, *, assessment="vpr", year=2026, region=None, headers=VPR_HEADERS, title_rows=()):
    data = {"assessment": assessment, "year": year, "file": upload(xlsx([headers, *rows], title_rows=title_rows))}
    if region is not None:
        data["region"] = region.pk
    return client.post(reverse("outcomes:import_create"), data)


def test_a_file_is_checked_first_then_written_and_loading_it_again_changes_nothing(cast, client_for):
    client = client_for(cast.regional)
    others = comparison_schools(cast, 1)
    rows = [vpr_row(cast.school_a), vpr_row(cast.school_b, grade=6, subject="русский язык"), vpr_row(others[0])]

    response = post_file(client, rows, region=cast.region, title_rows=[["Результаты ВПР 2026, Смоленская область"]])

    job = ResultsImport.objects.get()
    assert response.status_code == 302
    assert job.status == ResultsImport.Status.CHECKED
    assert job.counts["results"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert not AssessmentResult.objects.exists()  # the check writes nothing
    page = client.get(reverse("outcomes:import_detail", args=[job.pk]))
    assert "Подтвердить и записать" in page.text

    client.post(reverse("outcomes:import_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ResultsImport.Status.DONE
    saved = AssessmentResult.objects.get(school=cast.school_b)
    assert (saved.grade, saved.subject, saved.participants, float(saved.share2)) == (6, "Русский язык", 20, 10.0)
    assert AssessmentResult.objects.filter(school=others[0]).exists()  # a comparison school (not in the programme)

    post_file(client, rows, region=cast.region)
    again = ResultsImport.objects.latest("created_at")
    assert again.counts["results"] == {"created": 0, "updated": 0, "unchanged": 3}
    client.post(reverse("outcomes:import_confirm", args=[again.pk]))
    assert AssessmentResult.objects.count() == 3


def test_a_changed_value_updates_the_same_row(cast, client_for):
    client = client_for(cast.federal)
    post_file(client, [vpr_row(cast.school_a)])
    client.post(reverse("outcomes:import_confirm", args=[ResultsImport.objects.get().pk]))
    post_file(client, [vpr_row(cast.school_a, shares=(5, 45, 40, 10))])
    job = ResultsImport.objects.latest("created_at")
    assert job.counts["results"]["updated"] == 1
    client.post(reverse("outcomes:import_confirm", args=[job.pk]))
    assert float(AssessmentResult.objects.get().share2) == 5.0


def test_a_file_with_errors_names_the_row_and_column_and_writes_nothing(cast, client_for):
    client = client_for(cast.regional)
    rows = [
        vpr_row(cast.school_a),  # row 2: fine
        vpr_row(cast.school_b, shares=(120, 40, 40, 10)),  # row 3: share over 100 (column G)
        vpr_row(cast.school_c, shares=(10, 10, 10, 10)),  # row 4: shares sum to 40
        ["nosuchcode", "", "", 5, "Математика", 20, 10, 40, 40, 10, 9],  # row 5: unknown school
        vpr_row(cast.school_a, grade=3),  # row 6: grade out of range (column D)
        vpr_row(cast.school_a),  # row 7: duplicate of row 2
    ]

    post_file(client, rows, region=cast.region)

    job = ResultsImport.objects.get()
    assert job.status == ResultsImport.Status.INVALID
    where = {(p["row"], p["column"]) for p in job.errors}
    assert {(3, "G"), (4, "G"), (5, "A"), (6, "D"), (7, "E")} <= where
    page = client.get(reverse("outcomes:import_detail", args=[job.pk]))
    assert "Ничего не записано" in page.text
    assert "G «Доля «2», %»" in page.text
    response = client.post(reverse("outcomes:import_confirm", args=[job.pk]), follow=True)
    assert "нельзя записать" in response.text
    assert not AssessmentResult.objects.exists()


def test_a_regional_coordinator_loads_only_schools_of_their_region(cast, client_for):
    client = client_for(cast.regional)
    post_file(client, [vpr_row(cast.foreign_school)], region=cast.region)
    job = ResultsImport.objects.get()
    assert job.status == ResultsImport.Status.INVALID
    assert "из другого региона" in job.errors[0]["message"]


def test_a_regional_coordinator_may_not_pick_another_region(cast, client_for):
    response = post_file(client_for(cast.regional), [vpr_row(cast.school_a)], region=cast.foreign_region)
    assert response.status_code == 400
    assert not ResultsImport.objects.exists()


def test_a_school_is_found_by_inn_when_the_code_is_empty(cast, client_for):
    client = client_for(cast.federal)
    post_file(client, [vpr_row(cast.school_a, code=False)])
    job = ResultsImport.objects.get()
    assert job.status == ResultsImport.Status.CHECKED, job.errors


def test_ege_rows_are_grade_11_with_the_share_below_the_minimum(cast, client_for):
    client = client_for(cast.federal)
    headers = ["Логин ОО", "Предмет", "Участников", "Доля не преодолевших минимальный порог, %", "Средний балл"]
    post_file(
        client,
        [[cast.school_a.fis_oko_code, "Математика профильная", 7, "14,3", 55.1]],
        assessment="ege",
        headers=headers,
    )
    client.post(reverse("outcomes:import_confirm", args=[ResultsImport.objects.get().pk]))
    saved = AssessmentResult.objects.get()
    assert (saved.assessment, saved.grade, float(saved.share2), float(saved.mean)) == ("ege", 11, 14.3, 55.1)


def test_the_template_has_the_columns_and_a_help_sheet(cast, client_for):
    response = client_for(cast.regional).get(reverse("outcomes:import_template", args=["vpr"]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    headers = [c.value for c in next(workbook["Результаты"].iter_rows(max_row=1))]
    assert headers == VPR_HEADERS
    assert workbook["Справка"].max_row > len(VPR_HEADERS)


def test_the_command_checks_with_dry_run_and_then_writes(cast, tmp_path, capsys):
    path = tmp_path / "vpr.xlsx"
    path.write_bytes(xlsx([VPR_HEADERS, vpr_row(cast.school_a)]))
    call_command("import_results", str(path), assessment="vpr", year=2025, region="67", dry_run=True)
    assert not AssessmentResult.objects.exists()
    call_command("import_results", str(path), assessment="vpr", year=2025, region="67")
    assert AssessmentResult.objects.get().year == 2025
    assert "добавлено 1" in capsys.readouterr().out


def test_the_command_refuses_a_file_with_errors(cast, tmp_path):
    path = tmp_path / "vpr.xlsx"
    path.write_bytes(xlsx([VPR_HEADERS, vpr_row(cast.foreign_school)]))
    with pytest.raises(CommandError, match="Ничего не записано"):
        call_command("import_results", str(path), assessment="vpr", year=2025, region="67")
    assert not AssessmentResult.objects.exists()
