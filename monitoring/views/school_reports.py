"""The school's report on its roadmap: the school writes «Анализ и выводы», the curator concludes, the school
sends it to the municipality, the municipal coordinator accepts it or returns it with a reason."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
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


def _school_post(request: HttpRequest, pk: int, cap: str, form_class, service, success: str) -> HttpResponse:
    """The school's or the curator's form on the report page: validated, then `service(school, year, by, **data)`."""
    school, _ = permissions.get_school_for_user(request.user, pk, cap)
    form = form_class(request.POST)

    def run() -> None:
        if not form.is_valid():
            raise _form_errors(form)
        service(school=school, year=permissions.require_year(), by=request.user, **form.cleaned_data)

    return web.act_and_redirect(request, run, success=success, to=_page(school.pk))


def _page(pk: int) -> str:
    return reverse("monitoring:school_report_detail", args=[pk])


@require_POST
@login_required
def school_report_save(request: HttpRequest, pk: int) -> HttpResponse:
    form, success = forms.SchoolReportAnalysisForm, "Раздел «Анализ и выводы» сохранён."
    return _school_post(request, pk, Cap.ACT, form, services.school_report_save, success)


@require_POST
@login_required
def school_report_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    form, success = forms.SchoolReportConclusionForm, "Заключение куратора сохранено."
    return _school_post(request, pk, Cap.REVIEW, form, services.school_report_conclude, success)


@require_POST
@login_required
def school_report_send(request: HttpRequest, pk: int) -> HttpResponse:
    form, success = forms.SchoolReportSendForm, "Отчёт направлен муниципальному координатору."
    return _school_post(request, pk, Cap.ACT, form, services.school_report_send, success)


@require_POST
@login_required
def school_report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = perms.get_school_report_for_decision(request.user, pk)
    return web.act_and_redirect(
        request,
        lambda: services.school_report_accept(report=report, by=request.user),
        success="Отчёт принят.",
        to=_page(pk),
    )


@require_POST
@login_required
def school_report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = perms.get_school_report_for_decision(request.user, pk)
    form = forms.SchoolReportReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return web.act_and_redirect(
        request,
        lambda: services.school_report_return(report=report, by=request.user, reason=reason),
        success="Отчёт возвращён школе на доработку.",
        to=_page(pk),
    )


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
