"""The regional plan-graph: the region edits and submits, the federal coordinator scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import web

from .. import forms
from .. import permissions as perms
from ..models import PlanEvent, RegionalPlan
from ..services import planning


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e) for f, e in form.errors.items()
    )


def _valid(form) -> dict:
    """The form's cleaned data; its errors, with the fields' labels, as one ValidationError."""
    if not form.is_valid():
        raise ValidationError(_errors(form))
    return form.cleaned_data


def _plan_post(request: HttpRequest, plan_pk: int, action, success) -> HttpResponse:
    return web.act_and_redirect(request, action, success=success, to=reverse("monitoring:plan_detail", args=[plan_pk]))


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
    """The region's plan for the current year; before it is started, its coordinator gets a button to start it."""
    region = perms.get_region_for_user(request.user, region_pk)
    year = perms.require_year()
    plan = RegionalPlan.objects.filter(year=year, region=region).first()
    if plan is None:
        context = {
            "year": year,
            "region": region,
            "plan": None,
            "can_start": perms.can_edit_region(request.user, region.pk),
        }
        return render(request, "monitoring/dashboards/plan_detail.html", context)
    return redirect("monitoring:plan_detail", pk=plan.pk)


@require_POST
@login_required
def plan_start(request: HttpRequest, region_pk: int) -> HttpResponse:
    """Starts the region's (empty) plan for the current year — a GET never writes (idempotent)."""
    region = perms.get_region_for_user(request.user, region_pk)
    perms.check_edit_region(request.user, region.pk)
    plan = planning.plan_get_or_create(year=perms.require_year(), region=region)
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
    return _plan_post(
        request, plan.pk, lambda: planning.plan_event_create(plan=plan, **_valid(form)), "Мероприятие добавлено."
    )


@require_POST
@login_required
def plan_fill(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, edit=True)
    return _plan_post(
        request,
        plan.pk,
        lambda: planning.plan_fill_from_template(plan=plan),
        lambda n: f"Добавлено мероприятий из шаблона: {n}.",
    )


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
    success = "План-график направлен на федеральный уровень."
    return _plan_post(request, plan.pk, lambda: planning.plan_submit(plan=plan, by=request.user), success)


@require_POST
@login_required
def plan_score(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, score=True)
    form = forms.PlanScoreForm(request.POST)

    def score() -> None:
        data = _valid(form)
        planning.plan_score(plan=plan, score=data["score"], comment=data["comment"], by=request.user)

    return _plan_post(request, plan.pk, score, "Оценка сохранена.")


@require_POST
@login_required
def plan_event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(PlanEvent.objects.select_related("plan"), pk=pk)
    perms.get_plan_for_user(request.user, event.plan_id, edit=True)
    success = f"Мероприятие № {event.number} удалено."
    return _plan_post(request, event.plan_id, lambda: planning.plan_event_delete(event=event), success)


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
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    success = "План-график возвращён региону на доработку."
    return _plan_post(
        request, plan.pk, lambda: planning.plan_return(plan=plan, reason=reason, by=request.user), success
    )


@require_POST
@login_required
def plan_order(request: HttpRequest, pk: int) -> HttpResponse:
    plan = perms.get_plan_for_user(request.user, pk, edit=True)
    form = forms.PlanOrderForm(request.POST)

    def order() -> None:
        data = _valid(form)
        planning.plan_order_set(plan=plan, number=data["order_number"], date=data["order_date"], by=request.user)

    return _plan_post(request, plan.pk, order, lambda _: f"Приказ записан: {plan.order_label}.")
