"""The dashboards' read model equals the live indicators: on the demo, on generated data, after each event."""

import datetime
import importlib.util
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from curators.models import Event, Visit
from curators.services import events as event_services
from curators.services import visits as visit_services
from monitoring.models import AreaIndicators, MonitoringReport, SchoolIndicators
from monitoring.services import indicators as ind
from monitoring.tasks import indicator_states_rebuild
from roadmaps.models import Document
from roadmaps.services import documents as document_services
from schools import services as school_services
from schools.models import Participation, ProjectYear
from tests import factories as f

from .conftest import TODAY


def live(year) -> tuple[dict, dict, dict]:
    """The live computation: {school: {code: done}}, {municipality: counts}, {region: counts}."""
    annotated, exprs = ind.school_flags(schools=ind.participating_schools(year=year), year=year)
    schools = {
        row["pk"]: {code: bool(row[f"ind_{code}"]) for code in exprs}
        for row in annotated.values("pk", *(f"ind_{c}" for c in exprs))
    }
    schools_qs = ind.participating_schools(year=year)
    municipalities = ind.grouped_counts(schools=schools_qs, year=year, by="municipality")
    regions = ind.grouped_counts(schools=schools_qs, year=year, by="municipality__region")
    for groups in (municipalities, regions):
        for key, row in groups.items():
            groups[key] = {k: v for k, v in row.items() if k not in ("municipality", "municipality__region")}
    return schools, municipalities, regions


def stored(year) -> tuple[dict, dict, dict]:
    schools = dict(SchoolIndicators.objects.filter(year=year).values_list("school_id", "done"))
    municipalities, regions = {}, {}
    for m_id, r_id, total, done in AreaIndicators.objects.filter(year=year).values_list(
        "municipality_id", "region_id", "total", "done"
    ):
        target, key = (regions, r_id) if m_id is None else (municipalities, m_id)
        target[key] = {"total": total, **{code: done.get(code, 0) for code in ind.SOURCES}}
    return schools, municipalities, regions


def assert_equal_to_live(year) -> None:
    want, got = live(year), stored(year)
    for what, w, g in zip(("schools", "municipalities", "regions"), want, got, strict=True):
        assert g == w, what
    assert want[0], "no school to compare"


def test_every_indicator_source_declares_the_rows_it_reads():
    assert set(ind.WATCHES) == set(ind.SOURCES)


def test_read_model_equals_the_live_indicators_on_the_demo(db):
    call_command("load_demo", "--force", stdout=io.StringIO(), stderr=io.StringIO())
    year = ProjectYear.objects.get(is_current=True)
    assert_equal_to_live(year)
    assert SchoolIndicators.objects.filter(year=year).count() == Participation.objects.filter(year=year).count()


def _bench(name: str):
    path = Path(__file__).resolve().parents[2] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=False)
def test_read_model_equals_the_live_indicators_on_generated_data(db, capsys):
    _bench("generate").main(["--schools", "60", "--answers", "6000"])
    _bench("generate_monitoring").main(["--big", "15"])
    year = ProjectYear.objects.get(year=2026)
    assert_equal_to_live(year)
    # … and the rebuild task leaves it as it was
    before = stored(year)
    indicator_states_rebuild.delay(year.pk)
    assert stored(year) == before


