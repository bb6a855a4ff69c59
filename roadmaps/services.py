"""Business rules for school documents, the roadmap, its review and expert evaluation."""

import math
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from audit import services as audit_services
from medk.lib import queue, uploads
from schools.models import ProjectYear, School, User
from schools.selectors import participating
from surveys import selectors as survey_selectors
from surveys.models import RiskDirection

from . import selectors
from .models import (
    RUBRIC_CRITERIA,
    Comment,
    Document,
    DocumentKind,
    DocumentVersion,
    Evaluation,
    ExpertiseItem,
    ExpertiseSample,
    Indicator,
    Measure,
    RoadmapSection,
    Rubric,
    RubricCriterion,
    Score,
    SimilarityCheck,
    Status,
    Transition,
    Zone,
)

DOCUMENT_FILE_KINDS = {"pdf", "docx", "xlsx", "odt", "png", "jpeg"}
TEXT_KINDS = {"pdf", "docx", "odt"}

# --- Documents and versions ------------------------------------------------------------------------


def _lock(document: Document) -> Document:
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("school", "year", "direction")
        .get(pk=document.pk)
    )


def _require_editable(document: Document) -> None:
    if document.status == Status.SUBMITTED:
        raise ValidationError("Документ на проверке у куратора: изменять его сейчас нельзя.")
    if document.status == Status.CONFIRMED:
        raise ValidationError(
            "Документ подтверждён и заблокирован. Чтобы изменить его, попросите куратора открыть его снова."
        )


def _touch(document: Document) -> None:
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
    document = _lock(document)
    if document.kind == DocumentKind.ROADMAP:
        raise ValidationError("Дорожная карта заполняется в системе, а не загружается файлом.")
    _require_editable(document)
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
    _touch(document)
    audit_services.record(
        actor=by,
        action="roadmap.upload",
        obj=version,
        school=document.school,
        details={"sha256": version.sha256, "size": version.size, "kind": file_kind, "number": number},
    )
    if file_kind in TEXT_KINDS:
        SimilarityCheck.objects.create(version=version)
        from . import tasks  # tasks import services: imported here to keep the module graph acyclic

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


# --- The structured roadmap ------------------------------------------------------------------------


@transaction.atomic
def roadmap_prepare(*, school: School, year: ProjectYear) -> Document:
    """The school's roadmap document with a section for every activated direction."""
    document, _ = Document.objects.get_or_create(school=school, year=year, kind=DocumentKind.ROADMAP, direction=None)
    have = set(document.sections.values_list("direction_id", flat=True))
    RoadmapSection.objects.bulk_create(
        [
            RoadmapSection(document=document, direction=d)
            for d in survey_selectors.active_directions(school=school, year=year)
            if d.pk not in have
        ]
    )
    return document


def _check_revision(row, revision: int | None) -> None:
    if revision is not None and int(revision) != row.revision:
        raise ValidationError(
            "Эту запись уже изменил другой пользователь. Обновите страницу и внесите изменения ещё раз — "
            "иначе его правки были бы потеряны."
        )


def _locked_section(section: RoadmapSection) -> RoadmapSection:
    document = _lock(section.document)
    _require_editable(document)
    section = RoadmapSection.objects.select_for_update().get(pk=section.pk)
    section.document = document
    return section


@transaction.atomic
def section_update(*, section: RoadmapSection, goal: str, tasks: str, revision: int | None, by: User) -> RoadmapSection:
    section = _locked_section(section)
    _check_revision(section, revision)
    section.goal, section.tasks = goal.strip(), tasks.strip()
    section.revision += 1
    section.save()
    _touch(section.document)
    return section


MEASURE_FIELDS = ("title", "description", "starts_on", "ends_on", "responsible", "participants", "expected_result")
INDICATOR_FIELDS = ("name", "unit", "baseline", "target", "method")


def _check_dates(data: dict) -> None:
    if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
        raise ValidationError("Дата окончания мероприятия раньше даты начала.")


@transaction.atomic
def measure_create(*, section: RoadmapSection, data: dict, by: User) -> Measure:
    section = _locked_section(section)
    _check_dates(data)
    measure = Measure.objects.create(section=section, **{f: data.get(f) or _empty(f) for f in MEASURE_FIELDS})
    _touch(section.document)
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, data: dict, revision: int | None, by: User) -> Measure:
    _locked_section(measure.section)
    measure = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("section__document", "section__direction")
        .get(pk=measure.pk)
    )
    _check_revision(measure, revision)
    _check_dates(data)
    for f in MEASURE_FIELDS:
        setattr(measure, f, data.get(f) or _empty(f))
    measure.revision += 1
    measure.save()
    _touch(measure.section.document)
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, by: User) -> None:
    section = _locked_section(measure.section)
    measure.delete()
    _touch(section.document)


