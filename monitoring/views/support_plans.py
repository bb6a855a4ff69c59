"""The municipal support plan: the municipal coordinator writes it, the regional coordinator approves it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from medk.lib import web
from schools import selectors as school_selectors

from .. import forms
from .. import permissions as perms
from ..models import MunicipalMeasure, MunicipalPlan
from ..services import support_plans as services


def _schools(municipality, year):
    return school_selectors.participating(municipality.schools.all(), year).order_by("short_name")


@require_GET
@login_required
def support_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = perms.get_support_plan_municipality(request.user, pk)
    year = perms.require_year()
    plan = services.plan_for(year=year, municipality=municipality)
    scope = perms.scope_for(request.user)
    editor = municipality.pk in scope.municipality_ids
    return render(
        request,
        "monitoring/support_plan.html",
        {
            "municipality": municipality,
            "year": year,
            "plan": plan,
            "measures": plan.measures.select_related("school") if plan else [],
            "can_edit": editor and (plan is None or plan.is_editable),
            "can_track": editor,
            "can_approve": municipality.region_id in scope.region_ids
            and plan is not None
            and plan.status == MunicipalPlan.Status.SUBMITTED,
            "measure_form": forms.MunicipalMeasureForm(schools=_schools(municipality, year)),
            "return_form": forms.PlanReturnForm(),
            "statuses": MunicipalMeasure.Status.choices,
        },
    )


@require_POST
@login_required
def support_measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = perms.get_support_plan_municipality(request.user, pk, edit=True)
    year = perms.require_year()
    form = forms.MunicipalMeasureForm(request.POST, schools=_schools(municipality, year))
    try:
        if not form.is_valid():
            raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
        services.measure_add(year=year, municipality=municipality, **form.cleaned_data)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Мероприятие добавлено в план.")
    return redirect("monitoring:support_plan_detail", pk=municipality.pk)


@require_POST
@login_required
def support_measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(MunicipalMeasure.objects.select_related("plan"), pk=pk)
    perms.get_support_plan_municipality(request.user, measure.plan.municipality_id, edit=True)
    form = forms.MunicipalMeasureStatusForm(request.POST)
    if form.is_valid():
        services.measure_status_set(measure=measure, status=form.cleaned_data["status"])
        messages.success(request, f"Статус мероприятия: {measure.get_status_display()}.")
    else:
        messages.error(request, "Неизвестный статус мероприятия.")
    return redirect("monitoring:support_plan_detail", pk=measure.plan.municipality_id)


def _act(request, pk: int, action, done: str, **kwargs) -> HttpResponse:
    municipality = perms.get_support_plan_municipality(request.user, pk, **kwargs)
    plan = services.plan_for(year=perms.require_year(), municipality=municipality)
    try:
        if plan is None:
            raise ValidationError("План ещё не начат.")
        action(plan)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("monitoring:support_plan_detail", pk=municipality.pk)


@require_POST
@login_required
def support_plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda plan: services.plan_submit(plan=plan, by=request.user),
        "План направлен на утверждение в регион.",
        edit=True,
    )


@require_POST
@login_required
def support_plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda plan: services.plan_approve(plan=plan, by=request.user), "План утверждён.", approve=True
    )


@require_POST
@login_required
def support_plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")[:2000]
    return _act(
        request,
        pk,
        lambda plan: services.plan_return(plan=plan, by=request.user, reason=reason),
        "План возвращён муниципалитету на доработку.",
        approve=True,
    )
