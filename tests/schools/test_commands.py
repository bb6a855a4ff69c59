"""import_schools / import_coordinators / import_curators."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from schools import importing
from schools.models import CuratorAssignment, ProjectYear, Region, RoleAssignment, School
from tests.factories import next_inn

from .state import db_state
from .xlsx import SCHOOL_HEADERS, school_row, xlsx

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "smolensk_schools.xlsx"


def write(tmp_path, data: bytes) -> str:
    path = tmp_path / "file.xlsx"
    path.write_bytes(data)
    return str(path)


def call(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_schools_writes_and_prints_the_counts(cast, tmp_path):
    inn = next_inn()
    path = write(tmp_path, xlsx([SCHOOL_HEADERS, school_row("Смоленская область", "Краснинский район", inn)]))
    out, _ = call("import_schools", path, "--year", "2026")
    assert "Школы: создано 1, изменено 0, без изменений 0" in out
    assert School.objects.filter(inn=inn).exists()


def test_import_schools_dry_run_writes_nothing(cast, tmp_path):
    path = write(tmp_path, xlsx([SCHOOL_HEADERS, school_row("Смоленская область", "Краснинский район", next_inn())]))
    before = db_state()
    out, _ = call("import_schools", path, "--dry-run")
    assert "Школы: создано 1" in out
    assert "ничего не изменено" in out
    assert db_state() == before


def test_import_schools_prints_errors_with_row_and_column_and_fails(cast, tmp_path):
    row = school_row("Смоленская область", "Нет такого района", next_inn())
    path = write(tmp_path, xlsx([SCHOOL_HEADERS, row]))
    before = db_state()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Ошибок в файле: 1"):
        call_command("import_schools", path, stderr=err, stdout=io.StringIO())
    assert "Строка 2, столбец B «Муниципалитет»: неизвестный муниципалитет «Нет такого района»" in err.getvalue()
    assert db_state() == before


def test_a_wrong_file_fails_with_a_non_zero_exit_status(cast, tmp_path):
    path = write(tmp_path, b"not an excel file")
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_schools", path, "--dry-run", stderr=err, stdout=io.StringIO())
    assert error.value.returncode == 1  # manage.py exits with it
    assert "Это не файл Excel" in err.getvalue()


def test_an_unknown_year_is_refused(cast, tmp_path):
    path = write(tmp_path, xlsx([SCHOOL_HEADERS]))
    with pytest.raises(CommandError, match="Год проекта 1999 не заведён"):
        call("import_schools", path, "--year", "1999")


def test_import_coordinators_and_curators_commands(cast, tmp_path):
    coordinators = write(
        tmp_path,
        xlsx(
            [
                ["ФИО", "E-mail", "Муниципалитет", "Регион"],
                ["Сидорова Ольга Ивановна", "sidorova@example.ru", "Сафоновский район", "Смоленская область"],
            ]
        ),
    )
    out, _ = call("import_coordinators", coordinators)
    assert "Роли и назначения: создано 1" in out
    assert RoleAssignment.objects.filter(user__email="sidorova@example.ru", municipality=cast.mun_b).exists()

    curators = tmp_path / "curators.xlsx"
    curators.write_bytes(
        xlsx(
            [
                ["ФИО куратора", "E-mail куратора", "ИНН школы", "Номер договора", "Дата договора"],
                ["Новикова Вера Павловна", "novikova@example.ru", cast.school_c.inn, "Д-1", "01.03.2026"],
            ]
        )
    )
    call("import_curators", str(curators))
    assert CuratorAssignment.objects.get(school=cast.school_c).curator.email == "novikova@example.ru"


def test_the_smolensk_example_file_imports_cleanly_and_changes_nothing_after_load_demo(db):
    call("load_demo", "--force")
    year = ProjectYear.objects.get(year=2026)
    before = db_state()
    with FIXTURE.open("rb") as f:
        result = importing.run(kind="schools", file=f, year=year)
    assert result.ok, [str(p) for p in result.problems]
    assert result.counts["schools"].unchanged == 9
    assert db_state() == before


def test_the_smolensk_example_file_imports_into_an_empty_database(db):
    year = ProjectYear.objects.create(year=2026, is_current=True)
    with FIXTURE.open("rb") as f:
        result = importing.run(kind="schools", file=f, year=year, create_municipalities=True)
    assert result.ok, [str(p) for p in result.problems]
    assert result.counts["schools"].created == 9
    assert result.counts["municipalities"].created == 5
    assert Region.objects.get(code="67").name == "Смоленская область"


def test_the_regions_are_there_after_migrate_alone(db):
    assert Region.objects.count() == 89
    assert Region.objects.get(code="67").name == "Смоленская область"


def test_load_regions_adds_missing_regions_and_renames_by_code_without_deleting(db):
    Region.objects.filter(code="95").delete()
    Region.objects.filter(code="42").update(name="Кемеровская область")
    Region.objects.create(code="999", name="Регион вне справочника")
    out, _ = call("load_regions")
    assert "добавлено: 1, переименовано: 1" in out
    assert Region.objects.get(code="42").name == "Кемеровская область — Кузбасс"
    assert Region.objects.filter(code="999").exists()
    out, _ = call("load_regions")
    assert "добавлено: 0, переименовано: 0" in out
