"""Monitoring stages: the school's report, evidence, submission, the curator's review, progress, difficulties."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import services as audit
from medk.lib import uploads, web
from notifications import selectors as read_selectors
from notifications.models import ReadState
from schools import permissions
from schools import selectors as school_selectors
from schools.permissions import Cap

from .. import forms
from .. import permissions as perms
from ..models import Difficulty, MonitoringReport
from ..models.stages import STAGE_CODES
from ..selectors import stages as selectors
from ..services import stages as services


@require_GET
@login_required
def report_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The school's two stages (dates, status) and its progress chart."""
    school, caps = permissions.get_school_for_user(request.user, pk)
    year = permissions.require_year()
    today = timezone.localdate()
    reports = {r.stage: r for r in MonitoringReport.objects.filter(school=school, year=year)}
    read = read_selectors.read_map(user=request.user, kind=ReadState.Kind.REPORT, ids=[r.pk for r in reports.values()])
    for r in reports.values():
        r.is_new = r.pk not in read or r.updated_at > read[r.pk]
    stages = []
    stage1_confirmed = 1 in reports and reports[1].status == MonitoringReport.Status.CONFIRMED
    for stage in STAGE_CODES:
        dates = services.stage_dates(school=school, year=year, stage=stage)
        stages.append(
            {
                "stage": stage,
                "label": MonitoringReport.Stage(stage).label,
                "dates": dates,
                "report": reports.get(stage),
                "can_start": Cap.ACT in caps
                and stage not in reports
                and dates is not None
                and (dates.starts_on is None or dates.starts_on <= today)
                and (stage == 1 or stage1_confirmed),
                "waits_for_stage1": stage == 2 and stage not in reports and not stage1_confirmed,
                "late": dates is not None and today > dates.due_on,
            }
        )
    rows = selectors.progress(school=school, year=year)
    return render(
        request,
        "monitoring/stages/report_list.html",
        {
            "school": school,
            "year": year,
            "stages": stages,
            "progress": rows,
            "chart": selectors.progress_chart_data(rows),
        },
    )


@require_POST
@login_required
def report_start(request: HttpRequest, pk: int, stage: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, pk, Cap.ACT)
    if stage not in STAGE_CODES:
        raise Http404
    try:
        report = services.report_start(school=school, year=permissions.require_year(), stage=stage, by=request.user)
    except ValidationError as exc:
        web.flash_errors(request, exc)
        return redirect("monitoring:stage_report_list", pk=school.pk)
    return redirect("monitoring:stage_report_update", pk=report.pk)


