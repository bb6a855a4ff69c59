"""Import kind «schools of a project year»: schools matched on ИНН, directors on e-mail."""

from dataclasses import dataclass, field

from django.utils import timezone

from medk.lib import bulk

from .. import services, signals
from ..models import Participation, ProjectYear, School, SchoolProgramme, SchoolStaff, User
from . import rows
from . import validators as v
from .base import Column, Result, RowCheck, Table
from .lookups import People, Places

KIND = "schools"
TITLE = "Школы года проекта"
SHEET = "Школы"

COLUMNS = (
    Column(
        "region",
        "Регион",
        ("Субъект РФ", "Субъект Российской Федерации", "Субъект", "Наименование субъекта", "Регион (субъект РФ)"),
        required=True,
        help="название субъекта РФ или его код («Смоленская область», «67»)",
    ),
    Column(
        "municipality",
        "Муниципалитет",
        (
            "Муниципальное образование",
            "Муниципальный район",
            "Муниципальный район / городской округ",
            "Муниципальный район (городской округ)",
            "Городской округ",
            "МО",
            "Район",
            "АТЕ",
        ),
        required=True,
        help="муниципальный район или городской округ, как он заведён в системе",
    ),
    Column(
        "full_name",
        "Полное наименование",
        (
            "Полное наименование ОО",
            "Полное наименование школы",
            "Полное наименование образовательной организации",
            "Наименование ОО (полное)",
            "Наименование образовательной организации",
        ),
        required=True,
    ),
    Column(
        "short_name",
        "Краткое наименование",
        (
            "Сокращённое наименование",
            "Краткое наименование ОО",
            "Краткое наименование школы",
            "Сокращенное наименование ОО",
            "Наименование ОО",
            "Школа",
            "ОО",
        ),
        required=True,
    ),
    Column(
        "inn", "ИНН", ("ИНН ОО", "ИНН школы", "ИНН организации"), required=True, help="10 цифр, с контрольной суммой"
    ),
    Column(
        "fis_oko_code",
        "Код ФИС ОКО",
        ("Код (логин) в ФИС ОКО", "Логин ФИС ОКО", "Логин в ФИС ОКО", "Код ОО", "Код школы", "Логин"),
    ),
    Column("address", "Адрес", ("Адрес ОО", "Юридический адрес", "Фактический адрес", "Адрес школы")),
    Column(
        "locality",
        "Городская/сельская",
        ("Местность", "Тип местности", "Городская или сельская", "Город/село", "Тип населённого пункта"),
        help="«городская» или «сельская»; пусто — городская",
    ),
    Column(
        "director_name",
        "ФИО директора",
        ("Директор", "Руководитель", "ФИО руководителя", "Директор (ФИО)", "ФИО директора школы"),
    ),
    Column(
        "director_email",
        "E-mail директора",
        (
            "Email директора",
            "Эл. почта директора",
            "Электронная почта директора",
            "Почта директора",
            "E-mail руководителя",
            "Электронная почта руководителя",
        ),
    ),
    Column(
        "federal_programmes",
        "Федеральные программы",
        ("Другие федеральные программы", "Участие в федеральных программах", "Федеральные проекты"),
        help="другие федеральные программы и проекты школы через «;»",
    ),
    Column(
        "regional_programmes",
        "Региональные программы",
        ("Другие региональные программы", "Участие в региональных программах", "Региональные проекты"),
        help="региональные программы и проекты школы через «;»",
    ),
)

_FIELDS = ("municipality", "full_name", "short_name", "fis_oko_code", "address", "locality")


