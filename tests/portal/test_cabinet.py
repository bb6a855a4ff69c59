"""The personal cabinet opens on «Что сделать сейчас» for every role, in a constant number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.services import readmodel
from schools.models import Region
from surveys.models import RiskProfile
from tests.conftest import login
from tests.monitoring.conftest import add_schools, count_queries
from yearcalendar import services as cal


@pytest.fixture
def year_calendar(cast):
    cal.calendar_create_default(year=cast.year)
    # The coordinators' exceptions read the dashboards' read model; the test transaction never commits.
    readmodel.indicator_states_rebuild(year=cast.year)
    return cast


def page(user) -> str:
    response = login(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_director_stays_in_the_cabinet_and_sees_the_current_step_and_one_main_button(year_calendar):
    cast = year_calendar
    html = page(cast.director)
    assert "Что сделать сейчас" in html
    assert 'aria-current="step"' in html
    assert html.count('class="btn btn-main"') == 1
    assert reverse("surveys:director_survey", args=[cast.school_a.pk]) in html


def test_the_director_is_told_whom_the_school_waits_for(year_calendar):
    cast = year_calendar
    RiskProfile.objects.create(school=cast.school_a, year=cast.year, method_version="1", published_at=timezone.now())
    from monitoring.selectors import next_steps

    # Questionnaires are not complete in the cast: the profile step waits on the curator all the same once
    # it is published; the text names the curator.
    steps = next_steps.school_steps(school=cast.school_a, year=cast.year, today=timezone.localdate())
    profile = next(s for s in steps.steps if s.code == "profile")
    html = page(cast.director)
    assert profile.text in html.replace("&#x27;", "'")
    assert cast.curator.short_name in html


def test_the_curator_sees_todays_work_with_the_profile_to_verify(year_calendar):
    cast = year_calendar
    RiskProfile.objects.create(school=cast.school_a, year=cast.year, method_version="1", published_at=timezone.now())
    html = page(cast.curator)
    assert "Что сделать сейчас: работа куратора" in html
    assert reverse("surveys:profile_verify", args=[cast.school_a.pk]) in html


def test_the_regional_coordinator_sees_missed_deadlines_with_schools_and_curators(year_calendar):
    cast = year_calendar
    html = page(cast.regional)
    assert "Что требует внимания: Смоленская область" in html
    # The cast's year is 2026 and its schools have done nothing, so its February deadlines are missed.
    assert "Доля ОО, в которых назначены кураторы" in html
    assert "МКОУ «Барановская СОШ» (куратор не назначен)" in html


def test_the_municipal_and_federal_coordinators_see_their_exceptions(year_calendar):
    cast = year_calendar
    assert "Что требует внимания: Краснинский район" in page(cast.municipal)
    assert "Что требует внимания: все регионы" in page(cast.federal)


def test_the_federal_home_lists_regions_with_schools_first_and_folds_the_rest(year_calendar):
    cast = year_calendar
    for n in range(5):
        Region.objects.create(name=f"Пустой регион {n}", code=f"T9{n}")
    empty = Region.objects.exclude(municipalities__schools__participations__year=cast.year).distinct().count()
    html = page(cast.federal)
    table = html[html.index('id="h-regions"') : html.index("Регионы без школ")]
    assert "Смоленская область" in table and "Пустой регион" not in table
    assert empty >= 5
    assert f"Регионы без школ в 2026 году ({empty})" in html


@pytest.mark.parametrize("role", ["director", "curator", "municipal", "regional", "federal", "admin"])
def test_each_cabinet_takes_a_constant_number_of_queries(year_calendar, role, django_assert_max_num_queries):
    cast = year_calendar
    user = getattr(cast, role)
    client = login(user)
    client.get(reverse("home"))  # warm the session and per-process caches
    before = count_queries(lambda: client.get(reverse("home")))
    # Many more schools in the same municipality, the same curator for half of them, profiles to verify.
    schools = add_schools(year=cast.year, municipality=cast.mun_a, n=8, curator=cast.curator)
    for school in schools:
        RiskProfile.objects.create(school=school, year=cast.year, method_version="1", published_at=timezone.now())
    with django_assert_max_num_queries(before):
        response = client.get(reverse("home"))
    assert response.status_code == 200
