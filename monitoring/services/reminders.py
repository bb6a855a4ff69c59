"""Deadline reminders and escalation of missed deadlines (one pass; beat and `send_reminders` run it).

Before a milestone's due date, every school that still owes one of its indicators is reminded
N days before (the smallest window of REMINDER_DAYS that contains today). After the date the
escalation climbs: the school, then its curator, then the municipal coordinator, then the
regional coordinator — each step once, ESCALATION_DAYS after the (regional) due date, and only
within ESCALATION_WINDOW_DAYS of it.

Idempotency lives in the database: a step is a SentReminder row with a unique key, inserted
BEFORE anything is sent. A rerun, a retried task or a second beat finds the row and sends nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from schools.models import CuratorAssignment, ProjectYear, RoleAssignment, SchoolStaff

from ..models import Milestone, RegionalPlan, SentReminder
from ..models.notifications import Kind
from . import indicators as ind
from . import notifications

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


def reminders_run(*, today: datetime.date | None = None, year: ProjectYear | None = None) -> PassResult:
    from schools.permissions import current_year

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
    staff = defaultdict(list)
    for post in SchoolStaff.objects.filter(school__in=[s.pk for s in schools]).select_related("user"):
        staff[post.school_id].append(post.user)
    curators = {a.school_id: a.curator for a in CuratorAssignment.objects.filter(year=year).select_related("curator")}
    municipal = defaultdict(list)
    regional = defaultdict(list)
    for role in RoleAssignment.objects.filter(year=year, kind__in=["municipal", "regional"]).select_related("user"):
        if role.kind == RoleAssignment.Kind.MUNICIPAL:
            municipal[role.municipality_id].append(role.user)
        else:
            regional[role.region_id].append(role.user)

    # Overdue schools grouped for the coordinators' steps: (milestone code, level, scope id) → schools.
    overdue_groups: dict[tuple[str, str, int], list] = defaultdict(list)

    for school in schools:
        region_id = school.municipality.region_id
        for code, indicator_codes in owed_by_milestone.items():
            if all(getattr(school, f"ind_{c}") for c in indicator_codes):
                continue
            milestone = milestones[code]
            due_on, _ = deadlines.get(code, region_id)
            days_left = (due_on - today).days
            what = "; ".join(ind.BY_CODE[c].title for c in indicator_codes)
            url = reverse("monitoring:calendar_detail")
            window = reminder_window(days_left)
            if window is not None:
                key = f"rem:{milestone.pk}:s{school.pk}:d{window}"
                users = staff[school.pk]
                if users and _claim(
                    key=key,
                    milestone=milestone,
                    level=f"before_{window}",
                    school=school,
                    recipients=len(users),
                    sent=sent,
                ):
                    created = notifications.notify(
                        users=users,
                        kind=Kind.REMINDER,
                        title=f"До срока «{milestone.title}» ({due_on:%d.%m.%Y}) осталось {days_left} дн.: {what}",
                        url=url,
                        school=school,
                        key=key,
                        send_now=True,
                    )
                    result.reminders += 1
                    result.notifications += len(created)
                    result.keys.append(key)
            if days_left >= 0 or -days_left > ESCALATION_WINDOW_DAYS:
                continue
            overdue = -days_left
            title = f"Пропущен срок «{milestone.title}» ({due_on:%d.%m.%Y}): {school} — {what}"
            for level in ("school", "curator"):
                if overdue < ESCALATION_DAYS[level]:
                    continue
                users = staff[school.pk] if level == "school" else [curators.get(school.pk)]
                users = [u for u in users if u is not None]
                key = f"esc:{milestone.pk}:{level}:s{school.pk}"
                if users and _claim(
                    key=key, milestone=milestone, level=level, school=school, recipients=len(users), sent=sent
                ):
                    created = notifications.notify(
                        users=users, kind=Kind.ESCALATION, title=title, url=url, school=school, key=key, send_now=True
                    )
                    result.escalations += 1
                    result.notifications += len(created)
                    result.keys.append(key)
            if overdue >= ESCALATION_DAYS["municipal"]:
                overdue_groups[(code, "municipal", school.municipality_id)].append(school)
            if overdue >= ESCALATION_DAYS["regional"]:
                overdue_groups[(code, "regional", region_id)].append(school)

    for (code, level, scope_id), behind in overdue_groups.items():
        milestone = milestones[code]
        users = municipal[scope_id] if level == "municipal" else regional[scope_id]
        key = f"esc:{milestone.pk}:{level}:{level[0]}{scope_id}"
        if not users or not _claim(key=key, milestone=milestone, level=level, recipients=len(users), sent=sent):
            continue
        region_id = behind[0].municipality.region_id
        if level == "municipal":
            url = reverse("monitoring:dashboard_municipality", args=[scope_id])
        else:
            url = reverse("monitoring:dashboard_region", args=[region_id])
        names = ", ".join(str(s) for s in behind[:10]) + (" и другие" if len(behind) > 10 else "")
        created = notifications.notify(
            users=users,
            kind=Kind.ESCALATION,
            title=f"Пропущен срок «{milestone.title}»: {len(behind)} шк. ({names})",
            url=url,
            key=key,
            send_now=True,
        )
        result.escalations += 1
        result.notifications += len(created)
        result.keys.append(key)

    _plan_reminders(
        year=year, milestones=milestones, deadlines=deadlines, regional=regional, today=today, result=result
    )
    return result


def _plan_reminders(*, year, milestones, deadlines, regional, today, result: PassResult) -> None:
    """The regional plan-graph is owed by the regional coordinator until it is sent."""
    milestone = milestones.get("regional_plan")
    if milestone is None:
        return
    sent = set(
        RegionalPlan.objects.filter(year=year)
        .exclude(status=RegionalPlan.Status.DRAFT)
        .values_list("region_id", flat=True)
    )
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
