import os
import subprocess
import sys

import pytest
from django.urls import reverse

from schools.validators import inn_is_valid, make_inn10
from tests.conftest import login


@pytest.mark.parametrize("inn", ["7707083893", make_inn10("673101234"), "500100732259"])
def test_valid_inns_pass_the_checksum(inn):
    assert inn_is_valid(inn)


@pytest.mark.parametrize("inn", ["7707083894", "123", "77070838930", "abcdefghij", "500100732250"])
def test_bad_inns_fail_the_checksum(inn):
    assert not inn_is_valid(inn)


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "0"}
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='medk.settings'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_low_vision_mode_is_switched_on_and_off_and_remembered(cast):
    client = login(cast.regional)
    page = reverse("schools:school_list")
    response = client.post(reverse("accessibility_toggle"), {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    html = client.get(page).content.decode()
    assert 'class="low-vision"' in html
    assert "Обычная версия" in html
    client.post(reverse("accessibility_toggle"), {"next": page})
    assert 'class="low-vision"' not in client.get(page).content.decode()


def test_low_vision_switch_never_redirects_to_another_site(client):
    response = client.post(reverse("accessibility_toggle"), {"next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_pages_are_in_russian_with_a_skip_link(cast):
    html = login(cast.regional).get(reverse("schools:region_detail", args=[cast.region.pk])).content.decode()
    assert '<html lang="ru"' in html
    assert "Перейти к содержанию" in html
    assert cast.school_a.short_name in html
    assert cast.foreign_school.short_name not in html


def test_region_page_runs_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    from tests import factories as f

    client = login(cast.regional)
    url = reverse("schools:region_detail", args=[cast.region.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for _ in range(15):
        f.ParticipationFactory(school=f.SchoolFactory(municipality=cast.mun_b), year=cast.year)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
