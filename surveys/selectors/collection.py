"""How far a school's questionnaires are: answers per group against the headcount and the year's shares."""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from medk.lib import memo
from schools.models import ProjectYear, School

from ..models import (
    PUBLIC_GROUPS,
    DiagnosisRound,
    DiagnosisSettings,
    RespondentGroup,
    Response,
    SchoolHeadcount,
    SurveyLink,
)


def diagnosis_settings(year: ProjectYear) -> DiagnosisSettings:
    """The year's settings (read once per GET: the diagnosis and the indicators panels both ask). A read only: a year
    without its row (created by the year's questionnaire load or the admin) gets the defaults, unsaved."""
    return memo.per_request(
        ("diagnosis_settings", year.pk),
        lambda: DiagnosisSettings.objects.filter(year=year).first() or DiagnosisSettings(year=year),
    )


@dataclass
class GroupCompletion:
    group: str
    title: str
    received: int
    expected: int
    required: int
    hidden: bool  # fewer than the anonymity minimum: shown as «менее N»

    @property
    def done(self) -> bool:
        return self.received >= self.required

    @property
    def percent(self) -> int:
        if self.hidden:
            return 0  # a share of «из N» would give the hidden count away
        if not self.required:
            return 100
        return min(100, math.floor(100 * self.received / self.required))

    @property
    def step(self) -> int:
        """Progress in steps of 10 for a CSS class (no inline styles under the CSP)."""
        return self.percent // 10 * 10


@dataclass
class SchoolCompletion:
    groups: list[GroupCompletion]
    director_done: bool
    has_headcount: bool
    min_answers: int

    @property
    def done(self) -> bool:
        return self.has_headcount and self.director_done and all(g.done for g in self.groups)


def _completion(*, settings_obj, counts: dict[str, int], headcount, director_done: bool) -> SchoolCompletion:
    groups = []
    for group in PUBLIC_GROUPS:
        expected = headcount.expected(group) if headcount else 0
        received = counts.get(group, 0)
        if expected:
            required = max(settings_obj.min_answers, math.ceil(expected * settings_obj.share_for(group) / 100))
            required = min(required, expected)
        else:
            required = 0
        groups.append(
            GroupCompletion(
                group=group,
                title=RespondentGroup(group).label,
                received=received,
                expected=expected,
                required=required,
                hidden=0 < received < settings_obj.min_answers,
            )
        )
    return SchoolCompletion(
        groups=groups,
        director_done=director_done,
        has_headcount=headcount is not None,
        min_answers=settings_obj.min_answers,
    )


def completion_for_schools(
    *, year: ProjectYear, school_ids: list[int], diagnosis: str = DiagnosisRound.FIRST
) -> dict[int, SchoolCompletion]:
    """Completion of many schools in three queries (of the first diagnosis, or of the final one)."""
    settings_obj = diagnosis_settings(year)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Response.objects.filter(year=year, round=diagnosis, school_id__in=school_ids)
        .values_list("school_id", "group")
        .annotate(n=Count("id"))
        .order_by()
    )
    for school_id, group, n in rows:
        counts[school_id][group] = n
    headcounts = {h.school_id: h for h in SchoolHeadcount.objects.filter(year=year, school_id__in=school_ids)}
    return {
        sid: _completion(
            settings_obj=settings_obj,
            counts=counts.get(sid, {}),
            headcount=headcounts.get(sid),
            director_done=counts.get(sid, {}).get(RespondentGroup.DIRECTOR, 0) > 0,
        )
        for sid in school_ids
    }


def completion(*, school: School, year: ProjectYear, diagnosis: str = DiagnosisRound.FIRST) -> SchoolCompletion:
    return completion_for_schools(year=year, school_ids=[school.pk], diagnosis=diagnosis)[school.pk]


def headcount(*, school: School, year: ProjectYear) -> SchoolHeadcount | None:
    return SchoolHeadcount.objects.filter(school=school, year=year).first()


def school_links(*, school: School, year: ProjectYear) -> list[SurveyLink]:
    """The school's link and code for each public respondent group that has one (issued by `links_ensure`)."""
    links = {link.group: link for link in SurveyLink.objects.filter(school=school, year=year)}
    return [links[group] for group in PUBLIC_GROUPS if group in links]
