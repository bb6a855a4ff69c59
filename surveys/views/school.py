"""A school's diagnosis: links and codes, completion, the profile, verification and activation."""

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import forms, permissions, selectors, services
from ..models import PUBLIC_GROUPS, DiagnosisRound, RiskProfile
from ..permissions import Cap

# --- The school's diagnosis page -----------------------------------------------------------------


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration for inline use


@require_GET
@login_required
def school_diagnosis(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk)
    year = permissions.require_year()
    can_act = Cap.ACT in caps
    can_issue = can_act or Cap.COORDINATE in caps
    links = selectors.school_links(school=school, year=year) if can_issue else []
    profile = selectors.profile_for(school=school, year=year)
    headcount = selectors.headcount(school=school, year=year)
    return render(
        request,
        "surveys/school_diagnosis.html",
        {
            "school": school,
            "year": year,
            "links": [
                (link, request.build_absolute_uri(reverse("surveys:respond", args=[link.token]))) for link in links
            ],
            "completion": selectors.completion(school=school, year=year),
            "headcount_form": forms.HeadcountForm(initial=vars(headcount) if headcount else None),
            "headcount": headcount,
            "profile": profile,
            "profile_visible": permissions.profile_visible(caps, profile),
            "can_act": can_act,
            "links_missing": can_issue and len(links) < len(PUBLIC_GROUPS),
            "can_review": Cap.REVIEW in caps,
            "can_federal": Cap.FEDERAL in caps,
            "window": selectors.window(year=year, school=school),
            "final_window": selectors.final_window(year=year, school=school),
            "final_completion": selectors.completion(school=school, year=year, diagnosis=DiagnosisRound.FINAL),
            "start_url": request.build_absolute_uri(reverse("surveys:respond_start")),
        },
    )


@require_GET
@login_required
def links_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sheet: one block per respondent group with its link, code and QR code."""
    school, caps = permissions.get_school_for_user(request.user, pk)
    if not ({Cap.ACT, Cap.COORDINATE} & caps):
        raise PermissionDenied("Лист с кодами печатает школа или координатор")
    year = permissions.require_year()
    links = selectors.school_links(school=school, year=year)
    blocks = []
    for link in links:
        url = request.build_absolute_uri(reverse("surveys:respond", args=[link.token]))
        blocks.append({"link": link, "url": url, "qr": mark_safe(_qr_svg(url))})  # noqa: S308 — our own SVG
    return render(
        request,
        "surveys/links_print.html",
        {
            "school": school,
            "year": year,
            "blocks": blocks,
            "window": selectors.window(year=year, school=school),
            "start_url": request.build_absolute_uri(reverse("surveys:respond_start")),
        },
    )


@require_POST
@login_required
def links_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issues the school's link and code for every public group that has none yet (the school or a coordinator)."""
    school, caps = permissions.get_school_for_user(request.user, pk)
    if not ({Cap.ACT, Cap.COORDINATE} & caps):
        raise PermissionDenied("Ссылки и коды выпускает школа или координатор")
    year = permissions.require_year()
    services.links_ensure(school=school, year=year)
    messages.success(request, "Ссылки и коды для респондентов выпущены.")
    return redirect("surveys:school_diagnosis", pk=school.pk)


@require_POST
@login_required
def headcount_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school, _caps = permissions.get_school_for_user(request.user, pk, Cap.ACT)
    year = permissions.require_year()
    form = forms.HeadcountForm(request.POST)
    if form.is_valid():
        services.headcount_save(school=school, year=year, by=request.user, **form.cleaned_data)
        messages.success(request, "Численность респондентов сохранена.")
    else:
        messages.error(
            request,
            "Численность не сохранена: "
            + "; ".join(f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()),
        )
    return redirect("surveys:school_diagnosis", pk=school.pk)


# --- The profile ---------------------------------------------------------------------------------


