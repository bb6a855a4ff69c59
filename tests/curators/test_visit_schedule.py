"""The curator's visit schedule: dates planned ahead, beside the rule's due date and the visits held."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from curators import selectors
from curators.models import PlannedVisit, Visit
from curators.services import schedules
from schools.models import School
from tests.conftest import login

from . import helpers as h

D = datetime.date


def test_the_curator_plans_a_visit_on_the_schools_page_and_the_municipality_sees_it_side_by_side(cast):
    h.calendar(cast)
    day = timezone.localdate() + datetime.timedelta(days=3)
    if day.year != cast.year.year:
        pytest.skip("the project year is over: no future dates in it")
    client = login(cast.curator)
    client.post(
        reverse("curators:planned_visit_create", args=[cast.school_a.pk]),
        {"planned_on": day.isoformat(), "note": "Посещение уроков"},
    )
    assert PlannedVisit.objects.get().planned_on == day
    page = login(cast.municipal).get(reverse("curators:visit_overdue_list", args=[cast.mun_a.pk])).content.decode()
    assert "По графику" in page and "Срок по правилу" in page and f"{day:%d.%m.%Y}" in page


def test_only_the_schools_own_curator_plans_and_never_in_the_past(cast):
    with pytest.raises(ValidationError, match="только куратор этой школы"):
        schedules.planned_visit_add(
            school=cast.school_c, year=cast.year, curator=cast.curator, planned_on=D(2026, 5, 1), today=D(2026, 4, 1)
        )
    with pytest.raises(ValidationError, match="уже прошла"):
        schedules.planned_visit_add(
            school=cast.school_a, year=cast.year, curator=cast.curator, planned_on=D(2026, 3, 1), today=D(2026, 4, 1)
        )


def test_a_schedule_that_leaves_a_gap_longer_than_the_rule_is_flagged(cast):
    h.calendar(cast)
    Visit.objects.create(
        school=cast.school_a,
        year=cast.year,
        curator=cast.curator,
        held_on=D(2026, 5, 4),
        participants="директор",
        topics="Реализация",
        status=Visit.Status.CONFIRMED,
    )
    today = D(2026, 5, 10)  # implementation phase: the next visit is due by 01.06 (28 days)
    schedules.planned_visit_add(
        school=cast.school_a, year=cast.year, curator=cast.curator, planned_on=D(2026, 6, 5), today=today
    )
    schools = School.objects.filter(pk=cast.school_a.pk)
    row = selectors.visit_rows(schools=schools, year=cast.year, today=today)[0]
    assert (row.due.due_on, row.next_planned, row.planned_too_late) == (D(2026, 6, 1), D(2026, 6, 5), True)
    schedules.planned_visit_add(
        school=cast.school_a, year=cast.year, curator=cast.curator, planned_on=D(2026, 5, 12), today=today
    )
    row = selectors.visit_rows(schools=schools, year=cast.year, today=today)[0]
    assert (row.next_planned, row.planned_too_late) == (D(2026, 5, 12), False)


def test_only_the_curator_who_planned_it_removes_a_date(cast):
    planned = PlannedVisit.objects.create(
        school=cast.school_a, year=cast.year, curator=cast.curator, planned_on=D(2026, 5, 12)
    )
    with pytest.raises(ValidationError, match="только куратор"):
        schedules.planned_visit_delete(planned=planned, by=cast.municipal)
    login(cast.curator).post(reverse("curators:planned_visit_delete", args=[planned.pk]))
    assert not PlannedVisit.objects.exists()
