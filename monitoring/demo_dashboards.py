"""Demo data of the dashboards area: Smolensk's plan-graph, today's indicator values, one reminder pass."""

import datetime

from django.utils import timezone

from . import calendar as cal
from .models import Milestone, PlanEvent, RegionalPlan
from .services import indicators, planning, reminders


def plan_graph(ctx: dict) -> list[str]:
    """Smolensk's plan-graph from the real template (seed 002), sent, half of the due events done."""
    year = ctx["year"]
    region = ctx["schools"][0].municipality.region
    plan = planning.plan_get_or_create(year=year, region=region)
    if not plan.events.exists():
        planning.plan_fill_from_template(plan=plan)
        plan.events.filter(number__in=[1, 2, 3, 4, 6, 7, 9, 12]).update(
            status=PlanEvent.Status.DONE, done_on=datetime.date(year.year, 3, 22)
        )
        plan.events.filter(number=10).update(status=PlanEvent.Status.FAILED)
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
    snapshots = indicators.snapshots_record(year=year)
    planning.plan_monitoring_record(year=year)  # the regional monitoring dates already passed
    result = reminders.reminders_run(year=year, today=timezone.localdate())
    return [
        f"Мониторинг: записано значений показателей за сегодня — {snapshots}.",
        f"Мониторинг: напоминаний {result.reminders}, эскалаций {result.escalations} "
        f"(уведомлений {result.notifications}); повторный `manage.py send_reminders` ничего не отправит.",
    ]
