"""allauth's and Django's stock Russian, reviewed: our overrides (locale/ru) win over the apps' catalogues."""

from tests.conftest import login


def test_the_two_factor_page_says_prilozhenie_autentifikator_properly(cast):
    html = login(cast.director).get("/accounts/2fa/").content.decode()
    assert "Приложение-аутентификатор" in html
    assert "Приложение аутентификатор" not in html
    assert "Резервные коды" in html


def test_the_password_reset_page_names_whom_to_ask_instead_of_contact_us(db, client):
    html = client.get("/accounts/password/reset/").content.decode()
    assert "обратитесь к координатору своего муниципалитета или региона" in html
    assert "Свяжитесь с нами" not in html
    assert "Получить ссылку для нового пароля" in html