@require_GET
@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk)
    year = permissions.require_year()
    profile = selectors.profile_for(school=school, year=year)
    visible = permissions.profile_visible(caps, profile)
    context = {"school": school, "year": year, "profile": profile if visible else None}
    if visible:
        context |= {
            "rows": selectors.profile_rows(profile=profile, titles=selectors.indicator_titles(year)),
            "chart": selectors.chart_data(profile=profile),
            "events": profile.events.select_related("by"),
            "activations": selectors.activations(school=school, year=year),
            "declinations": selectors.declinations(school=school, year=year),
            "can_verify": Cap.REVIEW in caps and profile.is_published and not profile.activated_at,
            "can_activate": Cap.ACT in caps and profile.verification != RiskProfile.Verification.PENDING,
            "can_publish": Cap.FEDERAL in caps and not profile.is_published,
        }
    return render(request, "surveys/profile_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def profile_verify(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk, Cap.REVIEW)
    year = permissions.require_year()
    profile = selectors.profile_for(school=school, year=year)
    if not permissions.profile_visible(caps, profile):
        messages.error(request, "Профиль ещё не опубликован.")
        return redirect("surveys:profile_detail", pk=school.pk)
    entries = list(profile.entries.all())
    errors: list[str] = []
    if request.method == "POST":
        comments = {e.direction_id: request.POST.get(f"comment_{e.direction_id}", "")[:2000] for e in entries}
        try:
            services.profile_verify(
                profile=profile, by=request.user, comments=comments, general=request.POST.get("general", "")[:4000]
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Проверка профиля сохранена.")
            return redirect("surveys:profile_detail", pk=school.pk)
    return render(
        request,
        "surveys/profile_verify.html",
        {
            "school": school,
            "profile": profile,
            "entries": entries,
            "errors": errors,
            "first_visit": selectors.first_visit_on(school=school, year=year),
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def activation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk, Cap.ACT)
    year = permissions.require_year()
    profile = selectors.profile_for(school=school, year=year)
    if not permissions.profile_visible(caps, profile):
        messages.error(request, "Профиль ещё не опубликован.")
        return redirect("surveys:profile_detail", pk=school.pk)
    entries = list(profile.entries.all())
    current = {a.direction_id: a.justification for a in selectors.activations(school=school, year=year)}
    declined = {d.direction_id: d.reason for d in selectors.declinations(school=school, year=year)}
    errors: list[str] = []
    if request.method == "POST":
        chosen_ids = {int(v) for v in request.POST.getlist("direction") if v.isdigit()}
        chosen = {d: request.POST.get(f"justification_{d}", "")[:2000] for d in chosen_ids}
        reasons = {e.direction_id: request.POST.get(f"reason_{e.direction_id}", "")[:2000] for e in entries}
        try:
            services.risks_activate(profile=profile, by=request.user, chosen=chosen, reasons=reasons)
        except ValidationError as exc:
            errors = exc.messages
            current, declined = chosen, reasons
        else:
            messages.success(request, "Рисковые направления активированы.")
            return redirect("surveys:profile_detail", pk=school.pk)
    rows = [
        {
            "entry": e,
            "checked": e.direction_id in current,
            "justification": current.get(e.direction_id, ""),
            "reason": declined.get(e.direction_id, ""),
        }
        for e in entries
    ]
    return render(
        request,
        "surveys/activation_edit.html",
        {"school": school, "profile": profile, "rows": rows, "errors": errors, "year": year},
        status=400 if errors else 200,
    )


@require_POST
@login_required
def profile_publish(request: HttpRequest, pk: int) -> HttpResponse:
    school, _caps = permissions.get_school_for_user(request.user, pk, Cap.FEDERAL)
    year = permissions.require_year()
    try:
        services.profiles_publish(year=year, by=request.user, school=school)
        messages.success(request, "Профиль опубликован: школа и куратор его видят.")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("surveys:profile_detail", pk=school.pk)


@require_POST
@login_required
def profile_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    school, _caps = permissions.get_school_for_user(request.user, pk, Cap.FEDERAL)
    year = permissions.require_year()
    job = services.recompute_start(year=year, by=request.user, school=school)
    return redirect("surveys:job_detail", pk=job.pk)
