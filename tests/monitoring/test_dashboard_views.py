import io

import openpyxl
import pytest
from django.urls import reverse

from tests.conftest import login
from yearcalendar.models import Milestone

from .conftest import add_schools, count_queries


def test_federal_dashboard_shows_every_region_and_links_to_their_schools(world):
    response = login(world.federal).get(reverse("monitoring:dashboard_federal"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Смоленская область" in html and "Ярославская область" in html
    assert reverse("monitoring:indicator_schools_region", args=["curators", world.region.pk]) in html
    # Before any daily snapshot the chart still has today's point: the card's own value.
    assert "как на карточке выше" in html


def test_federal_dashboard_sort_order_comes_from_the_query(world):
    client = login(world.federal)
    html = client.get(reverse("monitoring:dashboard_federal") + "?sort=-curators").content.decode()
    assert html.index("Смоленская область") < html.index("Ярославская область")
    html = client.get(reverse("monitoring:dashboard_federal") + "?sort=curators").content.decode()
    assert html.index("Ярославская область") < html.index("Смоленская область")


def test_regional_dashboard_shows_municipalities_then_schools(world):
    response = login(world.regional).get(reverse("monitoring:dashboard_region", args=[world.region.pk]))
    html = response.content.decode()
    assert "Краснинский район" in html and "Сафоновский район" in html
    assert html.index("Муниципалитеты") < html.index("МКОУ «Барановская СОШ»")
    assert "Чужая" not in html


def test_regional_dashboard_has_no_inline_scripts_and_feeds_charts_by_json(world):
    from monitoring.services import indicators as ind

    ind.snapshots_record(year=world.year)
    html = login(world.regional).get(reverse("monitoring:dashboard_region", args=[world.region.pk])).content.decode()
    assert 'id="chart-data" type="application/json"' in html
    assert "<script>" not in html
    assert 'style="' not in html


def test_drilldown_shows_the_school_without_a_curator(world):
    url = reverse("monitoring:indicator_schools_region", args=["curators", world.region.pk])
    html = login(world.regional).get(url).content.decode()
    assert "МКОУ «Барановская СОШ»" in html
    assert "МБОУ «Гусинская СШ»" not in html
    html = login(world.regional).get(url + "?show=done").content.decode()
    assert "МБОУ «Гусинская СШ»" in html


def test_municipal_coordinator_drills_into_own_municipality_only(world):
    client = login(world.municipal)
    url = reverse("monitoring:indicator_schools_municipality", args=["risks", world.mun_a.pk])
    html = client.get(url + "?show=all").content.decode()
    assert "МБОУ «Мерлинская школа»" in html and "МКОУ «Барановская СОШ»" not in html
    other = reverse("monitoring:indicator_schools_municipality", args=["risks", world.mun_b.pk])
    assert client.get(other).status_code == 404


def test_unknown_indicator_is_not_found(world):
    assert login(world.federal).get(reverse("monitoring:indicator_schools", args=["nonsense"])).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("monitoring:dashboard_federal", lambda c: []),
        ("monitoring:dashboard_region", lambda c: [c.region.pk]),
        ("monitoring:dashboard_municipality", lambda c: [c.mun_a.pk]),
        ("monitoring:indicator_schools_region", lambda c: ["curators", c.region.pk]),
    ],
)
def test_every_table_exports_to_xlsx(world, name, args):
    response = login(world.federal).get(reverse(name, args=args(world)) + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    text = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value)
    assert "Смоленская область" in text or "МБОУ «Гусинская СШ»" in text or "МКОУ «Барановская СОШ»" in text


# --- A fixed number of queries whatever the number of schools ------------------------------------
DASHBOARDS = [
    ("monitoring:dashboard_federal", lambda c: [], "federal"),
    ("monitoring:dashboard_region", lambda c: [c.region.pk], "regional"),
    ("monitoring:dashboard_municipality", lambda c: [c.mun_a.pk], "municipal"),
    ("monitoring:indicator_schools", lambda c: ["curators"], "federal"),
    ("monitoring:indicator_schools_region", lambda c: ["visited", c.region.pk], "regional"),
    ("monitoring:indicator_schools_municipality", lambda c: ["logins", c.mun_a.pk], "municipal"),
    ("monitoring:calendar_detail", lambda c: [], "regional"),
    ("monitoring:calendar_detail", lambda c: [], "municipal"),
]


