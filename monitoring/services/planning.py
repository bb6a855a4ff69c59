"""The regional plan-graph: events, submission to the federal level, the federal score, monitoring."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from audit import services as audit
from notifications import services as notifications
from notifications.models import Kind
from schools.models import ProjectYear, Region, RoleAssignment, User
from yearcalendar.models import Milestone, RegionalMilestone

from ..models import PlanEvent, PlanMonitoring, RegionalPlan
from . import indicators as ind
from . import transitions

# The regional plan-graph of seed 002 (Ярославская область, 2021): what a region starts from. Each event is tied
# to a step of the year's calendar and takes that step's date for the region — the region's own date if it set
# one, else the federal — never Yaroslavl's dates. (description, milestone code, "start" | "due", indicator)
TEMPLATE: list[tuple[str, str, str, str]] = [
    (
        "Назначен региональный координатор. Публикация данных об отобранных школах - участницах проекта. "
        "Подготовлены данные о назначенных муниципальных координаторах",
        "school_list",
        "due",
        "Утверждён региональный координатор (приказ ОИВ). Утверждён региональный перечень школ – участниц проекта. "
        "Назначены муниципальные координаторы",
    ),
    (
        "Консультирование региональным координатором школ-участниц по вопросам анкетирования",
        "logins",
        "due",
        "100% школ получили логины/пароли для прохождения анкетирования",
    ),
    (
        "Старт анкетирования участников образовательных отношений (педагоги, обучающиеся 6, 9 классов, родители)",
        "questionnaires",
        "start",
        "Началось анкетирование участников образовательных отношений в школах-участницах проекта",
    ),
    (
        "Анкетирование директоров школ-участниц проекта",
        "director_survey",
        "due",
        "100% директоров школ завершили анкетирование",
    ),
    (
        "Анкетирование кандидатов в кураторы школ-участниц проекта",
        "curator_survey",
        "due",
        "100% кандидатов в кураторы завершили анкетирование",
    ),
    (
        "Муниципальные органы управления образованием назначают кураторов для школ-участниц проекта",
        "curators_appointed",
        "due",
        "В 100% школ-участниц назначены школьные кураторы",
    ),
    (
        "Завершено анкетирование школ-участниц проекта для формирования РПШ",
        "questionnaires",
        "due",
        "100% школ завершили анкетирование",
    ),
    (
        "Итоги РПШ. Школы и кураторы начинают работу с РПШ",
        "profiles_published",
        "due",
        "Сформированы рисковые профили школ",
    ),
    (
        "Установочные мероприятия для участников проекта",
        "seminar",
        "due",
        "100% участников всех уровней приняли участие в установочном семинаре",
    ),
    (
        "Кураторы посетили школы; РПШ верифицированы в ИС МЭДК",
        "first_visit",
        "due",
        "100% школ-участниц посещены кураторами; 100% школ активировали рисковые направления в ИС МЭДК",
    ),
    (
        "Школы размещают дорожные карты в ИС МЭДК",
        "roadmaps_placed",
        "due",
        "100% школ разработали дорожные карты, утвердили показатели положительных изменений",
    ),
    (
        "Утверждение регионального плана-графика (дорожной карты) проекта 500+",
        "regional_plan",
        "due",
        "Региональный план-график утверждён, направлен в ФИС ОКО",
    ),
    (
        "Школы разместили в ИС МЭДК концептуальные документы: дорожную карту, программу развития",
        "concept_documents",
        "due",
        "100% школ разместили концептуальные документы, подтверждённые куратором",
    ),
    (
        "Мониторинг. 1 этап. Школы разместили данные для первичного мониторинга в ИС МЭДК",
        "monitoring_1",
        "due",
        "100% школ разместили документы для мониторинга, подтверждённые куратором; "
        "выявлен перечень типичных трудностей",
    ),
    (
        "Получение результатов выборочной экспертизы документов школ",
        "expertise_1",
        "due",
        "Анализ результатов выборочной экспертизы документов школ",
    ),
    (
        "Мониторинг. 2 этап. Школы разместили данные для второго мониторинга в ИС МЭДК",
        "monitoring_2",
        "due",
        "100% школ разместили документы для мониторинга, подтверждённые куратором; установлена динамика",
    ),
    (
        "Получение результатов выборочной экспертизы документов школ",
        "expertise_2",
        "due",
        "Анализ результатов выборочной экспертизы документов школ",
    ),
    (
        "Анализ результатов работы за год, обсуждение планов на следующий год",
        "summing_up",
        "due",
        "100% участников приняли участие в заключительном мероприятии; подготовлен план работы на следующий год",
    ),
]

MONITORING_CODES = ("regional_monitoring_1", "regional_monitoring_2")


def plan_get_or_create(*, year: ProjectYear, region: Region) -> RegionalPlan:
    plan, _ = RegionalPlan.objects.get_or_create(year=year, region=region)
    return plan


def _require_editable(plan: RegionalPlan) -> None:
    if not plan.is_editable:
        raise ValidationError("План-график уже направлен на федеральный уровень: изменить его нельзя.")


def plan_event_create(
    *,
    plan: RegionalPlan,
    description: str,
    due_on: datetime.date,
    starts_on: datetime.date | None = None,
    responsible: str = "",
    indicator: str = "",
) -> PlanEvent:
    _require_editable(plan)
    if starts_on and starts_on > due_on:
        raise ValidationError("Дата начала позже срока мероприятия.")
    with transaction.atomic():
        # Lock the plan so two editors do not take the same number.
        RegionalPlan.objects.select_for_update().filter(pk=plan.pk).first()
        number = (plan.events.aggregate(m=Max("number"))["m"] or 0) + 1
        return PlanEvent.objects.create(
            plan=plan,
            number=number,
            description=description,
            starts_on=starts_on,
            due_on=due_on,
            responsible=responsible,
            indicator=indicator,
        )


def plan_event_delete(*, event: PlanEvent) -> None:
    _require_editable(event.plan)
    event.delete()


def template_events(*, year: ProjectYear, region: Region) -> list[tuple[str, str, datetime.date, str]]:
    """The template's events with the region's own dates from the year's calendar (two queries).

    A step missing from the calendar is left out (nothing to date it by)."""
    overrides = {o.milestone_id: o for o in RegionalMilestone.objects.filter(milestone__year=year, region=region)}
    steps = {}
    for m in Milestone.objects.filter(year=year):
        own = overrides.get(m.pk)
        steps[m.code] = (own.starts_on, own.due_on) if own else (m.starts_on, m.due_on)
    result = []
    for description, code, which, indicator in TEMPLATE:
        if code not in steps:
            continue
        starts_on, due_on = steps[code]
        result.append((description, code, (starts_on or due_on) if which == "start" else due_on, indicator))
    return result


@transaction.atomic
def plan_fill_from_template(*, plan: RegionalPlan) -> int:
    """Adds the template's events (seed 002) dated by the region's calendar to an empty plan."""
    _require_editable(plan)
    if plan.events.exists():
        raise ValidationError("В плане-графике уже есть мероприятия: шаблон добавляется только в пустой план.")
    events = template_events(year=plan.year, region=plan.region)
    if not events:
        raise ValidationError("В календаре года нет этапов: сначала нужен федеральный календарь.")
    PlanEvent.objects.bulk_create(
        PlanEvent(
            plan=plan,
            number=n,
            milestone_code=code,
            description=description,
            due_on=due_on,
            indicator=indicator,
            responsible="Региональный координатор",
        )
        for n, (description, code, due_on, indicator) in enumerate(events, start=1)
    )
    return len(events)


def plan_event_update(
    *,
    event: PlanEvent,
    description: str,
    due_on: datetime.date,
    starts_on: datetime.date | None = None,
    responsible: str = "",
    indicator: str = "",
) -> PlanEvent:
    """Edits an event while the plan is a draft (or returned for revision)."""
    _require_editable(event.plan)
    if starts_on and starts_on > due_on:
        raise ValidationError("Дата начала позже срока мероприятия.")
    event.description, event.due_on, event.starts_on = description, due_on, starts_on
    event.responsible, event.indicator = responsible, indicator
    event.save(update_fields=["description", "due_on", "starts_on", "responsible", "indicator"])
    return event


def plan_order_set(*, plan: RegionalPlan, number: str, date: datetime.date | None, by: User) -> RegionalPlan:
    """The region records its own order approving the plan (number and date)."""
    number = number.strip()
    if not number:
        raise ValidationError("Укажите номер приказа.")
    if date is None:
        raise ValidationError("Укажите дату приказа.")
    plan.order_number, plan.order_date = number[:64], date
    plan.save(update_fields=["order_number", "order_date"])
    audit.record(actor=by, action="plan.order", obj=plan, region_id=plan.region_id, details={"order": plan.order_label})
    return plan


def plan_event_status_set(*, event: PlanEvent, status: str, today: datetime.date | None = None) -> PlanEvent:
    if status not in PlanEvent.Status.values:
        raise ValidationError("Неизвестный статус мероприятия.")
    event.status = status
    event.done_on = (today or timezone.localdate()) if status == PlanEvent.Status.DONE else None
    event.save(update_fields=["status", "done_on"])
    return event


def _coordinators(*, year: ProjectYear, kind: str, region: Region | None = None) -> list[User]:
    roles = RoleAssignment.objects.filter(year=year, kind=kind).select_related("user")
    if region is not None:
        roles = roles.filter(region=region)
    return [r.user for r in roles]


@transaction.atomic
def plan_submit(*, plan: RegionalPlan, by: User) -> RegionalPlan:
    plan = RegionalPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise ValidationError("План-график уже направлен.")
    if not plan.events.exists():
        raise ValidationError("В плане-графике нет ни одного мероприятия.")
    missing = plan.events.filter(responsible="").values_list("number", flat=True)
    if missing:
        raise ValidationError(f"Не указан ответственный у мероприятий № {', '.join(map(str, missing))}.")
    transitions.audit_state(plan, region_id=plan.region_id, by=by, to=RegionalPlan.Status.SUBMITTED)
    plan.status = RegionalPlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = by
    plan.save(update_fields=["status", "submitted_at", "submitted_by"])
    # A re-sent plan notifies again: the key carries the submission time.
    notifications.notify(
        users=_coordinators(year=plan.year, kind=RoleAssignment.Kind.FEDERAL),
        kind=Kind.PLAN_SUBMITTED,
        title=f"{plan.region}: план-график направлен на федеральный уровень",
        url=reverse("monitoring:plan_detail", args=[plan.pk]),
        key=f"plan_submitted:{plan.pk}:{plan.submitted_at:%Y%m%d%H%M%S%f}",
    )
    return plan


@transaction.atomic
def plan_score(*, plan: RegionalPlan, score: int, comment: str, by: User) -> RegionalPlan:
    plan = RegionalPlan.objects.select_for_update().select_related("region", "year").get(pk=plan.pk)
    if not plan.is_sent:
        raise ValidationError("Оценить можно только направленный план-график.")
    if not 0 <= score <= 6:
        raise ValidationError("Оценка — от 0 до 6 баллов.")
    transitions.audit_state(
        plan, region_id=plan.region_id, by=by, to=RegionalPlan.Status.SCORED, reason=comment, score=score
    )
    plan.score = score
    plan.score_comment = comment
    plan.scored_at = timezone.now()
    plan.scored_by = by
    plan.status = RegionalPlan.Status.SCORED
    plan.save(update_fields=["score", "score_comment", "scored_at", "scored_by", "status"])
    notifications.notify(
        users=_coordinators(year=plan.year, kind=RoleAssignment.Kind.REGIONAL, region=plan.region),
        kind=Kind.PLAN_SCORED,
        title=f"План-график оценён: {score} из 6 ({plan.zone_label})",
        url=reverse("monitoring:plan_detail", args=[plan.pk]),
    )
    return plan


def event_indicator_values(*, plan: RegionalPlan) -> dict[str, list[tuple[str, int, int]]]:
    """The control indicators measured from data for the region, by calendar step: {code: [(title, n, of)]}.

    One grouped query over the region's participating schools; the events tied to a step show its values."""
    schools = ind.participating_schools(year=plan.year).filter(municipality__region=plan.region)
    counts = ind.grouped_counts(schools=schools, year=plan.year, by="municipality__region").get(plan.region_id, {})
    available = set(ind.school_expressions(year=plan.year))
    result: dict[str, list[tuple[str, int, int]]] = {}
    for indicator in ind.SCHOOL_INDICATORS:
        if indicator.code in available:
            result.setdefault(indicator.milestone, []).append(
                (indicator.title, counts.get(indicator.code, 0), counts.get("total", 0))
            )
    return result


