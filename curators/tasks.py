"""Periodic work of curators' area (thin: load, call a service)."""

from celery import shared_task
from django.utils import timezone

from schools import permissions

from .services import visits


@shared_task
def visits_overdue_notify() -> int:
    year = permissions.current_year()
    if year is None:
        return 0
    return visits.visits_overdue_notify(year=year, today=timezone.localdate())
