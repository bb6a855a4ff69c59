"""Seminars and webinars: invitations and attendance (the attendance indicator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schools import permissions
from schools import selectors as school_selectors

from .. import forms, selectors
from .. import permissions as perms
from ..services import events as services


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        perms.events_visible(request.user).select_related("region").prefetch_related("invites").order_by("-held_on")
    )
    scope = permissions.scope_for(request.user)
    return render(
        request,
        "curators/event_list.html",
        {"events": events, "can_create": scope.everything or bool(scope.region_ids)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    scope = permissions.scope_for(request.user)
    if not (scope.everything or scope.region_ids):
        raise Http404
    year = permissions.current_year()
    if year is None:
        raise Http404
    regions = school_selectors.coordinated_regions(request.user)
    schools = (
        permissions.visible_schools(request.user)
        .filter(participations__year=year, municipality__region__in=regions)
        .order_by("municipality__region__name", "short_name")
    )
    form = forms.EventForm(request.POST or None, regions=regions, schools=schools, allow_federal=scope.everything)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                year=year,
                region=data["region"],
                kind=data["kind"],
                format=data["format"],
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                description=data["description"],
                schools=list(data["schools"]),
                audience=data["audience"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Мероприятие создано.")
            return redirect("curators:event_detail", pk=event.pk)
    return render(request, "curators/event_form.html", {"form": form})


@require_GET
@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = perms.get_event_for_user(request.user, pk)
    invites = event.invites.select_related("school__municipality").order_by("school__short_name")
    participants = event.participants.select_related("user").order_by("level", "user__last_name")
    can_manage = perms.can_manage_events(request.user, event.region_id)
    if not can_manage:
        invites = invites.filter(school__in=permissions.visible_schools(request.user))
        participants = participants.filter(user=request.user)
    return render(
        request,
        "curators/event_detail.html",
        {
            "event": event,
            "invites": invites,
            "participants": participants,
            "summary": selectors.event_attendance_summary(event=event) if can_manage else None,
            "can_mark": can_manage and event.held_on <= timezone.localdate(),
            "can_manage": can_manage,
        },
    )


@require_POST
@login_required
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = perms.get_event_for_user(request.user, pk, manage=True)
    present = {int(x) for x in request.POST.getlist("present") if x.isdigit()}
    people = {int(x) for x in request.POST.getlist("present_person") if x.isdigit()}
    try:
        n = services.event_attendance_mark(
            event=event,
            present_school_ids=present,
            present_participant_ids=people,
            by=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, f"Участие отмечено: присутствовали {n} (школ и участников).")
    return redirect("curators:event_detail", pk=event.pk)
