"""The user's notifications: list with unread markers, marking read, e-mail preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import forms
from . import permissions as perms
from . import services as notifications
from .models import Notification, NotificationPreference


def _current_prefs(user) -> dict[str, str]:
    return dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).select_related("school")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "unread_count": notifications.unread(user=request.user).count(),
            "prefs_form": forms.PreferencesForm(current=_current_prefs(request.user)),
        },
    )


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks a notification read and follows its link (only ours: someone else's → 404)."""
    notification = perms.get_notification_for_user(request.user, pk)
    notifications.notification_read(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notifications:notification_list")


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    n = notifications.notifications_read_all(user=request.user)
    messages.success(request, f"Отмечено прочитанными: {n}.")
    return redirect("notifications:notification_list")


@require_POST
@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    form = forms.PreferencesForm(request.POST, current=_current_prefs(request.user))
    if form.is_valid():
        notifications.preferences_set(user=request.user, modes=form.cleaned_data)
        messages.success(request, "Настройки писем сохранены.")
    else:
        messages.error(request, "Проверьте настройки: выбран неизвестный способ уведомления.")
    return redirect("notifications:notification_list")


@require_POST
@login_required
def read_state_mark(request: HttpRequest) -> HttpResponse:
    """A page the user has just seen reports it (htmx, on load), so that its «новое» marker clears: a GET never
    writes. Only the user's own read marks change; marking an item they cannot see reveals nothing."""
    form = forms.ReadStateForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(m for errors in form.errors.values() for m in errors))
    data = form.cleaned_data
    notifications.read_state_mark(user=request.user, kind=data["kind"], object_id=data["object_id"] or 0, at=data["at"])
    return HttpResponse(status=204)
