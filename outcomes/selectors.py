"""Reads of the outcome views: results by group and year, the difference in differences, the risk at the start
and the end of the year, measures done. Every aggregate is one GROUP BY in the database.

Small numbers (docs/risk-method.md, «Сравнение»): a group of fewer than MIN_PUPILS pupils shows no value; a
difference is marked unreliable when any of its groups has fewer than RELIABLE_SCHOOLS schools or
RELIABLE_PUPILS pupils in a year.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.expressions import ExpressionWrapper

from monitoring.models import IndicatorValue, MeasureStatus, MonitoringReport
from roadmaps import selectors as roadmap_selectors
from schools.models import Participation, ProjectYear, Region, School
from surveys import selectors as survey_selectors

from . import measure_kinds
from .models import Assessment, AssessmentResult

MIN_PUPILS = 5
RELIABLE_SCHOOLS = 3
RELIABLE_PUPILS = 30
_LABELS = dict(Assessment.choices)
_ORDER = {a: i for i, a in enumerate(Assessment.values)}
_TWO = Decimal("0.01")


@dataclass
class Stat:
    """A group's result in one year: pupils, schools, the pupil-weighted share of «2» and mean."""

    pupils: int = 0
    schools: int = 0
    share2_sum: Decimal = Decimal(0)
    share2_pupils: int = 0
    mean_sum: Decimal = Decimal(0)
    mean_pupils: int = 0

    @property
    def shown(self) -> bool:
        return self.pupils >= MIN_PUPILS

    @property
    def reliable(self) -> bool:
        return self.schools >= RELIABLE_SCHOOLS and self.pupils >= RELIABLE_PUPILS

    @property
    def share2(self) -> Decimal | None:
        if not self.shown or self.share2_pupils < MIN_PUPILS:
            return None
        return (self.share2_sum / self.share2_pupils).quantize(_TWO)

    @property
    def mean(self) -> Decimal | None:
        if not self.shown or self.mean_pupils < MIN_PUPILS:
            return None
        return (self.mean_sum / self.mean_pupils).quantize(_TWO)


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else (a - b).quantize(_TWO)


@dataclass
class Side:
    before: Stat
    after: Stat

    @property
    def share2_change(self) -> Decimal | None:
        return _minus(self.after.share2, self.before.share2)

    @property
    def mean_change(self) -> Decimal | None:
        return _minus(self.after.mean, self.before.mean)

    @property
    def reliable(self) -> bool:
        return self.before.reliable and self.after.reliable


@dataclass
class DidRow:
    assessment: str
    grade: int
    subject: str
    programme: Side
    comparison: Side

    @property
    def assessment_label(self) -> str:
        return _LABELS[self.assessment]

    @property
    def share2_did(self) -> Decimal | None:
        return _minus(self.programme.share2_change, self.comparison.share2_change)

    @property
    def mean_did(self) -> Decimal | None:
        return _minus(self.programme.mean_change, self.comparison.mean_change)

    @property
    def reliable(self) -> bool:
        return self.programme.reliable and self.comparison.reliable

    @property
    def title(self) -> str:
        grade = f", {self.grade} кл." if self.assessment == Assessment.VPR else ""
        return f"{self.assessment_label}{grade}, {self.subject}"


@dataclass
class DirectionShare:
    direction: object
    fell: int = 0
    same: int = 0
    rose: int = 0
    nodata: int = 0

    @property
    def measured(self) -> int:
        return self.fell + self.same + self.rose

    @property
    def share_fell(self) -> int | None:
        """Percent of the schools with both scores whose risk fell (None when there are none)."""
        if not self.measured:
            return None
        return round(100 * self.fell / self.measured)

    @property
    def reliable(self) -> bool:
        return self.measured >= RELIABLE_SCHOOLS


@dataclass
class MeasureKindRow:
    kind: str
    improved_measures: int = 0
    improved_schools: int = 0
    other_measures: int = 0
    other_schools: int = 0


