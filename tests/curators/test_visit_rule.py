"""The visit frequency rule, maximum intervals only: at least weekly while the roadmap is formed, at least every
28 days while it is implemented (no «не ранее» minimum); phases change on the region's own dates."""

import datetime

import pytest
from django.urls import reverse

from curators import selectors
from curators.models import Visit, VisitRule
from curators.selectors import Phase
from schools.models import School
from surveys.models import RiskActivation, RiskDirection
from surveys.risk_catalogue import risk_directions_create_default
from tests import factories as f
from tests.conftest import login

from . import helpers as h

D = datetime.date


def rule(**kw) -> VisitRule:
    values = {
        "formation_interval_days": 7,
        "implementation_max_days": 28,
        "formation_from": D(2026, 3, 10),
        "implementation_from": D(2026, 5, 1),
    }
    return VisitRule(**(values | kw))


def due(r, phase, last, today, appointed=D(2026, 2, 15)):
    return selectors.visit_due(rule=r, phase=phase, last_visit_on=last, appointed_on=appointed, today=today)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(D(2026, 4, 7), False), (D(2026, 4, 8), False), (D(2026, 4, 9), True)],
)
def test_while_forming_a_visit_is_due_within_seven_days_and_overdue_from_the_eighth(today, overdue):
    result = due(rule(), Phase.FORMATION, D(2026, 4, 1), today)
    assert result.due_on == D(2026, 4, 8)
    assert result.overdue is overdue


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(D(2026, 5, 28), False), (D(2026, 5, 29), False), (D(2026, 5, 30), True)],
)
def test_while_implementing_a_visit_is_due_within_28_days_with_no_minimum_interval(today, overdue):
    result = due(rule(), Phase.IMPLEMENTATION, D(2026, 5, 1), today)
    assert result.earliest_on is None  # seed 004 says «не реже»: a curator may come sooner
    assert result.due_on == D(2026, 5, 29)
    assert result.overdue is overdue


def test_the_interval_of_the_phase_the_school_is_in_today_applies_after_a_phase_change():
    last = D(2026, 4, 28)  # visited while still forming the roadmap
    today = D(2026, 5, 10)  # twelve days later; implementation started on 01.05
    r = rule()
    phase = selectors.phase_of(rule=r, today=today, has_activations=True, roadmap_confirmed=False)
    assert phase == Phase.IMPLEMENTATION
    assert not due(r, phase, last, today).overdue
    # The same twelve days would be overdue in the formation phase.
    assert due(r, Phase.FORMATION, last, today).overdue


def test_a_year_with_other_settings_uses_its_own_numbers():
    r = rule(formation_interval_days=10, implementation_max_days=21)
    assert not due(r, Phase.FORMATION, D(2026, 4, 1), D(2026, 4, 11)).overdue
    assert due(r, Phase.FORMATION, D(2026, 4, 1), D(2026, 4, 12)).overdue
    assert not due(r, Phase.IMPLEMENTATION, D(2026, 6, 1), D(2026, 6, 22)).overdue
    assert due(r, Phase.IMPLEMENTATION, D(2026, 6, 1), D(2026, 6, 23)).overdue


def test_nothing_is_overdue_during_diagnosis():
    r = rule()
    phase = selectors.phase_of(rule=r, today=D(2026, 3, 1), has_activations=False, roadmap_confirmed=False)
    assert phase == Phase.DIAGNOSIS
    assert not due(r, phase, None, D(2026, 3, 1)).overdue


def test_without_any_visit_the_first_one_is_due_by_the_first_visit_date_of_the_calendar():
    r = rule()
    assert due(r, Phase.FORMATION, None, D(2026, 3, 10)).due_on == D(2026, 3, 10)
    assert not due(r, Phase.FORMATION, None, D(2026, 3, 10)).overdue
    assert due(r, Phase.FORMATION, None, D(2026, 3, 11)).overdue
    # A curator appointed late gets a full interval from the appointment.
    late = due(r, Phase.FORMATION, None, D(2026, 3, 20), appointed=D(2026, 3, 15))
    assert late.due_on == D(2026, 3, 22)
    assert not late.overdue


def test_phase_follows_activated_risks_and_the_confirmed_roadmap_before_the_calendar_dates():
    r = rule()
    early = D(2026, 3, 1)
    assert selectors.phase_of(rule=r, today=early, has_activations=True, roadmap_confirmed=False) == Phase.FORMATION
    assert selectors.phase_of(rule=r, today=early, has_activations=True, roadmap_confirmed=True) == Phase.IMPLEMENTATION


def test_the_default_rule_takes_its_phase_dates_from_the_years_calendar(cast):
    h.calendar(cast)
    r = selectors.visit_rule_for(cast.year)
    assert r.pk is None
    assert r.formation_from == D(2026, 3, 10)
    assert r.implementation_from == D(2026, 4, 30)
    assert r.formation_interval_days == 7


