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

from ..models import PlanEvent, PlanMonitoring, RegionalPlan
from . import indicators as ind

# A real regional plan-graph (seed 002, Ярославская область, 2021): the template a region starts from.
# (description, start (day, month) or None, due (day, month), regional indicator)
TEMPLATE: list[tuple[str, tuple[int, int] | None, tuple[int, int], str]] = [
    (
        "Назначен региональный координатор. Публикация данных об отобранных школах - участницах проекта. "
        "Подготовлены данные о назначенных муниципальных координаторах",
        None,
        (27, 1),
        "Утверждён региональный координатор (приказ ОИВ). Утверждён региональный перечень школ – участниц проекта. "
        "Назначены муниципальные координаторы",
    ),
    (
        "Консультирование региональным координатором школ-участниц по вопросам анкетирования",
        (27, 1),
        (29, 1),
        "100% школ получили логины/пароли для прохождения анкетирования",
    ),
    (
        "Старт анкетирования участников образовательных отношений (педагоги, обучающиеся 6, 9 классов, родители)",
        None,
        (28, 1),
        "Началось анкетирование участников образовательных отношений в школах-участницах проекта",
    ),
    ("Анкетирование директоров школ-участниц проекта", None, (8, 2), "100% директоров школ завершили анкетирование"),
    (
        "Анкетирование кандидатов в кураторы школ-участниц проекта",
        None,
        (10, 2),
        "100% кандидатов в кураторы завершили анкетирование",
    ),
    (
        "Муниципальные органы управления образованием назначают кураторов для школ-участниц проекта",
        None,
        (15, 2),
        "В 100% школ-участниц назначены школьные кураторы",
    ),
    (
        "Завершено анкетирование школ-участниц проекта для формирования РПШ",
        None,
        (15, 2),
        "100% школ завершили анкетирование",
    ),
    ("Итоги РПШ. Школы и кураторы начинают работу с РПШ", None, (2, 3), "Сформированы рисковые профили школ"),
    (
        "Установочные мероприятия для участников проекта",
        None,
        (10, 3),
        "100% участников всех уровней приняли участие в установочном семинаре",
    ),
    (
        "Кураторы посетили школы; РПШ верифицированы в ИС МЭДК",
        None,
        (15, 3),
        "100% школ-участниц посещены кураторами; 100% школ активировали рисковые направления в ИС МЭДК",
    ),
    (
        "Школы размещают дорожные карты в ИС МЭДК",
        None,
        (20, 3),
        "100% школ разработали дорожные карты, утвердили показатели положительных изменений",
    ),
    (
        "Утверждение регионального плана-графика (дорожной карты) проекта 500+",
        None,
        (22, 3),
        "Региональный план-график утверждён, направлен в ФИС ОКО",
    ),
    (
        "Школы разместили в ИС МЭДК концептуальные документы: дорожную карту, программу развития",
        None,
        (30, 4),
        "100% школ разместили концептуальные документы, подтверждённые куратором",
    ),
    (
        "Мониторинг. 1 этап. Школы разместили данные для первичного мониторинга в ИС МЭДК",
        None,
        (30, 5),
        "100% школ разместили документы для мониторинга, подтверждённые куратором; "
        "выявлен перечень типичных трудностей",
    ),
    (
        "Получение результатов выборочной экспертизы документов школ",
        None,
        (2, 7),
        "Анализ результатов выборочной экспертизы документов школ",
    ),
    (
        "Мониторинг. 2 этап. Школы разместили данные для второго мониторинга в ИС МЭДК",
        None,
        (1, 11),
        "100% школ разместили документы для мониторинга, подтверждённые куратором; установлена динамика",
    ),
    (
        "Получение результатов выборочной экспертизы документов школ",
        None,
        (9, 11),
        "Анализ результатов выборочной экспертизы документов школ",
    ),
    (
        "Анализ результатов работы за год, обсуждение планов на следующий год",
        None,
        (20, 12),
        "100% участников приняли участие в заключительном мероприятии; подготовлен план работы на следующий год",
    ),
]

