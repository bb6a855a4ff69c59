"""Hand-built data with known shares for the monitoring dashboards' tests."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from curators.models import Event, EventInvite, Visit
from monitoring.models import Difficulty, MonitoringReport, PlanEvent, RegionalPlan
from monitoring.services import readmodel
from roadmaps.models import Document
from schools import services as school_services
from surveys.models import (
    Questionnaire,
    Response,
    RiskActivation,
    RiskDirection,
    RiskProfile,
    RiskProfileEntry,
    SchoolHeadcount,
)
from tests import factories as f
from yearcalendar import services as cal

TODAY = datetime.date(2026, 2, 20)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Evidence files and generated reports go to this test's own folder."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    return media


@pytest.fixture
def calendar(cast):
    cal.calendar_create_default(year=cast.year)
    return cast.year


@pytest.fixture
def world(cast, calendar):
    """Smolensk region, three schools (a, b in mun_a; c in mun_b) with these facts:

    logins 2/3 (a and b have staff with passwords; c's director never got one), curators 2/3 (a, b),
    risk directions 1/3 (a), visits 1/3 (a; b disputes its visit, c has not confirmed yet), seminar 1/3
    (a attended on site, b did not, c only remotely),
    monitoring stage 1 confirmed 1/3 (a; b only submitted), regional plan sent with 1 of 2 due events done,
    directors' questionnaire 1/3 (a), questionnaires complete 1/3 (a), conceptual documents 2/3 (a, b).
    """
    director_b = f.UserFactory(email="director-b@example.ru")
    school_services.staff_attach(school=cast.school_b, user=director_b)
    director_c = f.UserFactory(email="director-c@example.ru")
    director_c.set_unusable_password()
    director_c.save()
    school_services.staff_attach(school=cast.school_c, user=director_c)
    direction = RiskDirection.objects.create(
        year=cast.year, number=1, code="equipment", title="Низкий уровень оснащения школы"
    )
    RiskActivation.objects.create(school=cast.school_a, direction=direction)
    for school, status in ((cast.school_a, "confirmed"), (cast.school_b, "disputed")):
        Visit.objects.create(
            school=school,
            year=cast.year,
            curator=cast.curator,
            held_on=datetime.date(2026, 2, 10),
            participants="директор",
            topics="РПШ",
            status=status,
        )
    event = Event.objects.create(
        year=cast.year,
        region=cast.region,
        kind="setup_seminar",
        title="Установочный семинар",
        held_on=datetime.date(2026, 2, 12),
    )
    EventInvite.objects.create(event=event, school=cast.school_a, attended=True)
    EventInvite.objects.create(event=event, school=cast.school_b, attended=False)
    # c attended only remotely and its visit still waits for the school's confirmation: neither counts.
    remote = Event.objects.create(
        year=cast.year,
        region=cast.region,
        kind="setup_seminar",
        format="remote",
        title="Установочный семинар (онлайн)",
        held_on=datetime.date(2026, 2, 13),
    )
    EventInvite.objects.create(event=remote, school=cast.school_c, attended=True)
    Visit.objects.create(
        school=cast.school_c,
        year=cast.year,
        curator=cast.curator,
        held_on=datetime.date(2026, 2, 11),
        participants="директор",
        topics="РПШ",
    )
    report_a = MonitoringReport.objects.create(school=cast.school_a, year=cast.year, stage=1, status="confirmed")
    report_a.difficulties.add(Difficulty.objects.create(year=cast.year, title="Недостаток времени у педагогов"))
    MonitoringReport.objects.create(school=cast.school_b, year=cast.year, stage=1, status="submitted")
    plan = RegionalPlan.objects.create(year=cast.year, region=cast.region, status=RegionalPlan.Status.SUBMITTED)
    PlanEvent.objects.create(
        plan=plan,
        number=1,
        description="Семинар",
        due_on=datetime.date(2026, 2, 1),
        status=PlanEvent.Status.DONE,
        responsible="РК",
    )
    PlanEvent.objects.create(
        plan=plan, number=2, description="Консультации", due_on=datetime.date(2026, 2, 10), responsible="РК"
    )
    PlanEvent.objects.create(
        plan=plan, number=3, description="Итоги", due_on=datetime.date(2026, 12, 20), responsible="РК"
    )
    # Questionnaires: school_a complete (director + 6 of 10 teachers), school_b 5 of 10 teachers, no director.
    director_q = Questionnaire.objects.create(year=cast.year, group="director", title="Анкета директора", checksum="d")
    teacher_q = Questionnaire.objects.create(year=cast.year, group="teacher", title="Анкета педагога", checksum="t")
    Response.objects.create(questionnaire=director_q, year=cast.year, group="director", school=cast.school_a)
    for school, n in ((cast.school_a, 6), (cast.school_b, 5)):
        SchoolHeadcount.objects.create(school=school, year=cast.year, teachers=10)
        for _ in range(n):
            Response.objects.create(questionnaire=teacher_q, year=cast.year, group="teacher", school=school)
    # Conceptual documents: a (with its anti-risk programme) and b (no risk directions) are complete.
    for school in (cast.school_a, cast.school_b):
        for kind in ("concept", "midterm", "roadmap"):
            Document.objects.create(school=school, year=cast.year, kind=kind, status="confirmed")
    Document.objects.create(
        school=cast.school_a, year=cast.year, kind="antirisk", direction=direction, status="confirmed"
    )
    Document.objects.create(school=cast.school_c, year=cast.year, kind="concept", status="submitted")
    # Published risk profiles: school_a high on one direction, low on another.
    other = RiskDirection.objects.create(year=cast.year, number=2, code="staff", title="Дефицит педагогических кадров")
    profile = RiskProfile.objects.create(
        school=cast.school_a, year=cast.year, method_version="1", published_at=timezone.now()
    )
    RiskProfileEntry.objects.create(profile=profile, direction=direction, level="high")
    RiskProfileEntry.objects.create(profile=profile, direction=other, level="low")
    # The test transaction never commits, so the dashboards' read model is built here (as after a commit).
    readmodel.indicator_states_rebuild(year=cast.year)
    return cast


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def add_schools(*, year, region=None, municipality=None, n: int, curator=None):
    """n more participating schools (each with a director, some with a curator and a risk direction)."""
    municipality = municipality or f.MunicipalityFactory(region=region or f.RegionFactory())
    schools = []
    for i in range(n):
        school = f.SchoolFactory(municipality=municipality)
        f.ParticipationFactory(school=school, year=year)
        school_services.staff_attach(school=school, user=f.UserFactory())
        if curator is not None and i % 2 == 0:
            school_services.curator_assign(school=school, year=year, curator=curator)
        schools.append(school)
    readmodel.indicator_states_rebuild(year=year)
    return schools
