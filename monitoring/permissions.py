"""Who may see which dashboard, plan-graph, stage report and generated report — on top of schools.permissions.

Outsiders get 404; a user who may see the object but not act on it gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from schools import permissions as base
from schools.models import Region

from .models import Evidence, MonitoringReport, RegionalPlan, Report, SchoolReport

Cap = base.Cap
current_year = base.current_year
scope_for = base.scope_for
visible_schools = base.visible_schools
get_school_for_user = base.get_school_for_user
require_year = base.require_year
get_region_for_user = base.get_region_for_user
get_municipality_for_user = base.get_municipality_for_user


def require_federal(user) -> base.Scope:
    return base.require_federal(user)


def get_calendar_region_for_user(user, pk: int) -> Region:
    """A region's calendar is open to everyone who works in it (coordinators, curators, schools)."""
    region = get_object_or_404(Region, pk=pk)
    scope = scope_for(user)
    if not (
        scope.everything
        or region.pk in scope.region_ids
        or visible_schools(user).filter(municipality__region=region).exists()
    ):
        raise Http404
    return region


def can_edit_region(user, region_id: int) -> bool:
    """Only the region's own coordinator edits its dates and plan-graph (federal sees, scores)."""
    return region_id in scope_for(user).region_ids


def check_edit_region(user, region_id: int) -> None:
    base.check_region(user, region_id)
    if not can_edit_region(user, region_id):
        raise PermissionDenied("Изменять может только региональный координатор этого региона")


def get_plan_for_user(user, pk: int, *, edit: bool = False, score: bool = False) -> RegionalPlan:
    plan = get_object_or_404(RegionalPlan.objects.select_related("region", "year"), pk=pk)
    base.check_region(user, plan.region_id)
    if edit and not can_edit_region(user, plan.region_id):
        raise PermissionDenied("Изменять план-график может только региональный координатор")
    if score and not scope_for(user).everything:
        raise PermissionDenied("Оценивает план-график федеральный координатор")
    return plan


def check_report_target(user, *, kind: str, school_id=None, region_id=None) -> None:
    if kind == Report.Kind.SCHOOL:
        base.get_school_for_user(user, school_id)
    elif kind == Report.Kind.REGION:
        if region_id is None:
            raise Http404
        base.check_region(user, region_id)
    else:
        base.require_federal(user)


def get_report_for_user(user, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("school__municipality", "region"), pk=pk)
    # Whoever may request a report for the same target may see it (one asks, a colleague downloads).
    check_report_target(user, kind=report.kind, school_id=report.school_id, region_id=report.region_id)
    return report


def dashboard_home_url(user) -> str | None:
    """Where «Мониторинг» leads this user: the widest dashboard they may see."""
    from django.urls import reverse

    scope = scope_for(user)
    if scope.everything:
        return reverse("monitoring:dashboard_federal")
    if scope.region_ids:
        return reverse("monitoring:dashboard_region", args=[min(scope.region_ids)])
    if scope.municipality_ids:
        return reverse("monitoring:dashboard_municipality", args=[min(scope.municipality_ids)])
    return None


def get_stage_report_for_user(user, pk: int, cap: Cap = Cap.VIEW) -> tuple[MonitoringReport, frozenset[Cap]]:
    report = get_object_or_404(MonitoringReport.objects.select_related("school__municipality__region", "year"), pk=pk)
    return report, base.check_school(user, report.school, cap)


def get_evidence_for_user(user, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("report__school__municipality"), pk=pk)
    base.check_school(user, evidence.report.school)
    return evidence


def get_school_report_for_decision(user, school_pk: int):
    """The school's report for the municipal coordinator of its municipality (others who see the school: 403)."""
    school, _ = base.get_school_for_user(user, school_pk)
    if school.municipality_id not in scope_for(user).municipality_ids:
        raise PermissionDenied("Отчёт рассматривает муниципальный координатор школы")
    report = SchoolReport.objects.filter(school=school, year=require_year()).select_related("school").first()
    if report is None:
        raise Http404("Отчёт ещё не создан")
    return report


def can_decide_school_report(user, school) -> bool:
    return school.municipality_id in scope_for(user).municipality_ids


def get_support_plan_municipality(user, pk: int, *, edit: bool = False, approve: bool = False):
    """The municipality's support plan: everyone in scope sees it; its municipal coordinator edits it and the
    region's coordinator approves it (others who see it: 403)."""
    municipality = base.get_municipality_for_user(user, pk)
    scope = scope_for(user)
    if edit and municipality.pk not in scope.municipality_ids:
        raise PermissionDenied("План поддержки составляет муниципальный координатор")
    if approve and municipality.region_id not in scope.region_ids:
        raise PermissionDenied("План поддержки утверждает региональный координатор")
    return municipality
