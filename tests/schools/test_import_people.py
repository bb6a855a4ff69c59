"""Import of municipal coordinators (the Department's form) and of curators with their schools."""

import datetime
import io

from django.core import mail

from schools import importing, permissions, selectors
from schools.models import CuratorAssignment, RoleAssignment, User

from .state import db_state
from .xlsx import xlsx

COORD_HEADERS = ["ФИО", "E-mail", "Телефон", "Муниципалитет", "Регион"]
CURATOR_HEADERS = ["ФИО куратора", "E-mail куратора", "ИНН школы", "Номер договора", "Дата договора"]


def run(kind, data, cast, **kwargs):
    return importing.run(kind=kind, file=io.BytesIO(data), year=cast.year, **kwargs)


def test_coordinators_get_a_municipal_role_and_an_invitation(cast, django_capture_on_commit_callbacks):
    rows = [
        [
            "Сидорова Ольга Ивановна",
            "Sidorova@Example.ru",
            "+7 (4812) 00-00-01",
            "Сафоновский район",
            "Смоленская область",
        ],
        [" Кротов  Илья Маркович ", "krotov@example.ru", "", "краснинский район", "67"],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = run("coordinators", xlsx([COORD_HEADERS, *rows], title_rows=[["Форма Департамента"]]), cast)

    assert result.ok, [str(p) for p in result.problems]
    sidorova = User.objects.get(email="sidorova@example.ru")
    assert sidorova.phone == "+7 (4812) 00-00-01"
    role = RoleAssignment.objects.get(user=sidorova)
    assert (role.kind, role.municipality, role.region, role.year) == ("municipal", cast.mun_b, cast.region, cast.year)
    assert set(permissions.visible_schools(sidorova)) == {cast.school_c}
    assert User.objects.get(email="krotov@example.ru").full_name == "Кротов Илья Маркович"
    assert sorted(m.to[0] for m in mail.outbox) == ["krotov@example.ru", "sidorova@example.ru"]


def test_an_existing_coordinator_is_matched_on_e_mail_and_reimport_changes_nothing(cast):
    municipal = cast.municipal
    User.objects.filter(pk=municipal.pk).update(last_name="Иванова", first_name="Мария", middle_name="")
    municipal.refresh_from_db()
    rows = [[municipal.full_name, municipal.email.upper(), "", "Краснинский район", "Смоленская область"]]
    before = db_state()
    result = run("coordinators", xlsx([COORD_HEADERS, *rows]), cast)
    assert result.ok
    assert result.counts["roles"].unchanged == 1
    assert result.counts["people"].unchanged == 1
    assert db_state() == before


def test_coordinator_problems_name_row_and_column_and_nothing_is_written(cast):
    rows = [
        ["Сидорова Ольга Ивановна", "sidorova@", "", "Сафоновский район", "Смоленская область"],
        ["Кротов", "krotov@example.ru", "", "Неведомый район", "Смоленская область"],
        ["", "", "", "", ""],  # blank lines are skipped
        ["Лис Алиса Ивановна", "", "тел", "Сафоновский район", ""],
    ]
    before = db_state()
    result = run("coordinators", xlsx([COORD_HEADERS, *rows]), cast)
    messages = [str(p) for p in result.problems]
    assert messages == [
        "Строка 2, столбец B «E-mail»: неверный адрес e-mail «sidorova@».",
        "Строка 3, столбец D «Муниципалитет»: неизвестный муниципалитет «Неведомый район» в регионе «Смоленская "
        "область». Проверьте название или отметьте «создавать новые муниципалитеты».",
        "Строка 3, столбец A «ФИО»: ФИО «Кротов» должны содержать фамилию и имя (и отчество), только буквы.",
        "Строка 5, столбец E «Регион»: не заполнен регион.",
        "Строка 5, столбец B «E-mail»: не заполнен e-mail.",
        "Строка 5, столбец C «Телефон»: неверный номер телефона «тел».",
    ]
    assert db_state() == before


def test_curators_are_assigned_with_their_contracts_and_get_review_rights(cast):
    rows = [
        ["Новикова Вера Павловна", "novikova@example.ru", cast.school_c.inn, "Д-17", datetime.date(2026, 3, 1)],
        ["Новикова Вера Павловна", "novikova@example.ru", cast.school_a.inn, "Д-17", "01.03.2026"],
    ]
    result = run("curators", xlsx([CURATOR_HEADERS, *rows]), cast)

    assert result.ok, [str(p) for p in result.problems]
    curator = User.objects.get(email="novikova@example.ru")
    assignments = CuratorAssignment.objects.filter(curator=curator, year=cast.year)
    assert {a.school for a in assignments} == {cast.school_a, cast.school_c}
    assert {(a.contract_number, a.contract_date) for a in assignments} == {("Д-17", datetime.date(2026, 3, 1))}
    assert permissions.Cap.REVIEW in permissions.school_caps(curator, cast.school_a)
    # school_a had another curator: replaced, and the old one lost the school.
    assert permissions.school_caps(cast.curator, cast.school_a) == frozenset()
    assert permissions.Cap.REVIEW in permissions.school_caps(cast.curator, cast.school_b)
    assert result.counts["roles"].created == 1 and result.counts["roles"].updated == 1


def test_reimporting_curators_changes_nothing(cast):
    User.objects.filter(pk=cast.curator.pk).update(last_name="Громов", first_name="Иван", middle_name="Ильич")
    rows = [["Громов Иван Ильич", cast.curator.email, cast.school_a.inn, "К-1", ""]]
    before = db_state()
    result = run("curators", xlsx([CURATOR_HEADERS, *rows]), cast)
    assert result.ok
    assert result.counts["roles"].unchanged == 1
    assert db_state() == before


def test_curator_problems_name_row_and_column_and_nothing_is_written(cast):
    from schools.validators import make_inn10

    unknown = make_inn10("999999999")
    rows = [
        ["Новикова Вера Павловна", "novikova@example.ru", unknown, "Д-1", "32.13.2026"],
        ["Новикова Вера Павловна", "novikova@example.ru", cast.school_a.inn, "Д-1", ""],
        ["Петров Пётр", "petrov@example.ru", cast.school_a.inn, "Д-2", ""],
    ]
    before = db_state()
    messages = [str(p) for p in run("curators", xlsx([CURATOR_HEADERS, *rows]), cast).problems]
    assert messages == [
        f"Строка 2, столбец C «ИНН школы»: школа с ИНН {unknown} не найдена: сначала импортируйте список школ.",
        "Строка 2, столбец E «Дата договора»: неверная дата «32.13.2026», ожидается ДД.ММ.ГГГГ.",
        f"Строка 4, столбец C «ИНН школы»: школа с ИНН {cast.school_a.inn} уже указана в строке 3: "
        "у школы один куратор.",
    ]
    assert db_state() == before


def test_the_region_page_lists_imported_people(cast, client_for):
    rows = [["Сидорова Ольга Ивановна", "sidorova@example.ru", "", "Сафоновский район", "Смоленская область"]]
    run("coordinators", xlsx([COORD_HEADERS, *rows]), cast)
    assert selectors.coordinators(year=cast.year, region=cast.region).filter(user__email="sidorova@example.ru")
    page = client_for(cast.regional).get(f"/schools/regions/{cast.region.pk}/")
    assert "Сидорова Ольга Ивановна" in page.content.decode()


def test_a_director_who_also_curates_the_school_keeps_seeing_it_after_losing_the_post(cast):
    from schools import services
    from schools.models import SchoolStaff

    services.curator_assign(school=cast.school_a, year=cast.year, curator=cast.director)
    services.staff_detach(post=SchoolStaff.objects.get(user=cast.director, school=cast.school_a))
    caps = permissions.school_caps(cast.director, cast.school_a)
    assert permissions.Cap.VIEW in caps and permissions.Cap.REVIEW in caps
    assert permissions.Cap.ACT not in caps