MIN_REASON = 10


@transaction.atomic
def plan_return(*, plan: RegionalPlan, reason: str, by: User) -> RegionalPlan:
    """The federal coordinator returns a sent plan «на доработку»; the reason is required."""
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise ValidationError(
            f"Укажите причину возврата: региону нужно понять, что исправить (не меньше {MIN_REASON} знаков)."
        )
    plan = RegionalPlan.objects.select_for_update().select_related("region", "year").get(pk=plan.pk)
    if plan.status != RegionalPlan.Status.SUBMITTED:
        raise ValidationError("Вернуть можно только направленный и ещё не оценённый план-график.")
    transitions.audit_state(plan, region_id=plan.region_id, by=by, to=RegionalPlan.Status.RETURNED, reason=reason)
    plan.status = RegionalPlan.Status.RETURNED
    plan.return_reason = reason
    plan.returned_at = timezone.now()
    plan.returned_by = by
    plan.save(update_fields=["status", "return_reason", "returned_at", "returned_by"])
    notifications.notify(
        users=_coordinators(year=plan.year, kind=RoleAssignment.Kind.REGIONAL, region=plan.region),
        kind=Kind.DOCUMENT_RETURNED,
        title=f"План-график возвращён на доработку: {reason}"[:500],
        url=reverse("monitoring:plan_detail", args=[plan.pk]),
    )
    return plan


def plan_monitoring_record(*, year: ProjectYear, today: datetime.date | None = None) -> int:
    """At each regional monitoring date (the region's own, if shifted) records the share of events done.

    Once per plan and stage (unique constraint): later runs leave the first record as it was.
    """
    today = today or ind.today()
    plans = list(RegionalPlan.objects.filter(year=year, status__in=RegionalPlan.SENT).select_related("region"))
    deadlines = ind.deadlines_for(year=year, region_ids=[p.region_id for p in plans])
    created = 0
    for plan in plans:
        for code in MONITORING_CODES:
            due_on, _ = deadlines.get(code, plan.region_id)
            if due_on is None or due_on > today:
                continue
            events = plan.events.all()
            _, was_created = PlanMonitoring.objects.get_or_create(
                plan=plan,
                milestone_code=code,
                defaults={
                    "recorded_on": today,
                    "done": events.filter(status=PlanEvent.Status.DONE, due_on__lte=due_on).count(),
                    "due": events.filter(due_on__lte=due_on).count(),
                    "total": events.count(),
                },
            )
            created += was_created
    return created
