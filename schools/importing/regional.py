"""Import kind «regional coordinators» (the federal level's list): people matched on e-mail, one region each."""

from dataclasses import dataclass, field

from .. import services
from ..models import ProjectYear, RoleAssignment, User
from . import rows
from .base import Column, Result, RowCheck, Table
from .lookups import People, Places

KIND = "regional"
TITLE = "Региональные координаторы"
SHEET = "Региональные координаторы"

COLUMNS = (
    Column(
        "region",
        "Регион",
        ("Субъект РФ", "Субъект Российской Федерации", "Субъект", "Наименование субъекта"),
        required=True,
        help="название субъекта РФ или его код («Смоленская область», «67»)",
    ),
    Column(
        "name",
        "ФИО",
        ("ФИО координатора", "ФИО регионального координатора", "Фамилия Имя Отчество", "Региональный координатор"),
        required=True,
    ),
    Column(
        "email",
        "E-mail",
        ("Email", "Эл. почта", "Электронная почта", "Адрес электронной почты", "Почта", "E-mail координатора"),
        required=True,
    ),
    Column("phone", "Телефон", ("Контактный телефон", "Тел.", "Номер телефона", "Мобильный телефон")),
    Column("position", "Должность", ("Должность, место работы", "Место работы, должность")),
)


@dataclass
class Plan:
    places: Places
    people: People
    roles: list[RoleAssignment] = field(default_factory=list)


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
    places = Places(create_municipalities=False, only_region=region)
    people = People()
    existing = set(
        RoleAssignment.objects.filter(year=year, kind=RoleAssignment.Kind.REGIONAL).values_list("user_id", "region_id")
    )
    plan = Plan(places=places, people=people)
    seen: dict[tuple[str, str], int] = {}
    roles = result.count("roles")

    def check(rc: RowCheck) -> None:
        found = rc.call("region", places.region, rc.text("region"))
        user, email = rows.person(rc, people)
        if user is not None and found is not None:
            key = (email, found.code)
            if key in seen:
                rc.fail("email", f"этот координатор этого региона уже указан в строке {seen[key]} (дубликат).")
            seen.setdefault(key, rc.row.number)
        if rc.problems:
            return
        if user.pk and found.pk and (user.pk, found.pk) in existing:
            roles.unchanged += 1
            return
        plan.roles.append(RoleAssignment(user=user, kind=RoleAssignment.Kind.REGIONAL, year=year, region=found))
        roles.created += 1

    rows.check_rows(
        table, result, check=check, prefetch=lambda chunk: people.load(rows.emails(chunk)), progress=progress
    )
    rows.count_created(result, people, places, municipalities=False)
    return plan


def apply(plan: Plan, *, year: ProjectYear, by: User | None) -> list[User]:
    plan.places.save_new()
    new_users = plan.people.save()
    for role in plan.roles:
        role.user_id = role.user.pk
        role.region_id = role.region.pk
    services.roles_assign_bulk(roles=plan.roles)
    return new_users
