"""Reports: request (built in the background), the polled status page, the permission-checked download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from audit import services as audit
from medk.lib import excel
from schools.models import Region, School

from .. import forms
from .. import permissions as perms
from ..models import Report
from ..services import reports


@require_POST
@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    form = forms.ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = reverse("home")
        return redirect(back)
    data = form.cleaned_data
    kind = data["kind"]
    school_id = data.get("school") if kind == Report.Kind.SCHOOL else None
    region_id = data.get("region") if kind == Report.Kind.REGION else None
    perms.check_report_target(request.user, kind=kind, school_id=school_id, region_id=region_id)
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    if region_id and region is None:
        raise Http404
    report = reports.report_request(
        kind=kind,
        fmt=data["fmt"],
        year=perms.require_year(),
        by=request.user,
        school=School.objects.filter(pk=school_id).first() if school_id else None,
        region=region,
    )
    return redirect("monitoring:report_detail", pk=report.pk)


@require_GET
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's status; htmx polls the `status` partial until it is done or failed."""
    report = perms.get_report_for_user(request.user, pk)
    template = "monitoring/dashboards/report_detail.html"
    polled = bool(request.headers.get("HX-Request"))
    if polled:
        template += "#status"
    return render(request, template, {"report": report, "autodownload": polled})


@require_GET
@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = perms.get_report_for_user(request.user, pk)
    if report.status != Report.Status.DONE or not report.file:
        raise Http404("Отчёт ещё не готов")
    audit.record(
        actor=request.user, action="document_download", obj=report, school=report.school, region_id=report.region_id
    )
    content_type = "application/pdf" if report.fmt == Report.Format.PDF else excel.XLSX_CONTENT_TYPE
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
