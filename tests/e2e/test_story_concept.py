"""Story: the director signs in, uploads the school's development concept and submits it; the curator returns it
with a comment; the director uploads a corrected version and resubmits; the curator confirms. Every step is
also in the audit trail. (The structured roadmap's own loop is the story in tests/roadmaps/test_e2e_story.py.)"""

import pytest

from audit.models import AuditEvent
from roadmaps.demo import docx_bytes
from roadmaps.models import Document, Status

pytestmark = pytest.mark.e2e


def _clean(browser, what: str) -> None:
    violations = browser.axe()
    assert not violations, f"{what}: {violations}"


def test_the_concept_goes_round_the_review_loop_until_the_curator_confirms(browser, cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    first = tmp_path / "Концепция развития.docx"
    first.write_bytes(docx_bytes(["Концепция развития школы", "Цель: повысить качество обучения."]))
    second = tmp_path / "Концепция развития (исправлено).docx"
    second.write_bytes(
        docx_bytes(["Концепция развития школы", "Цель: повысить качество обучения.", "Ответственный: Иванова"])
    )
    page = browser.page

    # The director signs in through the login page and lands in the cabinet on «Что сделать сейчас».
    browser.login_form(cast.director)
    assert page.url.rstrip("/") == browser.base.rstrip("/")
    assert page.get_by_role("heading", name="Что сделать сейчас").is_visible()
    browser.goto(f"/roadmaps/schools/{cast.school_a.pk}/documents/")
    page.get_by_label("Файл: Концепция развития").set_input_files(str(first))
    page.locator("tr", has_text="Концепция развития").get_by_role("button", name="Загрузить").click()
    page.wait_for_url("**/roadmaps/documents/*/")
    browser.shot("concept-uploaded")
    page.get_by_role("button", name="Отправить куратору на проверку").click()
    page.wait_for_load_state()
    document = Document.objects.get(school=cast.school_a, kind="concept")
    assert document.status == Status.SUBMITTED

    # The curator comments and returns it.
    browser.login_cookie(cast.curator)
    browser.goto(f"/roadmaps/documents/{document.pk}/")
    _clean(browser, "концепция на проверке")
    page.get_by_label("Новый комментарий").fill("Назовите ответственного за каждую цель")
    page.get_by_role("button", name="Добавить комментарий").click()
    page.wait_for_load_state()
    page.get_by_label("Причина возврата (обязательно)").fill("Нет ответственных")
    page.get_by_role("button", name="Вернуть на доработку").click()
    page.wait_for_load_state()
    browser.shot("returned")
    document.refresh_from_db()
    assert document.status == Status.RETURNED

    # The director sees the comment, uploads a corrected version and resubmits.
    browser.login_cookie(cast.director)
    browser.goto(f"/roadmaps/documents/{document.pk}/")
    assert page.get_by_text("Назовите ответственного за каждую цель").is_visible()
    assert page.get_by_text("Нет ответственных").first.is_visible()
    page.get_by_label("Загрузить новую версию", exact=False).set_input_files(str(second))
    page.locator("form.upload-form").get_by_role("button", name="Загрузить", exact=True).click()
    page.get_by_text("Загружена версия 2.").wait_for()
    page.get_by_role("button", name="Отправить исправленный документ").click()
    page.wait_for_load_state()
    browser.shot("resubmitted")

    # The curator confirms.
    browser.login_cookie(cast.curator)
    browser.goto(f"/roadmaps/documents/{document.pk}/")
    page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_load_state()
    assert page.get_by_text("Документ подтверждён.").is_visible()
    browser.shot("confirmed")
    document.refresh_from_db()
    assert document.status == Status.CONFIRMED

    changes = AuditEvent.objects.filter(
        action="state_change", object_type="roadmaps.document", object_id=str(document.pk)
    )
    assert changes.count() >= 4  # submitted, returned, submitted, confirmed
    assert AuditEvent.objects.filter(action="login", actor=cast.director).exists()
