"""The risk profiles and directions of the first diagnosis: profile pages, the region's heatmap, activations."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable

from django.db.models import Count, Prefetch, Q, QuerySet

from schools.models import Participation, ProjectYear, Region, School

from ..models import (
    Indicator,
    ProfileJob,
    Questionnaire,
    Response,
    RiskActivation,
    RiskDeclination,
    RiskDirection,
    RiskLevel,
    RiskProfile,
    RiskProfileEntry,
    ScoringMethod,
)
from .collection import completion_for_schools


def active_directions(*, school: School, year: ProjectYear) -> QuerySet[RiskDirection]:
    """The risk directions a school activated for a year (what its roadmap must cover)."""
    return RiskDirection.objects.filter(year=year, activations__school=school).order_by("number")


# --- Profiles ------------------------------------------------------------------------------------


def profile_for(*, school: School, year: ProjectYear) -> RiskProfile | None:
    return (
        RiskProfile.objects.filter(school=school, year=year)
        .select_related("published_by", "verified_by")
        .prefetch_related(
            Prefetch(
                "entries", queryset=RiskProfileEntry.objects.select_related("direction").order_by("direction__number")
            )
        )
        .first()
    )


def indicator_titles(year: ProjectYear) -> dict[str, str]:
    return dict(Indicator.objects.filter(year=year).values_list("code", "title"))


def profile_rows(*, profile: RiskProfile, titles: dict[str, str]) -> list[dict]:
    """Each direction with its level and the indicators behind it, for the profile page."""
    rows = []
    for entry in profile.entries.all():
        indicators = [
            {"code": code, "title": titles.get(code, code), "value": value}
            for code, value in sorted(entry.indicators.items(), key=lambda kv: -(kv[1] or 0))
        ]
        rows.append({"entry": entry, "indicators": indicators})
    return rows


def chart_data(*, profile: RiskProfile) -> dict:
    entries = list(profile.entries.all())
    return {
        "labels": [f"{e.direction.number}. {e.direction.title}" for e in entries],
        "scores": [float(e.score) if e.score is not None else None for e in entries],
        "levels": [e.level for e in entries],
    }


# --- Region view ---------------------------------------------------------------------------------


def heatmap(*, year: ProjectYear, schools: QuerySet[School], published_only: bool = True) -> dict:
    """Schools × directions with levels, plus the distribution of levels per direction (constant queries).
    Coordinators below the federal level see only published profiles."""
    directions = list(RiskDirection.objects.filter(year=year, is_retired=False).order_by("number"))
    school_list = list(schools.select_related("municipality").order_by("municipality__name", "short_name"))
    entries = RiskProfileEntry.objects.filter(profile__year=year, profile__school__in=[s.pk for s in school_list])
    if published_only:
        entries = entries.filter(profile__published_at__isnull=False)
    entries = entries.values_list("profile__school_id", "direction_id", "level", "score", "profile__published_at")
    cells: dict[int, dict[int, tuple[str, object]]] = defaultdict(dict)
    published: dict[int, bool] = {}
    for school_id, direction_id, level, score, published_at in entries:
        cells[school_id][direction_id] = (level, score)
        published[school_id] = published_at is not None
    completion = completion_for_schools(year=year, school_ids=[s.pk for s in school_list])
    rows = []
    distribution: dict[int, Counter] = {d.pk: Counter() for d in directions}
    for s in school_list:
        row_cells = []
        for d in directions:
            level, score = cells.get(s.pk, {}).get(d.pk, (None, None))
            row_cells.append({"level": level, "score": score, "label": RiskLevel(level).label if level else "—"})
            if level:
                distribution[d.pk][level] += 1
        rows.append({"school": s, "cells": row_cells, "published": published.get(s.pk), "completion": completion[s.pk]})
    dist_rows = [
        {
            "direction": d,
            "high": distribution[d.pk][RiskLevel.HIGH],
            "medium": distribution[d.pk][RiskLevel.MEDIUM],
            "low": distribution[d.pk][RiskLevel.LOW],
            "nodata": distribution[d.pk][RiskLevel.NODATA],
        }
        for d in directions
    ]
    return {
        "directions": directions,
        "rows": rows,
        "distribution": dist_rows,
        "surveys_done": sum(1 for r in rows if r["completion"].done),
    }


def activations(*, school: School, year: ProjectYear) -> QuerySet[RiskActivation]:
    return (
        RiskActivation.objects.filter(school=school, direction__year=year)
        .select_related("direction", "activated_by")
        .order_by("direction__number")
    )


def declinations(*, school: School, year: ProjectYear) -> QuerySet[RiskDeclination]:
    return (
        RiskDeclination.objects.filter(school=school, direction__year=year)
        .select_related("direction", "declined_by")
        .order_by("direction__number")
    )


def year_overview(*, year: ProjectYear) -> dict:
    """Counts for the federal page (constant queries)."""
    participating = Participation.objects.filter(year=year).count()
    profiles = RiskProfile.objects.filter(year=year).aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(published_at__isnull=False)),
        verified=Count("id", filter=~Q(verification=RiskProfile.Verification.PENDING)),
        activated=Count("id", filter=Q(activated_at__isnull=False)),
    )
    return {
        "participating": participating,
        "profiles": profiles,
        "responses": Response.objects.filter(year=year, school__isnull=False).count(),
        "questionnaires": Questionnaire.objects.filter(year=year, is_active=True).order_by("group"),
        "method": ScoringMethod.objects.filter(year=year, is_current=True).first(),
        "jobs": ProfileJob.objects.filter(year=year).select_related("school", "created_by")[:5],
        "regions": Region.objects.filter(municipalities__schools__participations__year=year).distinct(),
    }


# Where the first curator visit is recorded: the curators app, a layer above, registers its lookup here
# (CuratorsConfig.ready), so the diagnosis reads it without importing that app.
first_visit_lookups: list[Callable[..., datetime.date | None]] = []


def first_visit_on(*, school: School, year: ProjectYear) -> datetime.date | None:
    """The date of the curator's first recorded visit, or None.

    Verification is meant to follow the first visit; the page says so when none is recorded, without
    blocking (the visit log may be filled in later)."""
    dates = [d for lookup in first_visit_lookups if (d := lookup(school=school, year=year))]
    return min(dates, default=None)


# --- what curators' work and monitoring read of the diagnosis (one query per many schools) -------------


def profiles_to_verify(*, school_ids, year: ProjectYear) -> dict[int, int]:
    """Published risk profiles not yet verified by the curator, per school."""
    qs = RiskProfile.objects.filter(
        school_id__in=school_ids,
        year=year,
        published_at__isnull=False,
        verification=RiskProfile.Verification.PENDING,
    )
    return {row["school_id"]: row["n"] for row in qs.values("school_id").annotate(n=Count("pk")).order_by()}


def schools_with_activated_risks(*, school_ids, year: ProjectYear) -> set[int]:
    """Schools that activated risk directions this year: their roadmap is being formed."""
    qs = RiskActivation.objects.filter(school_id__in=school_ids, direction__year=year)
    return set(qs.values_list("school_id", flat=True).distinct())


def directions_in_use(*, year: ProjectYear) -> QuerySet[RiskDirection]:
    """The year's risk directions in use (retired ones left out), by number."""
    return RiskDirection.objects.filter(year=year, is_retired=False).order_by("number")