def test_events_keep_the_read_model_fresh_without_a_rebuild(world, django_capture_on_commit_callbacks):
    year = world.year
    assert_equal_to_live(year)
    school_c = world.school_c
    with django_capture_on_commit_callbacks(execute=True):
        visit = Visit.objects.get(school=school_c)
        visit_services.visit_confirm(visit=visit, by=f.UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        school_services.curator_assign(school=school_c, year=year, curator=world.curator)
    with django_capture_on_commit_callbacks(execute=True):
        document = Document.objects.get(school=school_c, kind="concept")
        document.status = "submitted"
        document.save()
        document_services.document_confirm(document=document, by=world.curator)
    with django_capture_on_commit_callbacks(execute=True):
        MonitoringReport.objects.filter(school=world.school_b).update(status="confirmed")  # no signal …
        report = MonitoringReport.objects.get(school=world.school_b)
        report.save()  # … a save is one
    with django_capture_on_commit_callbacks(execute=True):
        event = Event.objects.get(format="onsite")
        event_services.event_attendance_mark(
            event=event, present_school_ids={world.school_b.pk}, by=world.regional, today=TODAY
        )
    states = dict(SchoolIndicators.objects.filter(year=year).values_list("school_id", "done"))
    assert states[school_c.pk]["visited"] and states[school_c.pk]["curators"]
    assert states[world.school_b.pk]["monitoring_1"] and states[world.school_b.pk]["seminar"]
    assert not states[world.school_a.pk]["seminar"]  # marked absent this time
    assert_equal_to_live(year)


def test_a_school_that_moves_or_leaves_is_moved_or_dropped_in_the_sums(world, django_capture_on_commit_callbacks):
    year = world.year
    school = world.school_a
    with django_capture_on_commit_callbacks(execute=True):
        school.municipality = world.mun_b
        school.save()
    assert_equal_to_live(year)
    with django_capture_on_commit_callbacks(execute=True):
        Participation.objects.filter(school=school, year=year).delete()
    assert not SchoolIndicators.objects.filter(school=school).exists()
    assert_equal_to_live(year)


def test_a_publication_in_one_update_is_fresh_without_a_rebuild(world, django_capture_on_commit_callbacks):
    from surveys import services as survey_services
    from surveys.models import RiskProfile

    year = world.year
    RiskProfile.objects.bulk_create(
        [RiskProfile(school=s, year=year, method_version="1") for s in (world.school_b, world.school_c)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_services.profiles_publish(year=year, by=world.federal) == 2
    states = dict(SchoolIndicators.objects.filter(year=year).values_list("school_id", "done"))
    assert states[world.school_b.pk]["profiles"] and states[world.school_c.pk]["profiles"]
    assert AreaIndicators.objects.get(year=year, municipality__isnull=True, region=world.region).done["profiles"] == 3
    assert_equal_to_live(year)


def test_a_deleted_school_leaves_its_areas_sums_fresh(world, django_capture_on_commit_callbacks):
    year = world.year
    with django_capture_on_commit_callbacks(execute=True):
        world.school_b.delete()
    region_row = AreaIndicators.objects.get(year=year, municipality__isnull=True, region=world.region)
    assert region_row.total == 2
    assert AreaIndicators.objects.get(year=year, municipality=world.mun_a).total == 1
    assert_equal_to_live(year)
    with django_capture_on_commit_callbacks(execute=True):
        world.school_c.delete()  # the last school of its municipality: the municipality's row goes
    assert not AreaIndicators.objects.filter(year=year, municipality=world.mun_b).exists()
    assert_equal_to_live(year)


def test_answers_are_counted_by_the_deferred_task(world, django_capture_on_commit_callbacks):
    from surveys.models import Questionnaire, Response

    director_q = Questionnaire.objects.get(group="director")
    with django_capture_on_commit_callbacks(execute=True):
        Response.objects.create(questionnaire=director_q, year=world.year, group="director", school=world.school_b)
        Response.objects.create(questionnaire=director_q, year=world.year, group="director", school=world.school_c)
    states = dict(SchoolIndicators.objects.filter(year=world.year).values_list("school_id", "done"))
    assert states[world.school_b.pk]["directors"] and states[world.school_c.pk]["directors"]
    assert_equal_to_live(world.year)


def test_rebuild_command_reports_the_schools(world):
    SchoolIndicators.objects.all().delete()
    AreaIndicators.objects.all().delete()
    out = io.StringIO()
    call_command("indicators_rebuild", "--year", str(world.year.year), stdout=out)
    assert f"школ: {Participation.objects.filter(year=world.year).count()}," in out.getvalue()
    assert_equal_to_live(world.year)


def test_regional_page_builds_only_the_page_it_shows(world):
    from monitoring.selectors import dashboards as sel

    from .conftest import add_schools

    add_schools(year=world.year, municipality=world.mun_a, n=7)
    dashboard = sel.regional(
        year=world.year, region=world.region, today=TODAY, filters=sel.Filters(), page=2, per_page=4
    )
    assert dashboard.page.paginator.count == 10
    assert len(dashboard.page.object_list) == 4 and all(r.school for r in dashboard.page.object_list)
    assert dashboard.schools == []
    assert [v.denominator for v in dashboard.totals if v.indicator.code == "curators"] == [10]
    first = sel.regional(year=world.year, region=world.region, today=TODAY, filters=sel.Filters(), page=1, per_page=1)
    assert first.rows_page.paginator.count == 2 and len(first.rows) == 1


def test_status_filter_in_sql_matches_the_rows_state(world):
    from monitoring.selectors import dashboards as sel

    later = datetime.date(2026, 12, 1)
    for status in ("missed", "behind"):
        full = sel.regional(year=world.year, region=world.region, today=later, filters=sel.Filters(status=status))
        paged = sel.regional(
            year=world.year, region=world.region, today=later, filters=sel.Filters(status=status), page=1
        )
        assert {r.pk for r in full.schools} == {r.pk for r in paged.page.object_list}
        assert full.schools
