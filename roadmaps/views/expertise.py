"""Federal selective expertise: samples, assignment of experts, scores, regional exports."""

import random

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import uploads, web
from schools import selectors as school_selectors
from schools.models import Region, RoleAssignment, User

from .. import exports, forms, permissions, selectors, services

GET_POST = require_http_methods(["GET", "POST"])


# --- Federal selective expertise ------------------------------------------------------------------


@require_GET
@login_required
def sample_list(request: HttpRequest) -> HttpResponse:
    year = permissions.require_year()
    scope = permissions.scope_for(request.user)
    my_items = list(
        request.user.expertise_items.filter(sample__year=year).select_related("school", "sample", "evaluation")
    )
    if not (scope.everything or scope.region_ids or my_items):
        raise Http404
    regions = school_selectors.coordinated_regions(request.user)
    return render(
        request,
        "roadmaps/sample_list.html",
        {
            "year": year,
            "samples": selectors.samples_for(year=year) if (scope.everything or scope.region_ids) else [],
            "regions": list(regions) if (scope.everything or scope.region_ids) else [],
            "is_federal": scope.everything,
            "my_items": my_items,
            "form": forms.SampleForm(initial={"seed": random.randint(1, 999_999)}),  # noqa: S311
        },
    )


@require_POST
@login_required
def sample_draw(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    form = forms.SampleForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Проверьте параметры выборки: " + "; ".join(e for es in form.errors.values() for e in es)
        )
        return redirect("roadmaps:sample_list")
    try:
        sample = services.sample_draw(
            year=permissions.require_year(),
            title=form.cleaned_data["title"],
            share=form.cleaned_data["share"],
            count=form.cleaned_data["count"],
            seed=form.cleaned_data["seed"],
            by=request.user,
        )
    except ValidationError as e:
        web.flash_errors(request, e)
        return redirect("roadmaps:sample_list")
    messages.success(request, "Выборка сформирована.")
    return redirect("roadmaps:sample_detail", pk=sample.pk)


@require_GET
@login_required
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sample = permissions.get_sample_for_federal(request.user, pk)
    return render(
        request,
        "roadmaps/sample_detail.html",
        {"sample": sample, "items": selectors.sample_items(sample=sample), "assign_form": forms.AssignForm()},
    )


@require_POST
@login_required
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_federal(request.user)
    item = permissions.get_item_for_expert(request.user, pk)
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        expert = User.objects.filter(email__iexact=email).first() if email else None
        if email and expert is None:
            messages.error(request, f"Пользователь с адресом {email} не найден.")
        else:
            try:
                services.item_assign(item=item, expert=expert)
                messages.success(request, "Эксперт назначен." if expert else "Назначение эксперта снято.")
            except ValidationError as e:
                web.flash_errors(request, e)
    else:
        messages.error(request, "Неверный адрес электронной почты.")
    return redirect("roadmaps:sample_detail", pk=item.sample_id)


@GET_POST
@login_required
def item_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_item_for_expert(request.user, pk)
    rubric, criteria = selectors.rubric_of_year(year=item.sample.year)
    current = getattr(item, "evaluation", None)
    initial = {s.criterion.code: s.value for s in current.scores.select_related("criterion")} if current else {}
    form = forms.EvaluationForm(
        request.POST or None,
        criteria=criteria,
        initial_scores=initial,
        initial={"comment": current.comment if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_save(
                document=item.document,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                item=item,
            )
            messages.success(request, "Экспертная оценка сохранена.")
            return redirect("roadmaps:sample_list")
        except ValidationError as e:
            form.add_error(None, e)
    document = item.document
    return render(
        request,
        "roadmaps/evaluation_form.html",
        {
            "document": document,
            "school": item.school,
            "form": form,
            "rubric": rubric,
            "item": item,
            "sections": selectors.roadmap_sections(document=document),
            "action": request.path,
        },
    )


@require_GET
@login_required
def sample_region_export(request: HttpRequest, pk: int, region_pk: int) -> HttpResponse:
    permissions.check_region(request.user, region_pk)
    try:
        sample = selectors.ExpertiseSample.objects.select_related("year").get(pk=pk)
        region = Region.objects.get(pk=region_pk)
    except (selectors.ExpertiseSample.DoesNotExist, Region.DoesNotExist):
        raise Http404 from None
    response = HttpResponse(
        exports.region_results_xlsx(sample=sample, region=region), content_type=uploads.CONTENT_TYPES["xlsx"]
    )
    response["Content-Disposition"] = uploads.content_disposition(f"Экспертиза — {region.name}.xlsx")
    return response


# --- Federal experts (the expert role of the year) ------------------------------------------------------------


@GET_POST
@login_required
def expert_list(request: HttpRequest) -> HttpResponse:
    """The year's federal experts: the federal coordinator adds and removes them; samples are assigned to them."""
    permissions.require_federal(request.user)
    year = permissions.require_year()
    form = forms.ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.expert_appoint(year=year, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{role.user.full_name or role.user.email} — эксперт {year.year} года.")
            return redirect("roadmaps:expert_list")
    experts = list(services.experts_of(year=year))
    load = selectors.expert_load(year=year, experts=experts)
    return render(
        request,
        "roadmaps/expert_list.html",
        {"year": year, "form": form, "rows": [(e, *load.get(e.pk, (0, 0))) for e in experts]},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def expert_remove(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    role = RoleAssignment.objects.filter(user_id=pk, year=year, kind=RoleAssignment.Kind.EXPERT).first()
    if role is None:
        raise Http404
    services.expert_remove(role=role, by=request.user)
    messages.success(request, "Эксперт исключён; его неоценённые школы ждут нового эксперта.")
    return redirect("roadmaps:expert_list")
