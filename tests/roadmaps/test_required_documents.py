"""The year's required conceptual documents: the seeds' default, the federal page, the school's list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from roadmaps import selectors, services
from tests.conftest import login


def test_the_default_is_the_seeds_concept_and_roadmap(cast):
    assert selectors.required_kinds(year=cast.year) == ["concept", "roadmap"]


def test_the_federal_coordinator_sets_the_years_kinds_on_the_page(cast):
    client = login(cast.federal)
    url = reverse("roadmaps:required_documents")
    assert "Концепция развития, Дорожная карта" in client.get(url).content.decode()
    response = client.post(url, {"kinds": ["roadmap", "midterm", "concept"]})
    assert response.status_code == 302
    assert selectors.required_kinds(year=cast.year) == ["concept", "midterm", "roadmap"]
    assert AuditEvent.objects.filter(action="roadmap.required_documents", actor=cast.federal).exists()


def test_an_empty_choice_is_refused_with_a_clear_message(cast):
    response = login(cast.federal).post(reverse("roadmaps:required_documents"), {})
    assert "Выберите хотя бы один обязательный документ." in response.content.decode()
    assert selectors.required_kinds(year=cast.year) == ["concept", "roadmap"]


def test_an_unknown_kind_is_refused_by_the_service(cast):
    with pytest.raises(ValidationError, match="Неизвестный вид документа: supporting"):
        services.required_documents_set(year=cast.year, kinds=["supporting"], by=cast.federal)


def test_the_schools_list_marks_a_kind_the_year_does_not_require(cast):
    page = login(cast.director).get(reverse("roadmaps:document_list", args=[cast.school_a.pk])).content.decode()
    assert page.count("(в этом году не обязателен)") == 1  # the mid-term programme
    services.required_documents_set(year=cast.year, kinds=["concept", "midterm", "roadmap"], by=cast.federal)
    page = login(cast.director).get(reverse("roadmaps:document_list", args=[cast.school_a.pk])).content.decode()
    assert "(в этом году не обязателен)" not in page


def test_a_new_year_copied_from_this_one_keeps_its_required_documents(cast):
    from tests import factories as f

    services.required_documents_set(year=cast.year, kinds=["concept", "midterm", "roadmap"], by=cast.federal)
    target = f.ProjectYearFactory(year=2027, is_current=False)
    services.required_documents_copy(source=cast.year, target=target)
    assert selectors.required_kinds(year=target) == ["concept", "midterm", "roadmap"]
