"""The region page shows a page of schools and of municipalities (with their coordinators), in a number of
queries that does not grow with the region."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools import services
from schools.models import RoleAssignment
from schools.views import SCHOOLS_PER_PAGE
from tests import factories as f
from tests.conftest import login


def grow(cast, *, municipalities: int, schools: int) -> list:
    """More municipalities (each with a municipal coordinator) and more schools with directors and curators."""
    added = [f.MunicipalityFactory(region=cast.region) for _ in range(municipalities)]
    for i, municipality in enumerate(added):
        RoleAssignment.objects.create(
            user=f.UserFactory(last_name=f"Координатор{i}"),
            kind="municipal",
            year=cast.year,
            region=cast.region,
            municipality=municipality,
        )
    for i in range(schools):
        school = f.SchoolFactory(municipality=added[i % len(added)] if added else cast.mun_a)
        f.ParticipationFactory(school=school, year=cast.year)
        services.staff_attach(school=school, user=f.UserFactory())
        services.curator_assign(school=school, year=cast.year, curator=f.UserFactory())
    return added


def region_page(client, **params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("schools:region_detail", args=[client.cast.region.pk]), params)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def regional_client(cast):
    client = login(cast.regional)
    client.cast = cast
    client.get(reverse("schools:region_detail", args=[cast.region.pk]))  # warm the session
    return client


def test_the_region_page_takes_the_same_queries_for_3_and_63_schools_in_62_municipalities(cast):
    client = regional_client(cast)
    _, small = region_page(client)
    grow(cast, municipalities=60, schools=60)
    html, large = region_page(client)
    assert large == small
    assert html.count("/schools/municipalities/") >= SCHOOLS_PER_PAGE  # a full page of municipalities
    assert "Страница 1 из 2" in html


def test_the_second_page_of_schools_shows_the_rest_and_every_municipality_is_in_the_select(cast):
    added = grow(cast, municipalities=3, schools=SCHOOLS_PER_PAGE)
    client = regional_client(cast)
    html, _ = region_page(client, page=2)
    schools = html[html.index('id="h-schools"') : html.index('id="h-coord"')]
    assert schools.count('href="/schools/') - schools.count('href="/schools/municipalities/') == 3
    assert "Страница 2 из 2" in schools
    for municipality in [cast.mun_a, cast.mun_b, *added]:
        assert f'<option value="{municipality.pk}">{municipality.name}</option>' in html


def test_a_municipal_coordinator_is_shown_in_the_municipalities_table_with_the_button_to_remove(cast):
    (municipality,) = grow(cast, municipalities=1, schools=0)
    role = RoleAssignment.objects.get(municipality=municipality, kind="municipal")
    html, _ = region_page(regional_client(cast))
    table = html[html.index('id="h-mun"') : html.index('id="h-schools"')]
    assert reverse("schools:municipal_coordinator_remove", args=[role.pk]) in table
    assert f"Снять: {role.user.short_name}, {municipality.name}" in table
