"""Sections of the diagnosis on the school page and in the personal cabinet."""

from django.template.loader import render_to_string
from django.urls import reverse

from schools.permissions import Cap, current_year, participates

from . import permissions, selectors


def school_panel(request, school, caps) -> str | None:
    year = current_year()
    if not participates(school, year):
        return None
    profile = selectors.profile_for(school=school, year=year)
    return render_to_string(
        "surveys/_school_panel.html",
        {
            "school": school,
            "year": year,
            "completion": selectors.completion(school=school, year=year),
            "profile": profile,
            "profile_visible": permissions.profile_visible(caps, profile),
            "activations": selectors.activations(school=school, year=year),
            "can_act": Cap.ACT in caps,
            "can_review": Cap.REVIEW in caps,
        },
        request=request,
    )


def home_panel(request) -> str | None:
    year = current_year()
    if year is None:
        return None
    user = request.user
    links = []
    if permissions.is_curator_or_candidate(user, year):
        done = selectors.cabinet_response_exists(year=year, group="curator", school=None, user=user)
        links.append(
            (reverse("surveys:curator_survey"), "Анкета кандидата в кураторы" + (" (заполнена)" if done else ""))
        )
    scope = permissions.scope_for(user)
    if scope.everything:
        links.append((reverse("surveys:diagnosis_overview"), "Диагностика школ: расчёт и публикация профилей"))
    for region_id in sorted(scope.region_ids):
        links.append((reverse("surveys:region_heatmap", args=[region_id]), "Рисковые профили школ региона"))
    for mun_id in sorted(scope.municipality_ids):
        links.append((reverse("surveys:municipality_heatmap", args=[mun_id]), "Рисковые профили школ муниципалитета"))
    if not links:
        return None
    return render_to_string("surveys/_home_panel.html", {"links": links}, request=request)
