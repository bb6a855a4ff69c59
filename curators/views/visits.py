"""Curator visits: the log, the school's confirmation, calendars and overdue lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import services as audit
from medk.lib import uploads, web
from notifications import selectors as read_selectors
from notifications.models import ReadState
from roadmaps import selectors as roadmap_selectors
from schools import permissions
from schools import selectors as school_selectors
from schools.models import User
from schools.permissions import Cap

from .. import forms, selectors
from .. import permissions as perms
from ..models import PlannedVisit, Visit
from ..services import schedules
from ..services import visits as services

ROWS_PER_PAGE = 100


def _calendar_context(request, visits, base_url: str) -> dict:
    today = timezone.localdate()
    month = selectors.parse_month(request.GET.get("month"), today)
    return {
        "weeks": selectors.month_grid(visits=visits, month=month),
        "month": month,
        "prev_month": selectors.shift_month(month, -1),
        "next_month": selectors.shift_month(month, 1),
        "today": today,
        "base_url": base_url,
        "weekdays": ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
    }


@require_GET
@login_required
def curator_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    curator = get_object_or_404(User, pk=pk)
    perms.check_curator_page(request.user, curator)
    visits = Visit.objects.filter(curator=curator, school__in=permissions.visible_schools(request.user))
    context = _calendar_context(request, visits, request.path)
    return render(request, "curators/calendar.html", context | {"curator": curator, "title": "Календарь визитов"})


@require_GET
@login_required
def municipality_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = permissions.get_municipality_for_user(request.user, pk)
    visits = Visit.objects.filter(school__municipality=municipality)
    context = _calendar_context(request, visits, request.path)
    return render(
        request,
        "curators/calendar.html",
        context | {"municipality": municipality, "title": "Календарь визитов кураторов"},
    )


@require_GET
@login_required
def visit_overdue_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The municipal coordinator's list: every school's visit status, overdue ones first."""
    municipality = permissions.get_municipality_for_user(request.user, pk)
    year = permissions.require_year()
    today = timezone.localdate()
    schools = school_selectors.participating(municipality.schools.all(), year).order_by("short_name")
    rows = selectors.visit_rows(schools=schools, year=year, today=today)
    rows.sort(key=lambda r: (not r.due.overdue, r.due.due_on or today))
    return render(
        request,
        "curators/overdue_list.html",
        {
            "municipality": municipality,
            "region": None,
            "year": year,
            "rows": rows,
            "today": today,
            "overdue_count": sum(1 for r in rows if r.due.overdue),
        },
    )


@require_GET
@login_required
def visit_overdue_region(request: HttpRequest, pk: int) -> HttpResponse:
    """The regional view of the same list: every participating school of the region, overdue ones first."""
    region = permissions.get_region_for_user(request.user, pk)
    year = permissions.require_year()
    today = timezone.localdate()
    schools = school_selectors.participating(
        permissions.visible_schools(request.user).filter(municipality__region=region), year
    ).order_by("municipality__name", "short_name")
    # a region: up to a thousand schools, a page of them
    page, overdue = selectors.overdue_page(
        schools=schools, year=year, today=today, number=request.GET.get("page"), per_page=ROWS_PER_PAGE
    )
    return render(
        request,
        "curators/overdue_list.html",
        {
            "region": region,
            "municipality": None,
            "year": year,
            "rows": page.object_list,
            "page": page,
            "today": today,
            "overdue_count": overdue,
        },
    )


@require_GET
@login_required
def visit_list(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk)
    year = permissions.require_year()
    today = timezone.localdate()
    visits = list(Visit.objects.filter(school=school, year=year).select_related("curator").prefetch_related("actions"))
    row = selectors.visit_rows(schools=type(school).objects.filter(pk=school.pk), year=year, today=today)[0]
    read = read_selectors.read_map(user=request.user, kind=ReadState.Kind.VISIT, ids=[v.pk for v in visits])
    for v in visits:
        v.is_new = v.pk not in read
    return render(
        request,
        "curators/visit_list.html",
        {
            "school": school,
            "year": year,
            "visits": visits,
            "row": row,
            "today": today,
            "can_create": Cap.REVIEW in caps and row.assignment and row.assignment.curator_id == request.user.pk,
            "can_act": Cap.ACT in caps,
            "planned": PlannedVisit.objects.filter(school=school, year=year, planned_on__gte=today),
            "planned_form": forms.PlannedVisitForm(),
        },
    )


@require_POST
@login_required
def planned_visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, pk, Cap.REVIEW)
    form = forms.PlannedVisitForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
        planned = schedules.planned_visit_add(
            school=school, year=permissions.require_year(), curator=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, f"Визит {planned.planned_on:%d.%m.%Y} добавлен в график.")
    return redirect("curators:visit_list", pk=school.pk)


@require_POST
@login_required
def planned_visit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_object_or_404(PlannedVisit.objects.select_related("school__municipality"), pk=pk)
    permissions.check_school(request.user, planned.school, Cap.REVIEW)
    try:
        schedules.planned_visit_delete(planned=planned, by=request.user)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Дата убрана из графика.")
    return redirect("curators:visit_list", pk=planned.school_id)


def _actions_from_post(request) -> list[services.ActionInput]:
    texts = request.POST.getlist("action_text")
    responsibles = request.POST.getlist("action_responsible")
    result = []
    for i, text in enumerate(texts):
        if text.strip():
            responsible = responsibles[i] if i < len(responsibles) else ""
            result.append(services.ActionInput(text=text, responsible=responsible))
    return result