@dataclass
class Plan:
    places: Places
    people: People
    new_schools: list[School] = field(default_factory=list)
    changed_schools: list[School] = field(default_factory=list)
    participations: list[School] = field(default_factory=list)
    directors: list[tuple[School, User]] = field(default_factory=list)
    programmes: list[tuple[School, str, str]] = field(default_factory=list)  # (school, level, title)
    leaving: list[Participation] = field(default_factory=list)  # sync mode: the region's schools not in the file


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
    """`region`: only this region's rows are accepted; `sync`: schools of the file's regions (or of `region`) that
    take part in the year but are absent from the file leave the year (their history stays)."""
    builder = _Builder(
        year=year, result=result, places=Places(create_municipalities=create_municipalities, only_region=region)
    )
    rows.check_rows(table, result, check=builder.check, prefetch=builder.prefetch, progress=progress)
    plan = builder.plan
    rows.count_created(result, plan.people, plan.places)
    if sync and not result.problems:
        codes = {region.code} if region is not None else builder.file_regions
        plan.leaving = list(
            Participation.objects.filter(year=year, school__municipality__region__code__in=codes)
            .exclude(school__inn__in=list(builder.seen_inn))
            .select_related("school", "year")
            .order_by("school__short_name")
        )
        result.details += [
            {"name": p.school.short_name, "inn": p.school.inn, "action": "left", "fields": []} for p in plan.leaving
        ]
    return plan


class _Builder:
    """Checks the rows chunk by chunk against what the database holds for the chunk's ИНН and e-mails."""

    def __init__(self, *, year: ProjectYear, result: Result, places: Places):
        self.year = year
        self.result = result
        self.plan = Plan(places=places, people=People())
        self.existing: dict[str, School] = {}
        self.participating: set[str] = set()
        self.directors: dict[str, int] = {}
        self.known_programmes: set[tuple[str, str]] = set()
        self.seen_inn: dict[str, int] = {}
        self.file_regions: set[str] = set()
        self.schools = result.count("schools")
        self.roles = result.count("roles")

    def prefetch(self, chunk) -> None:
        """What the database holds for the chunk's ИНН, replacing the previous chunk's: a row reads only its
        own school's, and an ИНН seen in an earlier row is a duplicate before anything is looked up."""
        inns = [i for i in {v.inn_or_none(row) for row in chunk} if i]
        self.existing = {s.inn: s for s in School.objects.filter(inn__in=inns)}
        inns = list(self.existing)
        self.participating = set(
            Participation.objects.filter(year=self.year, school__inn__in=inns).values_list("school__inn", flat=True)
        )
        self.directors = dict(
            SchoolStaff.objects.filter(kind=SchoolStaff.Kind.DIRECTOR, school__inn__in=inns).values_list(
                "school__inn", "user_id"
            )
        )
        self.known_programmes = set(
            SchoolProgramme.objects.filter(year=self.year, school__inn__in=inns).values_list("school__inn", "title")
        )
        self.plan.people.load(rows.emails(chunk, "director_email"))

    def check(self, rc: RowCheck) -> None:
        places = self.plan.places
        region = rc.call("region", places.region, rc.text("region"))
        municipality = rc.call("municipality", places.municipality, region, rc.text("municipality")) if region else None
        full_name = rc.call("full_name", _text_value, rc.text("full_name"), 500, True)
        short_name = rc.call("short_name", _text_value, rc.text("short_name"), 255, True)
        inn = rc.parse("inn", v.inn)
        if inn and inn in self.seen_inn:
            rc.fail("inn", f"школа с ИНН {inn} уже указана в строке {self.seen_inn[inn]} (дубликат школы в файле).")
            inn = None
        elif inn:
            self.seen_inn[inn] = rc.row.number
        values = {
            "municipality": municipality,
            "full_name": full_name,
            "short_name": short_name,
            "fis_oko_code": rc.call("fis_oko_code", _text_value, rc.text("fis_oko_code"), 64),
            "address": rc.call("address", _text_value, rc.text("address"), 500),
            "locality": rc.parse("locality", v.locality),
        }
        director = self._director(rc)
        programmes = [
            (level, title)
            for column, level in (
                ("federal_programmes", SchoolProgramme.Level.FEDERAL),
                ("regional_programmes", SchoolProgramme.Level.REGIONAL),
            )
            for title in (rc.call(column, _programme_titles, rc.text(column)) or [])
        ]
        if rc.problems:
            return
        self.file_regions.add(region.code)
        school = self._school(inn, values)
        self._programmes(school, inn, programmes)
        if director is not None:
            if director.pk and self.directors.get(inn) == director.pk:
                self.roles.unchanged += 1
            else:
                self.plan.directors.append((school, director))
                self.roles.created += 1

    def _director(self, rc: RowCheck) -> User | None:
        if not (rc.text("director_name") or rc.text("director_email")):
            return None
        name = rc.parse("director_name", v.person_name)
        email = rc.parse("director_email", v.email)
        if not (name and email):
            return None
        return rc.call("director_email", self.plan.people.person, email=email, name=name, row=rc.row.number)

    def _school(self, inn: str, values: dict) -> School:
        plan, counter = self.plan, self.schools
        school = self.existing.get(inn)
        if school is None:
            school = School(inn=inn, **values)
            plan.new_schools.append(school)
            plan.participations.append(school)
            counter.created += 1
            self.result.details.append({"name": values["short_name"], "inn": inn, "action": "created", "fields": []})
            return school
        changed = [
            f
            for f in _FIELDS
            if (getattr(school, f"{f}_id") != values[f].pk if f == "municipality" else getattr(school, f) != values[f])
        ]
        for f in changed:
            setattr(school, f, values[f])
        if changed:
            plan.changed_schools.append(school)
        joins = inn not in self.participating
        if joins:
            plan.participations.append(school)
        if changed or joins:
            counter.updated += 1
            labels = [str(School._meta.get_field(f).verbose_name) for f in changed]
            if joins:
                labels.append(f"включается в {self.year.year} год")
            self.result.details.append(
                {"name": values["short_name"], "inn": inn, "action": "changed", "fields": labels}
            )
        else:
            counter.unchanged += 1
        return school

    def _programmes(self, school: School, inn: str, programmes: list[tuple[str, str]]) -> None:
        if not programmes:
            return
        counter = self.result.count("programmes")
        for level, title in programmes:
            if (inn, title) in self.known_programmes:
                counter.unchanged += 1
            else:
                self.known_programmes.add((inn, title))
                self.plan.programmes.append((school, level, title))
                counter.created += 1


