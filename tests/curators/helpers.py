"""Builders of curators'-work objects for tests and the authorization matrix."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from curators.models import (
    EvaluationCriterion,
    Event,
    EventInvite,
    Message,
    MessageAttachment,
    PlannedVisit,
    Thread,
    Visit,
    VisitAction,
    VisitAttachment,
)
from curators.services import appointments, consultations
from monitoring.models import Evidence, IndicatorValue, MeasureStatus, MonitoringReport
from monitoring.services import stages as stage_services
from roadmaps.models import Document, Indicator, Measure, RoadmapSection
from schools import services as school_services
from surveys.models import RiskDirection
from surveys.risk_catalogue import risk_directions_create_default
from tests import factories as f
from yearcalendar.services import calendar_create_default

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "протокол.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def visit(cast, school=None, *, held_on=None, status=Visit.Status.AWAITING, curator=None) -> Visit:
    school = school or cast.school_a
    return Visit.objects.create(
        school=school,
        year=cast.year,
        curator=curator or cast.curator,
        held_on=held_on or datetime.date(cast.year.year, 3, 5),
        participants="Директор, завуч",
        topics="Верификация РПШ",
        status=status,
    )


def foreign_curator(cast):
    user = f.UserFactory(email="foreign-curator@example.ru")
    school_services.curator_assign(school=cast.foreign_school, year=cast.year, curator=user)
    return user


def foreign_visit(cast) -> Visit:
    return visit(cast, cast.foreign_school, curator=foreign_curator(cast))


def visit_action(cast) -> VisitAction:
    return VisitAction.objects.create(visit=visit(cast), text="Провести педсовет")


def visit_attachment(cast) -> VisitAttachment:
    a = VisitAttachment(visit=visit(cast), name="протокол.pdf", size=len(PDF))
    a.file.save("протокол.pdf", ContentFile(PDF), save=False)
    a.save()
    return a


def visit_with_criteria(cast) -> Visit:
    EvaluationCriterion.objects.create(year=cast.year, order=0, title="Изменения в преподавании")
    return visit(cast)


def thread(cast, school=None, kind=Thread.Kind.CURATOR, author=None) -> Thread:
    school = school or cast.school_a
    if author is None:
        author = cast.director if school == cast.school_a else cast.outsider
    return consultations.thread_create(
        school=school, year=cast.year, kind=kind, author=author, subject="Как заполнить дорожную карту?", body="Вопрос"
    )


def foreign_thread(cast) -> Thread:
    foreign_curator(cast)
    return thread(cast, cast.foreign_school)


def answer(cast) -> Message:
    t = thread(cast)
    return consultations.message_create(thread=t, author=cast.curator, body="Ответ куратора", from_school=False)


def message_attachment(cast) -> MessageAttachment:
    m = answer(cast)
    a = MessageAttachment(message=m, name="образец.pdf", size=len(PDF))
    a.file.save("образец.pdf", ContentFile(PDF), save=False)
    a.save()
    return a


def confirmed_roadmap(cast, school=None) -> Document:
    """A confirmed roadmap with one section, two indicators and two measures (built on roadmaps' models)."""
    school = school or cast.school_a
    if not RiskDirection.objects.filter(year=cast.year).exists():
        risk_directions_create_default(year=cast.year)
    direction = RiskDirection.objects.filter(year=cast.year).order_by("number").first()
    doc = Document.objects.create(school=school, year=cast.year, kind="roadmap", status="confirmed")
    section = RoadmapSection.objects.create(document=doc, direction=direction, goal="Цель")
    Indicator.objects.create(section=section, name="Доля успевающих", unit="%", baseline=60, target=80)
    Indicator.objects.create(section=section, name="Число открытых уроков", unit="шт.", baseline=2, target=10)
    Measure.objects.create(section=section, title="Педсовет", ends_on=datetime.date(cast.year.year, 4, 10))
    Measure.objects.create(section=section, title="Открытые уроки", ends_on=datetime.date(cast.year.year, 5, 20))
    return doc


def report(cast, school=None, *, status=MonitoringReport.Status.DRAFT, stage=1) -> MonitoringReport:
    school = school or cast.school_a
    r = MonitoringReport.objects.create(school=school, year=cast.year, stage=stage, status=status)
    IndicatorValue.objects.create(
        report=r, indicator_ref=1, title="Доля успевающих", unit="%", baseline=60, target=80, actual=Decimal(65)
    )
    MeasureStatus.objects.create(report=r, measure_ref=1, title="Педсовет", status=MeasureStatus.Status.DONE)
    return r


def submitted_report(cast) -> MonitoringReport:
    return report(cast, status=MonitoringReport.Status.SUBMITTED)


def evidence(cast) -> Evidence:
    e = Evidence(report=report(cast), name="протокол.pdf", size=len(PDF))
    e.file.save("протокол.pdf", ContentFile(PDF), save=False)
    e.save()
    return e


def event(cast, *, held_on=None) -> Event:
    e = Event.objects.create(
        year=cast.year,
        region=cast.region,
        kind=Event.Kind.SETUP_SEMINAR,
        title="Установочный семинар",
        held_on=held_on or datetime.date(cast.year.year, 2, 15),
    )
    EventInvite.objects.create(event=e, school=cast.school_a)
    EventInvite.objects.create(event=e, school=cast.school_c)
    return e


def contract(cast):
    return appointments.contract_create(
        by=cast.municipal,
        year=cast.year,
        curator=cast.curator,
        number="К-7",
        signed_on=datetime.date(cast.year.year, 3, 1),
        starts_on=datetime.date(cast.year.year, 3, 1),
        ends_on=datetime.date(cast.year.year, 12, 31),
        schools=[cast.school_a, cast.school_b],
    )


def calendar(cast):
    calendar_create_default(year=cast.year)


def candidate(cast, *, municipality="mun_a", decision="pending", email="candidate@example.ru"):
    """A curator candidate in mun_a's pool (or the region's own pool with municipality=None)."""
    from schools.models import CuratorCandidate

    user = f.UserFactory(email=email, last_name="Кандидатова", first_name="Вера")
    return CuratorCandidate.objects.create(
        user=user,
        year=cast.year,
        region=cast.region,
        municipality=getattr(cast, municipality) if municipality else None,
        workplace="заместитель директора",
        decision=decision,
        interview_on=datetime.date(cast.year.year, 2, 5) if decision == "selected" else None,
    )


def confirmed_stage_report(cast) -> MonitoringReport:
    """Stage 1 of school_a confirmed by the curator: values, one measure done, one not started, evidence."""
    calendar(cast)
    confirmed_roadmap(cast)
    report = stage_services.report_start(
        school=cast.school_a, year=cast.year, stage=1, by=cast.director, today=datetime.date(cast.year.year, 5, 15)
    )
    measures = list(report.measure_statuses.all())
    stage_services.report_save(
        report=report,
        by=cast.director,
        actuals={v.indicator_ref: (Decimal("70"), "") for v in report.indicator_values.all()},
        statuses={
            measures[0].measure_ref: ("done", ""),
            measures[1].measure_ref: ("not_started", "Учитель на больничном"),
        },
        difficulty_ids=[],
        difficulties_other="Нехватка времени у педагогов",
    )
    stage_services.evidence_add(
        report=report,
        file=pdf_upload("протокол педсовета.pdf"),
        by=cast.director,
        measure_ref=measures[0].measure_ref,
    )
    stage_services.report_submit(report=report, by=cast.director, today=datetime.date(cast.year.year, 5, 20))
    stage_services.report_confirm(report=report, by=cast.curator)
    return report


def planned_visit(cast):
    return PlannedVisit.objects.create(
        school=cast.school_a, year=cast.year, curator=cast.curator, planned_on=datetime.date(cast.year.year, 12, 30)
    )
