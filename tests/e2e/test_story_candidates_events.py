"""Story (issue 12, items 1 and 2): a municipal coordinator nominates a curator candidate; the candidate answers the
candidate questionnaire before any appointment; the coordinator records the interview and selects them, then appoints
them from the pool. The regional coordinator holds a webinar for the region's curators and records who attended."""

import datetime

import pytest
from django.utils import timezone

from curators.models import Event, EventParticipant
from schools.models import CuratorAssignment, CuratorCandidate
from surveys.models import RespondentGroup, Response
from tests.surveys import helpers as survey_helpers

pytestmark = pytest.mark.e2e

# Picks the first option of every question and the minimum of every number (the questionnaire's own rules).
FILL_QUESTIONNAIRE = """() => {
  const form = document.querySelector('form.survey-form');
  const seen = new Set();
  for (const input of form.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    if (seen.has(input.name)) continue;
    seen.add(input.name);
    input.checked = true;
  }
  for (const input of form.querySelectorAll('input[type=number]')) {
    input.value = input.min || '0';
  }
}"""


def _clean(browser, what: str) -> None:
    violations = browser.axe()
    assert not violations, f"{what}: {violations}"


def test_a_candidate_answers_is_selected_and_appointed_and_a_webinar_records_curators_attendance(browser, cast):
    survey_helpers.setup(cast)
    page = browser.page

    # The municipal coordinator nominates a new person into the municipality's pool.
    browser.login_cookie(cast.municipal)
    browser.goto(f"/curators/municipalities/{cast.mun_a.pk}/candidates/")
    _clean(browser, "резерв кандидатов")
    page.get_by_label("E-mail кандидата").fill("zhukova@example.ru")
    page.get_by_label("Фамилия (для нового пользователя)").fill("Жукова")
    page.get_by_label("Имя").fill("Марина")
    page.get_by_label("Место работы и должность").fill("заместитель директора МБОУ «Краснинская СШ»")
    page.get_by_role("button", name="Добавить в список кандидатов").click()
    page.get_by_text("в списке кандидатов").first.wait_for()
    candidate = CuratorCandidate.objects.get(user__email="zhukova@example.ru")
    assert not CuratorAssignment.objects.filter(curator=candidate.user).exists()

    # The candidate, not yet appointed anywhere, answers the candidate questionnaire from the cabinet.
    browser.login_cookie(candidate.user)
    browser.goto("/")
    page.get_by_role("link", name="Анкета кандидата в кураторы").click()
    page.wait_for_url("**/surveys/curator/")
    page.evaluate(FILL_QUESTIONNAIRE)
    page.get_by_role("button", name="Сохранить анкету").click()
    page.get_by_text("Анкета сохранена").wait_for()
    assert Response.objects.filter(group=RespondentGroup.CURATOR, submitted_by=candidate.user).exists()

    # The coordinator sees the answer, records the interview and the decision, and appoints from the pool.
    browser.login_cookie(cast.municipal)
    browser.goto(f"/curators/municipalities/{cast.mun_a.pk}/candidates/")
    assert page.get_by_text("Прошли анкетирование: 1 из 1").is_visible()
    page.get_by_role("link", name="Жукова Марина").click()
    page.get_by_label("Дата собеседования").fill("2026-02-05")
    page.get_by_label("Решение").select_option("selected")
    page.get_by_label("Заметка об отборе").fill("Опыт руководства методобъединением")
    page.get_by_role("button", name="Записать решение").click()
    page.get_by_text("Решение записано: отобран.").wait_for()
    _clean(browser, "карточка кандидата")
    browser.shot("candidate-selected")
    page.get_by_label("Школа").select_option(label=cast.school_b.short_name)
    page.get_by_role("button", name="Назначить куратором школы").click()
    page.get_by_text("назначен куратором «").wait_for()
    assignment = CuratorAssignment.objects.get(school=cast.school_b, year=cast.year)
    assert assignment.curator == candidate.user

    # The regional coordinator holds a webinar for the region's curators and records who attended.
    browser.login_cookie(cast.regional)
    browser.goto("/curators/events/new/")
    page.get_by_role("combobox", name="Вид").select_option("webinar")
    page.get_by_label("дистанционно").check()
    page.get_by_label("Название").fill("Вебинар для кураторов: первичное посещение школы")
    page.get_by_label("Дата").fill(timezone.localdate().isoformat())
    page.get_by_role("combobox", name="Регион").select_option(label=cast.region.name)
    page.get_by_role("checkbox", name="кураторы", exact=True).check()
    page.get_by_role("button", name="Создать").click()
    page.wait_for_url("**/curators/events/*/")
    event = Event.objects.get(title__startswith="Вебинар для кураторов")
    invited = set(event.participants.values_list("user_id", flat=True))
    assert invited == {cast.curator.pk, candidate.user.pk}
    page.get_by_label(f"присутствовал(а): {candidate.user.full_name}").check()
    page.get_by_role("button", name="Сохранить участие").click()
    page.get_by_text("Участие отмечено").wait_for()
    _clean(browser, "мероприятие с участием")
    browser.shot("webinar-attendance")
    attended = dict(EventParticipant.objects.filter(event=event).values_list("user_id", "attended"))
    assert attended == {cast.curator.pk: False, candidate.user.pk: True}
    assert event.held_on <= timezone.localdate() < event.held_on + datetime.timedelta(days=1)


def test_the_new_pages_are_accessible_and_fit_a_phone(phone, cast):
    from roadmaps import services as roadmap_services
    from tests.curators import helpers as h

    candidate = h.candidate(cast, decision="selected")
    contract = h.contract(cast)
    roadmap_services.expert_appoint(year=cast.year, by=cast.federal, email="expert@example.ru", last_name="Экспертова")
    pages = [
        (cast.federal, "/roadmaps/expertise/experts/"),
        (cast.municipal, f"/curators/municipalities/{cast.mun_a.pk}/candidates/"),
        (cast.regional, f"/curators/regions/{cast.region.pk}/candidates/"),
        (cast.municipal, f"/curators/candidates/{candidate.pk}/"),
        (cast.municipal, f"/curators/municipalities/{cast.mun_a.pk}/curators/"),
        (cast.municipal, f"/curators/contracts/{contract.pk}/"),
        (cast.municipal, f"/curators/contracts/{contract.pk}/edit/"),
        (cast.regional, "/curators/events/new/"),
    ]
    for user, path in pages:
        phone.login_cookie(user)
        phone.goto(path)
        _clean(phone, path)
        # The page's own content (the shared header and menu are checked by the crawl test of issue 14).
        overflow = phone.page.evaluate("(m => m.scrollWidth - m.clientWidth)(document.getElementById('main'))")
        assert overflow <= 0, f"{path}: содержимое шире экрана на {overflow} px"
