"""The municipal support plan: the municipal coordinator writes measures for the municipality's ШНОР and sends
the plan to the region, which approves it or returns it with a reason."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit import services as audit
from notifications import services as notifications
from notifications.models import Kind
from schools.models import Municipality, ProjectYear, RoleAssignment, School, User

from ..models import MunicipalMeasure, MunicipalPlan

MIN_REASON = 10


def plan_for(*, year: ProjectYear, municipality: Municipality) -> MunicipalPlan | None:
    return MunicipalPlan.objects.filter(year=year, municipality=municipality).first()


def _require_editable(plan: MunicipalPlan) -> None:
    if not plan.is_editable:
        raise ValidationError(f"План {plan.get_status_display()}: изменить его нельзя.")


@transaction.atomic
def measure_add(
    *,
    year: ProjectYear,
    municipality: Municipality,
    title: str,
    responsible: str,
    due_on: datetime.date,
    starts_on: datetime.date | None = None,
    school: School | None = None,
) -> MunicipalMeasure:
    plan, _ = MunicipalPlan.objects.get_or_create(year=year, municipality=municipality)
    _require_editable(plan)
    if school is not None and school.municipality_id != municipality.pk:
        raise ValidationError("Школа не из этого муниципалитета.")
    if starts_on and starts_on > due_on:
        raise ValidationError("Дата начала позже срока мероприятия.")
    if not title.strip() or not responsible.strip():
        raise ValidationError("Укажите мероприятие и ответственного.")
    return MunicipalMeasure.objects.create(
        plan=plan,
        school=school,
        title=title.strip(),
        responsible=responsible.strip(),
        starts_on=starts_on,
        due_on=due_on,
    )


def measure_status_set(*, measure: MunicipalMeasure, status: str) -> MunicipalMeasure:
    if status not in MunicipalMeasure.Status.values:
        raise ValidationError("Неизвестный статус мероприятия.")
    measure.status = status
    measure.save(update_fields=["status"])
    return measure


def _audit(plan: MunicipalPlan, *, by: User, to: str, reason: str = "") -> None:
    audit.record(
        actor=by,
        action="state_change",
        obj=plan,
        region_id=plan.municipality.region_id,
        details={"from": plan.status, "to": str(to), "reason": reason},
    )


def _tell(plan: MunicipalPlan, *, kind: str, role: str, title: str) -> None:
    roles = RoleAssignment.objects.filter(year=plan.year, kind=role).select_related("user")
    if role == RoleAssignment.Kind.REGIONAL:
        roles = roles.filter(region_id=plan.municipality.region_id)
    else:
        roles = roles.filter(municipality=plan.municipality)
    notifications.notify(
        users=[r.user for r in roles],
        kind=kind,
        title=title[:500],
        url=reverse("monitoring:support_plan_detail", args=[plan.municipality_id]),
    )


@transaction.atomic
def plan_submit(*, plan: MunicipalPlan, by: User) -> MunicipalPlan:
    plan = MunicipalPlan.objects.select_for_update().select_related("municipality").get(pk=plan.pk)
    _require_editable(plan)
    if not plan.measures.exists():
        raise ValidationError("В плане нет ни одного мероприятия.")
    _audit(plan, by=by, to=MunicipalPlan.Status.SUBMITTED)
    plan.status, plan.submitted_at, plan.return_reason = MunicipalPlan.Status.SUBMITTED, timezone.now(), ""
    plan.save(update_fields=["status", "submitted_at", "return_reason"])
    _tell(
        plan,
        kind=Kind.DOCUMENT_SUBMITTED,
        role=RoleAssignment.Kind.REGIONAL,
        title=f"{plan.municipality}: план поддержки ШНОР ждёт утверждения",
    )
    return plan


def _require_submitted(plan: MunicipalPlan) -> None:
    if plan.status != MunicipalPlan.Status.SUBMITTED:
        raise ValidationError("Утвердить или вернуть можно только план, направленный на утверждение.")


@transaction.atomic
def plan_approve(*, plan: MunicipalPlan, by: User) -> MunicipalPlan:
    plan = MunicipalPlan.objects.select_for_update().select_related("municipality").get(pk=plan.pk)
    _require_submitted(plan)
    _audit(plan, by=by, to=MunicipalPlan.Status.APPROVED)
    plan.status, plan.approved_at, plan.reviewed_by = MunicipalPlan.Status.APPROVED, timezone.now(), by
    plan.save(update_fields=["status", "approved_at", "reviewed_by"])
    _tell(plan, kind=Kind.DOCUMENT_CONFIRMED, role=RoleAssignment.Kind.MUNICIPAL, title="План поддержки ШНОР утверждён")
    return plan


@transaction.atomic
def plan_return(*, plan: MunicipalPlan, by: User, reason: str) -> MunicipalPlan:
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise ValidationError(f"Укажите причину возврата: что исправить в плане (не меньше {MIN_REASON} знаков).")
    plan = MunicipalPlan.objects.select_for_update().select_related("municipality").get(pk=plan.pk)
    _require_submitted(plan)
    _audit(plan, by=by, to=MunicipalPlan.Status.RETURNED, reason=reason)
    plan.status, plan.return_reason, plan.reviewed_by = MunicipalPlan.Status.RETURNED, reason, by
    plan.save(update_fields=["status", "return_reason", "reviewed_by"])
    _tell(
        plan,
        kind=Kind.DOCUMENT_RETURNED,
        role=RoleAssignment.Kind.MUNICIPAL,
        title=f"План поддержки ШНОР возвращён: {reason}",
    )
    return plan
