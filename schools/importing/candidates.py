"""Import kind «curator candidates»: the pool of a municipality (or of the region, with no municipality given).

People are matched on e-mail; a person already in the year's pool is left as they are. New people get an
account and an invitation, so they can answer the candidate questionnaire before any appointment.
"""

from dataclasses import dataclass, field

from ..models import CuratorCandidate, ProjectYear, User
from . import rows
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
    places = Places(create_municipalities=create_municipalities, only_region=region)
    people = People()
    in_pool = set(CuratorCandidate.objects.filter(year=year).values_list("user__email", flat=True))
    plan = Plan(places=places, people=people)
    seen: dict[str, int] = {}
    counter = result.count("candidates")

    def check(rc: RowCheck) -> None:
        found = rc.call("region", places.region, rc.text("region"))
        municipality = None
        if found and rc.text("municipality"):
            municipality = rc.call("municipality", places.municipality, found, rc.text("municipality"))
        workplace = rc.call("workplace", v.limited, rc.text("workplace"), 500)
        user, email = rows.person(rc, people, position=None)
        if email is not None:
            if email in seen:
                rc.fail("email", f"этот кандидат уже указан в строке {seen[email]} (дубликат).")
            seen.setdefault(email, rc.row.number)
        if rc.problems:
            return
        if email in in_pool:
            counter.unchanged += 1
            return
        plan.candidates.append(
            CuratorCandidate(user=user, year=year, region=found, municipality=municipality, workplace=workplace or "")
        )
        counter.created += 1

    rows.check_rows(
        table, result, check=check, prefetch=lambda chunk: people.load(rows.emails(chunk)), progress=progress
    )
    rows.count_created(result, people, places)
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
