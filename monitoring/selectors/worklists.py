"""«Что сделать сейчас» for curators (today's work) and coordinators (exceptions first: what is late, where, whose).

Both read in a fixed number of queries, whatever the number of schools.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Value
from django.urls import reverse

from curators import selectors as curator_selectors
from schools.models import CuratorAssignment, Municipality, ProjectYear, Region, School
from schools.permissions import Scope

from ..models import AreaIndicators, RegionalPlan, SchoolIndicators
from ..services import indicators as ind
from . import caseloads, next_steps
from . import school_tables as tables

SOON_DAYS = 7  # a visit due within this many days is today's work
MAX_NAMES = 5  # schools named in one exception line; the link shows them all


@dataclass
class Item:
    """One line of a worklist: what, where, the button."""

    title: str
    text: str = ""
    url: str = ""
    action: str = ""
    urgent: bool = False  # late: shown first, marked


def curator_work(*, curator, year: ProjectYear, today: datetime.date) -> list[Item]:
    """The curator's day: overdue and soon-due visits, profiles, documents and reports to check, questions."""
    items: list[Item] = []
    for row in caseloads.caseload(curator=curator, year=year, today=today):
        school, due = row.school, row.visit.due
        name = school.short_name
        if due.overdue:
            items.append(
                Item(
                    f"Визит в {name} просрочен",
                    f"Следующий визит надо было провести до {due.due_on:%d.%m.%Y} ({due.phase_label}).",
                    reverse("curators:visit_create", args=[school.pk]),
                    "Записать визит",
                    urgent=True,
                )
            )
        elif due.due_on and (due.due_on - today).days <= SOON_DAYS:
            items.append(
                Item(
                    f"Визит в {name} — до {due.due_on:%d.%m.%Y}",
                    f"Этап школы: {due.phase_label}.",
                    reverse("curators:visit_create", args=[school.pk]),
                    "Записать визит",
                )
            )
        if row.profiles:
            items.append(
                Item(
                    f"Проверить рисковый профиль: {name}",
                    "Школа не может выбрать рисковые направления, пока вы не проверите профиль.",
                    reverse("surveys:profile_verify", args=[school.pk]),
                    "Проверить профиль",
                )
            )
        if row.documents:
            items.append(
                Item(
                    f"Документы на проверке: {name} ({row.documents})",
                    "Подтвердите документы или верните на доработку с причиной.",
                    reverse("roadmaps:document_list", args=[school.pk]),
                    "Открыть документы",
                )
            )
        if row.reports:
            items.append(
                Item(
                    f"Отчёт о мониторинге на проверке: {name}",
                    "Сверьте значения показателей и подтверждения.",
                    reverse("monitoring:stage_report_list", args=[school.pk]),
                    "Проверить отчёт",
                )
            )
        if row.questions:
            items.append(
                Item(
                    f"Вопросы школы ждут ответа: {name} ({row.questions})",
                    "",
                    reverse("curators:thread_list", args=[school.pk]),
                    "Ответить",
                )
            )
    items.sort(key=lambda i: not i.urgent)
    return items


@dataclass
class Late:
    """One missed deadline in a coordinator's area: which step, since when, where, whose."""

    title: str
    due_on: datetime.date | None
    count: int
    total: int
    places: list[str] = field(default_factory=list)  # «МБОУ «Гусинская СШ» (куратор Громов А. Н.)» or «Район (3)»
    more: int = 0
    url: str = ""


@dataclass
class CoordinatorWork:
    area: object  # Region, Municipality or None (the whole country)
    late: list[Late] = field(default_factory=list)
    extra: list[Item] = field(default_factory=list)  # other exceptions: overdue visits, the plan-graph


def _names(rows, *, curator: bool) -> list[str]:
    result = []
    for row in rows:
        who = ""
        if curator:
            who = f" (куратор {row.curator.short_name})" if row.curator else " (куратор не назначен)"
        result.append(f"{row.school.short_name}{who}")
    return result