MONITORING_CODES = ("regional_monitoring_1", "regional_monitoring_2")


def plan_get_or_create(*, year: ProjectYear, region: Region) -> RegionalPlan:
    plan, _ = RegionalPlan.objects.get_or_create(year=year, region=region)
    return plan


def _require_editable(plan: RegionalPlan) -> None:
    if not plan.is_editable:
        raise ValidationError("План-график уже направлен на федеральный уровень: мероприятия не добавляются.")


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


@transaction.atomic
def plan_fill_from_template(*, plan: RegionalPlan) -> int:
    """Adds the template's events (seed 002) with this year's dates to an empty plan."""
    _require_editable(plan)
    if plan.events.exists():
        raise ValidationError("В плане-графике уже есть мероприятия: шаблон добавляется только в пустой план.")
    y = plan.year.year
    PlanEvent.objects.bulk_create(
        PlanEvent(
            plan=plan,
            number=n,
            description=description,
            starts_on=datetime.date(y, start[1], start[0]) if start else None,
            due_on=datetime.date(y, due[1], due[0]),
            indicator=indicator,
            responsible="Региональный координатор",
        )
        for n, (description, start, due, indicator) in enumerate(TEMPLATE, start=1)
    )
    return len(TEMPLATE)


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


def _audit_state(plan: RegionalPlan, *, by: User, to: str, reason: str = "", **extra) -> None:
    """A plan belongs to a region, not a school: the event carries the region. Called before the change."""
    audit.record(
        actor=by,
        action="state_change",
        obj=plan,
        region_id=plan.region_id,
        details={"from": plan.status, "to": str(to), "reason": reason, **extra},
    )


@transaction.atomic
def plan_submit(*, plan: RegionalPlan, by: User) -> RegionalPlan:
    plan = RegionalPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != RegionalPlan.Status.DRAFT:
        raise ValidationError("План-график уже направлен.")
    if not plan.events.exists():
        raise ValidationError("В плане-графике нет ни одного мероприятия.")
    missing = plan.events.filter(responsible="").values_list("number", flat=True)
    if missing:
        raise ValidationError(f"Не указан ответственный у мероприятий № {', '.join(map(str, missing))}.")
    _audit_state(plan, by=by, to=RegionalPlan.Status.SUBMITTED)
    plan.status = RegionalPlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = by
    plan.save(update_fields=["status", "submitted_at", "submitted_by"])
    notifications.notify(
        users=_coordinators(year=plan.year, kind=RoleAssignment.Kind.FEDERAL),
        kind=Kind.PLAN_SUBMITTED,
        title=f"{plan.region}: план-график направлен на федеральный уровень",
        url=reverse("monitoring:plan_detail", args=[plan.pk]),
        key=f"plan_submitted:{plan.pk}",
    )
    return plan


@transaction.atomic
def plan_score(*, plan: RegionalPlan, score: int, comment: str, by: User) -> RegionalPlan:
    plan = RegionalPlan.objects.select_for_update().select_related("region", "year").get(pk=plan.pk)
    if plan.status == RegionalPlan.Status.DRAFT:
        raise ValidationError("Оценить можно только направленный план-график.")
    if not 0 <= score <= 6:
        raise ValidationError("Оценка — от 0 до 6 баллов.")
    _audit_state(plan, by=by, to=RegionalPlan.Status.SCORED, reason=comment, score=score)
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


def plan_monitoring_record(*, year: ProjectYear, today: datetime.date | None = None) -> int:
    """At each regional monitoring date (the region's own, if shifted) records the share of events done.

    Once per plan and stage (unique constraint): later runs leave the first record as it was.
    """
    today = today or ind.today()
    plans = list(
        RegionalPlan.objects.filter(year=year).exclude(status=RegionalPlan.Status.DRAFT).select_related("region")
    )
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
