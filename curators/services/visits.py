"""Writes about curator visits: logging, the school's confirmation, agreed actions, files, the evaluation."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from medk.lib import uploads
from notifications.models import Kind
from roadmaps import services as roadmap_services
from roadmaps.models import DocumentKind, RoadmapSection
from schools.models import ProjectYear, School, User
from schools.yearsetup import shift_date

from .. import notify, selectors
from ..models import EvaluationCriterion, Visit, VisitAction, VisitAttachment, VisitEvaluation, VisitRule

ATTACHMENT_KINDS = {"pdf", "docx", "xlsx", "odt", "png", "jpeg"}
MAX_ATTACHMENTS = 10

DEFAULT_CRITERIA = [
    "Управленческая команда действует по дорожной карте",
    "Изменения в преподавании (посещённые уроки)",
    "Работа с обучающимися с рисками учебной неуспешности",
    "Вовлечённость педагогического коллектива",
    "Взаимодействие с родителями",
]


@dataclass
class ActionInput:
    text: str
    responsible: str = ""
    due_on: datetime.date | None = None


def _check_date(*, held_on: datetime.date, today: datetime.date) -> None:
    if held_on > today:
        raise ValidationError("Дата визита не может быть в будущем: визит записывают после того, как он состоялся.")


@transaction.atomic
def visit_create(
    *,
    school: School,
    year: ProjectYear,
    curator: User,
    held_on: datetime.date,
    format: str,
    participants: str,
    topics: str,
    findings: str = "",
    recommendations: str = "",
    actions: list[ActionInput] | None = None,
    today: datetime.date | None = None,
) -> Visit:
    """Records a visit; it counts for the frequency rule only after the school confirms it."""
    _check_date(held_on=held_on, today=today or timezone.localdate())
    if not school.curatorships.filter(year=year, curator=curator).exists():
        raise PermissionDenied("Записывать визиты может только куратор школы")
    visit = Visit.objects.create(
        school=school,
        year=year,
        curator=curator,
        held_on=held_on,
        format=format,
        participants=participants.strip(),
        topics=topics.strip(),
        findings=findings.strip(),
        recommendations=recommendations.strip(),
    )
    for action in actions or []:
        if action.text.strip():
            VisitAction.objects.create(
                visit=visit, text=action.text.strip(), responsible=action.responsible.strip(), due_on=action.due_on
            )
    notify.send(
        users=notify.school_staff(school),
        kind=Kind.OTHER,
        title=f"Куратор записал визит {held_on:%d.%m.%Y}: подтвердите, что он состоялся",
        url_name="curators:visit_detail",
        pk=visit.pk,
        school=school,
    )
    return visit


@transaction.atomic
def visit_update(*, visit: Visit, by: User, today: datetime.date | None = None, **fields) -> Visit:
    """Changes an unconfirmed visit; a disputed one goes back to the school for confirmation."""
    if visit.is_locked:
        raise ValidationError("Визит подтверждён школой, изменить его нельзя.")
    if visit.curator_id != by.pk:
        raise PermissionDenied("Изменять запись может только куратор, который её внёс")
    _check_date(held_on=fields.get("held_on", visit.held_on), today=today or timezone.localdate())
    for name in ("held_on", "format", "participants", "topics", "findings", "recommendations"):
        if name in fields:
            value = fields[name]
            setattr(visit, name, value.strip() if isinstance(value, str) else value)
    visit.status = Visit.Status.AWAITING
    visit.dispute_reason = ""
    visit.save()
    return visit


def _audit_state(visit: Visit, *, by: User, to: str, reason: str = "") -> None:
    """Called before the status changes, so `from` is the status being left."""
    audit.record(
        actor=by,
        action="state_change",
        obj=visit,
        school=visit.school,
        details={"from": visit.status, "to": str(to), "reason": reason},
    )


@transaction.atomic
def visit_confirm(*, visit: Visit, by: User) -> Visit:
    """The school confirms the visit took place (from then on it counts and is locked)."""
    if visit.status == Visit.Status.CONFIRMED:
        raise ValidationError("Визит уже подтверждён.")
    _audit_state(visit, by=by, to=Visit.Status.CONFIRMED)
    visit.status = Visit.Status.CONFIRMED
    visit.status_changed_by = by
    visit.status_changed_at = timezone.now()
    visit.dispute_reason = ""
    visit.save(update_fields=["status", "status_changed_by", "status_changed_at", "dispute_reason"])
    return visit


@transaction.atomic
def visit_dispute(*, visit: Visit, by: User, reason: str) -> Visit:
    """The school says the record is wrong (a visit can't be silently invented); the curator corrects it."""
    if visit.status == Visit.Status.CONFIRMED:
        raise ValidationError("Визит уже подтверждён.")
    if not reason.strip():
        raise ValidationError("Укажите, что в записи о визите не так.")
    _audit_state(visit, by=by, to=Visit.Status.DISPUTED, reason=reason.strip())
    visit.status = Visit.Status.DISPUTED
    visit.status_changed_by = by
    visit.status_changed_at = timezone.now()
    visit.dispute_reason = reason.strip()
    visit.save(update_fields=["status", "status_changed_by", "status_changed_at", "dispute_reason"])
    return visit


def visit_action_add(*, visit: Visit, action: ActionInput) -> VisitAction:
    if visit.is_locked:
        raise ValidationError("Визит подтверждён школой, изменить его нельзя.")
    if not action.text.strip():
        raise ValidationError("Опишите договорённость.")
    return VisitAction.objects.create(
        visit=visit, text=action.text.strip(), responsible=action.responsible.strip(), due_on=action.due_on
    )


def visit_action_to_measure(*, action: VisitAction, by: User, section_id: int) -> VisitAction:
    """Turns an agreed action into a measure of the school's roadmap, through the roadmaps app's service.

    Works while the roadmap is a draft or returned; a roadmap on review or confirmed is locked by its owner app.
    """
    if action.roadmap_measure_id:
        raise ValidationError("Эта договорённость уже перенесена в дорожную карту.")
    visit = action.visit
    section = RoadmapSection.objects.filter(
        pk=section_id, document__school=visit.school, document__year=visit.year, document__kind=DocumentKind.ROADMAP
    ).first()
    if section is None:
        raise ValidationError("Выберите раздел дорожной карты этой школы.")
    data = {"title": action.text[:500], "responsible": action.responsible[:300], "ends_on": action.due_on}
    action.roadmap_measure_id = roadmap_services.measure_create(section=section, data=data, by=by).pk
    action.save(update_fields=["roadmap_measure_id"])
    return action


def visit_attachment_add(*, visit: Visit, file, by: User) -> VisitAttachment:
    if visit.is_locked:
        raise ValidationError("Визит подтверждён школой, файлы добавить нельзя.")
    if visit.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(f"К визиту можно приложить не более {MAX_ATTACHMENTS} файлов.")
    uploads.validate_upload(file, allowed=ATTACHMENT_KINDS)
    name = uploads.display_name(file.name)
    attachment = VisitAttachment(visit=visit, name=name, size=file.size, uploaded_by=by)
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment


def criteria_for(year: ProjectYear) -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(year=year))


