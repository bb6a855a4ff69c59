"""Import kind «municipal coordinators» (the Department's form): people matched on e-mail."""

from dataclasses import dataclass, field

from .. import services
from ..models import ProjectYear, RoleAssignment, User
from . import validators as v
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
    rows = table.rows
    places = Places(create_municipalities=create_municipalities, only_region=region)
    people = People(row.text("email").lower() for row in rows)
    existing_roles = set(
        RoleAssignment.objects.filter(year=year, kind=RoleAssignment.Kind.MUNICIPAL).values_list(
            "user_id", "municipality_id"
        )
    )
    plan = Plan(places=places, people=people)
    seen: dict[tuple[str, str], int] = {}
    roles = result.count("roles")
    for index, row in enumerate(rows):
        if progress and index % 500 == 0:
            progress(index, len(rows))
        rc = RowCheck(table, row)
        region = rc.call("region", places.region, rc.text("region"))
        municipality = rc.call("municipality", places.municipality, region, rc.text("municipality")) if region else None
        name = rc.parse("name", v.person_name)
        email = rc.parse("email", v.email)
        phone = rc.parse("phone", v.phone)
        position = rc.call("position", v.limited, rc.text("position"), 255)
        user = None
        if name and email:
            user = rc.call(
                "email",
                people.person,
                email=email,
                name=name,
                row=row.number,
                phone=phone or "",
                position=position or "",
            )
        if user is not None and municipality is not None:
            key = (email, f"{region.code}/{municipality.name.lower()}")
            if key in seen:
                rc.fail("email", f"этот координатор этого муниципалитета уже указан в строке {seen[key]} (дубликат).")
            seen.setdefault(key, row.number)
        if rc.problems:
            result.problems.extend(rc.problems)
            continue
        if user.pk and municipality.pk and (user.pk, municipality.pk) in existing_roles:
            roles.unchanged += 1
            continue
        plan.roles.append(
            RoleAssignment(
                user=user, kind=RoleAssignment.Kind.MUNICIPAL, year=year, region=region, municipality=municipality
            )
        )
        roles.created += 1
    people.count_into(result.count("people"))
    result.count("municipalities").created += len(places.new_municipalities)
    result.count("regions").created += len(places.new_regions)
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
