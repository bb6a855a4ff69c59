"""Deadline reminders and escalation of missed deadlines (one pass; beat and `send_reminders` run it).

Before a milestone's due date, every school that still owes one of its indicators is reminded
N days before (the smallest window of REMINDER_DAYS that contains today). After the date the
escalation climbs: the school, then its curator, then the municipal coordinator, then the
regional coordinator — each step once, ESCALATION_DAYS after the (regional) due date, and only
within ESCALATION_WINDOW_DAYS of it.

What the reminder says comes from the school's steps (`selectors.next_steps`, the same as the cabinet's
«Что сделать сейчас»): the step behind the milestone, its state and its page. When that step waits on
someone else (the curator checks, the municipal coordinator appoints), that person is reminded too.

Idempotency lives in the database: a step is a SentReminder row with a unique key, inserted
BEFORE anything is sent. A rerun, a retried task or a second beat finds the row and sends nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from notifications import services as notifications
from notifications.models import Kind, SentReminder
from schools.models import CuratorAssignment, ProjectYear, RoleAssignment, SchoolStaff
from schools.permissions import current_year
from yearcalendar.models import Milestone

from ..models import RegionalPlan
from ..selectors import next_steps
from . import indicators as ind

REMINDER_DAYS: tuple[int, ...] = tuple(sorted(getattr(settings, "MEDK_REMINDER_DAYS", (7, 1))))
# Days after the due date at which each escalation step goes out, in order.
ESCALATION_DAYS: dict[str, int] = getattr(
    settings, "MEDK_ESCALATION_DAYS", {"school": 1, "curator": 3, "municipal": 7, "regional": 14}
)
LEVELS = ("school", "curator", "municipal", "regional")
# A deadline missed longer ago than this no longer starts new escalation steps (a first run in
# November must not flood everyone about January).
ESCALATION_WINDOW_DAYS: int = getattr(settings, "MEDK_ESCALATION_WINDOW_DAYS", 45)


@dataclass
class PassResult:
    reminders: int = 0
    escalations: int = 0
    notifications: int = 0
    keys: list[str] = field(default_factory=list)


def _claim(
    *, key: str, milestone: Milestone, level: str, school=None, recipients: int = 0, sent: set[str] | None = None
) -> bool:
    """Inserts the step's row; True only for the one caller that inserted it.

    `sent` (keys read at the start of the pass) only saves a query for steps long done; the
    unique key in the database is what decides.
    """
    if sent is not None and key in sent:
        return False
    try:
        with transaction.atomic():
            _, created = SentReminder.objects.get_or_create(
                key=key, defaults={"milestone": milestone, "level": level, "school": school, "recipients": recipients}
            )
    except IntegrityError:  # a concurrent pass inserted it between our SELECT and INSERT
        return False
    return created


def reminder_window(days_left: int) -> int | None:
    """The reminder this many days before the deadline belongs to (None: too early)."""
    for n in REMINDER_DAYS:
        if 0 < days_left <= n:
            return n
    return None


@dataclass
class _People:
    """Who hears about a school: its staff, its curator, the municipal and regional coordinators."""

    staff: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    curators: dict[int, object] = field(default_factory=dict)
    municipal: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    regional: dict[int, list] = field(default_factory=lambda: defaultdict(list))


def _people(*, year: ProjectYear, school_ids: list[int]) -> _People:
    people = _People()
    for post in SchoolStaff.objects.filter(school__in=school_ids).select_related("user"):
        people.staff[post.school_id].append(post.user)
    people.curators = {
        a.school_id: a.curator for a in CuratorAssignment.objects.filter(year=year).select_related("curator")
    }
    roles = RoleAssignment.objects.filter(
        year=year, kind__in=[RoleAssignment.Kind.MUNICIPAL, RoleAssignment.Kind.REGIONAL]
    ).select_related("user")
    for role in roles:
        if role.kind == RoleAssignment.Kind.MUNICIPAL:
            people.municipal[role.municipality_id].append(role.user)
        else:
            people.regional[role.region_id].append(role.user)
    return people


def _send(
    result: PassResult,
    *,
    users,
    key: str,
    milestone: Milestone,
    level: str,
    kind: str,
    title: str,
    url: str,
    school=None,
    sent: set[str],
    counter: str,
) -> None:
    """Claims the step (once per key, ever) and notifies its people; counts it in `result`."""
    users = [u for u in users if u is not None]
    if not users or not _claim(
        key=key, milestone=milestone, level=level, school=school, recipients=len(users), sent=sent
    ):
        return
    created = notifications.notify(users=users, kind=kind, title=title, url=url, school=school, key=key, send_now=True)
    setattr(result, counter, getattr(result, counter) + 1)
    result.notifications += len(created)
    result.keys.append(key)


def reminders_run(*, today: datetime.date | None = None, year: ProjectYear | None = None) -> PassResult:
    """The daily pass: reminders before each school deadline, escalations after it, the plan-graph's."""
    today = today or ind.today()
    year = year or current_year()
    result = PassResult()
    if year is None:
        return result
    milestones = {m.code: m for m in Milestone.objects.filter(year=year)}
    available = set(ind.school_expressions(year=year))
    # milestone code → the school indicators it checks (only those with data).
    owed_by_milestone: dict[str, list[str]] = defaultdict(list)
    for indicator in ind.SCHOOL_INDICATORS:
        if indicator.code in available and indicator.milestone in milestones:
            owed_by_milestone[indicator.milestone].append(indicator.code)
    deadlines = ind.deadlines_for(year=year)
    sent = set(SentReminder.objects.filter(milestone__year=year).values_list("key", flat=True))
    schools, _ = ind.school_flags(schools=ind.participating_schools(year=year), year=year)
    schools = list(schools)
    people = _people(year=year, school_ids=[s.pk for s in schools])
    steps = next_steps.school_steps_many(schools=ind.participating_schools(year=year), year=year, today=today)

    # Overdue schools grouped for the coordinators' steps: (milestone code, level, scope id) → schools.
    overdue_groups: dict[tuple[str, str, int], list] = defaultdict(list)
    for school in schools:
        for code, indicator_codes in owed_by_milestone.items():
            if all(getattr(school, f"ind_{c}") for c in indicator_codes):
                continue
            due_on, _ = deadlines.get(code, school.municipality.region_id)
            overdue = _school_steps(
                result,
                school=school,
                milestone=milestones[code],
                what="; ".join(ind.BY_CODE[c].title for c in indicator_codes),
                due_on=due_on,
                today=today,
                people=people,
                sent=sent,
                steps=steps.get(school.pk),
            )
            if overdue >= ESCALATION_DAYS["municipal"]:
                overdue_groups[(code, "municipal", school.municipality_id)].append(school)
            if overdue >= ESCALATION_DAYS["regional"]:
                overdue_groups[(code, "regional", school.municipality.region_id)].append(school)

    for (code, level, scope_id), behind in overdue_groups.items():
        _coordinator_step(
            result, milestone=milestones[code], level=level, scope_id=scope_id, behind=behind, people=people, sent=sent
        )
    _plan_reminders(
        year=year, milestones=milestones, deadlines=deadlines, regional=people.regional, today=today, result=result
    )
    return result


