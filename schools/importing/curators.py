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
    found = _Schools(year=year, region=region)
    people = People()
    plan = Plan(people=people)
    roles = result.count("roles")

    def prefetch(chunk) -> None:
        found.load(chunk)
        people.load(rows.emails(chunk))

    def check(rc: RowCheck) -> None:
        school = rc.parse("inn", found.school, rc.row.number)
        name = rc.parse("name", v.person_name)
        email = rc.parse("email", v.email)
        number = rc.call("contract_number", v.limited, rc.text("contract_number"), 64)
        date = rc.parse("contract_date", v.contract_date)
        curator = None
        if name and email:
            curator = rc.call("email", people.person, email=email, name=name, row=rc.row.number)
        if rc.problems:
            return
        ca = found.current.get(school.pk)
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


class _Schools:
    """The schools the file's rows name (loaded chunk by chunk), and the checks of a row's ИНН."""

    def __init__(self, *, year: ProjectYear, region):
        self.year = year
        self.region = region
        self.by_inn: dict[str, School] = {}
        self.participating: set[str] = set()
        self.current: dict[int, CuratorAssignment] = {}  # school id → its curator this year
        self.seen: dict[str, int] = {}  # ИНН → the row that named it

    def load(self, chunk) -> None:
        """The chunk's schools, replacing the previous chunk's (an ИНН named again is a duplicate anyway)."""
        inns = [i for i in {v.inn_or_none(row) for row in chunk} if i]
        self.by_inn = {s.inn: s for s in School.objects.filter(inn__in=inns).select_related("municipality__region")}
        self.participating = set(
            Participation.objects.filter(year=self.year, school__inn__in=inns).values_list("school__inn", flat=True)
        )
        self.current = {
            ca.school_id: ca for ca in CuratorAssignment.objects.filter(year=self.year, school__inn__in=inns)
        }

    def school(self, value, number: int) -> School:
        inn = v.inn(value)
        if inn in self.seen:
            raise CellError(f"школа с ИНН {inn} уже указана в строке {self.seen[inn]}: у школы один куратор.")
        self.seen[inn] = number
        school = self.by_inn.get(inn)
        if school is None:
            raise CellError(f"школа с ИНН {inn} не найдена: сначала импортируйте список школ.")
        region = self.region
        if region is not None and school.municipality.region_id != region.pk:
            raise CellError(
                f"школа с ИНН {inn} из другого региона («{school.municipality.region}»): в этом импорте — только "
                f"«{region}»."
            )
        if inn not in self.participating:
            raise CellError(f"школа с ИНН {inn} не участвует в проекте в {self.year.year} году.")
        return school


def apply(plan: Plan, *, year: ProjectYear, by: User | None) -> list[User]:
    new_users = plan.people.save()
    services.curator_assign_bulk(year=year, assignments=plan.assignments, by=by)
    return new_users
