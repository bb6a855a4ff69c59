"""The year's calendar: the federal default (domain.md §3) and effective dates per region.

Codes used across the portal:
- questionnaires  — window in which respondents answer (surveys);
- director_survey — the director questionnaire deadline;
- curator_survey  — curator candidates' questionnaire;
- curators_appointed, seminar, profiles_published, curator_contracts, first_visit,
- roadmaps_placed, regional_plan, concept_documents,
- monitoring_1, monitoring_2 — the monitoring stages' windows;
- regional_monitoring_1, regional_monitoring_2, expertise_1, expertise_2, summing_up (the final event);
- curators_webinar, weekly_webinars, request_webinars — the federal webinars of seed 004;
- final_diagnosis — the final diagnosis window: the same questionnaires answered again (surveys).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal

from schools.models import ProjectYear, Region
from schools.yearsetup import shift_date

from .models import Milestone, RegionalMilestone

# Sent after a bulk change of a year's dates (bulk_update sends no post_save): upper apps forget what they read.
dates_changed = Signal()

# (code, title, start (day, month) or None, due (day, month), control indicator)
DEFAULT_CALENDAR: list[tuple[str, str, tuple[int, int] | None, tuple[int, int], str]] = [
    ("school_list", "Региональный координатор, перечень школ, муниципальные координаторы", None, (27, 1), ""),
    ("logins", "Школы получили логины; консультации по анкетированию", (27, 1), (29, 1), "Доля ОО, получивших логины"),
    (
        "questionnaires",
        "Анкетирование педагогов, обучающихся 6 и 9 классов, родителей",
        (28, 1),
        (15, 2),
        "Доля ОО, в которых завершено анкетирование",
    ),
    ("director_survey", "Анкетирование директоров", (28, 1), (8, 2), "Доля директоров, завершивших анкетирование"),
    (
        "curator_survey",
        "Анкетирование кандидатов в кураторы",
        (28, 1),
        (10, 2),
        "Доля кандидатов в кураторы, прошедших анкетирование",
    ),
    ("curators_appointed", "Назначение кураторов", None, (15, 2), "Доля ОО, в которых назначены кураторы"),
    ("seminar", "Установочный семинар", None, (15, 2), "Доля ОО, принявших очное участие в установочном семинаре"),
    ("profiles_published", "Публикация рисковых профилей школ (РПШ)", None, (24, 2), ""),
    (
        "curators_webinar",
        "Вебинар для кураторов: первичное посещение школы и верификация РПШ",
        None,
        (26, 2),
        "",
    ),
    ("curator_contracts", "Договоры с кураторами", None, (1, 3), ""),
    (
        "first_visit",
        "Первый визит куратора, верификация РПШ, активация рисковых направлений",
        None,
        (10, 3),
        "Доля ОО, посещенных кураторами; доля ОО, активировавших рисковые направления",
    ),
    ("weekly_webinars", "Еженедельные научно-методические вебинары", (10, 3), (2, 4), ""),
    ("roadmaps_placed", "Школы размещают дорожные карты с показателями", None, (20, 3), ""),
    (
        "regional_plan",
        "Региональный план-график направлен на федеральный уровень",
        None,
        (22, 3),
        "План-график направлен",
    ),
    (
        "concept_documents",
        "Концептуальные документы размещены и подтверждены куратором",
        None,
        (30, 4),
        "Доля ОО, разместивших концептуальные документы, подтвержденные куратором",
    ),
    (
        "request_webinars",
        "Вебинары по методическим запросам школ; частные вопросы — на форуме поддержки",
        None,
        (15, 5),
        "",
    ),
    (
        "monitoring_1",
        "Мониторинг, 1 этап",
        (1, 5),
        (30, 5),
        "Доля ОО, разместивших документы для мониторинга, подтвержденные куратором",
    ),
    (
        "regional_monitoring_1",
        "Мониторинг региональной дорожной карты",
        None,
        (21, 6),
        "Доля исполненных мероприятий региональной дорожной карты",
    ),
    ("expertise_1", "Результаты выборочной экспертизы в регионы", None, (28, 6), ""),
    (
        "regional_monitoring_2",
        "Мониторинг региональной дорожной карты",
        None,
        (20, 9),
        "Доля исполненных мероприятий региональной дорожной карты",
    ),
    (
        "monitoring_2",
        "Мониторинг, 2 этап",
        (1, 10),
        (1, 11),
        "Доля ОО, разместивших документы для мониторинга, подтвержденные куратором",
    ),
    ("expertise_2", "Результаты выборочной экспертизы в регионы", None, (15, 11), ""),
    (
        "final_diagnosis",
        "Итоговая диагностика: повторное анкетирование педагогов, обучающихся, родителей и директора",
        (16, 11),
        (10, 12),
        "",
    ),
    (
        "summing_up",
        "Заключительное мероприятие: подведение итогов, планы на следующий год",
        None,
        (20, 12),
        "Доля участников всех уровней, принявших участие в заключительном мероприятии",
    ),
]


@dataclass(frozen=True)
class Dates:
    starts_on: datetime.date | None
    due_on: datetime.date
    federal_due_on: datetime.date

    def is_open(self, day: datetime.date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and day <= self.due_on


@transaction.atomic
def calendar_create_default(*, year: ProjectYear) -> int:
    """Creates the federal default calendar for a year (existing codes are left as they are)."""
    existing = set(Milestone.objects.filter(year=year).values_list("code", flat=True))
    new = []
    for order, (code, title, start, due, indicator) in enumerate(DEFAULT_CALENDAR):
        if code in existing:
            continue
        new.append(
            Milestone(
                year=year,
                code=code,
                title=title,
                starts_on=datetime.date(year.year, start[1], start[0]) if start else None,
                due_on=datetime.date(year.year, due[1], due[0]),
                indicator=indicator,
                order=order,
            )
        )
    Milestone.objects.bulk_create(new)
    return len(new)


def milestone_dates(*, year: ProjectYear, code: str, region: Region | int | None = None) -> Dates | None:
    """Effective dates of one milestone for a region (its override, else the federal date)."""
    milestone = Milestone.objects.filter(year=year, code=code).first()
    if milestone is None:
        return None
    override = None
    if region is not None:
        override = milestone.regional_dates.filter(region=region).first()
    if override:
        return Dates(override.starts_on, override.due_on, milestone.due_on)
    return Dates(milestone.starts_on, milestone.due_on, milestone.due_on)


def calendar_rows(
    *, year: ProjectYear, region: Region | None = None
) -> list[tuple[Milestone, RegionalMilestone | None]]:
    """The year's milestones with the region's own dates beside them (two queries)."""
    milestones = list(Milestone.objects.filter(year=year).order_by("order", "due_on"))
    overrides = {}
    if region is not None:
        overrides = {o.milestone_id: o for o in RegionalMilestone.objects.filter(milestone__year=year, region=region)}
    return [(m, overrides.get(m.pk)) for m in milestones]


def milestone_override_set(
    *, milestone: Milestone, region: Region, due_on: datetime.date | None, starts_on: datetime.date | None = None
) -> RegionalMilestone | None:
    """Sets the region's own dates for a milestone; an empty due date (or the federal one) removes the override."""
    if due_on is None or (due_on == milestone.due_on and starts_on == milestone.starts_on):
        RegionalMilestone.objects.filter(milestone=milestone, region=region).delete()
        return None
    if starts_on and starts_on > due_on:
        raise ValidationError("Дата начала позже срока.")
    if due_on.year != milestone.year.year:
        raise ValidationError(f"Срок должен быть в {milestone.year.year} году.")
    override, _ = RegionalMilestone.objects.update_or_create(
        milestone=milestone, region=region, defaults={"due_on": due_on, "starts_on": starts_on}
    )
    return override


