from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from medk.lib import excel, uploads

from . import forms, permissions, selectors, services

EXPORT_HEADERS = ["Когда", "Кто", "Действие", "Объект", "Школа", "IP-адрес", "Подробности"]


def _filtered(request: HttpRequest):
    events = permissions.events_for_user(request.user)
    form = forms.EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters, selectors.events_filter(events, filters=filters)


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form, _, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/event_list.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@login_required
def event_export(request: HttpRequest) -> HttpResponse:
    form, filters, events = _filtered(request)
    limit = settings.AUDIT_EXPORT_MAX_ROWS
    services.record(
        action="audit_export",
        details={k: str(v) for k, v in filters.items() if v} | {"limit": limit},
        request=request,
    )
    rows = (
        (
            timezone.localtime(e.at).strftime("%d.%m.%Y %H:%M:%S"),
            e.actor_label,
            e.action_label,
            e.object_label,
            e.school_label,
            e.ip or "",
            e.details_text,
        )
        for e in events[:limit].iterator(chunk_size=2000)
    )
    output = excel.write_workbook([("Журнал действий", EXPORT_HEADERS, rows)])
    name = f"журнал-действий-{timezone.localdate():%d.%m.%Y}.xlsx"
    response = FileResponse(output, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = uploads.content_disposition(name)
    response["Cache-Control"] = "private, no-store"
    return response
