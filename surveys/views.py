import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import excel
from schools.models import Municipality, Region, School

from . import forms, permissions, profile_import, ratelimit, selectors, services
from .models import ProfileJob, RespondentGroup, RiskProfile
from .permissions import Cap

# --- Public pages for respondents (no account) ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def respond_start(request: HttpRequest) -> HttpResponse:
    """The page where a respondent types the short code the school gave out."""
    form = forms.CodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        link = selectors.link_by_code(code)
        if link is not None:
            return redirect("surveys:respond", token=link.token)
        form.add_error("code", "Анкета с таким кодом не найдена. Проверьте код: буквы латинские, без пробелов.")
    return render(request, "surveys/respond_start.html", {"form": form})


def _respondent_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if ratelimit.browser_id(request) is None:
        response.set_cookie(
            ratelimit.COOKIE,
            ratelimit.new_browser_id(),
            max_age=30 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire of one school and group; answered anonymously, saved all at once."""
    link = permissions.get_link(token)
    questionnaire = selectors.active_questionnaire(year=link.year, group=link.group)
    context = {"link": link, "questionnaire": questionnaire}
    if questionnaire is None:
        context["closed"] = "Анкета для этой группы ещё не загружена. Обратитесь в школу."
        return render(request, "surveys/respond.html", context, status=410)
    try:
        services.window_check(year=link.year, group=link.group, region=link.school.municipality.region_id)
    except ValidationError as exc:
        context["closed"] = exc.messages[0]
        return render(request, "surveys/respond.html", context, status=410 if request.method == "GET" else 403)
    structure = selectors.questionnaire_structure(questionnaire)
    form = forms.ResponseForm(request.POST or None, structure=structure)
    status = 200
    if request.method == "POST":
        limited = ratelimit.check(request)
        if limited:
            context |= {"form": form, "limited": limited}
            return render(request, "surveys/respond.html", context, status=429)
        if form.is_valid():
            try:
                services.response_submit(
                    questionnaire=questionnaire, structure=structure, cleaned=form.cleaned_data, school=link.school
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("surveys:respond_done", token=link.token)
        status = 400
    return _respondent_cookie(request, render(request, "surveys/respond.html", context | {"form": form}, status=status))


@require_GET
def respond_done(request: HttpRequest, token: str) -> HttpResponse:
    link = permissions.get_link(token)
    return render(request, "surveys/respond_done.html", {"link": link})


# --- Cabinet questionnaires (director, curator candidate) ----------------------------------------


def _cabinet_questionnaire(request, *, year, group, school, done_url, title) -> HttpResponse:
    questionnaire = selectors.active_questionnaire(year=year, group=group)
    region = school.municipality.region_id if school else None
    context = {"questionnaire": questionnaire, "school": school, "title": title, "cabinet": True}
    if questionnaire is None:
        context["closed"] = "Анкета этого года ещё не загружена."
        return render(request, "surveys/cabinet_questionnaire.html", context)
    if selectors.cabinet_response_exists(year=year, group=group, school=school, user=request.user):
        context["already"] = True
        return render(request, "surveys/cabinet_questionnaire.html", context)
    try:
        services.window_check(year=year, group=group, region=region)
    except ValidationError as exc:
        context["closed"] = exc.messages[0]
        return render(request, "surveys/cabinet_questionnaire.html", context)
    structure = selectors.questionnaire_structure(questionnaire)
    form = forms.ResponseForm(request.POST or None, structure=structure)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                questionnaire=questionnaire,
                structure=structure,
                cleaned=form.cleaned_data,
                school=school,
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Анкета сохранена. Спасибо!")
            return redirect(done_url)
    status = 400 if form.is_bound else 200
    return render(request, "surveys/cabinet_questionnaire.html", context | {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def director_survey(request: HttpRequest, pk: int) -> HttpResponse:
    school, _caps = permissions.get_school_for_user(request.user, pk, Cap.ACT)
    year = permissions.require_year()
    return _cabinet_questionnaire(
        request,
        year=year,
        group=RespondentGroup.DIRECTOR,
        school=school,
        done_url=reverse("surveys:school_diagnosis", args=[school.pk]),
        title="Анкета директора",
    )


@require_http_methods(["GET", "POST"])
@login_required
def curator_survey(request: HttpRequest) -> HttpResponse:
    year = permissions.require_year()
    permissions.require_curator(request.user, year)
    return _cabinet_questionnaire(
        request,
        year=year,
        group=RespondentGroup.CURATOR,
        school=None,
        done_url=reverse("home"),
        title="Анкета кандидата в кураторы",
    )


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
    links = services.links_ensure(school=school, year=year) if can_act or Cap.COORDINATE in caps else []
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
            "can_review": Cap.REVIEW in caps,
            "can_federal": Cap.FEDERAL in caps,
            "window": selectors.window(year=year, school=school),
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
    links = services.links_ensure(school=school, year=year)
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


# --- Federal: the year's diagnosis -----------------------------------------------------------------


@require_GET
@login_required
def diagnosis_overview(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    return render(
        request,
        "surveys/diagnosis_overview.html",
        {"year": year, "import_form": forms.ImportForm(), **selectors.year_overview(year=year)},
    )


@require_POST
@login_required
def year_recompute(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    job = services.recompute_start(year=year, by=request.user)
    return redirect("surveys:job_detail", pk=job.pk)


@require_POST
@login_required
def year_publish(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    try:
        count = services.profiles_publish(year=year, by=request.user)
        messages.success(request, f"Опубликовано профилей: {count}.")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("surveys:diagnosis_overview")


@require_POST
@login_required
def profile_import_upload(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    form = forms.ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        try:
            count = profile_import.profiles_import(year=year, file=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Загружено профилей: {count}. Опубликуйте их, когда будете готовы.")
            return redirect("surveys:diagnosis_overview")
    else:
        errors = [e for errs in form.errors.values() for e in errs]
    return render(
        request,
        "surveys/diagnosis_overview.html",
        {"year": year, "import_form": form, "import_errors": errors, **selectors.year_overview(year=year)},
        status=400,
    )


@require_GET
@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_federal(request.user)
    job = get_object_or_404(ProfileJob.objects.select_related("school"), pk=pk)
    template = "surveys/job_detail.html#status" if request.headers.get("HX-Request") else "surveys/job_detail.html"
    return render(request, template, {"job": job})


# --- Region view -----------------------------------------------------------------------------------


def _published_only(user) -> bool:
    return not permissions.scope_for(user).everything


def _heatmap_scope(request, *, region_pk=None, municipality_pk=None):
    year = permissions.require_year()
    if municipality_pk is not None:
        municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=municipality_pk)
        permissions.check_municipality(request.user, municipality)
        schools = School.objects.filter(municipality=municipality, participations__year=year)
        return year, municipality, schools
    region = get_object_or_404(Region, pk=region_pk)
    permissions.check_region(request.user, region.pk)
    schools = School.objects.filter(municipality__region=region, participations__year=year)
    return year, region, schools


@require_GET
@login_required
def region_heatmap(request: HttpRequest, pk: int) -> HttpResponse:
    year, area, schools = _heatmap_scope(request, region_pk=pk)
    return render(
        request,
        "surveys/heatmap.html",
        {
            "year": year,
            "area": area,
            "is_region": True,
            **selectors.heatmap(year=year, schools=schools, published_only=_published_only(request.user)),
        },
    )


@require_GET
@login_required
def municipality_heatmap(request: HttpRequest, pk: int) -> HttpResponse:
    year, area, schools = _heatmap_scope(request, municipality_pk=pk)
    return render(
        request,
        "surveys/heatmap.html",
        {
            "year": year,
            "area": area,
            "is_region": False,
            **selectors.heatmap(year=year, schools=schools, published_only=_published_only(request.user)),
        },
    )


def _heatmap_xlsx(request, year, area, schools) -> HttpResponse:
    data = selectors.heatmap(year=year, schools=schools, published_only=_published_only(request.user))
    headers = ["ИНН", "Школа", "Муниципалитет"] + [f"{d.number}. {d.title}" for d in data["directions"]]
    headers += [f"Балл {d.number}" for d in data["directions"]]
    rows = (
        [r["school"].inn, r["school"].short_name, r["school"].municipality.name]
        + [c["label"] if c["level"] else "" for c in r["cells"]]
        + [float(c["score"]) if c["score"] is not None else None for c in r["cells"]]
        for r in data["rows"]
    )
    content = excel.workbook_bytes([("Профили", headers, rows)])
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    stamp = timezone.localdate().strftime("%d.%m.%Y")
    response["Content-Disposition"] = f'attachment; filename="risk-profiles-{area.pk}-{stamp}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def region_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _heatmap_xlsx(request, *_heatmap_scope(request, region_pk=pk))


@require_GET
@login_required
def municipality_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _heatmap_xlsx(request, *_heatmap_scope(request, municipality_pk=pk))