@require_http_methods(["GET", "POST"])
@login_required
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, pk, Cap.REVIEW)
    year = permissions.require_year()
    form = forms.VisitForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_create(
                school=school, year=year, curator=request.user, actions=_actions_from_post(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Визит записан. Он будет учтён, когда школа его подтвердит.")
            return redirect("curators:visit_detail", pk=visit.pk)
    return render(request, "curators/visit_form.html", {"form": form, "school": school, "is_new": True})


@require_http_methods(["GET", "POST"])
@login_required
def visit_update(request: HttpRequest, pk: int) -> HttpResponse:
    visit = perms.get_visit_for_curator(request.user, pk)
    if visit.is_locked:
        messages.error(request, "Визит подтверждён школой, изменить его нельзя.")
        return redirect("curators:visit_detail", pk=visit.pk)
    form = forms.VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(visit=visit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Запись о визите изменена и снова ждёт подтверждения школы.")
            return redirect("curators:visit_detail", pk=visit.pk)
    return render(request, "curators/visit_form.html", {"form": form, "school": visit.school, "visit": visit})


@require_GET
@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit, caps = perms.get_visit_for_user(request.user, pk)
    is_author = Cap.REVIEW in caps and visit.curator_id == request.user.pk
    criteria = services.criteria_for(visit.year)
    evaluations = {e.criterion_id: e for e in visit.evaluations.all()}
    return render(
        request,
        "curators/visit_detail.html",
        {
            "visit": visit,
            "school": visit.school,
            "actions": visit.actions.all(),
            "attachments": visit.attachments.all(),
            "evaluation": [(c, evaluations.get(c.pk)) for c in criteria],
            "can_edit": is_author and not visit.is_locked,
            "can_evaluate": is_author and bool(criteria),
            "can_confirm": Cap.ACT in caps and visit.status != Visit.Status.CONFIRMED,
            "can_promote": is_author or Cap.ACT in caps,
            "roadmap_sections": roadmap_selectors.open_roadmap_sections(school=visit.school, year=visit.year),
            "action_form": forms.ActionForm(),
            "file_form": forms.FileForm(),
            "dispute_form": forms.DisputeForm(),
        },
    )


@require_POST
@login_required
def visit_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    visit, _ = perms.get_visit_for_user(request.user, pk, Cap.ACT)
    try:
        services.visit_confirm(visit=visit, by=request.user)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Визит подтверждён.")
    return redirect("curators:visit_detail", pk=visit.pk)


@require_POST
@login_required
def visit_dispute(request: HttpRequest, pk: int) -> HttpResponse:
    visit, _ = perms.get_visit_for_user(request.user, pk, Cap.ACT)
    form = forms.DisputeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Укажите, что в записи о визите не так.")
        services.visit_dispute(visit=visit, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Куратор увидит, что запись о визите не подтверждена, и причину.")
    return redirect("curators:visit_detail", pk=visit.pk)


@require_POST
@login_required
def visit_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    visit = perms.get_visit_for_curator(request.user, pk)
    form = forms.ActionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Опишите договорённость.")
        services.visit_action_add(visit=visit, action=services.ActionInput(**form.cleaned_data))
    except ValidationError as exc:
        web.flash_errors(request, exc)
    return redirect("curators:visit_detail", pk=visit.pk)


@require_POST
@login_required
def visit_action_promote(request: HttpRequest, pk: int) -> HttpResponse:
    action = perms.get_visit_action_for_promotion(request.user, pk)
    try:
        section_id = int(request.POST.get("section", ""))
    except ValueError:
        section_id = 0
    try:
        services.visit_action_to_measure(action=action, by=request.user, section_id=section_id)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Договорённость перенесена в дорожную карту школы.")
    return redirect("curators:visit_detail", pk=action.visit_id)


@require_POST
@login_required
def visit_attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    visit = perms.get_visit_for_curator(request.user, pk)
    form = forms.FileForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError("Выберите файл.")
        services.visit_attachment_add(visit=visit, file=form.cleaned_data["file"], by=request.user)
    except ValidationError as exc:
        web.flash_errors(request, exc)
    else:
        messages.success(request, "Файл приложен.")
    return redirect("curators:visit_detail", pk=visit.pk)


@require_GET
@login_required
def visit_attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = perms.get_visit_attachment_for_user(request.user, pk)
    audit.record(actor=request.user, action="document_download", obj=attachment, school=attachment.visit.school)
    return uploads.private_file_response(attachment.file, attachment.name)


@require_http_methods(["GET", "POST"])
@login_required
def visit_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    visit = perms.get_visit_for_curator(request.user, pk)
    criteria = services.criteria_for(visit.year)
    if not criteria:
        raise Http404("Форма оценки на этот год не настроена")
    initial = {e.criterion_id: (e.score, e.comment) for e in visit.evaluations.all()}
    form = forms.EvaluationForm(request.POST or None, criteria=criteria, initial_scores=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_evaluate(visit=visit, by=request.user, scores=form.scores())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Оценка изменений сохранена.")
            return redirect("curators:visit_detail", pk=visit.pk)
    return render(request, "curators/visit_evaluate.html", {"form": form, "visit": visit, "school": visit.school})
