"""Answering: the public pages for respondents and the cabinet questionnaires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from .. import forms, permissions, ratelimit, selectors, services
from ..models import RespondentGroup
from ..permissions import Cap

# --- Public pages for respondents (no account) ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def respond_start(request: HttpRequest) -> HttpResponse:
    """The page where a respondent types the short code the school gave out."""
    form = forms.CodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        if ratelimit.code_lookup_blocked(request):
            form.add_error("code", "С этого адреса введено слишком много неверных кодов. Попробуйте через 10 минут.")
            return render(request, "surveys/respond_start.html", {"form": form}, status=429)
        code = services.normalise_code(form.cleaned_data["code"])
        link = selectors.link_by_code(code)
        if link is not None:
            return redirect("surveys:respond", token=link.token)
        ratelimit.code_lookup_failed(request)
        form.add_error("code", "Анкета с таким кодом не найдена. Проверьте код: буквы латинские, без пробелов.")
    return render(request, "surveys/respond_start.html", {"form": form})


def _respondent_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    ratelimit.browser_id_issue(request, response)
    return response


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire of one school and group; answered anonymously, saved all at once."""
    found = permissions.get_intake(token)  # link, questionnaire and window: one query
    link, questionnaire = found.link, found.questionnaire
    context = {"link": link, "questionnaire": questionnaire}
    if questionnaire is None:
        context["closed"] = "Анкета для этой группы ещё не загружена. Обратитесь в школу."
        return render(request, "surveys/respond.html", context, status=410)
    try:
        diagnosis = services.window_round(
            year=link.year, group=link.group, region=link.school.municipality.region_id, dates=found.window
        )
    except ValidationError as exc:
        context["closed"] = exc.messages[0]
        return render(request, "surveys/respond.html", context, status=410 if request.method == "GET" else 403)
    structure = selectors.questionnaire_structure(questionnaire)
    if request.method == "GET":
        form = forms.ResponseForm(structure=structure)
        return _respondent_cookie(request, render(request, "surveys/respond.html", context | {"form": form}))
    limited = ratelimit.check(request, link_token=link.token)
    if limited:
        context |= {"form": forms.ResponseForm(request.POST or None, structure=structure), "limited": limited}
        return render(request, "surveys/respond.html", context, status=429)
    refused = None
    cleaned = forms.answers_cleaned(request.POST, structure=structure) if request.POST else None
    if cleaned is not None:  # a valid submission is saved without building the form
        try:
            services.response_submit(
                questionnaire=questionnaire,
                structure=structure,
                cleaned=cleaned,
                school=link.school,
                diagnosis=diagnosis,
            )
        except ValidationError as exc:
            refused = exc
        else:
            return redirect("surveys:respond_done", token=link.token)
    form = forms.ResponseForm(request.POST or None, structure=structure)  # to show what is wrong
    if form.is_valid() and refused is not None:
        form.add_error(None, refused)
    return _respondent_cookie(request, render(request, "surveys/respond.html", context | {"form": form}, status=400))


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
    try:
        diagnosis = services.window_round(year=year, group=group, region=region)
    except ValidationError as exc:
        if selectors.cabinet_response_exists(year=year, group=group, school=school, user=request.user):
            context["already"] = True
        else:
            context["closed"] = exc.messages[0]
        return render(request, "surveys/cabinet_questionnaire.html", context)
    if selectors.cabinet_response_exists(year=year, group=group, school=school, user=request.user, diagnosis=diagnosis):
        context["already"] = True
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
                diagnosis=diagnosis,
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
