"""A believable demo (idempotent): year 2026, Smolensk from seed 004, Yaroslavl from seed 002, one login per role.

People are invented. Every demo account gets the same fixed password, printed at the end with the URL.
Then each app's `demo.load(ctx)` adds its own demo data, bottom layer first. A failing app's demo fails the
whole command: a broken demo is a bug, not something to step over.
"""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from curators import demo as curators_demo
from curators.services import visits
from monitoring import demo as monitoring_demo
from monitoring.services import readmodel
from outcomes import demo as outcomes_demo
from roadmaps import demo as roadmaps_demo
from schools import demo_data as d
from schools import regions, services, yearsetup
from schools.models import Municipality, Participation, ProjectYear, Region, RoleAssignment, School, User
from surveys import demo as surveys_demo
from yearcalendar.models import Milestone
from yearcalendar.services import DEFAULT_CALENDAR, calendar_dates_set

# The demo's «today» is this (month, day) of the federal calendar (see `_place_calendar`).
DEMO_TODAY = (4, 24)

# Each step builds on the ones before it (the roadmap needs the diagnosis, monitoring needs both).
DEMO_STEPS = (surveys_demo, roadmaps_demo, curators_demo, monitoring_demo, outcomes_demo)


class Command(BaseCommand):
    help = "Загружает демонстрационные данные (повторный запуск ничего не дублирует) и печатает логины."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="загрузить и при DEBUG=0 (создаёт администратора с общеизвестным паролем — не для рабочей установки)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo создаёт пользователей с общеизвестным паролем и не запускается при DEBUG=0. "
                "Для стенда, который никто не увидит снаружи, добавьте --force."
            )
        with transaction.atomic():
            ctx = self._load()
            lines: list[str] = []
            for step in DEMO_STEPS:
                lines.extend(step.load(ctx) or [])
            # Later steps (the outcomes' diagnoses) publish profiles in bulk, which sends no model signals:
            # the dashboards' read model is rebuilt from the finished demo.
            readmodel.indicator_states_rebuild(year=ctx["year"])
        for line in lines:
            self.stdout.write(line)
        self._print_logins(ctx)

    def _load(self) -> dict:
        self._password = make_password(d.DEMO_PASSWORD)
        # The same federal template the «Новый год проекта» page uses (calendar, directions, questionnaires, …).
        today = timezone.localdate()
        year = ProjectYear.objects.filter(year=today.year).first()
        if year is None:
            year = yearsetup.year_create(number=today.year, source=None, by=None)
        else:
            yearsetup.year_fill_defaults(year=year)
        yearsetup.year_make_current(year=year, by=None)
        self._place_calendar(year, today)
        regions.regions_create_default()

        smolensk = self._region(d.SMOLENSK)
        yaroslavl = self._region(d.YAROSLAVL)
        schools = {}
        for region, names, rows in (
            (smolensk, d.SMOLENSK_MUNICIPALITIES, d.SMOLENSK_SCHOOLS),
            (yaroslavl, d.YAROSLAVL_MUNICIPALITIES, d.YAROSLAVL_SCHOOLS),
        ):
            municipalities = {name: Municipality.objects.get_or_create(region=region, name=name)[0] for name in names}
            for row in rows:
                school, _ = School.objects.update_or_create(
                    inn=row.inn,
                    defaults={
                        "municipality": municipalities[row.municipality],
                        "short_name": row.short_name,
                        "full_name": row.full_name,
                        "fis_oko_code": row.fis_oko_code,
                        "address": row.address,
                        "locality": School.Locality.RURAL if row.rural else School.Locality.URBAN,
                    },
                )
                Participation.objects.get_or_create(school=school, year=year)
                director = self._user(row.director_email, row.director, position="директор")
                services.staff_attach(school=school, user=director)
                schools[row.key] = school

        users = {
            "admin": self._user(d.email(d.ADMIN[0]), d.ADMIN[1], is_staff=True, is_superuser=True),
            "federal": self._user(d.email(d.FEDERAL[0]), d.FEDERAL[1], position="федеральный координатор"),
        }
        RoleAssignment.objects.get_or_create(user=users["federal"], kind="federal", year=year)
        for region in (smolensk, yaroslavl):
            local, name = d.REGIONAL[region.code]
            user = self._user(d.email(local), name, position="региональный координатор")
            RoleAssignment.objects.get_or_create(user=user, kind="regional", year=year, region=region)
            users.setdefault("regional", user)
        for mun_name, (local, name) in d.MUNICIPAL.items():
            user = self._user(d.email(local), name, position="муниципальный координатор")
            municipality = Municipality.objects.get(region=smolensk, name=mun_name)
            RoleAssignment.objects.get_or_create(
                user=user, kind="municipal", year=year, region=smolensk, municipality=municipality
            )
            users.setdefault("municipal", user)
        # Curators were appointed on the calendar's date and signed their contracts later (seed 004: 15.02, 01.03).
        appointed = Milestone.objects.get(year=year, code="curators_appointed").due_on
        contracted = Milestone.objects.get(year=year, code="curator_contracts").due_on
        for number, (local, name, keys) in enumerate(d.CURATORS, start=1):
            user = self._user(d.email(local), name, position="куратор")
            for key in keys:
                current = schools[key].curatorships.filter(year=year).first()
                if current is None or current.curator_id != user.pk or current.appointed_on != appointed:
                    services.curator_assign(
                        school=schools[key],
                        year=year,
                        curator=user,
                        contract_number=f"К-{year.year}-{number:02d}",
                        contract_date=contracted,
                        appointed_on=appointed,
                    )
            users.setdefault("curator", user)
        users["director"] = User.objects.get(email=d.SMOLENSK_SCHOOLS[0].director_email)
        ordered = [schools[s.key] for s in d.SMOLENSK_SCHOOLS] + [schools[s.key] for s in d.YAROSLAVL_SCHOOLS]
        return {"year": year, "schools": ordered, "users": users}

    def _place_calendar(self, year: ProjectYear, today) -> None:
        """The federal template's calendar moved so that today is its 24 April: the survey window, the profiles'
        publication, the curators' appointment and contracts are behind, roadmaps were due a month ago, the concept
        documents are due in six days and monitoring stage 1 opens in a week — a plausible mid-year whatever the
        date the demo is loaded on."""
        offset = today - datetime.date(year.year, *DEMO_TODAY)
        dates = {}
        template = {code: (start, due) for code, _t, start, due, _i in DEFAULT_CALENDAR}
        for milestone in Milestone.objects.filter(year=year, code__in=template):
            start, due = template[milestone.code]
            dates[milestone.pk] = (
                datetime.date(year.year, start[1], start[0]) + offset if start else None,
                datetime.date(year.year, due[1], due[0]) + offset,
            )
        calendar_dates_set(year=year, dates=dates)
        phases = dict(
            Milestone.objects.filter(year=year, code__in=["first_visit", "concept_documents"]).values_list(
                "code", "due_on"
            )
        )
        visits.visit_rule_save(
            year=year, formation_from=phases["first_visit"], implementation_from=phases["concept_documents"]
        )

    def _region(self, code_name: tuple[str, str]) -> Region:
        code, name = code_name
        region = Region.objects.filter(code=code).first() or Region.objects.filter(name=name).first()
        return region or Region.objects.create(code=code, name=name)

    def _user(self, email: str, name: tuple[str, str, str], **extra) -> User:
        last, first, middle = name
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"last_name": last, "first_name": first, "middle_name": middle, "password": self._password}
            | extra,
        )
        if not created and not user.has_usable_password():
            user.password = self._password
            user.save(update_fields=["password"])
        return user

    def _print_logins(self, ctx: dict) -> None:
        users = ctx["users"]
        url = settings.SITE_URL + "/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Демо-данные загружены. Портал: {url}"))
        self.stdout.write(f"Пароль всех демо-пользователей: {d.DEMO_PASSWORD}")
        rows = [
            ("администратор", users["admin"]),
            ("федеральный координатор", users["federal"]),
            ("региональный координатор (Смоленская обл.)", users["regional"]),
            ("муниципальный координатор (Краснинский район)", users["municipal"]),
            ("куратор (МБОУ «Гусинская СШ»)", users["curator"]),
            ("директор МБОУ «Гусинская СШ»", users["director"]),
        ]
        for title, user in rows:
            self.stdout.write(f"  {title:<48} {user.email}")
        self.stdout.write(f"  директора других школ: director.<школа>@{d.DOMAIN} (см. «Школы» → карточка школы)")
