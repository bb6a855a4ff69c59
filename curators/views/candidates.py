"""The pool of curator candidates: nomination, selection, appointment from the pool."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import web
from schools import permissions
from schools import selectors as school_selectors
from schools.models import School

from .. import forms, selectors
from .. import permissions as perms
from ..services import candidates as services


def _pool(request: HttpRequest, *, region, municipality, template_context: dict) -> HttpResponse:
    year = permissions.require_year()
    can_manage = services.can_manage_pool(request.user, region=region, municipality=municipality)
    municipalities = None if municipality is not None else region.municipalities.order_by("name")
    form = forms.CandidateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Выдвигать кандидатов может координатор этого муниципалитета или региона")
        if form.is_valid():
            data = dict(form.cleaned_data)
            chosen = data.pop("municipality", None) if municipality is None else municipality
            try:
                candidate = services.candidate_nominate(
                    year=year, region=region, municipality=chosen, by=request.user, **data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"{candidate.user.full_name or candidate.user.email} — в списке кандидатов.")
                return redirect(request.path)
    candidates = selectors.candidates_in(year=year, region=region, municipality=municipality)
    rows = selectors.candidate_rows(year=year, candidates=candidates)
    return render(
        request,
        "curators/candidate_pool.html",
        template_context
        | {
            "year": year,
            "rows": rows,
            "answered": sum(1 for r in rows if r.answered),
            "form": form,
            "can_manage": can_manage,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_pool_municipality(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = permissions.get_municipality_for_user(request.user, pk)
    return _pool(
        request,
        region=municipality.region,
        municipality=municipality,
        template_context={"municipality": municipality, "region": municipality.region},
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_pool_region(request: HttpRequest, pk: int) -> HttpResponse:
    region = permissions.get_region_for_user(request.user, pk)
    return _pool(request, region=region, municipality=None, template_context={"region": region})


def _schools_for(candidate):
    schools = school_selectors.participating(School.objects.select_related("municipality"), candidate.year)
    if candidate.municipality_id:
        return schools.filter(municipality_id=candidate.municipality_id)
    return schools.filter(municipality__region_id=candidate.region_id)


@require_GET
@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = perms.get_candidate_for_user(request.user, pk)
    row = selectors.candidate_rows(year=candidate.year, candidates=type(candidate).objects.filter(pk=candidate.pk))[0]
    return render(
        request,
        "curators/candidate_detail.html",
        {
            "candidate": candidate,
            "row": row,
            "can_decide": services.can_manage_pool(
                request.user, region=candidate.region, municipality=candidate.municipality
            ),
            "decision_form": forms.CandidateDecisionForm(
                initial={"interview_on": candidate.interview_on, "decision": candidate.decision, "note": candidate.note}
            ),
            "appoint_form": forms.CandidateAppointForm(schools=_schools_for(candidate).order_by("short_name")),
            "can_appoint": candidate.decision == candidate.Decision.SELECTED
            and any(
                perms.can_appoint(request.user, m)
                for m in ([candidate.municipality] if candidate.municipality else candidate.region.municipalities.all())
            ),
        },
    )


@require_POST
@login_required
def candidate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = perms.get_candidate_for_user(request.user, pk)
    if not services.can_manage_pool(request.user, region=candidate.region, municipality=candidate.municipality):
        raise PermissionDenied("Решение по кандидату принимает координатор его муниципалитета или региона")
    form = forms.CandidateDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_decide(candidate=candidate, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            web.flash_errors(request, exc)
        else:
            messages.success(request, f"Решение записано: {candidate.get_decision_display()}.")
    else:
        web.flash_form_errors(request, form)
    return redirect("curators:candidate_detail", pk=candidate.pk)


@require_POST
@login_required
def candidate_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = perms.get_candidate_for_user(request.user, pk)
    form = forms.CandidateAppointForm(request.POST, schools=_schools_for(candidate))
    if form.is_valid():
        school = form.cleaned_data["school"]
        perms.check_appoint(request.user, school)
        try:
            services.candidate_appoint(
                candidate=candidate, school=school, by=request.user, appointed_on=form.cleaned_data["appointed_on"]
            )
        except ValidationError as exc:
            web.flash_errors(request, exc)
        else:
            messages.success(request, f"{candidate.user} назначен куратором «{school.short_name}».")
    else:
        web.flash_form_errors(request, form)
    return redirect("curators:candidate_detail", pk=candidate.pk)
