"""Years side by side: the header's switcher for coordinators, past years read-only, a school's years."""

from schools.models import ProjectYear
from tests.conftest import login


def test_a_coordinator_browses_a_past_year_read_only_and_switches_back(cast):
    ProjectYear.objects.filter(pk=cast.year.pk).update(is_current=False)
    ProjectYear.objects.create(year=2027, is_current=True)
    client = login(cast.regional)
    page = client.get("/").content.decode()
    assert 'id="year-switch"' in page
    client.post("/schools/years/switch/", {"year": cast.year.pk, "next": f"/schools/regions/{cast.region.pk}/"})
    page = client.get(f"/schools/regions/{cast.region.pk}/").content.decode()
    assert "Вы смотрите 2026 год — только чтение" in page
    assert cast.school_a.short_name in page  # the 2026 schools
    refused = client.post(f"/schools/regions/{cast.region.pk}/coordinators/", {"email": "x@example.ru"})
    assert refused.status_code == 403
    client.post("/schools/years/switch/", {"year": "", "next": "/"})
    assert "только чтение" not in client.get(f"/schools/regions/{cast.region.pk}/").content.decode()


def test_a_director_has_no_year_switcher_and_the_school_page_lists_its_years(cast):
    ProjectYear.objects.create(year=2027)
    client = login(cast.director)
    page = client.get(f"/schools/{cast.school_a.pk}/").content.decode()
    assert 'id="year-switch"' not in page
    assert "Годы в проекте" in page and "2026" in page


def test_the_switcher_refuses_users_without_a_coordinator_role(cast):
    assert login(cast.director).post("/schools/years/switch/", {"year": cast.year.pk}).status_code == 404
