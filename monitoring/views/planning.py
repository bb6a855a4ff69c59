"""The regional plan-graph: the region edits and submits, the federal coordinator scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import forms
from .. import permissions as perms
from ..models import PlanEvent, RegionalPlan
from ..services import planning


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e) for f, e in form.errors.items()
    )


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    perms.require_federal(request.user)
    year = perms.require_year()
    plans = RegionalPlan.objects.filter(year=year).select_related("region").order_by("region__name")
    return render(request, "monitoring/dashboards/plan_list.html", {"year": year, "plans": plans})


@require_GET
@login_required
def plan_region(request: HttpRequest, region_pk: int) -> HttpResponse:
    """The region's plan for the current year (created empty on first visit by its coordinator)."""
    region = perms.get_region_for_user(request.user, region_pk)
    year = perms.require_year()
    plan = RegionalPlan.objects.filter(year=year, region=region).first()
    if plan is None and perms.can_edit_region(request.user, region.pk):
        plan = planning.plan_get_or_create(year=year, region=region)
    if plan is None:
        return render(request, "monitoring/dashboards/plan_detail.html", {"year": year, "region": region, "plan": None})
    return redirect("monitoring:plan_detail", pk=plan.pk)


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk)
    can_edit = perms.can_edit_region(request.user, plan.region_id)
    events = list(plan.events.all())
    done = sum(e.status == PlanEvent.Status.DONE for e in events)
    measured = planning.event_indicator_values(plan=plan)
    for e in events:
        e.measured = measured.get(e.milestone_code, [])
    return render(
        request,
        "monitoring/dashboards/plan_detail.html",
        {
            "year": plan.year,
            "region": plan.region,
            "plan": plan,
            "events": events,
            "done": done,
            "monitorings": plan.monitorings.all(),
            "can_edit": can_edit and plan.is_editable,
            "can_track": can_edit,
            "can_score": perms.scope_for(request.user).everything and plan.is_sent,
            "can_return": perms.scope_for(request.user).everything and plan.status == RegionalPlan.Status.SUBMITTED,
            "event_form": forms.PlanEventForm(),
            "return_form": forms.PlanReturnForm(),
            "order_form": forms.PlanOrderForm(
                initial={"order_number": plan.order_number, "order_date": plan.order_date}
            ),
            "score_form": forms.PlanScoreForm(initial={"score": plan.score, "comment": plan.score_comment}),
            "statuses": PlanEvent.Status.choices,
        },
    )


@require_POST
@login_required
def plan_event_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, edit=True)
    form = forms.PlanEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("monitoring:plan_detail", pk=plan.pk)
    try:
        planning.plan_event_create(plan=plan, **form.cleaned_data)
        messages.success(request, "Мероприятие добавлено.")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("monitoring:plan_detail", pk=plan.pk)


@require_POST
@login_required
def plan_fill(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, edit=True)
    try:
        n = planning.plan_fill_from_template(plan=plan)
        messages.success(request, f"Добавлено мероприятий из шаблона: {n}.")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("monitoring:plan_detail", pk=plan.pk)


@require_POST
@login_required
def plan_event_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(PlanEvent.objects.select_related("plan"), pk=pk)
    perms.get_plan_for_user(request.user, event.plan_id, edit=True)
    form = forms.PlanEventStatusForm(request.POST)
    if form.is_valid():
        planning.plan_event_status_set(event=event, status=form.cleaned_data["status"])
        messages.success(request, f"Статус мероприятия № {event.number}: {event.get_status_display()}.")
    else:
        messages.error(request, _errors(form))
    return redirect("monitoring:plan_detail", pk=event.plan_id)


@require_POST
@login_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, edit=True)
    try:
        planning.plan_submit(plan=plan, by=request.user)
        messages.success(request, "План-график направлен на федеральный уровень.")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("monitoring:plan_detail", pk=plan.pk)


@require_POST
@login_required
def plan_score(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, score=True)
    form = forms.PlanScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("monitoring:plan_detail", pk=plan.pk)
    try:
        planning.plan_score(
            plan=plan, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"], by=request.user
        )
        messages.success(request, "Оценка сохранена.")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("monitoring:plan_detail", pk=plan.pk)


@require_POST
@login_required
def plan_event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(PlanEvent.objects.select_related("plan"), pk=pk)
    perms.get_plan_for_user(request.user, event.plan_id, edit=True)
    try:
        planning.plan_event_delete(event=event)
        messages.success(request, f"Мероприятие № {event.number} удалено.")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("monitoring:plan_detail", pk=event.plan_id)


@require_http_methods(["GET", "POST"])
@login_required
def plan_event_update(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(PlanEvent.objects.select_related("plan__region"), pk=pk)
    plan = perms.get_plan_for_user(request.user, event.plan_id, edit=True)
    if not plan.is_editable:
        messages.error(request, "План-график уже направлен на федеральный уровень: изменить его нельзя.")
        return redirect("monitoring:plan_detail", pk=plan.pk)
    form = forms.PlanEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            planning.plan_event_update(event=event, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Мероприятие № {event.number} изменено.")
            return redirect("monitoring:plan_detail", pk=plan.pk)
    return render(request, "monitoring/dashboards/plan_event_form.html", {"form": form, "event": event, "plan": plan})


@require_POST
@login_required
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, score=True)
    form = forms.PlanReturnForm(request.POST)
    try:
        planning.plan_return(plan=plan, reason=form.cleaned_data["reason"] if form.is_valid() else "", by=request.user)
        messages.success(request, "План-график возвращён региону на доработку.")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("monitoring:plan_detail", pk=plan.pk)


@require_POST
@login_required
def plan_order(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, edit=True)
    form = forms.PlanOrderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("monitoring:plan_detail", pk=plan.pk)
    try:
        planning.plan_order_set(
            plan=plan, number=form.cleaned_data["order_number"], date=form.cleaned_data["order_date"], by=request.user
        )
        messages.success(request, f"Приказ записан: {plan.order_label}.")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("monitoring:plan_detail", pk=plan.pk)
