"""«Помощь» per role, with the portal's own screens and the year's dates; «Как это работает» where people stop."""

from django.urls import reverse

from tests.conftest import login
from yearcalendar import services as cal


def help_page(user) -> str:
    response = login(user).get(reverse("help"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_director_reads_the_school_steps_with_links_to_the_schools_own_sections(cast):
    cal.calendar_create_default(year=cast.year)
    html = help_page(cast.director)
    assert "Школе: директору и уполномоченным сотрудникам" in html
    assert reverse("roadmaps:roadmap_detail", args=[cast.school_a.pk]) in html
    assert "Куратору" not in html and "Координаторам" not in html
    assert "Календарь 2026 года: Смоленская область" in html and "20.03.2026" in html


def test_each_role_reads_its_own_part(cast):
    assert '<h2 id="h-help-curator">Куратору</h2>' in help_page(cast.curator)
    regional = help_page(cast.regional)
    assert "Региональный координатор" in regional and "Муниципальный координатор</strong>" not in regional
    assert "Муниципальный координатор</strong>" in help_page(cast.municipal)
    assert "Федеральный координатор</strong>" in help_page(cast.federal)
    assert "Администратору" in help_page(cast.admin)


def test_the_risk_roadmap_and_monitoring_pages_carry_a_how_it_works_block(cast):
    client = login(cast.director)
    pk = cast.school_a.pk
    for url in (
        reverse("surveys:profile_detail", args=[pk]),
        reverse("roadmaps:roadmap_detail", args=[pk]),
        reverse("monitoring:stage_report_list", args=[pk]),
    ):
        html = client.get(url).content.decode()
        assert '<details class="how-it-works">' in html, url
        assert reverse("help") in html
    dashboard = login(cast.regional).get(reverse("monitoring:dashboard_region", args=[cast.region.pk]))
    assert "Как это работает: показатели и сроки" in dashboard.content.decode()