@transaction.atomic
def calendar_copy(*, source: ProjectYear, target: ProjectYear) -> int:
    """The federal calendar of an earlier year with its dates moved to the target year (regions' own dates
    are not carried over: each region sets them for its new plan-graph)."""
    existing = set(Milestone.objects.filter(year=target).values_list("code", flat=True))
    years = target.year - source.year
    new = [
        Milestone(
            year=target,
            code=m.code,
            title=m.title,
            starts_on=shift_date(m.starts_on, years=years),
            due_on=shift_date(m.due_on, years=years),
            indicator=m.indicator,
            order=m.order,
        )
        for m in Milestone.objects.filter(year=source)
        if m.code not in existing
    ]
    Milestone.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def calendar_dates_set(*, year: ProjectYear, dates: dict[int, tuple[datetime.date | None, datetime.date]]) -> int:
    """Sets the federal dates of a year's steps (milestone id → (start, due)); returns how many changed."""
    changed = []
    for milestone in Milestone.objects.filter(year=year, pk__in=list(dates)):
        starts_on, due_on = dates[milestone.pk]
        if starts_on and starts_on > due_on:
            raise ValidationError(f"«{milestone.title}»: дата начала позже срока.")
        if (milestone.starts_on, milestone.due_on) != (starts_on, due_on):
            milestone.starts_on, milestone.due_on = starts_on, due_on
            changed.append(milestone)
    Milestone.objects.bulk_update(changed, ["starts_on", "due_on"])
    if changed:
        dates_changed.send(sender=Milestone, year=year)
    return len(changed)
