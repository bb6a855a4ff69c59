"""Letters stay readable: Russian text goes out as 8bit UTF-8, never base64, and links use SITE_URL."""

import io

from django.core import mail

from medk.lib import mail as readable_mail

LONG_LINE = "Для вас создана учётная запись в ИС МЭДК (проект «500+»), задайте пароль по ссылке ниже."


def _letter() -> mail.EmailMultiAlternatives:
    message = mail.EmailMultiAlternatives("Приглашение в ИС МЭДК", LONG_LINE + "\n", "noreply@x.ru", ["a@x.ru"])
    message.attach_alternative(f"<p>{LONG_LINE}</p>", "text/html")
    return message


def test_the_console_shows_the_letter_as_readable_text_not_base64():
    stream = io.StringIO()
    readable_mail.ConsoleBackend(stream=stream).send_messages([_letter()])
    printed = stream.getvalue()
    assert LONG_LINE in printed
    assert f"<p>{LONG_LINE}</p>" in printed
    assert "Content-Transfer-Encoding: 8bit" in printed
    assert "base64" not in printed


def test_the_same_letter_with_djangos_stock_builder_would_be_base64():
    """Why the backends exist: the stock policy encodes a long Cyrillic line as base64."""
    assert "base64" in _letter().message().as_string()


def test_the_smtp_backend_builds_8bit_parts_too():
    import email.policy

    sent = readable_mail._Readable(_letter()).message(policy=email.policy.SMTP).as_bytes().decode()  # what SMTP sends
    assert "base64" not in sent
    assert LONG_LINE in sent


def test_an_invitation_links_to_the_sites_real_address(db, settings, mailoutbox):
    from schools import services
    from tests import factories as f

    settings.SITE_URL = "https://medk.example.ru"
    user = f.UserFactory(email="new@example.ru")
    services.user_invite(user=user)
    letter = mailoutbox[-1]
    assert "https://medk.example.ru/accounts/password/reset/key/" in letter.body
    assert "127.0.0.1" not in letter.body
