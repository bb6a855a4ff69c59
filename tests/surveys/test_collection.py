"""Answer collection: the code page, the window, malformed answers, atomicity, the flood guard."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from surveys import forms, selectors
from surveys.models import PUBLIC_GROUPS, Answer, RespondentGroup, Response, SurveyLink

from . import helpers


@pytest.fixture
def diag(cast):
    helpers.setup(cast)
    return cast


def valid_answers(cast, group=RespondentGroup.TEACHER) -> dict:
    """The first option of every choice question, the minimum of every number, no texts."""
    structure = selectors.questionnaire_structure(selectors.active_questionnaire(year=cast.year, group=group))
    data = {}
    for q in structure.questions:
        if q.kind == "multiple":
            data[q.field_name] = [str(q.options[0].id), str(q.options[1].id)]
        elif q.kind in ("single", "scale"):
            data[q.field_name] = str(q.options[-1].id)
        elif q.kind == "number":
            data[q.field_name] = str(q.min_value)
    return data


def respondent(cookie: str | None = "a" * 32) -> Client:
    """A browser holding the identity the server issued (signed) — or none."""
    client = Client()
    if cookie:
        client.cookies["medk_respondent"] = helpers.signed_browser_id(cookie)
    return client


def test_a_respondent_types_the_code_and_lands_on_the_questionnaire(diag):
    link = helpers.link(diag)
    response = Client().post(reverse("surveys:respond_start"), {"code": f" {link.code.lower()[:3]} {link.code[3:]}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:respond", args=[link.token])


def test_a_wrong_code_is_refused_with_a_russian_message(diag):
    response = Client().post(reverse("surveys:respond_start"), {"code": "ZZZZZZ"})
    assert response.status_code == 200
    assert "Анкета с таким кодом не найдена" in response.content.decode()


def test_an_unknown_link_is_404(diag):
    assert Client().get(reverse("surveys:respond", args=["nope"])).status_code == 404


def test_a_complete_answer_is_saved_in_one_go_and_anonymously(diag):
    link = helpers.link(diag)
    client = Client()
    page = client.get(reverse("surveys:respond", args=[link.token]))
    assert page.status_code == 200
    assert "<script>" not in page.content.decode()  # works without JS; no inline scripts under the CSP
    assert "medk_respondent" in page.cookies
    response = client.post(reverse("surveys:respond", args=[link.token]), valid_answers(diag))
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.school == diag.school_a
    assert saved.group == RespondentGroup.TEACHER
    assert saved.submitted_by is None
    assert Answer.objects.filter(response=saved).count() >= 10


def test_the_questionnaire_is_closed_before_and_after_its_window(cast):
    helpers.setup(cast, window=False)
    helpers.close_window(cast.year)
    link = helpers.link(cast)
    url = reverse("surveys:respond", args=[link.token])
    page = Client().get(url)
    assert page.status_code == 410
    assert "Анкетирование завершено: ответы принимались до" in page.content.decode()
    post = Client().post(url, {"anything": "1"})
    assert post.status_code == 403
    assert Response.objects.count() == 0
    helpers.open_window(cast.year, days_before=-3, days_after=10)  # starts in three days
    page = Client().get(url)
    assert page.status_code == 410
    assert "Анкетирование ещё не началось" in page.content.decode()


def test_a_regional_override_of_the_window_is_respected(cast):
    import datetime

    from django.utils import timezone

    from yearcalendar.models import Milestone, RegionalMilestone

    helpers.setup(cast, window=False)
    helpers.close_window(cast.year)
    today = timezone.localdate()
    RegionalMilestone.objects.create(
        milestone=Milestone.objects.get(year=cast.year, code="questionnaires"),
        region=cast.region,
        starts_on=today,
        due_on=today + datetime.timedelta(days=3),
    )
    assert Client().get(reverse("surveys:respond", args=[helpers.link(cast).token])).status_code == 200
    foreign = helpers.link(cast, school=cast.foreign_school)
    assert Client().get(reverse("surveys:respond", args=[foreign.token])).status_code == 410


@pytest.mark.parametrize(
    "spoil, message",
    [
        ("unknown_option", "Выберите один из предложенных вариантов."),
        ("number_too_big", "Значение не может быть больше"),
        ("number_not_a_number", "Введите целое число."),
        ("missing_required", "Ответьте на этот вопрос."),
        ("stray_field", "Форма анкеты повреждена или устарела"),
        ("option_of_another_question", "Выберите один из предложенных вариантов."),
    ],
)
def test_a_malformed_answer_is_refused_and_nothing_is_saved(diag, spoil, message):
    link = helpers.link(diag)
    structure = selectors.questionnaire_structure(selectors.active_questionnaire(year=diag.year, group="teacher"))
    data = valid_answers(diag)
    single = next(q for q in structure.questions if q.kind == "single")
    number = next(q for q in structure.questions if q.kind == "number")
    other = next(q for q in structure.questions if q.kind == "scale")
    if spoil == "unknown_option":
        data[single.field_name] = "999999"
    elif spoil == "number_too_big":
        data[number.field_name] = str(number.max_value + 1)
    elif spoil == "number_not_a_number":
        data[number.field_name] = "много"
    elif spoil == "missing_required":
        del data[single.field_name]
    elif spoil == "stray_field":
        data["q999999"] = "1"
    elif spoil == "option_of_another_question":
        data[single.field_name] = str(other.options[0].id)
    response = respondent().post(reverse("surveys:respond", args=[link.token]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_one_browser_is_stopped_after_the_per_browser_limit(diag, settings):
    settings.SURVEYS_RATE_LIMITS = {"per_browser": 3}
    helpers.reset_limits()
    link = helpers.link(diag)
    client = respondent("b" * 32)
    url = reverse("surveys:respond", args=[link.token])
    statuses = [client.post(url, valid_answers(diag)).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    last = client.post(url, valid_answers(diag))
    assert "С этого устройства только что отправлено несколько анкет" in last.content.decode()
    assert Response.objects.count() == 3


def test_a_whole_school_behind_one_address_is_not_blocked(diag, settings):
    settings.SURVEYS_RATE_LIMITS = {"per_browser": 2, "per_address": 60}
    helpers.reset_limits()
    link = helpers.link(diag)
    url = reverse("surveys:respond", args=[link.token])
    # 30 pupils' phones behind one NAT address, each its own browser
    statuses = {respondent(f"{i:032d}").post(url, valid_answers(diag)).status_code for i in range(30)}
    assert statuses == {302}
    assert Response.objects.count() == 30


def test_the_address_ceiling_still_stops_a_flood_from_many_fake_browsers(diag, settings):
    settings.SURVEYS_RATE_LIMITS = {"per_browser": 2, "per_address": 5}
    helpers.reset_limits()
    link = helpers.link(diag)
    url = reverse("surveys:respond", args=[link.token])
    statuses = [respondent(f"{i:032d}").post(url, valid_answers(diag)).status_code for i in range(7)]
    assert statuses == [302] * 5 + [429, 429]


def test_a_script_without_the_browser_cookie_gets_a_stricter_limit(diag, settings):
    settings.SURVEYS_RATE_LIMITS = {"per_address_without_cookie": 2}
    helpers.reset_limits()
    link = helpers.link(diag)
    url = reverse("surveys:respond", args=[link.token])
    statuses = [respondent(None).post(url, valid_answers(diag)).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_the_director_answers_once_inside_the_cabinet(diag, client_for):
    client = client_for(diag.director)
    url = reverse("surveys:director_survey", args=[diag.school_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, valid_answers(diag, RespondentGroup.DIRECTOR))
    assert response.status_code == 302
    saved = Response.objects.get(group=RespondentGroup.DIRECTOR)
    assert saved.school == diag.school_a
    assert saved.submitted_by == diag.director
    again = client.get(url)
    assert "Анкета уже заполнена" in again.content.decode()
    client_for(diag.delegate).post(url, valid_answers(diag, RespondentGroup.DIRECTOR))
    assert Response.objects.filter(group=RespondentGroup.DIRECTOR).count() == 1


def test_a_curator_candidate_answers_inside_the_cabinet(diag, client_for):
    client = client_for(diag.curator)
    url = reverse("surveys:curator_survey")
    assert client.post(url, valid_answers(diag, RespondentGroup.CURATOR)).status_code == 302
    saved = Response.objects.get(group=RespondentGroup.CURATOR)
    assert saved.school is None
    assert saved.submitted_by == diag.curator


def test_the_print_sheet_has_an_inline_svg_qr_code_and_the_code_for_each_group(diag, client_for):
    helpers.link(diag)  # the links are issued (by the diagnosis page's POST); the sheet only shows them
    response = client_for(diag.director).get(reverse("surveys:links_print", args=[diag.school_a.pk]))
    html = response.content.decode()
    assert html.count("<svg") == 4
    assert "http" not in html.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org", "")
    for link in helpers.link(diag).school.survey_links.all():
        assert link.code in html


def test_a_submit_costs_three_queries_link_questionnaire_and_window_read_at_once(diag):
    link = helpers.link(diag)
    client = respondent()
    url = reverse("surveys:respond", args=[link.token])
    answers = valid_answers(diag)  # also loads the questionnaire's structure (kept per process)

    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, answers)

    assert response.status_code == 302, response.content.decode()[:500]
    sql = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # the link with its questionnaire and window; the response; its answers (one multi-row INSERT)
    assert len(sql) == 3, "\n".join(s[:300] for s in sql)
    assert [s.split()[0] for s in sql] == ["SELECT", "INSERT", "INSERT"]
    assert Response.objects.filter(school=link.school).count() == 1


def test_the_quick_check_of_a_valid_submission_agrees_with_the_form(diag):
    structure = selectors.questionnaire_structure(selectors.active_questionnaire(year=diag.year, group="teacher"))

    def posted(answers: dict) -> MultiValueDict:
        return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in answers.items()})

    good = valid_answers(diag)
    form = forms.ResponseForm(posted(good), structure=structure)
    assert form.is_valid()
    assert forms.answers_cleaned(posted(good), structure=structure) == form.cleaned_data
    single = next(q for q in structure.questions if q.kind in ("single", "scale"))
    required = next(q for q in structure.questions if q.required)
    for bad in (
        good | {"q999999": "1"},  # a stray field
        good | {single.field_name: "999999"},  # not one of its options
        {k: v for k, v in good.items() if k != required.field_name},  # a required answer missing
    ):
        assert forms.answers_cleaned(posted(bad), structure=structure) is None
        assert not forms.ResponseForm(posted(bad), structure=structure).is_valid()


def test_the_diagnosis_page_issues_no_links_on_a_get_and_the_button_issues_one_per_group(diag, client_for):
    """A GET shows the links the school has; the «Выпустить ссылки и коды» POST issues the missing ones."""
    SurveyLink.objects.filter(school=diag.school_a, year=diag.year).delete()
    client = client_for(diag.director)
    page = reverse("surveys:school_diagnosis", args=[diag.school_a.pk])
    with CaptureQueriesContext(connection) as captured:
        html = client.get(page).content.decode()
    assert not [q["sql"] for q in captured.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert "Выпустить ссылки и коды" in html
    assert not SurveyLink.objects.filter(school=diag.school_a, year=diag.year).exists()
    assert "ещё не выпущены" in client.get(reverse("surveys:links_print", args=[diag.school_a.pk])).content.decode()

    response = client.post(reverse("surveys:links_issue", args=[diag.school_a.pk]))
    assert response.status_code == 302
    links = SurveyLink.objects.filter(school=diag.school_a, year=diag.year)
    assert sorted(links.values_list("group", flat=True)) == sorted(PUBLIC_GROUPS)
    html = client.get(page).content.decode()
    assert "Выпустить ссылки и коды" not in html
    for link in links:
        assert link.code in html
    client.post(reverse("surveys:links_issue", args=[diag.school_a.pk]))
    assert SurveyLink.objects.filter(school=diag.school_a, year=diag.year).count() == len(PUBLIC_GROUPS)