@dataclass
class Outcome:
    years: list[int]
    before: int | None
    after: int | None
    rows: list[DidRow] = field(default_factory=list)
    programme_schools: int = 0
    comparison_schools: int = 0
    directions: list[DirectionShare] = field(default_factory=list)
    measure_kinds: list[MeasureKindRow] = field(default_factory=list)
    improved_schools: int = 0
    other_schools: int = 0

    @property
    def chart(self) -> dict:
        """Data for the charts (json_script): change of the share of «2», programme vs comparison, per row."""
        shown = [
            r for r in self.rows if r.programme.share2_change is not None or r.comparison.share2_change is not None
        ]
        return {
            "labels": [r.title for r in shown],
            "programme": [_float(r.programme.share2_change) for r in shown],
            "comparison": [_float(r.comparison.share2_change) for r in shown],
            "directions": [str(d.direction.title) for d in self.directions],
            "fell": [d.share_fell for d in self.directions],
        }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _in_programme(year: ProjectYear):
    return Exists(Participation.objects.filter(school_id=OuterRef("school_id"), year=year))


def _aggregate(qs: QuerySet, keys: tuple[str, ...]) -> dict[tuple, Stat]:
    numeric = DecimalField(max_digits=20, decimal_places=4)
    rows = (
        qs.values(*keys)
        .annotate(
            pupils=Sum("participants"),
            schools=Count("school_id", distinct=True),
            s2=Sum(ExpressionWrapper(F("share2") * F("participants"), output_field=numeric)),
            s2n=Sum("participants", filter=Q(share2__isnull=False)),
            m=Sum(ExpressionWrapper(F("mean") * F("participants"), output_field=numeric), filter=Q(mean__isnull=False)),
            mn=Sum("participants", filter=Q(mean__isnull=False)),
        )
        .order_by()
    )
    return {
        tuple(r[k] for k in keys): Stat(
            pupils=r["pupils"] or 0,
            schools=r["schools"],
            share2_sum=Decimal(r["s2"] or 0),
            share2_pupils=r["s2n"] or 0,
            mean_sum=Decimal(r["m"] or 0),
            mean_pupils=r["mn"] or 0,
        )
        for r in rows
    }


def result_years(*, schools: QuerySet[School]) -> list[int]:
    return sorted(set(AssessmentResult.objects.filter(school__in=schools).values_list("year", flat=True)))


def paired_results(*, schools: QuerySet[School], before: int, after: int) -> QuerySet[AssessmentResult]:
    """Results of both years, only for a school's subject (and grade) that has a result in the other year too:
    a school that wrote a subject once cannot show a change and would only shift the group's mix."""
    other = AssessmentResult.objects.filter(
        school_id=OuterRef("school_id"),
        assessment=OuterRef("assessment"),
        grade=OuterRef("grade"),
        subject=OuterRef("subject"),
        year=ExpressionWrapper(Value(before + after) - OuterRef("year"), output_field=IntegerField()),
    )
    return AssessmentResult.objects.filter(school__in=schools, year__in=[before, after]).filter(Exists(other))


def did_rows(*, schools: QuerySet[School], year: ProjectYear, before: int, after: int) -> tuple[list[DidRow], dict]:
    qs = paired_results(schools=schools, before=before, after=after).annotate(programme=_in_programme(year))
    stats = _aggregate(qs, ("assessment", "grade", "subject", "year", "programme"))
    counts = dict(qs.values("programme").annotate(n=Count("school_id", distinct=True)).values_list("programme", "n"))
    keys = sorted({k[:3] for k in stats}, key=lambda k: (_ORDER[k[0]], k[1], k[2]))
    rows = [
        DidRow(
            assessment=a,
            grade=g,
            subject=s,
            programme=Side(stats.get((a, g, s, before, True), Stat()), stats.get((a, g, s, after, True), Stat())),
            comparison=Side(stats.get((a, g, s, before, False), Stat()), stats.get((a, g, s, after, False), Stat())),
        )
        for a, g, s in keys
    ]
    return rows, counts


