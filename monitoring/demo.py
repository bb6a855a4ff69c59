"""Demo data of monitoring: Smolensk's plan-graph, a stage-1 report waiting for its curator, today's indicator
values and one reminder pass (called by `load_demo` after the curators' demo). Idempotent."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from roadmaps import services as roadmap_services
from roadmaps.models import Document, DocumentKind
from schools.models import CuratorAssignment
from surveys import demo as survey_demo
from yearcalendar import services as cal
from yearcalendar.models import Milestone

from .models import MonitoringReport, MunicipalPlan, PlanEvent, RegionalPlan
from .services import indicators, planning, readmodel, reminders, school_reports, stages, support_plans

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plan_graph(ctx: dict) -> list[str]:
    """Smolensk's plan-graph from the real template (seed 002), sent, half of the due events done."""
    year = ctx["year"]
    region = ctx["schools"][0].municipality.region
    plan = planning.plan_get_or_create(year=year, region=region)
    if not plan.events.exists():
        planning.plan_fill_from_template(plan=plan)
        plan.events.filter(number__in=[1, 2, 3, 4, 6, 7, 9, 12]).update(
            status=PlanEvent.Status.DONE, done_on=cal.milestone_dates(year=year, code="regional_plan").due_on
        )
        plan.events.filter(number=10).update(status=PlanEvent.Status.FAILED)
    if not plan.order_number:
        planning.plan_order_set(
            plan=plan, number="67/01-04", date=datetime.date(year.year, 3, 18), by=ctx["users"]["regional"]
        )
    if plan.status == RegionalPlan.Status.DRAFT:
        planning.plan_submit(plan=plan, by=ctx["users"]["regional"])
    # Smolensk moved its curators' deadline by a week (the federal date stays visible beside it).
    milestone = Milestone.objects.filter(year=year, code="curators_appointed").first()
    if milestone:
        cal.milestone_override_set(
            milestone=milestone, region=region, due_on=milestone.due_on + datetime.timedelta(days=7)
        )
    return [f"Мониторинг: план-график «{region}» — {plan.events.count()} мероприятий, направлен на оценку."]


def indicators_and_reminders(ctx: dict) -> list[str]:
    """Records today's indicator values and runs the reminder pass once (a rerun sends nothing)."""
    year = ctx["year"]
    schools = readmodel.indicator_states_rebuild(year=year)  # the dashboards' read model, from the demo's data
    snapshots = indicators.snapshots_record(year=year)
    planning.plan_monitoring_record(year=year)  # the regional monitoring dates already passed
    result = reminders.reminders_run(year=year, today=timezone.localdate())
    return [
        f"Мониторинг: показатели дашбордов пересчитаны для {schools} школ; "
        f"записано значений показателей за сегодня — {snapshots}.",
        f"Мониторинг: напоминаний {result.reminders}, эскалаций {result.escalations} "
        f"(уведомлений {result.notifications}); повторный `manage.py send_reminders` ничего не отправит.",
    ]


def _director(school):
    post = school.staff.select_related("user").order_by("kind").first()
    return post.user if post else None


