"""The school's report on its roadmap: the school writes «Анализ и выводы», the curator concludes, the school
sends it to the municipality, the municipal coordinator accepts it or returns it with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medk.lib import web
from schools import permissions
from schools import selectors as school_selectors
from schools.permissions import Cap

from .. import forms
from .. import permissions as perms
from ..models import SchoolReport
from ..selectors import school_reports as selectors
from ..services import school_reports as services


def _form_errors(form) -> ValidationError:
    return ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])


@require_GET
@login_required
def school_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk)
    year = permissions.require_year()
    report = selectors.report_for(school=school, year=year)
    editable = report is None or report.is_editable
    sent = report is not None and report.status == SchoolReport.Status.SENT
    can_act = Cap.ACT in caps and editable
    return render(
        request,
        "monitoring/school_report.html",
        {
            "school": school,
            "year": year,
            "report": report,
            "content": selectors.content(school=school, year=year, report=report),
            "history": report.history.select_related("by") if report else [],
            "deadline": services.deadline(school=school, year=year),
            "late": services.is_late(school=school, year=year),
            "problems": services.problems(report=report, school=school, year=year) if can_act else [],
            "can_act": can_act,
            "can_conclude": Cap.REVIEW in caps and editable,
            "can_decide": sent and perms.can_decide_school_report(request.user, school),
            "analysis_form": forms.SchoolReportAnalysisForm(initial={"analysis": report.analysis if report else ""}),
            "conclusion_form": forms.SchoolReportConclusionForm(
                initial={"conclusion": report.curator_conclusion if report else ""}
            ),
            "send_form": forms.SchoolReportSendForm(),
            "return_form": forms.SchoolReportReturnForm(),
        },
    )


@require_POST
@login_required
def school_report_save(request: HttpRequest, pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, pk, Cap.ACT)
    form = forms.SchoolReportAnalysisForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        services.school_report_save(
            school=school, year=permissions.require_year(), by=request.user, analysis=form.cleaned_data["analysis"]
        )
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Раздел «Анализ и выводы» сохранён.")
    return redirect("monitoring:school_report_detail", pk=school.pk)


@require_POST
@login_required
def school_report_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, pk, Cap.REVIEW)
    form = forms.SchoolReportConclusionForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        services.school_report_conclude(
            school=school, year=permissions.require_year(), by=request.user, conclusion=form.cleaned_data["conclusion"]
        )
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Заключение куратора сохранено.")
    return redirect("monitoring:school_report_detail", pk=school.pk)


@require_POST
@login_required
def school_report_send(request: HttpRequest, pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, pk, Cap.ACT)
    form = forms.SchoolReportSendForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        services.school_report_send(
            school=school,
            year=permissions.require_year(),
            by=request.user,
            late_reason=form.cleaned_data["late_reason"],
        )
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Отчёт направлен муниципальному координатору.")
    return redirect("monitoring:school_report_detail", pk=school.pk)


@require_POST
@login_required
def school_report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = perms.get_school_report_for_decision(request.user, pk)
    try:
        services.school_report_accept(report=report, by=request.user)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Отчёт принят.")
    return redirect("monitoring:school_report_detail", pk=pk)


@require_POST
@login_required
def school_report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = perms.get_school_report_for_decision(request.user, pk)
    form = forms.SchoolReportReturnForm(request.POST)
    try:
        services.school_report_return(
            report=report, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Отчёт возвращён школе на доработку.")
    return redirect("monitoring:school_report_detail", pk=pk)


@require_GET
@login_required
def school_report_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The municipality's schools and where each one's report stands."""
    municipality = permissions.get_municipality_for_user(request.user, pk)
    year = permissions.require_year()
    schools = list(school_selectors.participating(municipality.schools.all(), year).order_by("short_name"))
    reports = {r.school_id: r for r in SchoolReport.objects.filter(year=year, school__in=schools)}
    rows = [(s, reports.get(s.pk)) for s in schools]
    return render(
        request,
        "monitoring/school_report_list.html",
        {"municipality": municipality, "year": year, "rows": rows},
    )
