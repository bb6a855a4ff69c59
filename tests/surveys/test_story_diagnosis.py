"""Story in a real browser: the school shares its codes, a pupil answers on a phone WITHOUT JavaScript,
the federal coordinator computes and publishes, the curator verifies, the director activates directions."""

import pytest
from django.urls import reverse

from surveys.models import RespondentGroup, Response, RiskActivation, RiskProfile

from . import helpers
from .test_profile_flow import submit

pytestmark = pytest.mark.e2e


def test_from_the_code_on_a_phone_to_activated_risk_directions(browser, _chromium, live_server, cast, tasks):
    helpers.setup(cast)
    for group in (RespondentGroup.TEACHER, RespondentGroup.PUPIL6, RespondentGroup.PARENT):
        submit(cast, group, 5)
    page = browser.page

    # 1. The director finds the codes from the school page and prints the sheet.
    browser.login_cookie(cast.director)
    browser.goto(reverse("schools:school_detail", args=[cast.school_a.pk]))
    page.get_by_role("link", name="Анкетирование: ссылки и коды").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Выпустить ссылки и коды").click()  # not every group's link exists yet
    page.wait_for_load_state()
    assert page.get_by_text("Ссылки и коды для респондентов выпущены.").is_visible()
    code = page.locator("tr", has_text="обучающиеся 9 классов").locator(".survey-code").inner_text()
    page.get_by_label("Педагогов").fill("20")
    page.get_by_label("Обучающихся 6 классов").fill("15")
    page.get_by_label("Обучающихся 9 классов").fill("12")
    page.get_by_label("Родителей обучающихся 6–9 классов (по одному от семьи)").fill("30")
    page.get_by_role("button", name="Сохранить численность").click()
    page.wait_for_load_state()
    assert page.get_by_text("Численность респондентов сохранена.").is_visible()
    violations = browser.axe()
    assert not violations, violations
    browser.shot("school-diagnosis")
    page.get_by_role("link", name="Лист для печати с QR-кодами").click()
    page.wait_for_load_state()
    assert page.locator(".print-block svg").count() == 4
    browser.shot("print-sheet")
    browser.goto(reverse("surveys:respond", args=[helpers.link(cast, RespondentGroup.PARENT).token]))
    violations = browser.axe()
    assert not violations, violations

    # 2. A pupil types the code on a phone with JavaScript switched off and answers.
    phone = _chromium.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False, locale="ru-RU")
    try:
        p = phone.new_page()
        p.goto(f"{live_server.url}/surveys/r/")
        p.get_by_label("Код анкеты").fill(code.lower())
        p.get_by_role("button", name="Перейти к анкете").click()
        p.wait_for_load_state()
        assert p.get_by_role("heading", name="Анкета обучающегося 9 класса").is_visible()
        p.get_by_role("button", name="Отправить анкету").click()  # nothing filled: refused, nothing saved
        p.wait_for_load_state()
        assert p.get_by_text("Анкета не отправлена: проверьте ответы").is_visible()
        assert not Response.objects.filter(group=RespondentGroup.PUPIL9).exists()
        for fieldset in p.locator("fieldset").all():
            fieldset.locator("label").last.click()
        for number in p.locator("input[type=number]").all():
            number.fill("30")
        p.screenshot(path=str(browser.shots / "phone-filled.png"), full_page=True)
        p.get_by_role("button", name="Отправить анкету").click()
        p.wait_for_load_state()
        assert p.get_by_role("heading", name="Спасибо! Анкета отправлена").is_visible()
    finally:
        phone.close()
    saved = Response.objects.get(group=RespondentGroup.PUPIL9)
    assert saved.school == cast.school_a

    # 3. The federal coordinator recomputes every profile (a background job the page polls) and publishes.
    browser.login_cookie(cast.federal)
    browser.goto(reverse("surveys:diagnosis_overview"))
    page.get_by_role("button", name="Пересчитать все профили").click()
    page.get_by_text("Пересчитано профилей: 4").wait_for(timeout=60_000)
    browser.goto(reverse("surveys:profile_detail", args=[cast.school_a.pk]))
    page.on("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Опубликовать").click()
    page.wait_for_load_state()
    assert page.get_by_text("Профиль опубликован").is_visible()

    # 4. The curator confirms the profile after the first visit.
    browser.login_cookie(cast.curator)
    browser.goto(reverse("surveys:profile_detail", args=[cast.school_a.pk]))
    assert page.locator("#risk-chart").is_visible()
    violations = browser.axe()
    assert not violations, violations
    browser.shot("profile-curator")
    page.get_by_role("link", name="Проверить профиль (куратор)").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Сохранить проверку").click()
    page.wait_for_load_state()
    assert page.get_by_text("подтверждён куратором").first.is_visible()

    # 5. The director activates two directions with a justification each (and reasons for high risks left out).
    browser.login_cookie(cast.director)
    browser.goto(reverse("surveys:activation_edit", args=[cast.school_a.pk]))
    rows = page.locator("fieldset.activation-row")
    for i in range(2):
        rows.nth(i).get_by_label("Активировать").check()
        rows.nth(i).get_by_label("Обоснование (если активируется)").fill("Подтверждено анкетами и визитом")
    for reason in page.get_by_label("Почему не берётся в работу (если не активируется)").all():
        reason.fill("Работает муниципальная программа")
    browser.shot("activation")
    page.get_by_role("button", name="Сохранить выбор").click()
    page.wait_for_load_state()
    assert page.get_by_text("Рисковые направления активированы.").is_visible()
    assert RiskActivation.objects.filter(school=cast.school_a).count() == 2
    profile = RiskProfile.objects.get(school=cast.school_a)
    assert list(profile.events.values_list("kind", flat=True))[-3:] == ["published", "confirmed", "activated"]
    browser.shot("profile-activated")
    assert not browser.console_errors, browser.console_errors
