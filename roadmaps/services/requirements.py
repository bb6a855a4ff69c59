"""The year's required conceptual documents (configured by the federal coordinator)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from schools.models import ProjectYear, User

from ..models import REQUIRABLE_KINDS, DocumentKind, RequiredDocuments


@transaction.atomic
def required_documents_set(*, year: ProjectYear, kinds: list[str], by: User) -> RequiredDocuments:
    allowed = {str(k) for k in REQUIRABLE_KINDS}
    unknown = [k for k in kinds if k not in allowed]
    if unknown:
        raise ValidationError(f"Неизвестный вид документа: {', '.join(unknown)}.")
    if not kinds:
        raise ValidationError("Выберите хотя бы один обязательный документ.")
    ordered = [str(k) for k in REQUIRABLE_KINDS if str(k) in kinds]
    row, _ = RequiredDocuments.objects.get_or_create(year=year)
    before = list(row.kinds)
    row.kinds, row.updated_by, row.updated_at = ordered, by, timezone.now()
    row.save(update_fields=["kinds", "updated_by", "updated_at"])
    audit.record(
        actor=by,
        action="roadmap.required_documents",
        obj=row,
        details={"from": before, "to": ordered, "labels": [DocumentKind(k).label for k in ordered]},
    )
    return row


def required_documents_copy(*, source: ProjectYear, target: ProjectYear) -> RequiredDocuments | None:
    """A new year keeps the previous year's choice (no row there: the seeds' default stays)."""
    old = RequiredDocuments.objects.filter(year=source).first()
    if old is None or RequiredDocuments.objects.filter(year=target).exists():
        return None
    return RequiredDocuments.objects.create(year=target, kinds=list(old.kinds))