def direction_shares(*, year: ProjectYear, school_ids: list[int]) -> tuple[list[DirectionShare], dict]:
    changes = survey_selectors.risk_changes(year=year, school_ids=school_ids)
    by_direction: dict[int, DirectionShare] = {}
    for school_changes in changes.values():
        for change in school_changes:
            row = by_direction.setdefault(change.direction.pk, DirectionShare(change.direction))
            setattr(row, change.trend, getattr(row, change.trend) + 1)
    rows = sorted(by_direction.values(), key=lambda r: r.direction.number)
    return rows, changes


def measure_kind_rows(*, year: ProjectYear, improved: set[int], others: set[int]) -> list[MeasureKindRow]:
    """Measures reported done (either stage), by kind: in schools whose risk fell and in the others."""
    done = (
        MeasureStatus.objects.filter(
            report__year=year, report__school_id__in=improved | others, status=MeasureStatus.Status.DONE
        )
        .values_list("report__school_id", "measure_ref", "title")
        .distinct()
    )
    seen: set[tuple[int, int]] = set()
    rows: dict[str, MeasureKindRow] = {}
    schools: dict[tuple[str, bool], set[int]] = defaultdict(set)
    for school_id, ref, title in done:
        if (school_id, ref) in seen:
            continue
        seen.add((school_id, ref))
        kind = measure_kinds.kind_of(title)
        row = rows.setdefault(kind, MeasureKindRow(kind))
        if school_id in improved:
            row.improved_measures += 1
        else:
            row.other_measures += 1
        schools[(kind, school_id in improved)].add(school_id)
    for kind, row in rows.items():
        row.improved_schools = len(schools[(kind, True)])
        row.other_schools = len(schools[(kind, False)])
    return sorted(rows.values(), key=lambda r: (-r.improved_measures, -r.other_measures, r.kind))


def outcome(
    *, schools: QuerySet[School], year: ProjectYear, before: int | None = None, after: int | None = None
) -> Outcome:
    """The outcome view of a set of schools (a region's, or all): programme schools against the others."""
    years = result_years(schools=schools)
    if after not in years:
        after = years[-1] if years else None
    if before not in years or (after is not None and before >= after):
        earlier = [y for y in years if after is not None and y < after]
        before = earlier[-1] if earlier else None
    result = Outcome(years=years, before=before, after=after)
    if before is not None and after is not None:
        result.rows, counts = did_rows(schools=schools, year=year, before=before, after=after)
        result.programme_schools = counts.get(True, 0)
        result.comparison_schools = counts.get(False, 0)
    programme_ids = list(schools.filter(participations__year=year).values_list("pk", flat=True))
    result.directions, changes = direction_shares(year=year, school_ids=programme_ids)
    improved = {sid for sid, cs in changes.items() if any(c.trend == "fell" for c in cs)}
    measured = {sid for sid, cs in changes.items() if any(c.trend != "nodata" for c in cs)}
    others = measured - improved
    result.improved_schools, result.other_schools = len(improved), len(others)
    result.measure_kinds = measure_kind_rows(year=year, improved=improved, others=others)
    return result


# --- One school ----------------------------------------------------------------------------------------


@dataclass
class ResultPoint:
    year: int
    school: Stat
    region: Stat


@dataclass
class ResultSeries:
    assessment: str
    grade: int
    subject: str
    points: list[ResultPoint]

    @property
    def title(self) -> str:
        grade = f", {self.grade} кл." if self.assessment == Assessment.VPR else ""
        return f"{_LABELS[self.assessment]}{grade}, {self.subject}"


def school_results(*, school: School) -> list[ResultSeries]:
    """The school's results over the years it has, each beside its region's average (all the region's schools)."""
    own = list(AssessmentResult.objects.filter(school=school))
    if not own:
        return []
    region = _aggregate(
        AssessmentResult.objects.filter(
            school__municipality__region_id=school.municipality.region_id,
            assessment__in={r.assessment for r in own},
            year__in={r.year for r in own},
        ),
        ("assessment", "grade", "subject", "year"),
    )
    series: dict[tuple, list[ResultPoint]] = defaultdict(list)
    for r in own:
        stat = Stat(
            pupils=r.participants,
            schools=1,
            share2_sum=(r.share2 or 0) * r.participants,
            share2_pupils=r.participants if r.share2 is not None else 0,
            mean_sum=(r.mean or 0) * r.participants,
            mean_pupils=r.participants if r.mean is not None else 0,
        )
        key = (r.assessment, r.grade, r.subject)
        series[key].append(ResultPoint(r.year, stat, region.get((*key, r.year), Stat())))
    return [
        ResultSeries(a, g, s, sorted(points, key=lambda p: p.year))
        for (a, g, s), points in sorted(series.items(), key=lambda i: (_ORDER[i[0][0]], i[0][1], i[0][2]))
    ]