def apply(plan: Plan, *, year: ProjectYear, by: User | None) -> list[User]:
    plan.places.save_new()
    for school in plan.new_schools:
        school.municipality_id = school.municipality.pk
    for school in plan.changed_schools:
        school.municipality_id = school.municipality.pk
    bulk.copy_insert(School, plan.new_schools)  # ИНН checked absent above; ids are read back by ИНН
    if plan.new_schools:
        ids = dict(School.objects.filter(inn__in=[s.inn for s in plan.new_schools]).values_list("inn", "pk"))
        for school in plan.new_schools:
            school.pk = ids[school.inn]
    School.objects.bulk_update(plan.changed_schools, list(_FIELDS), batch_size=1000)
    today = timezone.localdate()  # schools checked not to take part in the year above (a race: IntegrityError)
    bulk.copy_rows(
        Participation, ("school_id", "year_id", "included_on"), [(s.pk, year.pk, today) for s in plan.participations]
    )
    new_users = plan.people.save()
    services.staff_attach_bulk(pairs=plan.directors)
    SchoolProgramme.objects.bulk_create(
        [SchoolProgramme(school_id=s.pk, year=year, level=level, title=title) for s, level, title in plan.programmes],
        batch_size=1000,
        ignore_conflicts=True,
    )
    if plan.leaving:
        services.participations_end(participations=plan.leaving, by=by)
    signals.announce_schools_changed({s.pk for s in [*plan.changed_schools, *plan.participations]})
    return new_users


def _programme_titles(text: str) -> list[str]:
    """«Точка роста; Цифровая образовательная среда» → two titles (each at most 300 characters)."""
    titles = [t.strip() for t in text.replace("\n", ";").split(";") if t.strip()]
    for title in titles:
        v.limited(title, 300)
    return list(dict.fromkeys(titles))


def _text_value(text: str, max_length: int, required: bool = False) -> str:
    if required:
        v.required(text)
    return v.limited(text, max_length)
