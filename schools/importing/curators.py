"""Import kind «curators with their schools»: one row per school; curators matched on e-mail, schools on ИНН."""

from dataclasses import dataclass, field

from .. import services
from ..models import CuratorAssignment, Participation, ProjectYear, School, User
from . import rows
from . import validators as v
from .base import CellError, Column, Result, RowCheck, Table
from .lookups import People

KIND = "curators"
TITLE = "Кураторы и их школы"
SHEET = "Кураторы"

COLUMNS = (
    Column("name", "ФИО куратора", ("ФИО", "Куратор", "Куратор (ФИО)", "Фамилия Имя Отчество"), required=True),
    Column(
        "email",
        "E-mail куратора",
        ("E-mail", "Email", "Email куратора", "Эл. почта", "Электронная почта", "Электронная почта куратора", "Почта"),
        required=True,
    ),
    Column("inn", "ИНН школы", ("ИНН", "ИНН ОО", "ИНН организации"), required=True),
    Column(
        "school",
        "Школа",
        ("Краткое наименование", "Наименование ОО", "ОО"),
        help="для удобства чтения; сопоставление — по ИНН",
    ),
    Column("contract_number", "Номер договора", ("№ договора", "Договор №", "Договор", "Номер договора с куратором")),
    Column(
        "contract_date",
        "Дата договора",
        ("Договор от", "Дата заключения договора", "Дата договора с куратором"),
        help="ДД.ММ.ГГГГ",
    ),
)


@dataclass
class Plan:
    people: People
    assignments: list[dict] = field(default_factory=list)


def build(
    table: Table,
    *,
    year: ProjectYear,
    create_municipalities: bool,
    result: Result,
    progress=None,
    region=None,
    sync=False,
) -> Plan:
    schools: dict[str, School] = {}
    participating: set[str] = set()
    current: dict[int, CuratorAssignment] = {}
    people = People()
    plan = Plan(people=people)
    seen_inn: dict[str, int] = {}
    roles = result.count("roles")

    def prefetch(chunk) -> None:
        inns = [i for i in {v.inn_or_none(row) for row in chunk} if i]
        found = School.objects.filter(inn__in=inns).select_related("municipality__region")
        schools.update((s.inn, s) for s in found)
        participating.update(
            Participation.objects.filter(year=year, school__inn__in=inns).values_list("school__inn", flat=True)
        )
        current.update((ca.school_id, ca) for ca in CuratorAssignment.objects.filter(year=year, school__inn__in=inns))
        people.load(rows.emails(chunk))

    def find_school(value, number: int) -> School:
        inn = v.inn(value)
        if inn in seen_inn:
            raise CellError(f"школа с ИНН {inn} уже указана в строке {seen_inn[inn]}: у школы один куратор.")
        seen_inn[inn] = number
        school = schools.get(inn)
        if school is None:
            raise CellError(f"школа с ИНН {inn} не найдена: сначала импортируйте список школ.")
        if region is not None and school.municipality.region_id != region.pk:
            raise CellError(
                f"школа с ИНН {inn} из другого региона («{school.municipality.region}»): в этом импорте — только "
                f"«{region}»."
            )
        if inn not in participating:
            raise CellError(f"школа с ИНН {inn} не участвует в проекте в {year.year} году.")
        return school

    def check(rc: RowCheck) -> None:
        school = rc.parse("inn", find_school, rc.row.number)
        name = rc.parse("name", v.person_name)
        email = rc.parse("email", v.email)
        number = rc.call("contract_number", v.limited, rc.text("contract_number"), 64)
        date = rc.parse("contract_date", v.contract_date)
        curator = None
        if name and email:
            curator = rc.call("email", people.person, email=email, name=name, row=rc.row.number)
        if rc.problems:
            return
        ca = current.get(school.pk)
        if ca and curator.pk == ca.curator_id and (ca.contract_number, ca.contract_date) == (number, date):
            roles.unchanged += 1
            return
        if ca:
            roles.updated += 1
        else:
            roles.created += 1
        plan.assignments.append(
            {"school": school, "curator": curator, "contract_number": number, "contract_date": date}
        )

    rows.check_rows(table, result, check=check, prefetch=prefetch, progress=progress)
    rows.count_created(result, people)
    return plan


def apply(plan: Plan, *, year: ProjectYear, by: User | None) -> list[User]:
    new_users = plan.people.save()
    services.curator_assign_bulk(year=year, assignments=plan.assignments, by=by)
    return new_users
