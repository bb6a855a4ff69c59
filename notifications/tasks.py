"""Celery tasks of notifications: letters for instant notifications and the daily digest."""

from celery import shared_task

from . import services as notifications


@shared_task(acks_late=True)
def notification_emails_send(notification_ids: list[int]) -> int:
    return notifications.emails_send(notification_ids=notification_ids)


@shared_task(acks_late=True)
def notification_digest_send() -> int:
    return notifications.digest_send()
