"""Documents and versions, and the review loop: submit, confirm, return, reopen, comments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from audit import services as audit_services
from medk.lib import queue, uploads
from notifications.services import Kind, notify
from schools.models import ProjectYear, School, User
from surveys import selectors as survey_selectors
from surveys.models import RiskDirection

from .. import selectors, tasks
from ..models import (
    Comment,
    Document,
    DocumentKind,
    DocumentVersion,
    Indicator,
    Measure,
    SimilarityCheck,
    Status,
    Transition,
)

DOCUMENT_FILE_KINDS = {"pdf", "docx", "xlsx", "odt", "png", "jpeg"}
TEXT_KINDS = {"pdf", "docx", "odt"}


# --- Documents and versions ------------------------------------------------------------------------


def document_lock(document: Document) -> Document:
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("school", "year", "direction")
        .get(pk=document.pk)
    )


def document_require_editable(document: Document) -> None:
    if document.status == Status.SUBMITTED:
        raise ValidationError("Документ на проверке у куратора: изменять его сейчас нельзя.")
    if document.status == Status.CONFIRMED:
        raise ValidationError(
            "Документ подтверждён и заблокирован. Чтобы изменить его, попросите куратора открыть его снова."
        )


def document_touch(document: Document) -> None:
    document.lock_version += 1
    document.updated_at = timezone.now()
    document.save(update_fields=["lock_version", "updated_at", "status"])


@transaction.atomic
def document_upload(
    *,
    school: School,
    year: ProjectYear,
    kind: str,
    uploaded_file,
    by: User,
    direction: RiskDirection | None = None,
    title: str = "",
) -> DocumentVersion:
    """Uploads a file as a new version of the school's document of this kind (created on first upload)."""
    if kind == DocumentKind.ROADMAP:
        raise ValidationError("Дорожная карта заполняется в системе, а не загружается файлом.")
    if kind not in DocumentKind.values:
        raise ValidationError("Неизвестный вид документа.")
    if kind == DocumentKind.ANTIRISK:
        if (
            direction is None
            or not survey_selectors.active_directions(school=school, year=year).filter(pk=direction.pk).exists()
        ):
            raise ValidationError("Антирисковая программа загружается по одному из активированных направлений.")
    else:
        direction = None
    if kind == DocumentKind.SUPPORTING:
        title = title.strip()
        if not title:
            raise ValidationError("Укажите название сопроводительного материала.")
        document = Document.objects.create(school=school, year=year, kind=kind, title=title[:300])
    else:
        document, _ = Document.objects.get_or_create(school=school, year=year, kind=kind, direction=direction)
    return version_create(document=document, uploaded_file=uploaded_file, by=by)


@transaction.atomic
def version_create(*, document: Document, uploaded_file, by: User) -> DocumentVersion:
    """A new immutable version from an uploaded file; the earlier versions stay as they are."""
    file_kind = uploads.validate_upload(uploaded_file, allowed=DOCUMENT_FILE_KINDS)
    document = document_lock(document)
    if document.kind == DocumentKind.ROADMAP:
        raise ValidationError("Дорожная карта заполняется в системе, а не загружается файлом.")
    document_require_editable(document)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=uploads.display_name(getattr(uploaded_file, "name", ""), default="file"),
        file_kind=file_kind,
        size=uploaded_file.size,
        sha256=uploads.sha256_of(uploaded_file),
        created_by=by,
    )
    version.file.save("upload", uploaded_file, save=False)
    version.save()
    document_touch(document)
    audit_services.record(
        actor=by,
        action="roadmap.upload",
        obj=version,
        school=document.school,
        details={"sha256": version.sha256, "size": version.size, "kind": file_kind, "number": number},
    )
    if file_kind in TEXT_KINDS:
        SimilarityCheck.objects.create(version=version)
        queue.enqueue_on_commit(
            tasks.version_similarity,
            version.pk,
            on_failure=lambda msg: SimilarityCheck.objects.filter(version=version).update(
                state=SimilarityCheck.State.FAILED, error=msg
            ),
        )
    return version


def version_downloaded(*, version: DocumentVersion, by: User) -> None:
    """Downloads of private files are recorded in the audit trail."""
    audit_services.record(actor=by, action="document_download", obj=version, school=version.document.school)


# --- Review loop -----------------------------------------------------------------------------------


def _transition(document: Document, *, to: str, by: User, reason: str = "", version=None) -> Transition:
    t = Transition.objects.create(
        document=document, version=version, from_status=document.status, to_status=to, by=by, reason=reason
    )
    audit_services.record(
        actor=by,
        action="state_change",
        obj=document,
        school=document.school,
        details={"from": t.from_status, "to": to, "reason": reason, "version": version.number if version else None},
    )
    document.status = to
    document_touch(document)
    _notify_transition(document, t)
    return t


