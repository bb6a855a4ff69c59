import datetime

import pytest

from monitoring.selectors import charts
from monitoring.selectors import dashboards as sel
from monitoring.selectors import school_tables as tables
from monitoring.services import indicators as ind
from monitoring.services import readmodel
from yearcalendar import services as cal
from yearcalendar.models import Milestone

from .conftest import TODAY


def region_values(cast, today=TODAY) -> dict[str, ind.Value]:
    dashboard = sel.regional(year=cast.year, region=cast.region, today=today, filters=sel.Filters())
    return {v.indicator.code: v for v in dashboard.totals}


@pytest.mark.parametrize(
    ("code", "numerator", "denominator"),
    [
        ("logins", 2, 3),
        ("curators", 2, 3),
        ("risks", 1, 3),
        ("visited", 1, 3),
        ("seminar", 1, 3),
        ("monitoring_1", 1, 3),
        ("monitoring_2", 0, 3),
        ("regional_plan", 1, 1),
        ("directors", 1, 3),
        ("questionnaires", 1, 3),
        ("concept_docs", 2, 3),
    ],
)
def test_each_indicator_counts_the_schools_that_did_it(world, code, numerator, denominator):
    value = region_values(world)[code]
    assert (value.numerator, value.denominator) == (numerator, denominator)


def test_plan_events_share_counts_only_events_already_due(world):
    value = region_values(world)["plan_events"]
    assert (value.numerator, value.denominator) == (1, 2)


def test_every_indicator_of_the_calendar_has_a_live_source(world):
    assert ind.available_codes(year=world.year) == set(ind.BY_CODE)


def test_an_indicator_without_a_source_says_no_data(world):
    value = ind.make_value(ind.BY_CODE["visited"], None, 3, None, TODAY)
    assert value.state_label == "нет данных" and value.percent is None


def test_one_more_teacher_answer_completes_the_questionnaires_only_with_the_director(
    world, django_capture_on_commit_callbacks
):
    from surveys.models import Questionnaire, Response

    teacher_q = Questionnaire.objects.get(group="teacher")
    with django_capture_on_commit_callbacks(execute=True):  # the read model is refreshed after the commit
        Response.objects.create(questionnaire=teacher_q, year=world.year, group="teacher", school=world.school_b)
    assert region_values(world)["questionnaires"].numerator == 1  # 6 of 10, but no director yet
    director_q = Questionnaire.objects.get(group="director")
    with django_capture_on_commit_callbacks(execute=True):
        Response.objects.create(questionnaire=director_q, year=world.year, group="director", school=world.school_b)
    assert region_values(world)["questionnaires"].numerator == 2


def test_a_returned_anti_risk_programme_undoes_the_conceptual_documents_when_the_year_requires_it(world):
    from roadmaps.models import Document, RequiredDocuments

    Document.objects.filter(school=world.school_a, kind="antirisk").update(status="returned")
    readmodel.indicator_states_rebuild(year=world.year)  # a bulk update: no signal, so rebuilt here
    assert region_values(world)["concept_docs"].numerator == 2  # the seeds' default: concept and roadmap
    RequiredDocuments.objects.create(year=world.year, kinds=["concept", "midterm", "antirisk", "roadmap"])
    del world.year._medk_indicator_exprs
    readmodel.indicator_states_rebuild(year=world.year)
    assert region_values(world)["concept_docs"].numerator == 1


def test_by_default_the_concept_and_the_roadmap_are_enough_as_the_seeds_say(world):
    from roadmaps.models import Document, RequiredDocuments

    Document.objects.filter(kind="midterm").delete()
    assert region_values(world)["concept_docs"].numerator == 2
    RequiredDocuments.objects.create(year=world.year, kinds=["concept", "midterm", "roadmap"])
    del world.year._medk_indicator_exprs
    readmodel.indicator_states_rebuild(year=world.year)  # what the commit's rebuild task does
    assert region_values(world)["concept_docs"].numerator == 0


def test_risk_levels_come_from_published_profiles_and_count_directions_not_schools(world):
    schools = ind.participating_schools(year=world.year)
    levels = charts.risk_levels(schools=schools, year=world.year)
    assert levels["counts"] == [1, 0, 1]
    assert levels["schools"] == [1, 0, 1]
    assert levels["unit"] == "Направлений риска"
    world.school_a.risk_profiles.update(published_at=None)
    assert charts.risk_levels(schools=schools, year=world.year) is None


def test_a_draft_plan_is_not_counted_as_sent(world):
    world.region.plans.update(status="draft")
    assert region_values(world)["regional_plan"].numerator == 0