def test_only_visits_the_school_confirmed_count(cast):
    VisitRule.objects.create(year=cast.year, formation_from=D(2026, 3, 10), implementation_from=D(2026, 5, 1))
    h.visit(cast, held_on=D(2026, 4, 1), status=Visit.Status.CONFIRMED)
    h.visit(cast, held_on=D(2026, 4, 7), status=Visit.Status.AWAITING)
    h.visit(cast, held_on=D(2026, 4, 8), status=Visit.Status.DISPUTED)
    rows = selectors.visit_rows(schools=School.objects.filter(pk=cast.school_a.pk), year=cast.year, today=D(2026, 4, 9))
    assert rows[0].due.last_visit_on == D(2026, 4, 1)
    assert rows[0].due.overdue
    assert rows[0].awaiting_confirmation == 1


def test_activated_risk_directions_and_a_confirmed_roadmap_move_the_school_through_the_phases(cast):
    VisitRule.objects.create(year=cast.year, formation_from=D(2026, 3, 10), implementation_from=D(2026, 9, 1))
    today = D(2026, 3, 1)
    schools = School.objects.filter(pk__in=[cast.school_a.pk, cast.school_b.pk, cast.school_c.pk])
    risk_directions_create_default(year=cast.year)
    RiskActivation.objects.create(school=cast.school_b, direction=RiskDirection.objects.filter(year=cast.year).first())
    h.confirmed_roadmap(cast, cast.school_c)
    phases = {r.school.pk: r.due.phase for r in selectors.visit_rows(schools=schools, year=cast.year, today=today)}
    assert phases == {
        cast.school_a.pk: Phase.DIAGNOSIS,
        cast.school_b.pk: Phase.FORMATION,
        cast.school_c.pk: Phase.IMPLEMENTATION,
    }


def test_the_municipal_coordinator_sees_the_overdue_school_flagged(cast, settings):
    VisitRule.objects.create(year=cast.year, formation_from=D(2026, 1, 1), implementation_from=D(2026, 12, 31))
    h.visit(cast, held_on=D(2026, 1, 2), status=Visit.Status.CONFIRMED)  # long ago
    response = login(cast.municipal).get(reverse("curators:visit_overdue_list", args=[cast.mun_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "просрочен" in body
    # school_a: overdue since 09.01; school_b: its curator was appointed today, the first visit is not due yet.
    assert "Просрочены визиты в 1 школ(ах)" in body


def test_the_overdue_flag_shows_in_the_municipal_coordinators_cabinet(cast):
    VisitRule.objects.create(year=cast.year, formation_from=D(2026, 1, 1), implementation_from=D(2026, 12, 31))
    h.visit(cast, held_on=D(2026, 1, 2), status=Visit.Status.CONFIRMED)
    body = login(cast.municipal).get(reverse("home")).content.decode()
    assert "просрочены визиты в 1 школ(ах)" in body


def _schools_in_mun_a(cast, n):
    for i in range(n):
        school = f.SchoolFactory(municipality=cast.mun_a)
        f.ParticipationFactory(school=school, year=cast.year)
        h.visit(cast, school, held_on=D(2026, 3, 1), curator=cast.curator)
        from schools import services

        services.curator_assign(school=school, year=cast.year, curator=cast.curator)


@pytest.mark.parametrize("n", [2, 10])
def test_the_overdue_list_runs_a_constant_number_of_queries(cast, n, django_assert_max_num_queries):
    _schools_in_mun_a(cast, n)
    client = login(cast.municipal)
    client.get(reverse("curators:visit_overdue_list", args=[cast.mun_a.pk]))  # warm the session
    with django_assert_max_num_queries(22):
        response = client.get(reverse("curators:visit_overdue_list", args=[cast.mun_a.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 10])
def test_the_caseload_runs_a_constant_number_of_queries(cast, n, django_assert_max_num_queries):
    _schools_in_mun_a(cast, n)
    client = login(cast.curator)
    client.get(reverse("monitoring:caseload_detail", args=[cast.curator.pk]))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("monitoring:caseload_detail", args=[cast.curator.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= n + 2


@pytest.mark.parametrize("n", [2, 10])
def test_the_regional_overdue_list_runs_a_constant_number_of_queries(cast, n, django_assert_max_num_queries):
    _schools_in_mun_a(cast, n)
    client = login(cast.regional)
    client.get(reverse("curators:visit_overdue_region", args=[cast.region.pk]))
    with django_assert_max_num_queries(22):
        response = client.get(reverse("curators:visit_overdue_region", args=[cast.region.pk]))
    body = response.content.decode()
    assert cast.school_c.short_name in body  # the other municipality is there too
    assert body.count('scope="row"') == n + 3


def test_phases_change_on_the_regions_own_dates(cast):
    from yearcalendar import services as cal
    from yearcalendar.models import Milestone

    h.calendar(cast)
    first_visit = Milestone.objects.get(year=cast.year, code="first_visit")
    cal.milestone_override_set(milestone=first_visit, region=cast.region, due_on=D(2026, 3, 20))
    today = D(2026, 3, 15)  # after the federal 10.03, before the region's 20.03
    rows = {
        r.school: r
        for r in selectors.visit_rows(
            schools=School.objects.filter(pk__in=[cast.school_a.pk, cast.foreign_school.pk]),
            year=cast.year,
            today=today,
        )
    }
    assert rows[cast.school_a].due.phase == Phase.DIAGNOSIS
    assert rows[cast.foreign_school].due.phase == Phase.FORMATION
