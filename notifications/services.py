"""In-app notifications and their e-mail: the one `notify(...)` other apps call.

E-mail goes out after the surrounding transaction commits. Each letter is claimed by a conditional
UPDATE of `emailed_at` first, so a retried task or a second caller never sends it twice.
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from medk.lib import queue
from schools.models import School, User

from . import tasks
from .models import Kind, Notification, NotificationPreference, ReadState

log = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def notify(
    *,
    users: Iterable[User],
    kind: str,
    title: str,
    url: str = "",
    school: School | None = None,
    key: str | None = None,
    send_now: bool = False,
) -> list[Notification]:
    """Notifies users in the system and, by their preference, by e-mail.

    With a `key` a user is notified at most once for it (enforced by a unique constraint), so callers
    may safely repeat themselves. Returns the notifications actually created. `send_now` (for
    background passes that are not inside a request) sends the letters inline instead of queueing.
    """
    if kind not in Kind.values:
        raise ValueError(f"Неизвестный вид уведомления: {kind}")
    # A composed text (a reminder naming every missing document) may outgrow the column: shorten, never fail.
    limit = Notification._meta.get_field("title").max_length
    if len(title) > limit:
        title = title[: limit - 1].rstrip() + "…"
    created: list[Notification] = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        if key is None:
            created.append(Notification.objects.create(user=user, kind=kind, title=title, url=url, school=school))
            continue
        try:
            # A savepoint per row: a duplicate key must not spoil the caller's transaction.
            with transaction.atomic():
                created.append(
                    Notification.objects.create(user=user, kind=kind, title=title, url=url, school=school, key=key)
                )
        except IntegrityError:
            continue
    instant = _instant_ids(created)
    if instant and send_now:
        emails_send(notification_ids=instant)
    elif instant:
        # Letters left unsent by a broker outage keep emailed_at empty and are logged.
        queue.enqueue_on_commit(tasks.notification_emails_send, instant)
    return created


def _instant_ids(notifications: list[Notification]) -> list[int]:
    if not notifications:
        return []
    prefs = _prefs_for(notifications)
    return [
        n.pk
        for n in notifications
        if prefs.get((n.user_id, n.kind), NotificationPreference.Mode.INSTANT) == NotificationPreference.Mode.INSTANT
    ]


def _prefs_for(notifications: list[Notification]) -> dict[tuple[int, str], str]:
    rows = NotificationPreference.objects.filter(
        user_id__in={n.user_id for n in notifications}, kind__in={n.kind for n in notifications}
    ).values_list("user_id", "kind", "mode")
    return {(user_id, kind): mode for user_id, kind, mode in rows}


def emails_send(*, notification_ids: list[int]) -> int:
    """Sends one letter per notification not yet e-mailed; returns how many were sent."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "user"
    ):
        # Claim first: only the caller whose UPDATE changed the row sends the letter.
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        ):
            continue
        body = render_to_string(
            "notifications/email/notification.txt",
            {"notification": notification, "link": _absolute(notification.url) if notification.url else ""},
        )
        send_mail(
            f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.title}"[:200],
            body,
            None,
            [notification.user.email],
        )
        sent += 1
    return sent


def digest_send(*, now=None) -> int:
    """Daily digest: one letter per user who chose digests, listing what they have not had by e-mail."""
    now = now or timezone.now()
    digest_pairs = set(
        NotificationPreference.objects.filter(mode=NotificationPreference.Mode.DIGEST).values_list("user_id", "kind")
    )
    if not digest_pairs:
        return 0
    user_ids = {u for u, _ in digest_pairs}
    pending = Notification.objects.filter(user_id__in=user_ids, emailed_at__isnull=True, created_at__lte=now)
    by_user: dict[int, list[Notification]] = {}
    for n in pending.select_related("user").order_by("created_at"):
        if (n.user_id, n.kind) in digest_pairs:
            by_user.setdefault(n.user_id, []).append(n)
    sent = 0
    for items in by_user.values():
        ids = [n.pk for n in items]
        with transaction.atomic():
            claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
        if not claimed:
            continue
        user = items[0].user
        body = render_to_string(
            "notifications/email/digest.txt",
            {"items": [(n, _absolute(n.url) if n.url else "") for n in items], "user": user},
        )
        send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Сводка уведомлений", body, None, [user.email])
        sent += 1
    return sent


def unread(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def notification_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_read_all(*, user: User) -> int:
    return unread(user=user).update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user: User, modes: dict[str, str]) -> None:
    for kind, mode in modes.items():
        if not mode or kind not in Kind.values or mode not in NotificationPreference.Mode.values:
            continue
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})


def read_state_mark(*, user: User, kind: str, object_id: int = 0, at: datetime.datetime | None = None) -> None:
    """Remembers that the user has seen the item at `at` (by default now; never later than now), which clears
    its «новое» marker. A mark never moves back: an older page reporting late keeps the newer one."""
    now = timezone.now()
    at = min(at or now, now)
    state, created = ReadState.objects.get_or_create(
        user=user, kind=kind, object_id=object_id, defaults={"read_at": at}
    )
    if not created and state.read_at < at:
        ReadState.objects.filter(pk=state.pk, read_at__lt=at).update(read_at=at)