def _school_steps(
    result: PassResult,
    *,
    school,
    milestone: Milestone,
    what: str,
    due_on,
    today,
    people: _People,
    sent: set[str],
    steps: next_steps.SchoolSteps | None = None,
) -> int:
    """The reminder before a school's deadline, or its school and curator escalations after it.

    Returns how many days the deadline is overdue (0 when it is not, or too long ago to escalate)."""
    days_left = (due_on - today).days
    url = reverse("monitoring:calendar_detail")
    step = steps.for_milestone(milestone.code) if steps else None
    now = f" Сейчас: {step.title.lower()} — {step.text}" if step and step.text else ""
    window = reminder_window(days_left)
    if window is not None:
        _send(
            result,
            users=people.staff[school.pk],
            key=f"rem:{milestone.pk}:s{school.pk}:d{window}",
            milestone=milestone,
            level=f"before_{window}",
            kind=Kind.REMINDER,
            title=f"До срока «{milestone.title}» ({due_on:%d.%m.%Y}) осталось {days_left} дн.: {what}.{now}",
            url=step.url if step and step.url else url,
            school=school,
            sent=sent,
            counter="reminders",
        )
        if step and step.state == next_steps.WAITING and step.who_user is not None:
            # The school waits on this person: they hear it before the deadline, not after it.
            _send(
                result,
                users=[step.who_user],
                key=f"rem:{milestone.pk}:s{school.pk}:d{window}:w",
                milestone=milestone,
                level=f"waiting_{window}",
                kind=Kind.REMINDER,
                title=f"{school} ждёт вас: {step.text} Срок «{milestone.title}» — {due_on:%d.%m.%Y}.",
                url=step.url or url,
                school=school,
                sent=sent,
                counter="reminders",
            )
    if days_left >= 0 or -days_left > ESCALATION_WINDOW_DAYS:
        return 0
    overdue = -days_left
    title = f"Пропущен срок «{milestone.title}» ({due_on:%d.%m.%Y}): {school} — {what}.{now}"
    for level in ("school", "curator"):
        if overdue < ESCALATION_DAYS[level]:
            continue
        users = people.staff[school.pk] if level == "school" else [people.curators.get(school.pk)]
        _send(
            result,
            users=users,
            key=f"esc:{milestone.pk}:{level}:s{school.pk}",
            milestone=milestone,
            level=level,
            kind=Kind.ESCALATION,
            title=title,
            url=url,
            school=school,
            sent=sent,
            counter="escalations",
        )
    return overdue


