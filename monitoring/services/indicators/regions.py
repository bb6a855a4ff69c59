"""Region-level indicators (the plan-graph, the people at the events, the curator candidates) and the daily
snapshots of every indicator per region and nationally."""

import datetime
from collections.abc import Iterable

from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models import Value as V

from curators.models import Event, EventInvite, EventParticipant
from schools.models import CuratorAssignment, CuratorCandidate, ProjectYear, RoleAssignment
from surveys.models import RespondentGroup, Response

from ...models import IndicatorSnapshot, PlanEvent, RegionalPlan
from .definitions import sum_counts, today
from .sources import grouped_counts, participating_schools, school_expressions


def region_facts(*, year: ProjectYear, region_ids: Iterable[int] | None, today: datetime.date) -> dict:
    """Region-level indicators: {region_id: {"regional_plan": (sent, 1), "plan_events": (done, due)}} — one query."""
    plans = RegionalPlan.objects.filter(year=year)
    if region_ids is not None:
        plans = plans.filter(region_id__in=list(region_ids))
    plans = plans.annotate(
        events_due=Count("events", filter=Q(events__due_on__lte=today)),
        events_done=Count("events", filter=Q(events__due_on__lte=today, events__status=PlanEvent.Status.DONE)),
    ).values("region_id", "status", "events_due", "events_done")
    result: dict = {}
    for p in plans:
        sent = p["status"] in RegionalPlan.SENT
        result[p["region_id"]] = {
            "regional_plan": (int(sent), 1),
            "plan_events": (p["events_done"], p["events_due"]),
        }
    for extra in (
        candidate_facts(year=year, region_ids=region_ids),
        participation_facts(year=year, region_ids=region_ids),
    ):
        for region_id, facts in extra.items():
            result.setdefault(region_id, {}).update(facts)
    return result


def _people_attended(*, year: ProjectYear, region_ids: Iterable[int] | None) -> dict[str, dict]:
    """{level: {region_id: (attended a setup event, attended the final event, total)}} for curators, municipal
    and regional coordinators — one query (the three levels' groups in a UNION ALL).

    The denominator is everyone in the role this year (seed 002: «100 % участников всех уровней»), not only
    those invited; a person counts once they attended at least one event of the kind."""
    attended = EventParticipant.objects.filter(event__year=year, attended=True)
    levels = {
        "curator": (
            CuratorAssignment.objects.filter(year=year),
            "school__municipality__region_id",
            "curator",
        ),
        "municipal": (
            RoleAssignment.objects.filter(year=year, kind=RoleAssignment.Kind.MUNICIPAL),
            "municipality__region_id",
            "user",
        ),
        "regional": (RoleAssignment.objects.filter(year=year, kind=RoleAssignment.Kind.REGIONAL), "region_id", "user"),
    }
    parts = []
    for level, (qs, region_field, person) in levels.items():
        if region_ids is not None:
            qs = qs.filter(**{f"{region_field}__in": list(region_ids)})

        def went(kind, person=person):
            who = attended.filter(event__kind=kind).values("user_id")
            return Count(person, distinct=True, filter=Q(**{f"{person}__in": who}))

        parts.append(
            qs.order_by()
            .annotate(level=V(level, output_field=CharField()), area=F(region_field))
            .values("level", "area")
            .annotate(
                setup=went(Event.Kind.SETUP_SEMINAR), final=went(Event.Kind.FINAL), total=Count(person, distinct=True)
            )
            .values_list("level", "area", "setup", "final", "total")
        )
    result: dict[str, dict] = {level: {} for level in levels}
    for level, region_id, setup, final, total in parts[0].union(*parts[1:], all=True):
        result[level][region_id] = (setup, final, total)
    return result


def participation_facts(*, year: ProjectYear, region_ids: Iterable[int] | None) -> dict:
    """Participation per level in the setup events, and of all levels in the final event, per region — two queries."""
    result: dict = {}
    people = _people_attended(year=year, region_ids=region_ids)
    for level, code in (
        ("curator", "seminar_curators"),
        ("municipal", "seminar_municipal"),
        ("regional", "seminar_regional"),
    ):
        for region_id, (setup, _final, total) in people[level].items():
            result.setdefault(region_id, {})[code] = (setup, total)
    schools = participating_schools(year=year)
    if region_ids is not None:
        schools = schools.filter(municipality__region_id__in=list(region_ids))
    school_rows = (
        schools.order_by()
        .values("municipality__region_id")
        .annotate(
            total=Count("pk"),
            done=Count(
                "pk",
                filter=Q(
                    Exists(
                        EventInvite.objects.filter(
                            school=OuterRef("pk"), event__year=year, event__kind=Event.Kind.FINAL, attended=True
                        )
                    )
                ),
            ),
        )
    )
    totals: dict[int, list[int]] = {r["municipality__region_id"]: [r["done"], r["total"]] for r in school_rows}
    for per_region in people.values():
        for region_id, (_setup, done, total) in per_region.items():
            pair = totals.setdefault(region_id, [0, 0])
            pair[0] += done
            pair[1] += total
    for region_id, (done, total) in totals.items():
        result.setdefault(region_id, {})["final_event"] = (done, total)
    return result


def candidate_facts(*, year: ProjectYear, region_ids: Iterable[int] | None) -> dict:
    """Curator candidates who answered the candidate questionnaire over all candidates, per region — one query."""
    candidates = CuratorCandidate.objects.filter(year=year)
    if region_ids is not None:
        candidates = candidates.filter(region_id__in=list(region_ids))
    answered = Response.objects.filter(year=year, group=RespondentGroup.CURATOR, submitted_by=OuterRef("user"))
    rows = (
        candidates.order_by()
        .values("region_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(Exists(answered))))
    )
    return {r["region_id"]: {"candidates": (r["done"], r["total"])} for r in rows}


def snapshots_record(*, year: ProjectYear, day: datetime.date | None = None) -> int:
    """Records today's value of every indicator per region and nationally (a rerun changes nothing)."""
    day = day or today()
    schools = participating_schools(year=year)
    counts = grouped_counts(schools=schools, year=year, by="municipality__region")
    facts = region_facts(year=year, region_ids=None, today=day)
    available = set(school_expressions(year=year))
    rows = []
    for region_id, row in counts.items():
        for code in available:
            rows.append((region_id, code, row.get(code, 0), row["total"]))
    for region_id, region_facts_ in facts.items():
        for code, (num, den) in region_facts_.items():
            rows.append((region_id, code, num, den))
    national = sum_counts(counts.values(), available)
    for code in available:
        rows.append((None, code, national.get(code, 0), national["total"]))
    objs = [
        IndicatorSnapshot(year=year, region_id=r, code=c, day=day, numerator=min(n, d), denominator=d)
        for r, c, n, d in rows
    ]
    # ignore_conflicts: the unique (year, region, code, day) row of a first run stays as it was.
    IndicatorSnapshot.objects.bulk_create(objs, ignore_conflicts=True)
    return len(objs)