def test_municipality_rows_split_the_region(world):
    dashboard = sel.regional(year=world.year, region=world.region, today=TODAY, filters=sel.Filters())
    by_name = {row.obj.name: row for row in dashboard.rows}
    assert by_name["Краснинский район"].value("curators").numerator == 2
    assert by_name["Краснинский район"].value("curators").denominator == 2
    assert by_name["Сафоновский район"].value("curators").numerator == 0
    assert by_name["Сафоновский район"].value("curators").denominator == 1


def test_federal_dashboard_has_a_row_per_region_and_national_totals(world):
    dashboard = sel.federal(year=world.year, today=TODAY)
    names = [row.obj.name for row in dashboard.rows]
    assert names == ["Смоленская область", "Ярославская область"]
    totals = {v.indicator.code: v for v in dashboard.totals}
    # 4 participating schools; the foreign school has no curator.
    assert (totals["curators"].numerator, totals["curators"].denominator) == (2, 4)
    # One of two regions sent its plan.
    assert (totals["regional_plan"].numerator, totals["regional_plan"].denominator) == (1, 2)


def test_federal_rows_sort_by_an_indicator_on_the_server(world):
    ascending = sel.federal(year=world.year, today=TODAY, sort="curators")
    descending = sel.federal(year=world.year, today=TODAY, sort="-curators")
    assert [r.obj.name for r in ascending.rows] == ["Ярославская область", "Смоленская область"]
    assert [r.obj.name for r in descending.rows] == ["Смоленская область", "Ярославская область"]


@pytest.mark.parametrize(
    ("numerator", "denominator", "due", "today", "state"),
    [
        (3, 3, datetime.date(2026, 2, 15), datetime.date(2026, 3, 1), ind.DONE),
        (1, 3, datetime.date(2026, 2, 15), datetime.date(2026, 2, 16), ind.MISSED),
        (1, 3, datetime.date(2026, 2, 15), datetime.date(2026, 2, 10), ind.AT_RISK),
        (3, 4, datetime.date(2026, 2, 15), datetime.date(2026, 2, 10), ind.AT_RISK),
        (4, 5, datetime.date(2026, 2, 15), datetime.date(2026, 2, 10), ind.ON_TRACK),
        (0, 3, datetime.date(2026, 5, 30), datetime.date(2026, 2, 10), ind.ON_TRACK),
        (None, 3, datetime.date(2026, 5, 30), datetime.date(2026, 2, 10), ind.NO_DATA),
    ],
)
def test_state_depends_on_share_and_how_near_the_deadline_is(numerator, denominator, due, today, state):
    assert ind.state_for(numerator=numerator, denominator=denominator, due_on=due, today=today) == state


def test_drilldown_lists_the_schools_that_fall_short(world):
    schools = ind.participating_schools(year=world.year).filter(municipality__region=world.region)
    behind, value = tables.drilldown(
        year=world.year, schools=schools, code="curators", show="behind", today=TODAY, region_id=world.region.pk
    )
    assert list(behind) == [world.school_c]
    assert (value.numerator, value.denominator) == (2, 3)
    done, _ = tables.drilldown(
        year=world.year, schools=schools, code="curators", show="done", today=TODAY, region_id=world.region.pk
    )
    assert set(done) == {world.school_a, world.school_b}


def test_status_filter_keeps_only_schools_that_missed_a_deadline(world):
    # On 20.02 the curators' deadline (15.02) has passed; school_c has no curator.
    dashboard = sel.regional(year=world.year, region=world.region, today=TODAY, filters=sel.Filters(status="missed"))
    assert world.school_c.pk in {r.pk for r in dashboard.schools}
    missed_codes = {v.indicator.code for r in dashboard.schools for v in r.values if v.state == ind.MISSED}
    assert "curators" in missed_codes


def test_direction_filter_keeps_schools_that_activated_it(world):
    direction = world.school_a.risk_activations.get().direction
    dashboard = sel.regional(
        year=world.year, region=world.region, today=TODAY, filters=sel.Filters(direction_id=direction.pk)
    )
    assert [r.pk for r in dashboard.schools] == [world.school_a.pk]


def test_regional_override_moves_the_deadline_for_that_region_only(world):
    milestone = Milestone.objects.get(year=world.year, code="curators_appointed")
    cal.milestone_override_set(milestone=milestone, region=world.region, due_on=datetime.date(2026, 3, 31))
    dates = cal.milestone_dates(year=world.year, code="curators_appointed", region=world.region)
    assert dates.due_on == datetime.date(2026, 3, 31)
    assert dates.federal_due_on == datetime.date(2026, 2, 15)
    foreign = cal.milestone_dates(year=world.year, code="curators_appointed", region=world.foreign_region)
    assert foreign.due_on == datetime.date(2026, 2, 15)
    # On 20.02 the region is no longer late: its own deadline is 31.03.
    value = region_values(world)["curators"]
    assert value.due_on == datetime.date(2026, 3, 31)
    assert value.federal_due_on == datetime.date(2026, 2, 15)
    assert value.state == ind.ON_TRACK


