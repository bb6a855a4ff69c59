"""Import of the schools of a project year: validate the whole file, then one atomic write."""

import io

import pytest
from django.core import mail

from schools import importing, permissions
from schools.models import Municipality, Participation, Region, School, SchoolStaff, User
from tests.factories import next_inn

from .state import db_state
from .xlsx import SCHOOL_HEADERS, school_row, xlsx


def run(data: bytes, cast, **kwargs):
    return importing.run(kind="schools", file=io.BytesIO(data), year=cast.year, **kwargs)


def texts(result) -> list[str]:
    return [str(p) for p in result.problems]


@pytest.fixture
def two_new(cast):
    inns = [next_inn(), next_inn()]
    rows = [
        school_row("Смоленская область", "Краснинский район", inns[0], 1),
        school_row("Смоленская область", "Сафоновский район", inns[1], 2, **{"Городская/сельская": "городская"}),
    ]
    return inns, rows


def test_a_clean_file_creates_schools_participations_directors_and_their_rights(
    cast, two_new, django_capture_on_commit_callbacks
):
    inns, rows = two_new
    with django_capture_on_commit_callbacks(execute=True):
        result = run(xlsx([SCHOOL_HEADERS, *rows]), cast)

    assert result.ok and result.applied
    assert result.counts["schools"].created == 2
    school = School.objects.get(inn=inns[0])
    assert school.municipality == cast.mun_a
    assert school.locality == School.Locality.RURAL
    assert School.objects.get(inn=inns[1]).locality == School.Locality.URBAN
    assert Participation.objects.filter(school__inn__in=inns, year=cast.year).count() == 2
    director = User.objects.get(email="new.director1@example.ru")
    assert (director.last_name, director.first_name, director.middle_name) == ("Директорова", "Анна", "Петровна")
    assert not director.has_usable_password()
    assert SchoolStaff.objects.get(school=school).user == director
    assert permissions.Cap.ACT in permissions.school_caps(director, school)
    assert list(permissions.visible_schools(director)) == [school]
    # New people are invited (after the commit) to set their password.
    assert sorted(m.to[0] for m in mail.outbox) == ["new.director1@example.ru", "new.director2@example.ru"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_the_header_may_sit_below_title_rows_with_columns_in_any_order_and_forgiving_names(cast):
    inn = next_inn()
    header = [
        "  инн ",
        "КРАТКОЕ НАИМЕНОВАНИЕ",
        "Полное наименование ОО",
        "Муниципальный район",
        "Субъект РФ",
        "Тип местности",
        "Е-mail директора",
        "ФИО руководителя",
        "Примечание",
    ]
    row = [
        int(inn),
        "МБОУ «Тестовая»",
        "Муниципальное бюджетное ОУ «Тестовая»",
        "краснинский  район",
        "смоленская обл.",
        "Сельская",
        "",
        "",
        "что-то",
    ]
    data = xlsx([header, row], title_rows=[["Перечень школ — участниц проекта"], [], ["на 2026 год"]])

    result = run(data, cast)

    assert texts(result) == []
    assert School.objects.get(inn=inn).municipality == cast.mun_a
    assert "Примечание" in result.ignored_headers


def test_a_region_may_be_given_by_its_code_and_e_with_dots_does_not_matter(cast):
    inn = next_inn()
    header = ["Регион", "Муниципалитет", "Полное наименование", "Краткое наименование", "ИНН"]
    result = run(xlsx([header, ["67", "Краснинский район", "Школа", "Школа", inn]]), cast)
    assert result.ok
    assert School.objects.get(inn=inn).municipality.region == cast.region


def test_a_catalogue_region_not_yet_in_the_database_is_created_with_its_code(cast):
    inn = next_inn()
    header = ["Регион", "Муниципалитет", "Полное наименование", "Краткое наименование", "ИНН"]
    result = run(
        xlsx([header, ["Тверская область", "Кимрский округ", "Школа", "Школа", inn]]), cast, create_municipalities=True
    )
    assert result.ok
    assert Region.objects.get(code="69").name == "Тверская область"
    assert Municipality.objects.get(name="Кимрский округ").region.code == "69"


def test_reimporting_the_same_file_changes_nothing(cast, two_new):
    _, rows = two_new
    data = xlsx([SCHOOL_HEADERS, *rows])
    run(data, cast)
    before = db_state()

    result = run(data, cast)

    assert result.ok
    assert result.counts["schools"].unchanged == 2 and result.counts["schools"].created == 0
    assert result.counts["schools"].updated == 0
    assert result.counts["people"].unchanged == 2 and result.counts["people"].created == 0
    assert db_state() == before


def test_a_dry_run_shows_the_counts_and_writes_nothing(cast, two_new):
    _, rows = two_new
    before = db_state()
    result = run(xlsx([SCHOOL_HEADERS, *rows]), cast, dry_run=True)
    assert result.ok and not result.applied
    assert result.counts["schools"].created == 2
    assert result.counts["people"].created == 2
    assert db_state() == before


def test_a_changed_name_updates_the_school_matched_on_inn(cast):
    row = school_row(
        "Смоленская область",
        "Краснинский район",
        cast.school_a.inn,
        1,
        **{"Краткое наименование": "МБОУ «Гусинская СШ» (новое)", "ФИО директора": "", "E-mail директора": ""},
    )
    result = run(xlsx([SCHOOL_HEADERS, row]), cast)
    assert result.counts["schools"].updated == 1
    cast.school_a.refresh_from_db()
    assert cast.school_a.short_name == "МБОУ «Гусинская СШ» (новое)"
    # No director in the file: the current one stays.
    assert SchoolStaff.objects.get(school=cast.school_a, kind="director").user == cast.director


def test_a_new_director_replaces_the_old_one_and_the_rights_move(cast):
    row = school_row(
        "Смоленская область",
        "Краснинский район",
        cast.school_a.inn,
        1,
        **{"Краткое наименование": cast.school_a.short_name},
    )
    result = run(xlsx([SCHOOL_HEADERS, row]), cast)
    assert result.ok
    new = User.objects.get(email="new.director1@example.ru")
    assert SchoolStaff.objects.get(school=cast.school_a, kind="director").user == new
    assert permissions.school_caps(cast.director, cast.school_a) == frozenset()
    assert permissions.Cap.ACT in permissions.school_caps(new, cast.school_a)


def test_an_inn_that_lost_its_leading_zero_in_excel_gets_it_back(cast):
    from schools.validators import make_inn10

    inn = make_inn10("012345678")
    header = ["Регион", "Муниципалитет", "Полное наименование", "Краткое наименование", "ИНН"]
    data = xlsx([header, ["67", "Краснинский район", "Школа", "Школа", int(inn)]])
    assert run(data, cast).ok
    assert School.objects.filter(inn=inn).exists()
    again = run(data, cast)  # and the school is found again by it
    assert again.ok and again.counts["schools"].unchanged == 1


# --- every bad input: its message with row and column, and the database unchanged -------------------------


def bad(cast, rows, **kwargs) -> list[str]:
    before = db_state()
    result = run(xlsx([SCHOOL_HEADERS, *rows]), cast, **kwargs)
    assert not result.ok and not result.applied
    assert db_state() == before
    assert not mail.outbox
    return texts(result)


def test_a_bad_inn_checksum_is_reported_with_row_and_column(cast, two_new):
    inns, rows = two_new
    wrong = inns[1][:-1] + str((int(inns[1][-1]) + 1) % 10)
    rows[1][4] = wrong
    assert bad(cast, rows) == [f"Строка 3, столбец E «ИНН»: Неверная контрольная сумма ИНН. Значение: «{wrong}»."]


def test_an_unknown_region_is_reported(cast, two_new):
    _, rows = two_new
    rows[0][0] = "Нарния"
    [message] = bad(cast, rows)
    assert message.startswith("Строка 2, столбец A «Регион»: неизвестный регион «Нарния»")


def test_an_unknown_municipality_is_reported_unless_new_ones_may_be_created(cast, two_new):
    _, rows = two_new
    rows[1][1] = "Новый район"
    [message] = bad(cast, rows)
    assert message.startswith("Строка 3, столбец B «Муниципалитет»: неизвестный муниципалитет «Новый район»")
    assert "создавать новые муниципалитеты" in message

    result = run(xlsx([SCHOOL_HEADERS, *rows]), cast, create_municipalities=True)
    assert result.ok
    assert Municipality.objects.filter(region=cast.region, name="Новый район").exists()


def test_a_school_twice_in_the_file_is_reported_as_a_duplicate(cast, two_new):
    _, rows = two_new
    rows[1][4] = rows[0][4]
    [message] = bad(cast, rows)
    assert message == (
        f"Строка 3, столбец E «ИНН»: школа с ИНН {rows[0][4]} уже указана в строке 2 (дубликат школы в файле)."
    )


def test_a_missing_required_value_is_reported(cast, two_new):
    _, rows = two_new
    rows[0][3] = "  "
    assert bad(cast, rows) == ["Строка 2, столбец D «Краткое наименование»: не заполнено обязательное значение."]


def test_a_bad_e_mail_is_reported(cast, two_new):
    _, rows = two_new
    rows[1][9] = "директор@школа"
    assert bad(cast, rows) == ["Строка 3, столбец J «E-mail директора»: неверный адрес e-mail «директор@школа»."]


def test_a_bad_locality_is_reported(cast, two_new):
    _, rows = two_new
    rows[0][7] = "посёлок городского типа"
    [message] = bad(cast, rows)
    assert message.startswith("Строка 2, столбец H «Городская/сельская»: ожидается «городская» или «сельская»")


def test_all_problems_of_the_file_are_reported_at_once(cast, two_new):
    _, rows = two_new
    rows[0][4] = "12345"
    rows[1][9] = "nope"
    messages = bad(cast, rows)
    assert len(messages) == 2
    assert messages[0].startswith("Строка 2, столбец E")
    assert messages[1].startswith("Строка 3, столбец J")


def test_one_bad_row_among_many_good_ones_writes_nothing(cast):
    rows = [school_row("Смоленская область", "Краснинский район", next_inn(), n) for n in range(1, 30)]
    rows[-1][0] = "Нарния"
    [message] = bad(cast, rows)
    assert message.startswith("Строка 30, столбец A")


def test_a_missing_required_column_is_reported_with_the_header_row(cast):
    header = [h for h in SCHOOL_HEADERS if h != "ИНН"]
    result = run(xlsx([header, ["Смоленская область", "Краснинский район", "Школа", "Школа"]]), cast)
    assert texts(result) == ["Строка 1: В строке заголовков (лист «Школы») нет обязательных столбцов: «ИНН»."]


def test_an_empty_sheet_is_reported(cast):
    assert texts(run(xlsx([]), cast)) == ["Файл пустой: на листах нет данных."]


def test_a_header_without_data_rows_is_reported(cast):
    assert texts(run(xlsx([SCHOOL_HEADERS]), cast)) == [
        "Файл пустой: под строкой заголовков нет ни одной строки с данными."
    ]


def test_a_file_without_any_known_header_is_reported(cast):
    [message] = texts(run(xlsx([["a", "b"], [1, 2]]), cast))
    assert message.startswith("Не найдена строка заголовков")


def test_a_password_protected_file_is_reported_and_nothing_changes(cast):
    before = db_state()
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200 + "EncryptedPackage".encode("utf-16-le")
    [message] = texts(run(data, cast))
    assert message.startswith("Файл защищён паролем")
    assert db_state() == before


def test_the_same_e_mail_for_two_different_people_is_reported(cast, two_new):
    _, rows = two_new
    rows[1][9] = rows[0][9]
    rows[1][8] = "Другой Человек Иванович"
    [message] = bad(cast, rows)
    assert message.startswith("Строка 3, столбец J «E-mail директора»: e-mail «new.director1@example.ru» в строке 2")


def _zip_bomb() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" * (30 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"", "Файл пустой."),
        ("Регион;ИНН\n".encode(), "Это не файл Excel"),
        (b"PK\x03\x04" + b"\x00" * 64, "Файл повреждён"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "Это файл старого формата Excel (XLS)"),
        (_zip_bomb(), "Файл отклонён: часть книги «xl/worksheets/sheet1.xml» сжата в"),
    ],
    ids=["empty", "wrong-type", "corrupt", "xls", "zip-bomb"],
)
def test_an_unreadable_file_is_reported_and_nothing_changes(cast, data, start):
    before = db_state()
    [message] = texts(run(data, cast))
    assert message.startswith(start)
    assert db_state() == before