@require_GET
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report, caps = perms.get_stage_report_for_user(request.user, pk)
    measures = list(report.measure_statuses.all())
    titles = {m.measure_ref: m.title for m in measures}
    evidence = list(report.evidence.all())
    for e in evidence:
        e.measure_title = titles.get(e.measure_ref, "")
    return render(
        request,
        "monitoring/stages/report_detail.html",
        {
            "report": report,
            "school": report.school,
            "values": report.indicator_values.all(),
            "measures": measures,
            "evidence": evidence,
            "difficulties": report.difficulties.all(),
            "reviews": report.reviews.select_related("by"),
            "problems": services.report_problems(report) if report.is_editable else [],
            "can_edit": Cap.ACT in caps and report.is_editable,
            "late": report.is_editable and services.is_late(report=report),
            "can_review": Cap.REVIEW in caps and report.status == MonitoringReport.Status.SUBMITTED,
            "return_form": forms.ReturnForm(),
            "evidence_form": forms.EvidenceForm(measures=measures),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_update(request: HttpRequest, pk: int) -> HttpResponse:
    report, _ = perms.get_stage_report_for_user(request.user, pk, Cap.ACT)
    if not report.is_editable:
        messages.error(request, f"Отчёт {report.get_status_display()}: изменить его нельзя.")
        return redirect("monitoring:stage_report_detail", pk=report.pk)
    difficulties = Difficulty.objects.filter(year=report.year)
    form = forms.ReportForm(request.POST or None, report=report, difficulties=difficulties)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(
                report=report,
                by=request.user,
                actuals=form.actuals(),
                statuses=form.statuses(),
                difficulty_ids=[d.pk for d in form.cleaned_data["difficulties"]],
                difficulties_other=form.cleaned_data["difficulties_other"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Черновик отчёта сохранён.")
            return redirect("monitoring:stage_report_detail", pk=report.pk)
    return render(
        request, "monitoring/stages/report_form.html", {"form": form, "report": report, "school": report.school}
    )


@require_POST
@login_required
def evidence_create(request: HttpRequest, pk: int) -> HttpResponse:
    report, _ = perms.get_stage_report_for_user(request.user, pk, Cap.ACT)
    form = forms.EvidenceForm(request.POST, request.FILES, measures=report.measure_statuses.all())
    try:
        if not form.is_valid():
            raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
        data = form.cleaned_data
        services.evidence_add(
            report=report, file=data["file"], by=request.user, title=data["title"], measure_ref=data["measure_ref"]
        )
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Файл приложен к отчёту.")
    return redirect("monitoring:stage_report_detail", pk=report.pk)


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = perms.get_evidence_for_user(request.user, pk)
    audit.record(actor=request.user, action="document_download", obj=evidence, school=evidence.report.school)
    return uploads.private_file_response(evidence.file, evidence.name)


@require_POST
@login_required
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = perms.get_evidence_for_user(request.user, pk)
    permissions.check_school(request.user, evidence.report.school, Cap.ACT)
    report_pk = evidence.report_id
    try:
        services.evidence_delete(evidence=evidence)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    return redirect("monitoring:stage_report_detail", pk=report_pk)


@require_POST
@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report, _ = perms.get_stage_report_for_user(request.user, pk, Cap.ACT)
    try:
        services.report_submit(report=report, by=request.user, late_reason=request.POST.get("late_reason", "")[:2000])
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Отчёт отправлен куратору на проверку.")
    return redirect("monitoring:stage_report_detail", pk=report.pk)


@require_POST
@login_required
def report_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    report, _ = perms.get_stage_report_for_user(request.user, pk, Cap.REVIEW)
    try:
        services.report_confirm(report=report, by=request.user)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Отчёт подтверждён.")
    return redirect("monitoring:stage_report_detail", pk=report.pk)


@require_POST
@login_required
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report, _ = perms.get_stage_report_for_user(request.user, pk, Cap.REVIEW)
    form = forms.ReturnForm(request.POST)
    try:
        services.report_return(
            report=report, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Отчёт возвращён школе на доработку.")
    return redirect("monitoring:stage_report_detail", pk=report.pk)


def _summary(request, *, schools, title: str, scope_obj) -> HttpResponse:
    year = permissions.require_year()
    return render(
        request,
        "monitoring/stages/difficulty_summary.html",
        {
            "title": title,
            "scope_obj": scope_obj,
            "year": year,
            "rows": selectors.difficulty_summary(year=year, schools=schools),
            "other": selectors.other_difficulties(year=year, schools=schools),
            "report_count": MonitoringReport.objects.filter(year=year, school__in=schools)
            .exclude(status=MonitoringReport.Status.DRAFT)
            .count(),
        },
    )


@require_GET
@login_required
def difficulty_summary(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = permissions.get_municipality_for_user(request.user, pk)
    schools = school_selectors.participating(municipality.schools.all(), permissions.require_year())
    return _summary(request, schools=schools, title=f"Затруднения школ: {municipality}", scope_obj=municipality)


@require_GET
@login_required
def difficulty_summary_region(request: HttpRequest, pk: int) -> HttpResponse:
    region = permissions.get_region_for_user(request.user, pk)
    schools = school_selectors.participating(
        permissions.visible_schools(request.user), permissions.require_year()
    ).filter(municipality__region=region)
    return _summary(request, schools=schools, title=f"Затруднения школ: {region}", scope_obj=region)
