"""Error pages with DEBUG off: Russian, in the portal's layout, saying what happened and where to go."""

import pytest
from django.test import Client, RequestFactory

from medk import errors


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def _text(response) -> str:
    return response.content.decode()


def test_an_unknown_address_gets_the_russian_404_page_with_the_menu_for_a_signed_in_user(production, cast, client):
    client.force_login(cast.director)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = _text(response)
    assert "Страница не найдена" in body
    assert 'aria-label="Основная навигация"' in body, "страница ошибки — в оформлении портала, с меню"
    assert "В личный кабинет" in body
    assert "Not Found" not in body


def test_a_404_raised_by_our_code_shows_its_russian_reason(production, cast, client):
    client.force_login(cast.director)
    response = client.get(f"/schools/{cast.foreign_school.pk}/")
    assert response.status_code == 404
    assert "Школа не найдена" in _text(response)


def test_an_anonymous_visitor_on_a_404_is_offered_the_login_and_the_questionnaire_code(production, db, client):
    response = client.get("/no-such-page/")
    body = _text(response)
    assert response.status_code == 404
    assert "Войти в систему" in body and "Ввести код анкеты" in body


def test_a_forbidden_action_gets_the_russian_403_page_with_the_reason(production, cast, rf):
    from django.core.exceptions import PermissionDenied

    request = rf.get("/x/")
    request.user = cast.director
    response = errors.permission_denied(request, PermissionDenied("Изменять может только региональный координатор"))
    body = _text(response)
    assert response.status_code == 403
    assert "Это действие вам недоступно" in body
    assert "Изменять может только региональный координатор" in body


def test_an_english_internal_message_is_not_shown_on_the_403_page(production, cast, rf):
    from django.core.exceptions import PermissionDenied

    request = rf.get("/x/")
    request.user = cast.director
    response = errors.permission_denied(request, PermissionDenied("Unable to determine client IP address"))
    assert "Unable" not in _text(response)


def test_a_403_from_a_real_page_is_in_russian(production, cast, client):
    client.force_login(cast.curator)  # the director's own questionnaire: the school's curator sees it is there
    response = client.get(f"/surveys/school/{cast.school_a.pk}/director/")
    assert response.status_code == 403
    assert "Это действие вам недоступно" in _text(response)
    assert "403 Forbidden" not in _text(response)


def test_a_server_error_gets_the_russian_500_page(production, db, cast):
    production.ROOT_URLCONF = "tests.core.error_urls"
    client = Client(raise_request_exception=False)
    client.force_login(cast.director)
    response = client.get("/__boom__/")
    body = _text(response)
    assert response.status_code == 500
    assert "На сервере произошла ошибка" in body
    assert "В личный кабинет" in body
    assert "Server Error" not in body


def test_the_500_page_renders_without_the_database(production):
    """No `db` fixture: any query here would fail the test, so the page must need none."""
    request = RequestFactory().get("/anything/")
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "На сервере произошла ошибка" in _text(response)


def test_a_stale_form_gets_the_russian_csrf_page(production, cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.director)
    response = client.post("/accessibility/", {"next": "/"})
    body = _text(response)
    assert response.status_code == 403
    assert "Страница устарела" in body
    assert "CSRF verification failed" not in body


def test_too_many_password_reset_requests_get_the_russian_429_page(production, cast, client):
    production.ACCOUNT_RATE_LIMITS = {"reset_password": "2/m/key"}
    for _ in range(2):
        client.post("/accounts/password/reset/", {"email": cast.director.email})
    response = client.post("/accounts/password/reset/", {"email": cast.director.email})
    assert response.status_code == 429
    body = _text(response)
    assert "Слишком много попыток подряд" in body
    assert "Too Many Requests" not in body


def test_the_gone_page_says_the_page_will_not_come_back(production, db, rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/x/")
    request.user = AnonymousUser()
    response = errors.gone(request, "Анкета закрыта 01.12.2026")
    body = _text(response)
    assert response.status_code == 410
    assert "Страница больше недоступна" in body and "Анкета закрыта 01.12.2026" in body