def _coordinator_step(
    result: PassResult, *, milestone: Milestone, level: str, scope_id: int, behind: list, people: _People, sent
) -> None:
    """One escalation to a municipality's or a region's coordinators, naming the schools behind."""
    if level == "municipal":
        users, url = people.municipal[scope_id], reverse("monitoring:dashboard_municipality", args=[scope_id])
    else:
        users, url = people.regional[scope_id], reverse("monitoring:dashboard_region", args=[scope_id])
    names = ", ".join(str(s) for s in behind[:10]) + (" и другие" if len(behind) > 10 else "")
    _send(
        result,
        users=users,
        key=f"esc:{milestone.pk}:{level}:{level[0]}{scope_id}",
        milestone=milestone,
        level=level,
        kind=Kind.ESCALATION,
        title=f"Пропущен срок «{milestone.title}»: {len(behind)} шк. ({names})",
        url=url,
        sent=sent,
        counter="escalations",
    )


def _plan_reminders(*, year, milestones, deadlines, regional, today, result: PassResult) -> None:
    """The regional plan-graph is owed by the regional coordinator until it is sent."""
    milestone = milestones.get("regional_plan")
    if milestone is None:
        return
    sent = set(RegionalPlan.objects.filter(year=year, status__in=RegionalPlan.SENT).values_list("region_id", flat=True))
    for region_id, users in regional.items():
        if region_id in sent:
            continue
        due_on, _ = deadlines.get("regional_plan", region_id)
        days_left = (due_on - today).days
        window = reminder_window(days_left)
        if window is not None:
            key, level = f"rem:{milestone.pk}:r{region_id}:d{window}", f"before_{window}"
            title = f"До срока направления регионального плана-графика ({due_on:%d.%m.%Y}) осталось {days_left} дн."
            kind = Kind.REMINDER
        elif 0 > days_left >= -ESCALATION_WINDOW_DAYS:
            key, level = f"esc:{milestone.pk}:regional:r{region_id}", "regional"
            title = f"Пропущен срок направления регионального плана-графика ({due_on:%d.%m.%Y})"
            kind = Kind.ESCALATION
        else:
            continue
        if not _claim(key=key, milestone=milestone, level=level, recipients=len(users)):
            continue
        created = notifications.notify(
            users=users,
            kind=kind,
            title=title,
            url=reverse("monitoring:plan_region", args=[region_id]),
            key=key,
            send_now=True,
        )
        result.notifications += len(created)
        result.keys.append(key)
        if kind == Kind.REMINDER:
            result.reminders += 1
        else:
            result.escalations += 1