def test_override_back_to_the_federal_date_removes_it(world):
    milestone = Milestone.objects.get(year=world.year, code="curators_appointed")
    cal.milestone_override_set(milestone=milestone, region=world.region, due_on=datetime.date(2026, 3, 31))
    cal.milestone_override_set(milestone=milestone, region=world.region, due_on=None)
    assert not milestone.regional_dates.exists()


def test_override_outside_the_project_year_is_refused(world):
    from django.core.exceptions import ValidationError

    milestone = Milestone.objects.get(year=world.year, code="curators_appointed")
    with pytest.raises(ValidationError, match="2026"):
        cal.milestone_override_set(milestone=milestone, region=world.region, due_on=datetime.date(2027, 1, 1))


def test_daily_snapshots_are_recorded_once_per_day(world):
    from monitoring.models import IndicatorSnapshot

    n = ind.snapshots_record(year=world.year, day=TODAY)
    ind.snapshots_record(year=world.year, day=TODAY)
    assert IndicatorSnapshot.objects.count() == n
    national = IndicatorSnapshot.objects.get(region=None, code="curators", day=TODAY)
    assert (national.numerator, national.denominator) == (2, 4)
    regional = IndicatorSnapshot.objects.get(region=world.region, code="curators", day=TODAY)
    assert (regional.numerator, regional.denominator) == (2, 3)
    deadlines = ind.deadlines_for(year=world.year, region_ids=[world.region.pk])
    chart = charts.trend(
        year=world.year, region_id=world.region.pk, code="curators", deadlines=deadlines, today=TODAY, current=None
    )
    start = charts.year_start(world.year).strftime("%d.%m.%Y")
    # From the year's start, the past deadline at its own date, and the axis ending today — not at the deadline.
    assert chart["labels"] == [start, "15.02.2026", "20.02.2026"]
    assert chart["shares"] == [None, None, 67]
    assert chart["target"] == [None, 100, None]
    assert chart["deadline"] == "15.02.2026" and chart["deadline_passed"]


def test_federal_filters_by_risk_direction_and_region_status(world):
    direction = world.school_a.risk_activations.get().direction
    dashboard = sel.federal(year=world.year, today=TODAY, filters=sel.Filters(direction_id=direction.pk))
    assert [r.obj.name for r in dashboard.rows] == ["Смоленская область"]
    assert dashboard.rows[0].value("curators").denominator == 1
    # On 20.02 both regions missed some deadline; on 01.01 nobody is behind yet.
    assert len(sel.federal(year=world.year, today=TODAY, filters=sel.Filters(status="missed")).rows) == 2
    early = datetime.date(2026, 1, 1)
    assert sel.federal(year=world.year, today=early, filters=sel.Filters(status="behind")).rows == []


def test_the_trend_ends_today_on_the_cards_value_even_when_todays_snapshot_is_stale(world):
    from monitoring.models import IndicatorSnapshot

    day_before = TODAY - datetime.timedelta(days=1)
    ind.snapshots_record(year=world.year, day=day_before)
    IndicatorSnapshot.objects.create(
        year=world.year, region=world.region, code="curators", day=TODAY, numerator=3, denominator=3
    )
    card = next(
        v
        for v in sel.regional(year=world.year, region=world.region, today=TODAY, filters=sel.Filters()).totals
        if v.indicator.code == "curators"
    )
    deadlines = ind.deadlines_for(year=world.year, region_ids=[world.region.pk])
    chart = charts.trend(
        year=world.year, region_id=world.region.pk, code="curators", deadlines=deadlines, today=TODAY, current=card
    )
    assert card.percent == 67
    assert chart["shares"][-1] == card.percent == chart["current"], "сегодняшняя точка — значение карточки, не 100 %"
    assert chart["labels"][-1] == "20.02.2026"
    assert chart["shares"][chart["labels"].index(day_before.strftime("%d.%m.%Y"))] == 67


def test_a_future_deadline_extends_the_axis_to_it(world):
    Milestone.objects.filter(year=world.year, code="curators_appointed").update(due_on=datetime.date(2026, 3, 1))
    deadlines = ind.deadlines_for(year=world.year, region_ids=[world.region.pk])
    chart = charts.trend(
        year=world.year, region_id=world.region.pk, code="curators", deadlines=deadlines, today=TODAY, current=None
    )
    assert chart["labels"][-2:] == ["20.02.2026", "01.03.2026"]
    assert chart["target"][-1] == 100 and not chart["deadline_passed"]