@dataclass
class IndicatorProgress:
    title: str
    unit: str
    baseline: object
    stage1: object
    stage2: object
    target: object


def school_progress(*, school: School, year: ProjectYear) -> dict:
    changes = survey_selectors.risk_changes(year=year, school_ids=[school.pk]).get(school.pk, [])
    items = roadmap_selectors.confirmed_roadmap_items(school=school, year=year)
    actuals = {
        (stage, ref): actual
        for stage, ref, actual in IndicatorValue.objects.filter(report__school=school, report__year=year).values_list(
            "report__stage", "indicator_ref", "actual"
        )
    }
    indicators = [
        IndicatorProgress(i.title, i.unit, i.baseline, actuals.get((1, i.ref)), actuals.get((2, i.ref)), i.target)
        for i in (items.indicators if items else [])
    ]
    report = MonitoringReport.objects.filter(school=school, year=year).order_by("-stage").first()
    statuses = list(report.measure_statuses.all()) if report else []
    by_status = Counter(s.status for s in statuses)
    return {
        "risks": changes,
        "indicators": indicators,
        "has_roadmap": items is not None,
        "report": report,
        "measures_done": [s for s in statuses if s.status == MeasureStatus.Status.DONE],
        "measure_counts": [(label, by_status.get(value, 0)) for value, label in MeasureStatus.Status.choices],
        "measures_total": len(statuses),
        "results": school_results(school=school),
    }


@dataclass
class SchoolRow:
    school: School
    fell: int
    same: int
    rose: int
    before: Stat
    after: Stat


def programme_school_rows(
    *, schools: QuerySet[School], year: ProjectYear, before: int | None, after: int | None
) -> list[SchoolRow]:
    """The programme's schools of the view (for the drill-down): risk changes and their share of «2» (all
    paired subjects pooled) before and after."""
    programme = list(
        schools.filter(participations__year=year)
        .select_related("municipality")
        .order_by("municipality__name", "short_name")
    )
    ids = [s.pk for s in programme]
    changes = survey_selectors.risk_changes(year=year, school_ids=ids)
    stats: dict[tuple, Stat] = {}
    if before is not None and after is not None:
        stats = _aggregate(
            paired_results(schools=School.objects.filter(pk__in=ids), before=before, after=after),
            ("school_id", "year"),
        )
    rows = []
    for s in programme:
        trends = Counter(c.trend for c in changes.get(s.pk, []))
        rows.append(
            SchoolRow(
                s,
                trends["fell"],
                trends["same"],
                trends["rose"],
                stats.get((s.pk, before), Stat()),
                stats.get((s.pk, after), Stat()),
            )
        )
    return rows


@dataclass
class RegionResults:
    region: Region
    programme: int
    comparison: int


def regions_with_results(*, year: ProjectYear) -> list[RegionResults]:
    """Regions that have loaded results: how many programme and other schools have any (for the federal view)."""
    rows = (
        AssessmentResult.objects.annotate(programme=_in_programme(year))
        .values("school__municipality__region_id", "programme")
        .annotate(n=Count("school_id", distinct=True))
        .order_by()
    )
    counts: dict[int, dict[bool, int]] = defaultdict(dict)
    for r in rows:
        counts[r["school__municipality__region_id"]][r["programme"]] = r["n"]
    regions = Region.objects.filter(pk__in=list(counts)).order_by("name")
    return [RegionResults(r, counts[r.pk].get(True, 0), counts[r.pk].get(False, 0)) for r in regions]
