"""Writing the audit trail. Records join the caller's transaction: an action rolled back leaves no trace."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from medk.lib import bulk, net
from schools.models import School, User

from .context import current_request
from .models import AuditEvent


def _client_ip(request) -> str | None:
    # The client behind our trusted proxies (TRUSTED_PROXY_COUNT), not the proxy's own address.
    return net.client_ip(request) if request is not None else None


def _actor_of(actor, request):
    if actor is not None:
        return actor if getattr(actor, "is_authenticated", False) else None
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _school_of(obj, school):
    if school is not None:
        return school
    if isinstance(obj, School):
        return obj
    if obj is not None and getattr(obj, "school_id", None):
        return obj.school
    return None


def _event(
    *, actor, action: str, obj, school, details, request, regions: dict[int, int | None], region_id=None
) -> AuditEvent:
    school = _school_of(obj, school)
    event = AuditEvent(
        actor=actor,
        region_id=region_id,
        actor_label=(getattr(actor, "email", "") or "")[:254],
        action=action,
        details=dict(details or {}),
        ip=_client_ip(request),
    )
    if isinstance(obj, models.Model):
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_label = str(obj)[:300]
    elif obj is not None:
        event.object_label = str(obj)[:300]
    if school is not None:
        event.school_id = school.pk
        event.school_label = str(school)[:300]
        event.region_id = regions.get(school.pk)
    return event


def _regions_for(schools: Iterable[School]) -> dict[int, int | None]:
    """Region of each school in at most one query (none when the municipality is already loaded)."""
    known: dict[int, int | None] = {}
    missing: set[int] = set()
    for s in schools:
        if "municipality" in s._state.fields_cache:
            known[s.pk] = s.municipality.region_id
        else:
            missing.add(s.pk)
    if missing:
        known.update(School.objects.filter(pk__in=missing).values_list("pk", "municipality__region_id"))
    return known


def record(
    *,
    actor=None,
    action: str,
    obj: Any = None,
    school: School | None = None,
    details: Mapping | None = None,
    request=None,
    region_id: int | None = None,
) -> AuditEvent:
    """Appends one event. Without `actor`/`request` they are taken from the request being served.

    The event's region (what a regional coordinator may see) comes from the school, or from `region_id`
    for events about a region rather than a school.
    """
    request = request or current_request()
    actor = _actor_of(actor, request)
    target = _school_of(obj, school)
    event = _event(
        actor=actor,
        action=action,
        obj=obj,
        school=target,
        details=details,
        request=request,
        regions=_regions_for([target]) if target is not None else {},
        region_id=region_id,
    )
    event.save()
    return event


def record_many(
    *,
    actor=None,
    action: str,
    items: Iterable[Mapping],
    request=None,
    batch_size: int = 1000,
) -> int:
    """Appends one event per item (`{"obj": …, "school": …, "details": {…}, "region_id": …}`, each key
    optional) in bulk.

    For imports: thousands of rows cost a handful of queries. Returns the number of events written.
    """
    request = request or current_request()
    actor = _actor_of(actor, request)
    items = list(items)
    schools = [s for s in (_school_of(i.get("obj"), i.get("school")) for i in items) if s is not None]
    regions = _regions_for(schools)
    events = [
        _event(
            actor=actor,
            action=action,
            obj=i.get("obj"),
            school=i.get("school"),
            details=i.get("details"),
            request=request,
            regions=regions,
            region_id=i.get("region_id"),
        )
        for i in items
    ]
    bulk.copy_insert(AuditEvent, events)  # append-only rows: COPY, not a compiled INSERT per batch
    return len(events)


# --- Changes of rights made in bulk (imports), one event per person ----------------------------------
# Single changes are recorded by the receivers in audit/signals.py; bulk inserts send no signals.


def _safe(getter, default=""):
    # During cascade deletions the related rows may already be gone.
    try:
        return getter()
    except ObjectDoesNotExist:
        return default


def role_details(role) -> dict:
    return {
        "user": _safe(lambda: role.user.email, str(role.user_id)),
        "role": role.get_kind_display(),
        "year": _safe(lambda: role.year.year, None),
        "scope": _safe(lambda: str(role.municipality or role.region or "РФ"), ""),
    }


def role_region_id(role) -> int | None:
    if role.region_id:
        return role.region_id
    return _safe(lambda: role.municipality.region_id, None) if role.municipality_id else None


def record_role_grants(*, roles: Iterable, actor=None) -> int:
    """One «role_grant» event per coordinator role created in bulk."""
    return record_many(
        actor=actor,
        action="role_grant",
        items=[
            {"obj": role if role.pk else None, "details": role_details(role), "region_id": role_region_id(role)}
            for role in roles
        ],
    )


def record_permission_grants(*, grants: Iterable[tuple[int, int, str]], actor=None) -> int:
    """One «permission_grant» event per (user id, school id, codename) granted in bulk — a few queries in all.

    An import grants tens of thousands of rights: the events are written as plain rows (COPY), the same
    columns `record` would fill, without a model instance per event."""
    grants = list(grants)
    if not grants:
        return 0
    request = current_request()
    actor = _actor_of(actor, request)
    actor_id, actor_label = (actor.pk, (actor.email or "")[:254]) if actor is not None else (None, "")
    ip = _client_ip(request)
    emails = dict(User.objects.filter(pk__in={u for u, _, _ in grants}).values_list("pk", "email"))
    schools = {
        pk: (str(pk), label[:300], region_id)
        for pk, label, region_id in School.objects.filter(pk__in={s for _, s, _ in grants}).values_list(
            "pk", "short_name", "municipality__region_id"
        )
    }
    now = timezone.now()
    object_type = School._meta.label_lower
    fields = ("at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label")
    fields += ("school_id", "school_label", "region_id", "details", "ip")
    rows = []
    for u, s, codename in grants:
        object_id, label, region_id = schools.get(s, (str(s), "", None))
        details = {"user": emails.get(u, str(u)), "permission": codename}
        rows.append(
            (now, actor_id, actor_label, "permission_grant", object_type, object_id, label)
            + (s, label, region_id, details, ip)
        )
    return bulk.copy_rows(AuditEvent, fields, rows)