@transaction.atomic
def indicator_create(*, section: RoadmapSection, data: dict, by: User) -> Indicator:
    section = _locked_section(section)
    indicator = Indicator.objects.create(section=section, **{f: _value(data, f) for f in INDICATOR_FIELDS})
    _touch(section.document)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict, revision: int | None, by: User) -> Indicator:
    _locked_section(indicator.section)
    indicator = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("section__document", "section__direction")
        .get(pk=indicator.pk)
    )
    _check_revision(indicator, revision)
    for f in INDICATOR_FIELDS:
        setattr(indicator, f, _value(data, f))
    indicator.revision += 1
    indicator.save()
    _touch(indicator.section.document)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User) -> None:
    section = _locked_section(indicator.section)
    indicator.delete()
    _touch(section.document)


def _empty(field: str):
    return None if field in ("starts_on", "ends_on") else ""


def _value(data: dict, field: str):
    value = data.get(field)
    if field in ("baseline", "target"):
        return value if value not in ("", None) else None
    return value or ""


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
    _touch(document)
    _notify_transition(document, t)
    return t


def _notify_transition(document: Document, t: Transition) -> None:
    """Whoever must act next hears about it: the curator on submission, the school on a decision."""
    from monitoring.services.notifications import Kind, notify  # monitoring hosts the notifications

    school = document.school
    if t.to_status == Status.SUBMITTED:
        users = [a.curator for a in school.curatorships.filter(year=document.year).select_related("curator")]
        kind, title = Kind.DOCUMENT_SUBMITTED, f"{school.short_name}: «{document}» направлен на проверку"
    elif t.to_status in (Status.RETURNED, Status.CONFIRMED):
        users = [p.user for p in school.staff.select_related("user")]
        if t.to_status == Status.RETURNED:
            kind, title = Kind.DOCUMENT_RETURNED, f"«{document}» возвращён на доработку: {t.reason}"
        else:
            kind, title = Kind.DOCUMENT_CONFIRMED, f"«{document}» подтверждён куратором"
    else:
        return
    url = reverse("roadmaps:document_detail", args=[document.pk])
    notify(users=users, kind=kind, title=title[:500], url=url, school=school, key=f"document-transition:{t.pk}")


def _latest_version(document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()


@transaction.atomic
def document_submit(*, document: Document, by: User) -> DocumentVersion:
    """Sends the document to the curator; a roadmap is checked for coverage and snapshotted as a new version."""
    document = _lock(document)
    if document.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(
            f"Документ в состоянии «{document.get_status_display()}»: отправить его на проверку нельзя."
        )
    if document.kind == DocumentKind.ROADMAP:
        missing = selectors.roadmap_coverage(document=document)
        if missing:
            raise ValidationError(["Дорожная карта не готова к отправке:", *missing])
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DocumentVersion.objects.create(
            document=document, number=number, snapshot=selectors.roadmap_snapshot(document=document), created_by=by
        )
    else:
        version = _latest_version(document)
        if version is None:
            raise ValidationError("Сначала загрузите файл документа.")
    _transition(document, to=Status.SUBMITTED, by=by, version=version)
    return version


def _submitted_version(document: Document) -> DocumentVersion | None:
    last = document.transitions.filter(to_status=Status.SUBMITTED).order_by("-at", "-pk").first()
    return last.version if last else None


@transaction.atomic
def document_confirm(*, document: Document, by: User) -> Transition:
    document = _lock(document)
    if document.status != Status.SUBMITTED:
        raise ValidationError(
            f"Подтвердить можно только документ на проверке (сейчас: «{document.get_status_display()}»)."
        )
    return _transition(document, to=Status.CONFIRMED, by=by, version=_submitted_version(document))


@transaction.atomic
def document_return(*, document: Document, by: User, reason: str) -> Transition:
    document = _lock(document)
    if document.status != Status.SUBMITTED:
        raise ValidationError(f"Вернуть можно только документ на проверке (сейчас: «{document.get_status_display()}»).")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Укажите причину возврата на доработку.")
    version = _submitted_version(document)
    Comment.objects.create(document=document, version=version, author=by, text=f"Возвращено на доработку: {reason}")
    return _transition(document, to=Status.RETURNED, by=by, reason=reason, version=version)


@transaction.atomic
def document_reopen(*, document: Document, by: User, reason: str) -> Transition:
    """Unlocks a confirmed document (the curator or a coordinator, always with a reason)."""
    document = _lock(document)
    if document.status != Status.CONFIRMED:
        raise ValidationError("Открыть снова можно только подтверждённый документ.")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Укажите, почему подтверждённый документ открывается снова.")
    return _transition(document, to=Status.DRAFT, by=by, reason=reason, version=_submitted_version(document))


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
        version=_latest_version(document),
        parent=parent,
        measure=measure,
        indicator=indicator,
        pinned_label=label,
        author=author,
        text=text,
    )


# --- Expert evaluation -----------------------------------------------------------------------------


