"""Who may read the audit trail: federal coordinators and administrators all of it, regional coordinators
their region's events. Everyone else gets 404."""

from django.db.models import QuerySet
from django.http import Http404

from schools import permissions as school_permissions

from .models import AuditEvent


def events_for_user(user) -> QuerySet[AuditEvent]:
    scope = school_permissions.scope_for(user)
    if scope.everything:
        return AuditEvent.objects.all()
    if scope.region_ids:
        return AuditEvent.objects.filter(region_id__in=scope.region_ids)
    raise Http404
