"""Import kind «municipal coordinators» (the Department's form): people matched on e-mail."""

from dataclasses import dataclass, field

from .. import services
from ..models import ProjectYear, RoleAssignment, User
from . import rows
from .base import Column, Result, RowCheck, Table
from .lookups import People, Places

KIND = "coordinators"
TITLE = "Муниципальные координаторы"
SHEET = "Координаторы"

COLUMNS = (
    Column(
        "name",
        "ФИО",
        (
            "ФИО координатора",
            "ФИО муниципального координатора",
            "Фамилия Имя Отчество",
            "Координатор",
            "Муниципальный координатор",
        ),
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
    Column(
        "municipality",
        "Муниципалитет",
        (
            "Муниципальное образование",
            "Муниципальный район",
            "Муниципальный район / городской округ",
            "Городской округ",
            "МО",
            "Район",
        ),
        required=True,
    ),
    Column("region", "Регион", ("Субъект РФ", "Субъект Российской Федерации", "Субъект"), required=True),
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
    places = Places(create_municipalities=create_municipalities, only_region=region)
    people = People()
    existing_roles = set(
        RoleAssignment.objects.filter(year=year, kind=RoleAssignment.Kind.MUNICIPAL).values_list(
            "user_id", "municipality_id"
        )
    )
    plan = Plan(places=places, people=people)
    seen: dict[tuple[str, str], int] = {}
    roles = result.count("roles")

    def check(rc: RowCheck) -> None:
        found = rc.call("region", places.region, rc.text("region"))
        municipality = rc.call("municipality", places.municipality, found, rc.text("municipality")) if found else None
        user, email = rows.person(rc, people)
        if user is not None and municipality is not None:
            key = (email, f"{found.code}/{municipality.name.lower()}")
            if key in seen:
                rc.fail("email", f"этот координатор этого муниципалитета уже указан в строке {seen[key]} (дубликат).")
            seen.setdefault(key, rc.row.number)
        if rc.problems:
            return
        if user.pk and municipality.pk and (user.pk, municipality.pk) in existing_roles:
            roles.unchanged += 1
            return
        plan.roles.append(
            RoleAssignment(
                user=user, kind=RoleAssignment.Kind.MUNICIPAL, year=year, region=found, municipality=municipality
            )
        )
        roles.created += 1

    rows.check_rows(
        table, result, check=check, prefetch=lambda chunk: people.load(rows.emails(chunk)), progress=progress
    )
    rows.count_created(result, people, places)
    return plan


def apply(plan: Plan, *, year: ProjectYear, by: User | None) -> list[User]:
    plan.places.save_new()
    new_users = plan.people.save()
    for role in plan.roles:
        role.user_id = role.user.pk
        role.region_id = role.region.pk
        role.municipality_id = role.municipality.pk
    services.roles_assign_bulk(roles=plan.roles)
    return new_users
