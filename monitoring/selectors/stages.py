"""Reads about monitoring stages: indicator progress across stages, difficulties, confirmed reports."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from schools.models import ProjectYear, School

from ..models import Difficulty, IndicatorValue, MonitoringReport


@dataclass
class ProgressRow:
    ref: int
    title: str
    unit: str
    baseline: object
    target: object
    values: dict[int, object]  # stage → actual (confirmed or not)

    @property
    def stage1(self):
        return self.values.get(1)

    @property
    def stage2(self):
        return self.values.get(2)


def progress(*, school: School, year: ProjectYear) -> list[ProgressRow]:
    """Actual against baseline and target per indicator across the stages (2 queries)."""
    rows: dict[int, ProgressRow] = {}
    for v in (
        IndicatorValue.objects.filter(report__school=school, report__year=year)
        .select_related("report")
        .order_by("report__stage", "pk")
    ):
        row = rows.setdefault(v.indicator_ref, ProgressRow(v.indicator_ref, v.title, v.unit, v.baseline, v.target, {}))
        row.values[v.report.stage] = v.actual
    return list(rows.values())


def progress_chart_data(rows: list[ProgressRow]) -> dict:
    """Chart.js-ready data for `static/js/stage_progress.js` (passed with json_script)."""

    def num(x):
        return float(x) if x is not None else None

    return {
        "labels": ["Базовое", "1 этап", "2 этап", "Цель"],
        "indicators": [
            {
                "title": f"{r.title}{f', {r.unit}' if r.unit else ''}",
                "values": [num(r.baseline), num(r.values.get(1)), num(r.values.get(2)), num(r.target)],
            }
            for r in rows
        ],
    }


def difficulty_summary(*, year: ProjectYear, schools: QuerySet[School]) -> list[tuple[Difficulty, int]]:
    """The most frequent difficulties named in submitted or confirmed reports of these schools."""
    qs = (
        Difficulty.objects.filter(year=year)
        .annotate(
            n=Count(
                "reports",
                filter=Q(reports__school__in=schools) & ~Q(reports__status=MonitoringReport.Status.DRAFT),
                distinct=True,
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "order")
    )
    return [(d, d.n) for d in qs]


def other_difficulties(*, year: ProjectYear, schools: QuerySet[School]) -> list[tuple[str, int]]:
    texts = MonitoringReport.objects.filter(year=year, school__in=schools).exclude(difficulties_other="")
    counter = Counter(
        t.strip()
        for t in texts.exclude(status=MonitoringReport.Status.DRAFT).values_list("difficulties_other", flat=True)
    )
    return counter.most_common(20)


def reports_confirmed_school_ids(*, year: ProjectYear, stage: int) -> set[int]:
    return set(
        MonitoringReport.objects.filter(year=year, stage=stage, status=MonitoringReport.Status.CONFIRMED).values_list(
            "school_id", flat=True
        )
    )