def _schools_late(*, year, area: AreaIndicators | None, deadlines, today, drill: str, area_pk: int) -> list[Late]:
    """Per indicator past its deadline: how many schools are behind (the area's row of the read model) and the
    first of them with their curators (one query for all indicators, three for the people)."""
    if area is None:
        return []
    available = ind.available_codes(year=year)
    behind: dict[str, int] = {}
    for indicator in ind.SCHOOL_INDICATORS:
        due_on, _ = deadlines.get(indicator.milestone, area.region_id)
        short = area.total - area.done.get(indicator.code, 0)
        if indicator.code in available and due_on and today > due_on and short > 0:
            behind[indicator.code] = short
    if not behind:
        return []
    scope = {"municipality_id": area.municipality_id} if area.municipality_id else {"region_id": area.region_id}
    rows = SchoolIndicators.objects.filter(year=year, **scope)
    firsts = [
        rows.exclude(**{f"done__{code}": True})
        .annotate(code=Value(code))
        .order_by("school_id")  # by name would sort every row behind, 7× slower in a region of 1,000
        .values_list("code", "school_id")[:MAX_NAMES]
        for code in behind
    ]
    named: dict[str, list[int]] = {}
    for code, school_id in firsts[0].union(*firsts[1:], all=True):
        named.setdefault(code, []).append(school_id)
    people = {
        r.pk: r
        for r in tables.attach_people(
            [tables.SchoolRow(pk=pk, values=[]) for pk in {pk for ids in named.values() for pk in ids}], year=year
        )
    }
    result = []
    for indicator in ind.SCHOOL_INDICATORS:
        if indicator.code not in behind:
            continue
        shown = [people[pk] for pk in named.get(indicator.code, [])]
        result.append(
            Late(
                indicator.title,
                deadlines.get(indicator.milestone, area.region_id)[0],
                behind[indicator.code],
                area.total,
                _names(shown, curator=True),
                max(0, behind[indicator.code] - len(shown)),
                reverse(drill, args=[indicator.code, area_pk]),
            )
        )
    return result


def _area(*, year: ProjectYear, region: Region | None = None, municipality: Municipality | None = None):
    """The read model's row of a region (all its schools) or of a municipality."""
    if municipality is not None:
        return AreaIndicators.objects.filter(year=year, municipality=municipality).first()
    return AreaIndicators.objects.filter(year=year, region=region, municipality__isnull=True).first()


def _plan_item(*, year, region: Region, deadlines, today) -> Item | None:
    due_on, _ = deadlines.get("regional_plan", region.pk)
    if due_on is None or (due_on - today).days > SOON_DAYS:
        return None
    if RegionalPlan.objects.filter(year=year, region=region, status__in=RegionalPlan.SENT).exists():
        return None
    late = today > due_on
    return Item(
        "План-график региона не направлен" + (" — срок пропущен" if late else ""),
        f"Срок — {due_on:%d.%m.%Y}.",
        reverse("monitoring:plan_region", args=[region.pk]),
        "Открыть план-график",
        urgent=late,
    )


def _visits_item(*, schools, year, today, url: str) -> Item | None:
    overdue = curator_selectors.overdue_count(year=year, schools=schools, today=today)
    if not overdue:
        return None
    return Item(
        f"Визиты кураторов просрочены: {overdue} шк.",
        "Кураторы давно не были в этих школах (правило частоты визитов).",
        url,
        "Посмотреть школы",
        urgent=True,
    )


def municipal_work(*, municipality: Municipality, year: ProjectYear, today: datetime.date) -> CoordinatorWork:
    schools = ind.participating_schools(year=year).filter(municipality=municipality)
    deadlines = ind.deadlines_for(year=year, region_ids=[municipality.region_id])
    work = CoordinatorWork(area=municipality)
    work.late = _schools_late(
        year=year,
        area=_area(year=year, municipality=municipality),
        deadlines=deadlines,
        today=today,
        drill="monitoring:indicator_schools_municipality",
        area_pk=municipality.pk,
    )
    visits = _visits_item(
        schools=schools, year=year, today=today, url=reverse("curators:visit_overdue_list", args=[municipality.pk])
    )
    work.extra = [i for i in (visits,) if i]
    return work


