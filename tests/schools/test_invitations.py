"""Invitation letters: sent after the import commits, by one task, in batches over one mail connection."""

import email
import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from schools import invitations, services
from schools.models import ImportJob, User
from tests.conftest import wait_for
from tests.factories import UserFactory, next_inn

from .xlsx import SCHOOL_HEADERS, school_row, xlsx

KEY_URL = re.compile(r"/accounts/password/reset/key/(?P<uid>[0-9a-z]+)-(?P<key>[^/\s]+)/")


class CountingBackend(EmailBackend):
    """Django's in-memory backend that also counts how often a connection is opened and used."""

    opened = 0
    sends = 0

    def open(self):
        CountingBackend.opened += 1
        return True

    def send_messages(self, messages):
        CountingBackend.sends += 1
        return super().send_messages(messages)


@pytest.fixture
def counting_mail(settings):
    settings.EMAIL_BACKEND = "tests.schools.test_invitations.CountingBackend"
    CountingBackend.opened = CountingBackend.sends = 0
    yield CountingBackend
    CountingBackend.opened = CountingBackend.sends = 0


def new_users(n: int) -> list[User]:
    return [UserFactory(email=f"invitee{i}@example.ru", password="!unusable") for i in range(n)]


def test_the_batch_token_is_the_one_the_password_page_accepts(db):
    users = new_users(3)

    sent = invitations.users_invite(user_ids=[u.pk for u in users])

    assert sent == 3
    for message in mail.outbox:
        user = User.objects.get(email=message.to[0])
        key = KEY_URL.search(message.body)["key"]
        assert default_token_generator.check_token(user, key), message.to
    assert EmailAddress.objects.filter(user__in=users).count() == 3


def test_letters_go_in_batches_over_one_connection(db, counting_mail):
    users = new_users(7)

    invitations.users_invite(user_ids=[u.pk for u in users], batch=3)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert counting_mail.opened == 1
    assert counting_mail.sends == 3


def test_the_number_of_queries_does_not_grow_with_the_number_of_letters(db):
    def queries(n: int) -> int:
        users = new_users(n) if n == 4 else [UserFactory() for _ in range(n)]
        with CaptureQueriesContext(connection) as captured:
            invitations.users_invite(user_ids=[u.pk for u in users])
        return len(captured)

    assert queries(4) == queries(40) <= 4


def test_a_rerun_resumes_after_the_letters_already_counted_as_sent(cast):
    users = new_users(5)
    job = ImportJob.objects.create(kind="schools", year=cast.year, status="done", invites_total=5, invites_sent=2)

    sent = invitations.users_invite(user_ids=[u.pk for u in users], job=job)

    job.refresh_from_db()
    assert sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == [u.email for u in users[2:]]
    assert (job.invites_sent, job.invites_total, job.invites_pending) == (5, 5, False)


def test_the_import_itself_sends_nothing_before_its_transaction_commits(cast, django_capture_on_commit_callbacks):
    rows = [school_row("Смоленская область", "Краснинский район", next_inn(), n) for n in (1, 2)]
    job = services.import_job_create(
        kind="schools", year=cast.year, file=ContentFile(xlsx([SCHOOL_HEADERS, *rows]), name="f.xlsx")
    )
    services.import_job_confirm(job=job, by=cast.admin)
    job.refresh_from_db()

    with django_capture_on_commit_callbacks() as queued:
        job = services.import_job_execute(job=job)

    assert job.status == ImportJob.Status.DONE
    assert not mail.outbox
    job.refresh_from_db()
    assert (job.invites_sent, job.invites_total) == (0, 2)
    for callback in queued:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["new.director1@example.ru", "new.director2@example.ru"]
    job.refresh_from_db()
    assert job.invites_sent == 2


@pytest.mark.celery_worker
def test_the_worker_sends_the_invitations_of_a_committed_import(cast, celery_worker):
    rows = [school_row("Смоленская область", "Краснинский район", next_inn(), n) for n in (1, 2, 3)]
    job = services.import_job_create(
        kind="schools", year=cast.year, file=ContentFile(xlsx([SCHOOL_HEADERS, *rows]), name="w.xlsx"), by=cast.admin
    )
    try:
        with transaction.atomic():
            services.import_job_confirm(job=job, by=cast.admin)

        done = wait_for(lambda: ImportJob.objects.filter(pk=job.pk, invites_total=3, invites_sent=3).first())

        assert done.status == ImportJob.Status.DONE
        celery_worker.assert_ran("schools.tasks.import_job_run")
        celery_worker.assert_ran("schools.tasks.users_invite")
        files = list(celery_worker.mail_dir.iterdir())
        assert len(files) == 1  # one mail connection for all the letters
        letters = [
            email.message_from_string(chunk.strip()) for chunk in files[0].read_text().split("-" * 79) if chunk.strip()
        ]
        assert sorted(m["To"] for m in letters) == [f"new.director{n}@example.ru" for n in (1, 2, 3)]
        for letter in letters:
            user = User.objects.get(email=letter["To"])
            body = next(p for p in letter.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
            assert default_token_generator.check_token(user, KEY_URL.search(body.decode())["key"])
    finally:
        job.file.delete(save=False)
