"""Invitation letters: a link to set the password (allauth's reset-from-key page).

An import may create thousands of accounts, so its letters go out after the commit in one Celery task, in
batches over one reused mail connection; each batch loads its users and their e-mail addresses in a fixed
number of queries, not a few per user."""

from collections.abc import Iterable

from allauth.account.forms import EmailAwarePasswordResetTokenGenerator, default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import F
from django.template.loader import get_template
from django.urls import reverse

from .models import ImportJob, User

BATCH = 200
_USER_FIELDS = ("pk", "email", "password", "last_login", "first_name", "middle_name", "last_name")


class _BatchTokens(EmailAwarePasswordResetTokenGenerator):
    """allauth's token, with the user's addresses read for the whole batch at once. allauth's own
    `_make_hash_value` creates the missing EmailAddress row and reads the addresses per user (3–4 queries);
    the batch does the same in two queries, so the token equals the one the reset page checks."""

    def __init__(self, emails: dict[int, set[str]]):
        super().__init__()
        self.emails = emails

    def _make_hash_value(self, user, timestamp) -> str:
        base = PasswordResetTokenGenerator._make_hash_value(self, user, timestamp)
        return base + "|".join(sorted(self.emails.get(user.pk, set()) | {user.email}))


def _addresses(users: list[User]) -> dict[int, set[str]]:
    """Creates each user's missing EmailAddress row (as allauth's sync would) and returns all their addresses."""
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=u.pk, email=u.email, primary=False, verified=False) for u in users if u.email],
        ignore_conflicts=True,
    )
    emails: dict[int, set[str]] = {}
    for user_id, email in EmailAddress.objects.filter(user_id__in=[u.pk for u in users]).values_list(
        "user_id", "email"
    ):
        emails.setdefault(user_id, set()).add(email)
    return emails


class _Letters:
    """The three templates compiled once; one message per user."""

    def __init__(self):
        self.subject = get_template("schools/email/invite_subject.txt")
        self.text = get_template("schools/email/invite.txt")
        self.html = get_template("schools/email/invite.html")

    def message(self, user: User, key: str) -> EmailMultiAlternatives:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
        context = {"user": user, "url": f"{settings.SITE_URL}{path}", "site_url": settings.SITE_URL}
        message = EmailMultiAlternatives(
            self.subject.render(context).strip(),
            self.text.render(context),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        message.attach_alternative(self.html.render(context), "text/html")
        return message


def user_invite(*, user: User) -> None:
    """One letter at once (a curator appointed by hand)."""
    _Letters().message(user, default_token_generator.make_token(user)).send()


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def users_invite(*, user_ids: list[int], job: ImportJob | None = None, batch: int = BATCH) -> int:
    """Sends the letters in batches over one connection; returns how many went out. With an import job the
    progress is recorded on it after every batch, and a re-run (the worker died mid-way) resumes after the
    letters already counted as sent."""
    ids = sorted(set(user_ids))
    jobs = ImportJob.objects.filter(pk=job.pk) if job else None
    already = 0
    if job is not None:
        job.refresh_from_db(fields=["invites_sent"])
        already = min(job.invites_sent, len(ids))
        ids = ids[already:]
    letters = _Letters()
    sent = 0
    connection = mailers.default  # a new backend instance (Django 6.1's get_connection()), opened once
    connection.open()
    try:
        for chunk in _chunks(ids, batch):
            users = list(User.objects.filter(pk__in=chunk, is_active=True).only(*_USER_FIELDS).order_by("pk"))
            tokens = _BatchTokens(_addresses(users))
            messages = [letters.message(u, tokens.make_token(u)) for u in users if u.email]
            connection.send_messages(messages)
            sent += len(messages)
            if jobs is not None:
                jobs.update(invites_sent=F("invites_sent") + len(chunk))
    finally:
        connection.close()
    return sent