def regional_work(*, region: Region, year: ProjectYear, today: datetime.date) -> CoordinatorWork:
    schools = ind.participating_schools(year=year).filter(municipality__region=region)
    deadlines = ind.deadlines_for(year=year, region_ids=[region.pk])
    work = CoordinatorWork(area=region)
    work.late = _schools_late(
        year=year,
        area=_area(year=year, region=region),
        deadlines=deadlines,
        today=today,
        drill="monitoring:indicator_schools_region",
        area_pk=region.pk,
    )
    plan = _plan_item(year=year, region=region, deadlines=deadlines, today=today)
    visits = _visits_item(
        schools=schools, year=year, today=today, url=reverse("curators:visit_overdue_region", args=[region.pk])
    )
    work.extra = [i for i in (plan, visits) if i]
    return work


def federal_work(*, year: ProjectYear, today: datetime.date) -> CoordinatorWork:
    """Nationally: per missed indicator, the regions behind (most schools behind first) — four queries, on the
    read model's region rows."""
    counts = {
        region_id: {"total": total, **done}
        for region_id, total, done in AreaIndicators.objects.filter(year=year, municipality__isnull=True).values_list(
            "region_id", "total", "done"
        )
    }
    deadlines = ind.deadlines_for(year=year)
    available = ind.available_codes(year=year)
    names = dict(Region.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    work = CoordinatorWork(area=None)
    for indicator in ind.SCHOOL_INDICATORS:
        if indicator.code not in available:
            continue
        behind = []
        for region_id, row in counts.items():
            due_on, _ = deadlines.get(indicator.milestone, region_id)
            short = row["total"] - row.get(indicator.code, 0)
            if due_on and today > due_on and short > 0:
                behind.append((short, names.get(region_id, ""), due_on))
        if not behind:
            continue
        behind.sort(key=lambda b: (-b[0], b[1]))
        work.late.append(
            Late(
                indicator.title,
                min(b[2] for b in behind),
                sum(b[0] for b in behind),
                sum(r["total"] for r in counts.values()),
                [f"{name} ({short} шк.)" for short, name, _ in behind[:MAX_NAMES]],
                max(0, len(behind) - MAX_NAMES),
                reverse("monitoring:indicator_schools", args=[indicator.code]),
            )
        )
    return work


def coordinator_work(*, user_scope: Scope, year: ProjectYear, today: datetime.date) -> list[CoordinatorWork]:
    """The exceptions of every area a coordinator holds (federal first, then regions, then municipalities)."""
    result = []
    if user_scope.is_federal or user_scope.is_admin:
        result.append(federal_work(year=year, today=today))
    for region in Region.objects.filter(pk__in=user_scope.region_ids).order_by("name"):
        result.append(regional_work(region=region, year=year, today=today))
    municipalities = Municipality.objects.filter(pk__in=user_scope.municipality_ids).select_related("region")
    for municipality in municipalities.exclude(region_id__in=user_scope.region_ids).order_by("name"):
        result.append(municipal_work(municipality=municipality, year=year, today=today))
    return result


def cabinet_work(*, user, scope: Scope, school_ids: list[int], year: ProjectYear, today: datetime.date) -> dict:
    """Everything «Что сделать сейчас» shows in one person's cabinet, by the roles they hold."""
    result: dict = {"school_steps": [], "curator_work": None, "coordinator_work": []}
    if school_ids:
        steps = next_steps.school_steps_many(
            schools=School.objects.filter(pk__in=school_ids, participations__year=year), year=year, today=today
        )
        result["school_steps"] = sorted(steps.values(), key=lambda s: s.school.short_name)
    if CuratorAssignment.objects.filter(curator=user, year=year).exists():
        result["curator_work"] = curator_work(curator=user, year=year, today=today)
    if scope.is_coordinator or scope.everything:
        result["coordinator_work"] = coordinator_work(user_scope=scope, year=year, today=today)
    return result
