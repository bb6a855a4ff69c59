"""The school list runs a constant number of queries whatever the number of schools."""

from django.urls import reverse

from schools import services
from tests import factories as f
from tests.conftest import login


def add_schools(cast, n: int) -> None:
    for _ in range(n):
        school = f.SchoolFactory(municipality=cast.mun_a)
        f.ParticipationFactory(school=school, year=cast.year)
        services.staff_attach(school=school, user=f.UserFactory())
        services.curator_assign(school=school, year=cast.year, curator=f.UserFactory())


def count_queries(user) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(user)
    client.get(reverse("schools:school_list"))  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("schools:school_list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_school_list_makes_the_same_number_of_queries_for_2_and_20_schools(cast):
    # The municipal coordinator of mun_a sees its two schools …
    two = count_queries(cast.municipal)
    add_schools(cast, 18)
    # … and now twenty, with directors and curators on every row.
    twenty = count_queries(cast.municipal)
    assert twenty == two
    page = login(cast.municipal).get(reverse("schools:school_list")).content.decode()
    assert page.count("<tr") >= 21


def test_the_school_list_of_the_administrator_is_bounded_too(cast, django_assert_max_num_queries):
    add_schools(cast, 20)
    client = login(cast.admin)
    client.get(reverse("schools:school_list"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("schools:school_list")).status_code == 200
