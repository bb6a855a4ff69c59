"""What the school's report on its roadmap holds: measures with their status at each stage, indicator values
(baseline → stage 1 → stage 2 → target), evidence, difficulties — read from the monitoring stages."""

from dataclasses import dataclass, field

from roadmaps import selectors as roadmap_selectors
from schools.models import CuratorAssignment, ProjectYear, School, SchoolStaff

from ..models import Evidence, MeasureStatus, MonitoringReport, SchoolReport
from . import stages


@dataclass
class MeasureRow:
    ref: int
    title: str
    direction: str = ""
    due_on: object = None
    statuses: dict[int, MeasureStatus] = field(default_factory=dict)  # stage → status row
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def latest(self) -> MeasureStatus | None:
        return self.statuses[max(self.statuses)] if self.statuses else None

    @property
    def stage1(self) -> MeasureStatus | None:
        return self.statuses.get(1)

    @property
    def stage2(self) -> MeasureStatus | None:
        return self.statuses.get(2)


@dataclass
class Content:
    school: School
    year: ProjectYear
    report: SchoolReport | None
    stages: list[MonitoringReport]
    measures: list[MeasureRow]
    indicators: list[stages.ProgressRow]
    evidence: list[Evidence]
    difficulties: list[str]
    curator: object = None
    director: object = None

    @property
    def confirmed_stages(self) -> list[MonitoringReport]:
        return [s for s in self.stages if s.status == MonitoringReport.Status.CONFIRMED]


def report_for(*, school: School, year: ProjectYear) -> SchoolReport | None:
    return SchoolReport.objects.filter(school=school, year=year).first()


def content(*, school: School, year: ProjectYear, report: SchoolReport | None = None) -> Content:
    """Everything the report shows, in a fixed number of queries."""
    stage_reports = list(
        MonitoringReport.objects.filter(school=school, year=year).prefetch_related("difficulties").order_by("stage")
    )
    measures: dict[int, MeasureRow] = {}
    items = roadmap_selectors.confirmed_roadmap_items(school=school, year=year)
    for m in items.measures if items else []:
        measures[m.ref] = MeasureRow(ref=m.ref, title=m.title, direction=m.direction, due_on=m.due_on)
    stage_of = {r.pk: r.stage for r in stage_reports}
    for status in MeasureStatus.objects.filter(report__in=stage_reports).order_by("report__stage", "pk"):
        row = measures.setdefault(
            status.measure_ref, MeasureRow(ref=status.measure_ref, title=status.title, due_on=status.due_on)
        )
        row.statuses[stage_of[status.report_id]] = status
    evidence = list(Evidence.objects.filter(report__in=stage_reports).order_by("report__stage", "pk"))
    for e in evidence:
        e.stage = stage_of[e.report_id]
        if e.measure_ref in measures:
            measures[e.measure_ref].evidence.append(e)
            e.measure_title = measures[e.measure_ref].title
    difficulties: list[str] = []
    for r in stage_reports:
        for d in [*(d.title for d in r.difficulties.all()), r.difficulties_other.strip()]:
            if d and d not in difficulties:
                difficulties.append(d)
    curator = CuratorAssignment.objects.filter(school=school, year=year).select_related("curator").first()
    director = SchoolStaff.objects.filter(school=school, kind=SchoolStaff.Kind.DIRECTOR).select_related("user").first()
    return Content(
        school=school,
        year=year,
        report=report,
        stages=stage_reports,
        measures=list(measures.values()),
        indicators=stages.progress(school=school, year=year),
        evidence=evidence,
        difficulties=difficulties,
        curator=curator.curator if curator else None,
        director=director.user if director else None,
    )


def reports_to_review(*, municipality_ids, year: ProjectYear):
    """Reports sent to these municipalities and waiting for the coordinator's decision."""
    return (
        SchoolReport.objects.filter(
            year=year, status=SchoolReport.Status.SENT, school__municipality_id__in=list(municipality_ids)
        )
        .select_related("school")
        .order_by("sent_at")
    )