EXPORTS = [(*d, "?format=xlsx&show=all") for d in DASHBOARDS if d[0] != "monitoring:calendar_detail"]


@pytest.mark.parametrize(("name", "args", "role", "fmt"), [(*d, "") for d in DASHBOARDS] + EXPORTS)
def test_dashboard_query_count_does_not_grow_with_schools(world, name, args, role, fmt):
    client = login(getattr(world, role))
    url = reverse(name, args=args(world)) + fmt
    add_schools(year=world.year, municipality=world.mun_a, n=1, curator=world.curator)
    assert client.get(url).status_code == 200  # warm up the session
    small = count_queries(lambda: client.get(url))
    add_schools(year=world.year, municipality=world.mun_a, n=18, curator=world.curator)
    add_schools(year=world.year, n=5)  # and another region
    add_schools(year=world.year, region=world.region, n=5)  # and another municipality
    big = count_queries(lambda: client.get(url))
    assert small == big, f"{name}: {small} queries with 5 schools, {big} with 33"


def test_regional_coordinator_shifts_own_region_date_and_sees_both(world):
    milestone = Milestone.objects.get(year=world.year, code="seminar")
    client = login(world.regional)
    response = client.post(
        reverse("monitoring:milestone_override", args=[milestone.pk, world.region.pk]), {"due_on": "2026-03-05"}
    )
    assert response.status_code == 302
    html = client.get(reverse("monitoring:calendar_detail")).content.decode()
    assert "05.03.2026" in html and "15.02.2026" in html
    # The foreign region still sees the federal date only.
    html = login(world.federal).get(reverse("monitoring:calendar_region", args=[world.foreign_region.pk])).content
    assert "05.03.2026" not in html.decode()


def test_override_with_start_after_due_is_refused_with_a_reason(world):
    milestone = Milestone.objects.get(year=world.year, code="seminar")
    client = login(world.regional)
    response = client.post(
        reverse("monitoring:milestone_override", args=[milestone.pk, world.region.pk]),
        {"starts_on": "2026-03-10", "due_on": "2026-03-05"},
        follow=True,
    )
    assert "Дата начала позже срока" in response.content.decode()
    assert not milestone.regional_dates.exists()


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("monitoring:dashboard_federal", lambda c: [], "post"),
        ("monitoring:dashboard_region", lambda c: [c.region.pk], "post"),
        ("monitoring:dashboard_municipality", lambda c: [c.mun_a.pk], "post"),
        ("monitoring:indicator_schools", lambda c: ["curators"], "post"),
        ("monitoring:calendar_detail", lambda c: [], "post"),
        ("monitoring:milestone_override", lambda c: [1, c.region.pk], "get"),
        ("monitoring:plan_list", lambda c: [], "post"),
        ("monitoring:plan_submit", lambda c: [1], "get"),
        ("monitoring:plan_score", lambda c: [1], "get"),
        ("monitoring:plan_event_create", lambda c: [1], "get"),
        ("monitoring:plan_fill", lambda c: [1], "get"),
        ("monitoring:plan_event_status", lambda c: [1], "get"),
        ("monitoring:plan_event_delete", lambda c: [1], "get"),
        ("notifications:notification_list", lambda c: [], "post"),
        ("notifications:notification_read", lambda c: [1], "get"),
        ("notifications:notification_read_all", lambda c: [], "get"),
        ("notifications:notification_preferences", lambda c: [], "get"),
        ("monitoring:report_create", lambda c: [], "get"),
        ("monitoring:report_detail", lambda c: [1], "post"),
        ("monitoring:report_download", lambda c: [1], "post"),
    ],
)
def test_wrong_method_is_refused(cast, name, args, method):
    response = getattr(login(cast.federal), method)(reverse(name, args=args(cast)))
    assert response.status_code == 405


def test_school_page_shows_its_indicators_and_the_report_button(world):
    html = login(world.director).get(reverse("schools:school_detail", args=[world.school_a.pk])).content.decode()
    assert "Показатели для контроля" in html
    assert "Отчёт о выполнении дорожной карты (PDF)" in html


