"""E-mail backends that keep Russian text readable: 8bit UTF-8 bodies instead of base64.

Python's e-mail encoder picks base64 as soon as a line passes 78 bytes — a 40-letter Cyrillic line does. With
the limit at SMTP's own 998 bytes it sends text and HTML parts as 8bit, which the console (`make run`), mail
sources and spam filters all read as text.
"""

import email.policy

from django.core.mail.backends import console, smtp

SMTP_LINE_LIMIT = 998


class _Readable:
    """The same message, built with a line limit that lets Cyrillic lines stay 8bit."""

    def __init__(self, message):
        self._message = message

    def __getattr__(self, name):
        return getattr(self._message, name)

    def message(self, *, policy=email.policy.default):
        return self._message.message(policy=policy.clone(max_line_length=SMTP_LINE_LIMIT))


class ConsoleBackend(console.EmailBackend):
    def write_message(self, message):
        super().write_message(_Readable(message))


class SmtpBackend(smtp.EmailBackend):
    def _send(self, email_message):
        return super()._send(_Readable(email_message))
