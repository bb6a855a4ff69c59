"""The curator's caseload: every school with what waits for the curator (documents, profiles, reports, questions)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count

from curators import selectors as curator_selectors
from curators.models import Thread
from roadmaps import selectors as roadmap_selectors
from schools.models import ProjectYear, School
from surveys import selectors as survey_selectors

from ..models import MonitoringReport


@dataclass
class CaseloadRow:
    visit: curator_selectors.VisitRow
    documents: int
    profiles: int
    reports: int
    questions: int

    @property
    def school(self) -> School:
        return self.visit.school


def caseload(*, curator, year: ProjectYear, today: datetime.date) -> list[CaseloadRow]:
    """The curator's schools with their phase, what waits for the curator and visit dates."""
    schools = School.objects.filter(curatorships__curator=curator, curatorships__year=year).order_by("short_name")
    rows = curator_selectors.visit_rows(schools=schools, year=year, today=today)
    ids = [r.school.pk for r in rows]
    documents = roadmap_selectors.documents_to_review(school_ids=ids, year=year)
    profiles = survey_selectors.profiles_to_verify(school_ids=ids, year=year)
    reports = dict(
        MonitoringReport.objects.filter(year=year, school_id__in=ids, status=MonitoringReport.Status.SUBMITTED)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
        .order_by()
    )
    questions = dict(
        Thread.objects.filter(year=year, school_id__in=ids, kind=Thread.Kind.CURATOR, awaiting_answer=True)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
        .order_by()
    )
    return [
        CaseloadRow(
            visit=r,
            documents=documents.get(r.school.pk, 0),
            profiles=profiles.get(r.school.pk, 0),
            reports=reports.get(r.school.pk, 0),
            questions=questions.get(r.school.pk, 0),
        )
        for r in rows
    ]