@transaction.atomic
def criteria_create_default(*, year: ProjectYear) -> int:
    if EvaluationCriterion.objects.filter(year=year).exists():
        return 0
    EvaluationCriterion.objects.bulk_create(
        EvaluationCriterion(year=year, order=i, title=t) for i, t in enumerate(DEFAULT_CRITERIA)
    )
    return len(DEFAULT_CRITERIA)


@transaction.atomic
def visit_evaluate(*, visit: Visit, by: User, scores: dict[int, tuple[int, str]]) -> list[VisitEvaluation]:
    """Saves the curator's evaluation of observed changes: a score for every criterion of the year's form."""
    if visit.curator_id != by.pk:
        raise PermissionDenied("Оценку изменений ставит куратор, который провёл визит")
    criteria = criteria_for(visit.year)
    missing = [c.title for c in criteria if c.pk not in scores]
    if missing:
        raise ValidationError(f"Оцените все критерии: не оценено «{missing[0]}».")
    valid = set(VisitEvaluation.Score.values)
    result = []
    for c in criteria:
        score, comment = scores[c.pk]
        if score not in valid:
            raise ValidationError(f"Недопустимая оценка по критерию «{c.title}».")
        obj, _ = VisitEvaluation.objects.update_or_create(
            visit=visit, criterion=c, defaults={"score": score, "comment": comment.strip()[:500]}
        )
        result.append(obj)
    return result


@transaction.atomic
def visit_rule_create_default(*, year: ProjectYear) -> VisitRule:
    """The seed 004 rule with the phases' dates from the year's calendar, and the evaluation form."""
    criteria_create_default(year=year)
    existing = VisitRule.objects.filter(year=year).first()
    if existing:
        return existing
    default = selectors.visit_rule_for(year)
    return visit_rule_save(
        year=year, formation_from=default.formation_from, implementation_from=default.implementation_from
    )


@transaction.atomic
def visit_rule_copy(*, source: ProjectYear, target: ProjectYear) -> VisitRule:
    """The source year's intervals and evaluation form; the phases' dates moved to the target year."""
    old = VisitRule.objects.filter(year=source).first()
    if not EvaluationCriterion.objects.filter(year=target).exists():
        EvaluationCriterion.objects.bulk_create(
            EvaluationCriterion(year=target, order=c.order, title=c.title) for c in criteria_for(source)
        )
    if old is None or VisitRule.objects.filter(year=target).exists():
        return visit_rule_create_default(year=target)
    years = target.year - source.year
    return visit_rule_save(
        year=target,
        formation_interval_days=old.formation_interval_days,
        implementation_max_days=old.implementation_max_days,
        formation_from=shift_date(old.formation_from, years=years),
        implementation_from=shift_date(old.implementation_from, years=years),
    )


def visit_rule_save(*, year: ProjectYear, **values) -> VisitRule:
    rule, _ = VisitRule.objects.update_or_create(year=year, defaults=values)
    return rule


def visits_overdue_notify(*, year: ProjectYear, today: datetime.date) -> int:
    """Tells the curator and the municipal coordinators about every overdue visit, once per due date."""
    schools = School.objects.filter(participations__year=year)
    sent = 0
    for row in selectors.visit_rows(schools=schools, year=year, today=today):
        if not row.due.overdue:
            continue
        school, key = row.school, f"visit-overdue:{row.school.pk}:{row.due.due_on:%Y%m%d}"
        title = f"Просрочен визит куратора: {school.short_name} (срок был {row.due.due_on:%d.%m.%Y})"
        sent += notify.send(
            users=notify.curators(school, year),
            kind=Kind.VISIT_OVERDUE,
            title=title,
            url_name="curators:visit_list",
            pk=school.pk,
            school=school,
            key=key,
        )
        sent += notify.send(
            users=notify.coordinators(school, year, "municipal"),
            kind=Kind.VISIT_OVERDUE,
            title=title,
            url_name="curators:visit_overdue_list",
            pk=school.municipality_id,
            school=school,
            key=key,
        )
    return sent