def _stage_report(ctx, today) -> list[str]:
    """A stage-1 report waiting for the curator, on a roadmap built and confirmed through the roadmaps app."""
    year, demo_curator = ctx["year"], ctx["users"].get("curator")
    if MonitoringReport.objects.filter(year=year).exists():
        return []
    candidates = CuratorAssignment.objects.filter(year=year, school__in=ctx["schools"]).select_related(
        "school__municipality", "curator"
    )
    # The first school of another curator with a profile the diagnosis can take to activated directions.
    school = curator = director = None
    for a in candidates:
        if a.curator_id == getattr(demo_curator, "pk", None):
            continue
        if Document.objects.filter(school=a.school, year=year, kind=DocumentKind.ROADMAP).exists():
            continue
        if _director(a.school) and survey_demo.diagnosis_complete(school=a.school, year=year, curator=a.curator):
            school, curator, director = a.school, a.curator, _director(a.school)
            break
    if school is None:
        return []
    roadmap = roadmap_services.roadmap_prepare(school=school, year=year)
    for section in roadmap.sections.all():
        roadmap_services.section_update(
            section=section,
            goal="Снизить долю обучающихся с рисками",
            tasks="Адресная поддержка",
            revision=None,
            by=director,
        )
        roadmap_services.measure_create(
            section=section,
            data={
                "title": f"Консультации для обучающихся ({section.direction.title[:40]})",
                "starts_on": today - datetime.timedelta(days=51),
                "ends_on": today + datetime.timedelta(days=10),
                "responsible": "Заместитель директора по УВР",
            },
            by=director,
        )
        roadmap_services.indicator_create(
            section=section,
            data={"name": "Доля обучающихся, получивших адресную поддержку", "unit": "%", "baseline": 20, "target": 80},
            by=director,
        )
    roadmap_services.document_submit(document=roadmap, by=director)
    roadmap_services.document_confirm(document=roadmap, by=curator)
    dates = stages.stage_dates(school=school, year=year, stage=1)
    start_day = max(today, dates.starts_on) if dates and dates.starts_on else today
    report = stages.report_start(school=school, year=year, stage=1, by=director, today=start_day)
    stages.report_save(
        report=report,
        by=director,
        actuals={v.indicator_ref: (Decimal("45"), "по журналу консультаций") for v in report.indicator_values.all()},
        statuses={m.measure_ref: ("in_progress", "") for m in report.measure_statuses.all()},
        difficulty_ids=list(year.difficulties.values_list("pk", flat=True)[:2]),
        difficulties_other="Не хватает времени на индивидуальные консультации",
    )
    stages.evidence_add(
        report=report, file=SimpleUploadedFile("Журнал консультаций.pdf", PDF), by=director, title="Журнал консультаций"
    )
    stages.report_submit(report=report, by=director, late_reason="Ждали протокол педсовета для подтверждения")
    school_reports.school_report_save(
        school=school,
        year=year,
        by=director,
        analysis="Консультации идут по графику; доля обучающихся с адресной поддержкой выросла с 20 до 45 %.",
    )
    return [f"Мониторинг: отчёт 1 этапа школы {school.short_name} ждёт подтверждения куратора {curator.email}."]


def support_plan(ctx: dict) -> list[str]:
    """The demo municipality's support plan for its schools, sent to the region for approval."""
    year, municipal = ctx["year"], ctx["users"].get("municipal")
    role = (
        municipal.roles.filter(year=year, kind="municipal").select_related("municipality").first()
        if municipal
        else None
    )
    if role is None or MunicipalPlan.objects.filter(year=year, municipality=role.municipality).exists():
        return []
    schools = [s for s in ctx["schools"] if s.municipality_id == role.municipality_id]
    for title, school, due in (
        ("Методический семинар для директоров ШНОР района", None, datetime.date(year.year, 4, 15)),
        ("Выездная консультация муниципальной методической службы", schools[0] if schools else None, None),
    ):
        support_plans.measure_add(
            year=year,
            municipality=role.municipality,
            title=title,
            responsible="Отдел образования",
            due_on=due or datetime.date(year.year, 5, 20),
            school=school,
        )
    plan = support_plans.plan_submit(
        plan=MunicipalPlan.objects.get(year=year, municipality=role.municipality), by=municipal
    )
    return [f"Мониторинг: план поддержки ШНОР «{plan.municipality}» ждёт утверждения региона."]


def load(ctx: dict) -> list[str]:
    stages.difficulties_create_default(year=ctx["year"])
    lines = plan_graph(ctx)
    lines += support_plan(ctx)
    lines += _stage_report(ctx, timezone.localdate())
    lines += indicators_and_reminders(ctx)
    return lines