@transaction.atomic
def rubric_for_year(*, year: ProjectYear) -> Rubric:
    rubric, created = Rubric.objects.get_or_create(year=year)
    if created:
        RubricCriterion.objects.bulk_create(
            [RubricCriterion(rubric=rubric, code=c, title=t, order=i) for i, (c, t) in enumerate(RUBRIC_CRITERIA)]
        )
    return rubric


def zone_for(*, rubric: Rubric, total: int) -> str:
    if total >= rubric.green_from:
        return Zone.GREEN
    if total >= rubric.yellow_from:
        return Zone.YELLOW
    return Zone.RED


@transaction.atomic
def evaluation_save(
    *,
    document: Document,
    by: User,
    scores: dict[str, int],
    comment: str = "",
    item: ExpertiseItem | None = None,
) -> Evaluation:
    """Scores the confirmed version by the year's rubric (the curator's, or an expert's for a sampled school)."""
    document = _lock(document)
    if document.status != Status.CONFIRMED:
        raise ValidationError("Оценивается только подтверждённый куратором документ.")
    version = _submitted_version(document) or _latest_version(document)
    rubric = rubric_for_year(year=document.year)
    criteria = list(rubric.criteria.all())
    values: dict[int, int] = {}
    for criterion in criteria:
        raw = scores.get(criterion.code)
        if raw in (None, ""):
            raise ValidationError(f"Не выставлен балл по критерию «{criterion.title}».")
        value = int(raw)
        if not 0 <= value <= criterion.max_score:
            raise ValidationError(f"Балл по критерию «{criterion.title}» должен быть от 0 до {criterion.max_score}.")
        values[criterion.pk] = value
    total = sum(values.values())
    source = Evaluation.Source.EXPERT if item is not None else Evaluation.Source.CURATOR
    lookup = {"item": item} if item is not None else {"version": version, "source": source}
    evaluation, _ = Evaluation.objects.update_or_create(
        **lookup,
        defaults={
            "document": document,
            "version": version,
            "rubric": rubric,
            "source": source,
            "evaluator": by,
            "total": total,
            "zone": zone_for(rubric=rubric, total=total),
            "comment": comment.strip(),
            "updated_at": timezone.now(),
        },
    )
    evaluation.scores.all().delete()
    audit_services.record(
        actor=by,
        action="roadmap.evaluate",
        obj=document,
        school=document.school,
        details={"total": total, "source": source},
    )
    Score.objects.bulk_create([Score(evaluation=evaluation, criterion_id=pk, value=v) for pk, v in values.items()])
    return evaluation


def sample_pick(
    *, candidates: list[int], region_id: int, seed: int, share: Decimal | None, count: int | None
) -> list[int]:
    """Reproducible choice: the same seed and the same eligible schools give the same sample."""
    ordered = sorted(candidates)
    size = count if count is not None else math.ceil(len(ordered) * float(share or 0))
    size = min(size, len(ordered))
    return sorted(random.Random(f"{seed}:{region_id}").sample(ordered, size))  # noqa: S311 — not for security


@transaction.atomic
def sample_draw(
    *,
    year: ProjectYear,
    title: str,
    by: User,
    seed: int,
    share: Decimal | None = None,
    count: int | None = None,
) -> ExpertiseSample:
    """Draws schools with a confirmed roadmap, per region, by share or by count."""
    if (share is None) == (count is None):
        raise ValidationError("Укажите либо долю школ, либо число школ на регион.")
    if share is not None and not (Decimal(0) < share <= Decimal(1)):
        raise ValidationError("Доля школ должна быть больше 0 и не больше 1.")
    if count is not None and count < 1:
        raise ValidationError("Число школ на регион должно быть не меньше 1.")
    sample = ExpertiseSample.objects.create(
        year=year, title=title.strip() or "Выборочная экспертиза", share=share, count=count, seed=seed, created_by=by
    )
    eligible = (
        Document.objects.filter(
            year=year,
            kind=DocumentKind.ROADMAP,
            status=Status.CONFIRMED,
            school__in=participating(School.objects.all(), year),
        )
        .values_list("pk", "school_id", "school__municipality__region_id")
        .order_by("school_id")
    )
    by_region: dict[int, dict[int, int]] = {}
    for doc_id, school_id, region_id in eligible:
        by_region.setdefault(region_id, {})[school_id] = doc_id
    items = []
    for region_id, schools in sorted(by_region.items()):
        for school_id in sample_pick(
            candidates=list(schools), region_id=region_id, seed=seed, share=share, count=count
        ):
            items.append(
                ExpertiseItem(sample=sample, region_id=region_id, school_id=school_id, document_id=schools[school_id])
            )
    ExpertiseItem.objects.bulk_create(items)
    audit_services.record(
        actor=by, action="roadmap.sample_draw", obj=sample, details={"seed": seed, "schools": len(items)}
    )
    return sample


def item_assign(*, item: ExpertiseItem, expert: User | None) -> ExpertiseItem:
    if expert is not None and not expert.is_active:
        raise ValidationError("Эта учётная запись отключена.")
    item.expert = expert
    item.save(update_fields=["expert"])
    return item
