"""Import kind «curator candidates»: the pool of a municipality (or of the region, with no municipality given).

People are matched on e-mail; a person already in the year's pool is left as they are. New people get an
account and an invitation, so they can answer the candidate questionnaire before any appointment.
"""

from dataclasses import dataclass, field

from ..models import CuratorCandidate, ProjectYear, User
from . import validators as v
from .base import Column, Result, RowCheck, Table
from .lookups import People, Places

KIND = "candidates"
TITLE = "Кандидаты в кураторы"
SHEET = "Кандидаты"

COLUMNS = (
    Column(
        "name",
        "ФИО",
        ("ФИО кандидата", "Кандидат", "Кандидат в кураторы", "Фамилия Имя Отчество"),
        required=True,
    ),
    Column(
        "email",
        "E-mail",
        ("Email", "Эл. почта", "Электронная почта", "Адрес электронной почты", "Почта", "E-mail кандидата"),
        required=True,
    ),
    Column("phone", "Телефон", ("Контактный телефон", "Тел.", "Номер телефона", "Мобильный телефон")),
    Column(
        "workplace",
        "Место работы и должность",
        ("Должность, место работы", "Место работы, должность", "Должность", "Место работы"),
    ),
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
        help="пусто — резерв региона",
    ),
    Column("region", "Регион", ("Субъект РФ", "Субъект Российской Федерации", "Субъект"), required=True),
)


@dataclass
class Plan:
    places: Places
    people: People
    candidates: list[CuratorCandidate] = field(default_factory=list)


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
    in_pool = set(CuratorCandidate.objects.filter(year=year).values_list("user__email", flat=True))
    plan = Plan(places=places, people=people)
    seen: dict[str, int] = {}
    counter = result.count("candidates")
    for index, row in enumerate(rows):
        if progress and index % 500 == 0:
            progress(index, len(rows))
        rc = RowCheck(table, row)
        region = rc.call("region", places.region, rc.text("region"))
        municipality = None
        if region and rc.text("municipality"):
            municipality = rc.call("municipality", places.municipality, region, rc.text("municipality"))
        name = rc.parse("name", v.person_name)
        email = rc.parse("email", v.email)
        phone = rc.parse("phone", v.phone)
        workplace = rc.call("workplace", v.limited, rc.text("workplace"), 500)
        user = None
        if name and email:
            if email in seen:
                rc.fail("email", f"этот кандидат уже указан в строке {seen[email]} (дубликат).")
            seen.setdefault(email, row.number)
            user = rc.call("email", people.person, email=email, name=name, row=row.number, phone=phone or "")
        if rc.problems:
            result.problems.extend(rc.problems)
            continue
        if email in in_pool:
            counter.unchanged += 1
            continue
        plan.candidates.append(
            CuratorCandidate(user=user, year=year, region=region, municipality=municipality, workplace=workplace or "")
        )
        counter.created += 1
    people.count_into(result.count("people"))
    result.count("municipalities").created += len(places.new_municipalities)
    result.count("regions").created += len(places.new_regions)
    return plan


def apply(plan: Plan, *, year: ProjectYear, by: User | None) -> list[User]:
    plan.places.save_new()
    new_users = plan.people.save()
    for candidate in plan.candidates:
        candidate.user_id = candidate.user.pk
        candidate.region_id = candidate.region.pk
        candidate.municipality_id = candidate.municipality.pk if candidate.municipality else None
        candidate.nominated_by = by
    CuratorCandidate.objects.bulk_create(plan.candidates, batch_size=1000, ignore_conflicts=True)
    return new_users