def test_menu_leads_each_coordinator_to_their_dashboard(world):
    html = login(world.regional).get(reverse("monitoring:calendar_detail")).content.decode()
    assert reverse("monitoring:dashboard_region", args=[world.region.pk]) in html
    html = login(world.municipal).get(reverse("monitoring:calendar_detail")).content.decode()
    assert reverse("monitoring:dashboard_municipality", args=[world.mun_a.pk]) in html


def test_the_beat_schedule_names_real_tasks(db):
    # db: importing the task modules runs Celery's Django fix-up, which asks the database about features.
    from django.conf import settings

    from medk.celery import app

    app.loader.import_default_modules()
    names = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "monitoring.tasks.reminders_send" in names
    for name in names:
        assert name in app.tasks, name


def test_long_school_lists_come_in_pages_and_the_shares_still_count_everyone(world):
    add_schools(year=world.year, municipality=world.mun_b, n=100)  # none has a curator
    url = reverse("monitoring:indicator_schools_region", args=["curators", world.region.pk])
    client = login(world.regional)
    html = client.get(url).content.decode()
    assert "Школы (101)" in html  # school_c and the 100 new ones fall short
    assert "2 из 103" in html
    assert "Школы 1–100 из 101" in html and "page=2" in html
    assert "Школы 101–101 из 101" in client.get(url + "?show=behind&page=2").content.decode()


def test_a_name_that_looks_like_a_formula_is_exported_as_text(world):
    world.school_c.short_name = '=HYPERLINK("http://evil.example","x")'
    world.school_c.save()
    url = reverse("monitoring:indicator_schools_region", args=["curators", world.region.pk]) + "?format=xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(login(world.regional).get(url).content))
    cell = workbook["Школы"]["A2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'=HYPERLINK")


def test_calendar_shows_the_municipality_values_to_its_coordinator(world):
    html = login(world.municipal).get(reverse("monitoring:calendar_detail")).content.decode()
    assert "Значения показателей — «Краснинский район»" in html
    assert "Доля ОО, в которых назначены кураторы: <strong>2 из 2 (100 %)</strong>" in html


def test_calendar_shows_no_values_to_a_school(world):
    html = login(world.director).get(reverse("monitoring:calendar_detail")).content.decode()
    assert "Назначение кураторов" in html
    assert "2 из 3" not in html and "Значения показателей" not in html


def test_the_card_and_the_chart_of_the_regional_dashboard_show_the_same_number(world):
    import json
    import re

    from monitoring.models import IndicatorSnapshot
    from monitoring.services import indicators as ind

    ind.snapshots_record(year=world.year)
    IndicatorSnapshot.objects.filter(region=world.region, code="curators").update(numerator=3, denominator=3)  # stale
    response = login(world.regional).get(
        reverse("monitoring:dashboard_region", args=[world.region.pk]) + "?chart=curators"
    )
    html = response.content.decode()
    chart = json.loads(re.search(r'id="chart-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    card = next(v for v in response.context["dashboard"].totals if v.indicator.code == "curators")
    assert chart["shares"][-1] == card.percent == chart["current"] == 67
    assert f"сегодня — {card.percent} %, как на карточке выше" in html
    assert "сколько рисковых направлений каждого уровня" in html
    assert "Школ с такими направлениями" in html


def test_the_regional_xlsx_has_numbers_and_keeps_the_regions_own_figures_off_the_municipality_rows(world):
    url = reverse("monitoring:dashboard_region", args=[world.region.pk]) + "?format=xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(login(world.regional).get(url).content))
    assert workbook.sheetnames == ["Итого по региону", "Муниципалитеты", "Школы"]
    sheet = workbook["Муниципалитеты"]
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "Доля ОО, в которых назначены кураторы: выполнено" in headers
    assert not [h for h in headers if "план-график" in h.lower() or "мероприятий" in h.lower()]
    krasny = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Краснинский район")
    done = headers.index("Доля ОО, в которых назначены кураторы: выполнено")
    assert krasny[done : done + 3] == (2, 2, 100)
