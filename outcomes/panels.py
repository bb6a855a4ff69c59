"""Links to the outcome views on the school page and in the cabinet."""

from django.template.loader import render_to_string
from django.urls import reverse

from schools.permissions import current_year, participates, scope_for


def school_panel(request, school, caps) -> str | None:
    year = current_year()
    if not participates(school, year):
        return None
    return render_to_string("outcomes/_school_panel.html", {"school": school}, request=request)


def home_panel(request) -> str | None:
    scope = scope_for(request.user)
    links = []
    if scope.everything:
        links.append((reverse("outcomes:federal_outcomes"), "Результаты и эффект программы по стране"))
    for region_id in sorted(scope.region_ids):
        links.append((reverse("outcomes:region_outcomes", args=[region_id]), "Результаты и эффект программы в регионе"))
    if scope.everything or scope.region_ids:
        links.append((reverse("outcomes:import_create"), "Загрузка результатов ВПР, ОГЭ, ЕГЭ"))
    if not links:
        return None
    return render_to_string("outcomes/_home_panel.html", {"links": links}, request=request)
