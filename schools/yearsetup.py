"""How a project year gets its configuration: each app registers a step in its `AppConfig.ready()`.

The schools app owns `ProjectYear` but knows nothing of calendars or questionnaires (they live in upper
layers), so the apps tell it what they set up: `create` fills a new year from the built-in federal template,
`copy` fills it from an earlier year with the dates moved. Steps run in registration order, which is the
order of INSTALLED_APPS — lower layers first, so the calendar is there before the visit rule reads it.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from . import signals
from .models import Participation, ProjectYear, RoleAssignment, User


@dataclass(frozen=True)
class YearStep:
    title: str  # what the «Новый год проекта» page lists («Календарь года», «Анкеты», …)
    create: Callable[[ProjectYear], object]
    copy: Callable[[ProjectYear, ProjectYear], object]  # (source, target)


STEPS: list[YearStep] = []


def register(step: YearStep) -> None:
    if all(s.title != step.title for s in STEPS):
        STEPS.append(step)


def shift_date(day: datetime.date | None, *, years: int) -> datetime.date | None:
    """The same day and month `years` later (29 February becomes 28 February)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def year_status(year: ProjectYear, current: ProjectYear | None) -> str:
    """«текущий», «подготовка» (newer than the current one, or no year is current yet) or «завершён»."""
    if year.is_current:
        return "текущий"
    if current is None or year.year > current.year:
        return "подготовка"
    return "завершён"


@transaction.atomic
def year_create(
    *, number: int, source: ProjectYear | None, by: User | None, continuing: Iterable[int] = ()
) -> ProjectYear:
    """A new project year in preparation: from the federal template, or a copy of `source` with its dates moved.
    `continuing`: ids of the source year's schools that stay in the programme."""
    if ProjectYear.objects.filter(year=number).exists():
        raise ValidationError(f"{number} год проекта уже заведён.")
    if source is not None and source.year >= number:
        raise ValidationError("Копировать можно только более ранний год.")
    year = ProjectYear.objects.create(
        year=number,
        title=f"Проект «500+», {number}",
        max_active_risks=source.max_active_risks if source else ProjectYear._meta.get_field("max_active_risks").default,
    )
    for step in STEPS:
        if source is None:
            step.create(year)
        else:
            step.copy(source, year)
    continuing_ids: list[int] = []
    if source is not None:
        continuing_ids = list(
            Participation.objects.filter(year=source, school_id__in=list(continuing)).values_list(
                "school_id", flat=True
            )
        )
        Participation.objects.bulk_create(Participation(school_id=pk, year=year) for pk in continuing_ids)
        # The federal and regional coordinators carry on; municipal lists are each region's to import.
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user_id=r.user_id, kind=r.kind, year=year, region_id=r.region_id)
                for r in RoleAssignment.objects.filter(
                    year=source, kind__in=[RoleAssignment.Kind.FEDERAL, RoleAssignment.Kind.REGIONAL]
                )
            ],
            ignore_conflicts=True,
        )
    if by is not None and not by.is_superuser:
        RoleAssignment.objects.get_or_create(user=by, kind=RoleAssignment.Kind.FEDERAL, year=year)
    signals.announce(
        actor=by,
        action="year_create",
        obj=year,
        details={"source": source.year if source else "федеральный шаблон", "continuing": len(continuing_ids)},
    )
    return year


@transaction.atomic
def year_fill_defaults(*, year: ProjectYear) -> None:
    """Adds what the federal template has and the year lacks (each step leaves existing rows alone)."""
    for step in STEPS:
        step.create(year)


@transaction.atomic
def year_make_current(*, year: ProjectYear, by: User | None) -> ProjectYear:
    """Makes a year the current one (the previous current year stays browsable, read-only)."""
    ProjectYear.objects.filter(is_current=True).exclude(pk=year.pk).update(is_current=False)
    if not year.is_current:
        year.is_current = True
        year.save(update_fields=["is_current"])
        signals.announce(actor=by, action="year_make_current", obj=year, details={"year": year.year})
    return year