def _notify_transition(document: Document, t: Transition) -> None:
    """Whoever must act next hears about it: the curator on submission, the school on a decision."""

    school = document.school
    if t.to_status == Status.SUBMITTED:
        users = [a.curator for a in school.curatorships.filter(year=document.year).select_related("curator")]
        kind, title = Kind.DOCUMENT_SUBMITTED, f"{school.short_name}: документ «{document}» направлен на проверку"
    elif t.to_status in (Status.RETURNED, Status.CONFIRMED):
        users = [p.user for p in school.staff.select_related("user")]
        if t.to_status == Status.RETURNED:
            kind, title = Kind.DOCUMENT_RETURNED, f"Документ «{document}» возвращён на доработку: {t.reason}"
        else:
            kind, title = Kind.DOCUMENT_CONFIRMED, f"Документ «{document}» подтверждён куратором"
    else:
        return
    url = reverse("roadmaps:document_detail", args=[document.pk])
    notify(users=users, kind=kind, title=title[:500], url=url, school=school, key=f"document-transition:{t.pk}")


def latest_version(document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()


@transaction.atomic
def document_submit(*, document: Document, by: User) -> DocumentVersion:
    """Sends the document to the curator; a roadmap is checked for coverage and snapshotted as a new version."""
    document = document_lock(document)
    if document.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(
            f"Документ в состоянии «{document.get_status_display()}»: отправить его на проверку нельзя."
        )
    returned = selectors.last_return(document=document) if document.status == Status.RETURNED else None
    if document.kind == DocumentKind.ROADMAP:
        missing = selectors.roadmap_coverage(document=document)
        if missing:
            raise ValidationError(["Дорожная карта не готова к отправке:", *missing])
        snapshot = selectors.roadmap_snapshot(document=document)
        if returned and returned.version and returned.version.snapshot == snapshot:
            raise ValidationError(
                "Дорожная карта не изменилась после возврата. Внесите исправления по замечанию куратора "
                "и отправьте её снова."
            )
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DocumentVersion.objects.create(document=document, number=number, snapshot=snapshot, created_by=by)
    else:
        version = latest_version(document)
        if version is None:
            raise ValidationError("Сначала загрузите файл документа.")
        if returned and returned.version_id == version.pk:
            raise ValidationError(
                f"Версию {version.number} куратор вернул на доработку. Загрузите исправленную версию и отправьте её."
            )
    _transition(document, to=Status.SUBMITTED, by=by, version=version)
    return version


def submitted_version(document: Document) -> DocumentVersion | None:
    last = document.transitions.filter(to_status=Status.SUBMITTED).order_by("-at", "-pk").first()
    return last.version if last else None


@transaction.atomic
def document_confirm(*, document: Document, by: User) -> Transition:
    document = document_lock(document)
    if document.status != Status.SUBMITTED:
        raise ValidationError(
            f"Подтвердить можно только документ на проверке (сейчас: «{document.get_status_display()}»)."
        )
    return _transition(document, to=Status.CONFIRMED, by=by, version=submitted_version(document))


@transaction.atomic
def document_return(*, document: Document, by: User, reason: str) -> Transition:
    document = document_lock(document)
    if document.status != Status.SUBMITTED:
        raise ValidationError(f"Вернуть можно только документ на проверке (сейчас: «{document.get_status_display()}»).")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Укажите причину возврата на доработку.")
    version = submitted_version(document)
    Comment.objects.create(document=document, version=version, author=by, text=f"Возвращено на доработку: {reason}")
    return _transition(document, to=Status.RETURNED, by=by, reason=reason, version=version)


@transaction.atomic
def document_reopen(*, document: Document, by: User, reason: str) -> Transition:
    """Unlocks a confirmed document (the curator or a coordinator, always with a reason)."""
    document = document_lock(document)
    if document.status != Status.CONFIRMED:
        raise ValidationError("Открыть снова можно только подтверждённый документ.")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Укажите, почему подтверждённый документ открывается снова.")
    return _transition(document, to=Status.DRAFT, by=by, reason=reason, version=submitted_version(document))


@transaction.atomic
def comment_create(
    *,
    document: Document,
    author: User,
    text: str,
    parent: Comment | None = None,
    measure: Measure | None = None,
    indicator: Indicator | None = None,
) -> Comment:
    text = text.strip()
    if not text:
        raise ValidationError("Комментарий пустой.")
    if parent is not None and parent.document_id != document.pk:
        raise ValidationError("Ответ можно дать только на комментарий к этому документу.")
    for row in (measure, indicator):
        if row is not None and row.section.document_id != document.pk:
            raise ValidationError("Комментарий можно закрепить только за строкой этой дорожной карты.")
    if parent is not None:
        measure, indicator = measure or parent.measure, indicator or parent.indicator
    label = ""
    if measure is not None:
        label = f"Мероприятие «{measure.title}»"
    elif indicator is not None:
        label = f"Показатель «{indicator.name}»"
    return Comment.objects.create(
        document=document,
        version=latest_version(document),
        parent=parent,
        measure=measure,
        indicator=indicator,
        pinned_label=label,
        author=author,
        text=text,
    )
