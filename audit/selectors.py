import datetime

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def events_filter(events: QuerySet[AuditEvent], *, filters: dict) -> QuerySet[AuditEvent]:
    """Narrows an already-authorised queryset by the search form's cleaned data (dates are local days)."""
    if filters.get("date_from"):
        events = events.filter(at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        events = events.filter(at__lt=_day_start(filters["date_to"] + datetime.timedelta(days=1)))
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("who"):
        events = events.filter(actor_label__icontains=filters["who"])
    if filters.get("school"):
        events = events.filter(school_label__icontains=filters["school"])
    return events.order_by("-at", "-pk")
