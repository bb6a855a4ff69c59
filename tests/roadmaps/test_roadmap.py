"""The structured roadmap: row editing with htmx and without JavaScript, coverage, concurrency, directions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roadmaps import selectors, services
from roadmaps.models import Document, Indicator, Measure
from surveys.models import RiskActivation, RiskDirection
from tests.conftest import get_writing_nothing, login

from .conftest import fill_roadmap

HTMX = {"HX-Request": "true"}


def test_coverage_lists_exactly_what_is_missing_per_direction(cast, directions):
    roadmap = services.roadmap_prepare(school=cast.school_a, year=cast.year)
    first, second = selectors.roadmap_sections(document=roadmap)
    services.section_update(section=first, goal="Цель", tasks="", revision=None, by=cast.director)
    services.measure_create(section=first, data={"title": "Семинар", "responsible": "Завуч"}, by=cast.director)
    services.indicator_create(section=first, data={"name": "Доля", "baseline": 10}, by=cast.director)
    missing = selectors.roadmap_coverage(document=roadmap)
    a, b = directions[0].title, directions[1].title
    assert missing == [
        f"Направление «{a}»: нет мероприятия с ответственным и сроками («Семинар» — нет: дата начала, дата окончания).",
        f"Направление «{a}»: нет показателя с базовым и целевым значением («Доля» — нет: целевое значение).",
        f"Направление «{b}»: не указана цель.",
        f"Направление «{b}»: нет ни одного мероприятия.",
        f"Направление «{b}»: нет ни одного показателя.",
    ]


def test_a_complete_roadmap_has_nothing_missing(cast, roadmap):
    assert selectors.roadmap_coverage(document=roadmap) == []


def test_without_activated_directions_coverage_says_so(cast, directions):
    roadmap = services.roadmap_prepare(school=cast.school_c, year=cast.year)
    assert selectors.roadmap_coverage(document=roadmap) == ["Не активировано ни одного рискового направления."]


def test_opening_the_roadmap_writes_nothing_and_a_post_starts_it(cast, directions):
    client = login(cast.director)
    url = reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk})
    html = get_writing_nothing(client, url).content.decode()
    assert not Document.objects.exists()
    assert "Начать дорожную карту" in html
    response = client.post(reverse("roadmaps:roadmap_start", kwargs={"school_pk": cast.school_a.pk}))
    assert response["Location"] == url
    document = Document.objects.get()
    assert {s.direction for s in document.sections.all()} == set(directions)
    assert "Начать дорожную карту" not in get_writing_nothing(client, url).content.decode()


def test_a_direction_activated_later_gets_its_section_by_a_post_not_by_opening_the_page(cast, directions):
    roadmap = services.roadmap_prepare(school=cast.school_a, year=cast.year)
    third = RiskDirection.objects.filter(year=cast.year).exclude(pk__in=[d.pk for d in directions]).first()
    RiskActivation.objects.create(school=cast.school_a, direction=third)
    client = login(cast.director)
    url = reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk})
    assert "Добавить разделы" in get_writing_nothing(client, url).content.decode()
    assert roadmap.sections.count() == 2
    client.post(reverse("roadmaps:roadmap_start", kwargs={"school_pk": cast.school_a.pk}))
    assert roadmap.sections.count() == 3


def test_starting_a_roadmap_without_directions_is_refused_in_russian(cast):
    client = login(cast.director)
    response = client.post(reverse("roadmaps:roadmap_start", kwargs={"school_pk": cast.school_a.pk}), follow=True)
    assert "Сначала активируйте рисковые направления" in response.content.decode()
    assert not Document.objects.exists()


def test_a_submitted_roadmap_gets_no_new_sections(cast, submitted, directions):
    third = RiskDirection.objects.filter(year=cast.year).exclude(pk__in=[d.pk for d in directions]).first()
    RiskActivation.objects.create(school=cast.school_a, direction=third)
    client = login(cast.director)
    response = client.post(reverse("roadmaps:roadmap_start", kwargs={"school_pk": cast.school_a.pk}), follow=True)
    assert "добавить в неё разделы сейчас нельзя" in response.content.decode()
    assert submitted.sections.count() == 2


def test_the_roadmap_page_shows_the_coverage_list(cast, directions):
    services.roadmap_prepare(school=cast.school_a, year=cast.year)
    html = (
        login(cast.director)
        .get(reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk}))
        .content.decode()
    )
    assert "Чего не хватает" in html
    assert "не указана цель" in html


def test_adding_a_measure_with_htmx_returns_only_the_new_row(cast, directions):
    roadmap = services.roadmap_prepare(school=cast.school_a, year=cast.year)
    section = selectors.roadmap_sections(document=roadmap)[0]
    response = login(cast.director).post(
        reverse("roadmaps:measure_create", kwargs={"pk": section.pk}),
        {
            "title": "Родительское собрание",
            "responsible": "Классные руководители",
            "starts_on": "2026-04-01",
            "ends_on": "2026-04-02",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Родительское собрание" in html
    assert response["HX-Trigger"] == "roadmapChanged"
    measure = Measure.objects.get()
    assert measure.responsible == "Классные руководители"
    assert measure.starts_on == datetime.date(2026, 4, 1)


def test_an_invalid_htmx_add_re_renders_the_form_in_place(cast, directions):
    roadmap = services.roadmap_prepare(school=cast.school_a, year=cast.year)
    section = selectors.roadmap_sections(document=roadmap)[0]
    response = login(cast.director).post(
        reverse("roadmaps:measure_create", kwargs={"pk": section.pk}),
        {"title": "X", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
        headers=HTMX,
    )
    assert response["HX-Retarget"] == f"#add-measure-{section.pk}"
    assert "Дата окончания раньше даты начала" in response.content.decode()
    assert not Measure.objects.exists()


def test_without_javascript_the_same_urls_work_as_pages_and_redirect(cast, roadmap):
    client = login(cast.director)
    measure = Measure.objects.first()
    url = reverse("roadmaps:measure_edit", kwargs={"pk": measure.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    response = client.post(url, {"title": "Новое название", "responsible": "Директор", "revision": measure.revision})
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk})
    measure.refresh_from_db()
    assert measure.title == "Новое название"


def test_editing_an_indicator_with_htmx_swaps_the_row(cast, roadmap):
    indicator = Indicator.objects.first()
    response = login(cast.delegate).post(
        reverse("roadmaps:indicator_edit", kwargs={"pk": indicator.pk}),
        {"name": "Доля успевающих", "unit": "%", "baseline": "55", "target": "90", "revision": indicator.revision},
        headers=HTMX,
    )
    assert f'id="indicator-{indicator.pk}"' in response.content.decode()
    indicator.refresh_from_db()
    assert str(indicator.target) == "90.00"


def test_deleting_a_row_with_htmx_returns_nothing_and_removes_it(cast, roadmap):
    measure = Measure.objects.first()
    response = login(cast.director).post(reverse("roadmaps:measure_delete", kwargs={"pk": measure.pk}), headers=HTMX)
    assert response.content.strip() == b""
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_two_people_editing_the_same_measure_never_silently_overwrite_each_other(cast, roadmap):
    measure = Measure.objects.first()
    url = reverse("roadmaps:measure_edit", kwargs={"pk": measure.pk})
    seen_revision = measure.revision  # both opened the form at this revision
    first = login(cast.director).post(url, {"title": "Версия директора", "revision": seen_revision}, headers=HTMX)
    assert first.status_code == 200
    second = login(cast.delegate).post(url, {"title": "Версия заместителя", "revision": seen_revision}, headers=HTMX)
    assert "изменил другой пользователь" in second.content.decode()
    measure.refresh_from_db()
    assert measure.title == "Версия директора"


def test_a_stale_goal_edit_is_refused_by_the_service(cast, roadmap):
    section = selectors.roadmap_sections(document=roadmap)[0]
    services.section_update(section=section, goal="Первая", tasks="", revision=section.revision, by=cast.director)
    with pytest.raises(ValidationError, match="изменил другой пользователь"):
        services.section_update(section=section, goal="Вторая", tasks="", revision=section.revision, by=cast.delegate)


def test_a_confirmed_roadmap_is_locked_for_every_row(cast, confirmed):
    section = selectors.roadmap_sections(document=confirmed)[0]
    with pytest.raises(ValidationError, match="подтверждён"):
        services.measure_create(section=section, data={"title": "Ещё"}, by=cast.director)
    with pytest.raises(ValidationError, match="подтверждён"):
        services.measure_delete(measure=section.measures.first(), by=cast.director)
    response = login(cast.director).post(
        reverse("roadmaps:indicator_edit", kwargs={"pk": section.indicators.first().pk}), {"name": "Другое"}
    )
    assert response.status_code == 200
    assert "подтверждён и заблокирован" in response.content.decode()


def test_without_active_directions_the_roadmap_page_leads_to_the_diagnosis_activation(cast):
    html = (
        login(cast.director)
        .get(reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk}))
        .content.decode()
    )
    assert reverse("surveys:activation_edit", kwargs={"pk": cast.school_a.pk}) in html
    assert "Активировать рисковые направления" in html


def test_the_curator_sees_the_roadmap_read_only(cast, roadmap):
    response = login(cast.curator).get(reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk}))
    assert response.context["editable"] is False
    assert "measure_edit" not in response.content.decode()
    assert reverse("roadmaps:measure_edit", kwargs={"pk": Measure.objects.first().pk}) not in response.content.decode()


def test_fill_roadmap_helper_builds_what_other_tests_expect(cast, directions):
    document = fill_roadmap(cast.school_b, cast.year, cast.curator)
    assert document.sections.count() == 2
