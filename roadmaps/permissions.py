"""Access to documents, versions and roadmap rows: always through the school (schools.permissions)."""

from django.db.models import Model
from django.http import Http404

from schools.permissions import (  # noqa: F401 — re-exported for this app's views
    Cap,
    check_region,
    check_school,
    current_year,
    get_school_for_user,
    require_federal,
    require_year,
    scope_for,
    visible_schools,
)

from .models import Document, DocumentVersion, ExpertiseItem, ExpertiseSample, Indicator, Measure


def _get(queryset, pk: int) -> Model:
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_document_for_user(user, pk: int, cap: Cap = Cap.VIEW) -> tuple[Document, frozenset[Cap]]:
    document = _get(Document.objects.select_related("school__municipality__region", "year", "direction"), pk)
    return document, check_school(user, document.school, cap)


def get_version_for_user(user, pk: int, cap: Cap = Cap.VIEW) -> tuple[DocumentVersion, frozenset[Cap]]:
    version = _get(DocumentVersion.objects.select_related("document__school__municipality__region"), pk)
    return version, check_school(user, version.document.school, cap)


def get_measure_for_user(user, pk: int, cap: Cap = Cap.VIEW) -> tuple[Measure, frozenset[Cap]]:
    measure = _get(
        Measure.objects.select_related("section__document__school__municipality__region", "section__direction"), pk
    )
    return measure, check_school(user, measure.section.document.school, cap)


def get_indicator_for_user(user, pk: int, cap: Cap = Cap.VIEW) -> tuple[Indicator, frozenset[Cap]]:
    indicator = _get(
        Indicator.objects.select_related("section__document__school__municipality__region", "section__direction"),
        pk,
    )
    return indicator, check_school(user, indicator.section.document.school, cap)


def can_reopen(caps: frozenset[Cap]) -> bool:
    return Cap.REVIEW in caps or Cap.COORDINATE in caps


def get_sample_for_federal(user, pk: int) -> ExpertiseSample:
    require_federal(user)
    return _get(ExpertiseSample.objects.select_related("year"), pk)


def get_item_for_expert(user, pk: int) -> ExpertiseItem:
    """The federal level and the expert assigned to the item; everyone else gets 404."""
    item = _get(
        ExpertiseItem.objects.select_related("sample__year", "school__municipality__region", "document", "expert"),
        pk,
    )
    if not (scope_for(user).everything or (user.is_authenticated and item.expert_id == user.pk)):
        raise Http404
    return item
