"""The issue's story in a real browser: build the roadmap with htmx, submit, return with a pinned comment,
fix, resubmit, diff, confirm, score, sample. Also axe-core and the strict CSP on the roadmaps pages."""

import pytest

from roadmaps.models import Document, Evaluation, ExpertiseItem, Status
from surveys.models import RiskActivation, RiskDirection
from surveys.risk_catalogue import risk_directions_create_default
from tests.e2e.conftest import _chromium, _live_server_without_media, browser  # noqa: F401 — shared harness

pytestmark = pytest.mark.e2e


def _clean(b, what):
    violations = b.axe()
    csp = [e for e in b.console_errors if "Content Security Policy" in e]
    assert not violations, f"{what}: {violations}"
    assert not csp, f"{what}: {csp}"


def _fill_section(page, n: int, title: str):
    section = page.locator("section.rm-section").nth(n)
    section.get_by_role("link", name="Изменить цель и задачи").click()
    section.get_by_label("Цель").fill(f"Цель {n + 1}")
    section.get_by_role("button", name="Сохранить").click()
    section.get_by_text(f"Цель {n + 1}").wait_for()

    section.get_by_text("Добавить мероприятие").click()
    form = section.locator("form[id^=add-measure]")
    form.get_by_label("Мероприятие").fill(title)
    form.get_by_label("Начало").fill("2026-04-01")
    form.get_by_label("Окончание").fill("2026-04-20")
    form.get_by_label("Ответственный").fill("Завуч Петрова")
    form.get_by_role("button", name="Сохранить").click()
    section.locator("article", has_text=title).wait_for()

    section.get_by_text("Добавить показатель").click()
    form = section.locator("form[id^=add-indicator]")
    form.get_by_label("Показатель").fill("Доля успевающих")
    form.get_by_label("Базовое значение").fill("60")
    form.get_by_label("Целевое значение").fill("80")
    form.get_by_role("button", name="Сохранить").click()
    section.locator("article", has_text="Доля успевающих").wait_for()


def test_director_builds_submits_fixes_and_the_curator_confirms(browser, cast):  # noqa: F811
    risk_directions_create_default(year=cast.year)
    page = browser.page
    school = cast.school_a

    # The diagnosis story (tests/surveys/test_story_diagnosis.py) ends with these two activations.
    for direction in RiskDirection.objects.filter(year=cast.year, number__in=(1, 2)):
        RiskActivation.objects.create(school=school, direction=direction, activated_by=cast.director)
    browser.login_cookie(cast.director)
    browser.goto(f"/roadmaps/schools/{school.pk}/roadmap/")
    _clean(browser, "дорожная карта (не начата)")
    page.get_by_role("button", name="Начать дорожную карту").click()
    page.wait_for_load_state()
    assert page.locator("section.rm-section").count() == 2
    _clean(browser, "дорожная карта (пустая)")

    page.evaluate("window.__noReload = true")
    _fill_section(page, 0, "Инвентаризация оборудования")
    _fill_section(page, 1, "Наставничество для молодых педагогов")
    assert page.evaluate("window.__noReload === true"), "строки сохраняются без перезагрузки страницы"
    page.get_by_text("готово", exact=True).wait_for()
    browser.shot("roadmap-filled")
    _clean(browser, "дорожная карта (заполненная)")

    page.get_by_role("button", name="Отправить куратору на проверку").click()
    page.wait_for_load_state()
    document = Document.objects.get(school=school, kind="roadmap")
    assert document.status == Status.SUBMITTED

    browser.login_cookie(cast.curator)
    browser.goto(f"/roadmaps/documents/{document.pk}/")
    _clean(browser, "документ на проверке")
    page.get_by_label("Новый комментарий").fill("Уточните, кто отвечает за наставничество")
    page.get_by_label("Закрепить за мероприятием").select_option(label="2. Наставничество для молодых педагогов")
    page.get_by_role("button", name="Добавить комментарий").click()
    page.wait_for_load_state()
    page.get_by_label("Причина возврата (обязательно)").fill("Нужен конкретный ответственный")
    page.get_by_role("button", name="Вернуть на доработку").click()
    page.wait_for_load_state()
    assert page.get_by_text("Мероприятие «Наставничество для молодых педагогов»").count() >= 1

    browser.login_cookie(cast.director)
    browser.goto(f"/roadmaps/schools/{school.pk}/roadmap/")
    article = page.locator("article", has_text="Наставничество для молодых педагогов")
    article.get_by_role("link", name="Изменить").click()
    form = page.locator("form.rm-form[id^=measure-]")
    form.get_by_label("Ответственный").fill("Учитель Сидорова")
    form.get_by_role("button", name="Сохранить").click()
    page.locator("article", has_text="Учитель Сидорова").wait_for()
    page.get_by_role("button", name="Отправить куратору на проверку").click()
    page.wait_for_load_state()

    browser.login_cookie(cast.curator)
    browser.goto(f"/roadmaps/documents/{document.pk}/diff/?a=1&b=2")
    assert page.get_by_text("Учитель Сидорова").count() == 1
    _clean(browser, "сравнение версий")
    browser.shot("diff")
    browser.goto(f"/roadmaps/documents/{document.pk}/")
    page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Оценить по рубрике").click()
    for label in ("Цели", "Показатели и методы сбора информации", "Мониторинг"):
        page.get_by_role("group", name=label, exact=True).locator('input[value="2"]').check()
    rest = ("Анализ и адресные рекомендации", "Меры и управленческие решения", "Анализ эффективности принятых мер")
    for label in rest:
        page.get_by_role("group", name=label, exact=True).locator('input[value="1"]').check()
    _clean(browser, "оценка по рубрике")
    page.get_by_role("button", name="Сохранить оценку").click()
    page.wait_for_load_state()
    assert Evaluation.objects.get().total == 9

    browser.login_cookie(cast.federal)
    browser.goto("/roadmaps/expertise/")
    page.get_by_label("или число школ на регион").fill("1")
    page.get_by_role("button", name="Сформировать").click()
    page.wait_for_load_state()
    assert ExpertiseItem.objects.get().school == school
    _clean(browser, "выборка")
    browser.shot("sample")


def test_upload_with_the_progress_bar_lands_on_the_document_page(browser, cast, tmp_path):  # noqa: F811
    from .conftest import docx

    path = tmp_path / "Концепция.docx"
    path.write_bytes(docx())
    browser.login_cookie(cast.director)
    browser.goto(f"/roadmaps/schools/{cast.school_a.pk}/documents/")
    _clean(browser, "документы школы")
    page = browser.page
    page.get_by_label("Файл: Концепция развития").set_input_files(str(path))
    page.locator("tr", has_text="Концепция развития").get_by_role("button", name="Загрузить").click()
    page.wait_for_url("**/roadmaps/documents/*/")
    assert page.get_by_text("загружен как версия 1").count() == 1
    _clean(browser, "страница документа")
