"""School documents with immutable versions, the structured roadmap, the review loop and expert evaluation."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from medk.lib import uploads
from schools.models import ProjectYear, Region, School
from surveys.models import RiskDirection


class DocumentKind(models.TextChoices):
    CONCEPT = "concept", "Концепция развития"
    MIDTERM = "midterm", "Среднесрочная программа развития"
    ANTIRISK = "antirisk", "Антирисковая программа"
    ROADMAP = "roadmap", "Дорожная карта"
    SUPPORTING = "supporting", "Сопроводительные материалы"


# Calendar milestone whose due date is the deadline of each kind (monitoring.calendar codes).
KIND_MILESTONE = {
    DocumentKind.CONCEPT: "concept_documents",
    DocumentKind.MIDTERM: "concept_documents",
    DocumentKind.ANTIRISK: "concept_documents",
    DocumentKind.ROADMAP: "roadmaps_placed",
    DocumentKind.SUPPORTING: "concept_documents",
}


# The kinds a year may require as «концептуальные документы», and the seeds' default: seed 004 names
# «Концепция развития, дорожная карта», seed 002 «дорожная карта, программа развития».
REQUIRABLE_KINDS = (DocumentKind.CONCEPT, DocumentKind.MIDTERM, DocumentKind.ANTIRISK, DocumentKind.ROADMAP)
DEFAULT_REQUIRED_KINDS = (DocumentKind.CONCEPT, DocumentKind.ROADMAP)


class RequiredDocuments(models.Model):
    """The year's required conceptual documents; the «концептуальные документы» indicator follows them.

    `kinds` holds DocumentKind values; «antirisk» means one anti-risk programme per activated risk direction.
    No row: the seeds' default (DEFAULT_REQUIRED_KINDS).
    """

    year = models.OneToOneField(ProjectYear, on_delete=models.CASCADE, related_name="required_documents")
    kinds = models.JSONField("обязательные виды документов", default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "обязательные документы года"
        verbose_name_plural = "обязательные документы года"

    def __str__(self) -> str:
        return f"{self.year}: {', '.join(DocumentKind(k).label for k in self.kinds)}"


class Status(models.TextChoices):
    DRAFT = "draft", "черновик"
    SUBMITTED = "submitted", "на проверке"
    CONFIRMED = "confirmed", "подтверждён"
    RETURNED = "returned", "возвращён на доработку"


EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


class Document(models.Model):
    """One document of a school for a year; its content lives in versions (files or roadmap snapshots)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="documents")
    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("вид документа", max_length=20, choices=DocumentKind.choices)
    direction = models.ForeignKey(
        RiskDirection, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField("название", max_length=300, blank=True)
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Incremented on every change of the document or its roadmap: the optimistic-lock counter of forms.
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "документ школы"
        verbose_name_plural = "документы школ"
        ordering = ["school", "kind", "direction__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "kind", "direction"],
                condition=~models.Q(kind="supporting"),
                nulls_distinct=False,
                name="unique_school_document",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="antirisk", direction__isnull=False) | ~models.Q(kind="antirisk"),
                name="antirisk_has_direction",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        label = DocumentKind(self.kind).label
        if self.kind == DocumentKind.ANTIRISK and self.direction_id:
            return f"{label}: {self.direction.title}"
        if self.kind == DocumentKind.SUPPORTING and self.title:
            return f"{label}: {self.title}"
        return label

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


def _upload_to(instance: "DocumentVersion", filename: str) -> str:
    # The stored name is random: the user's name is kept in original_name and never touches the filesystem.
    doc = instance.document
    return uploads.storage_name(f"documents/{doc.year_id}/{doc.school_id}", ext=instance.file_kind or "bin")


class ImmutableError(Exception):
    pass


class DocumentVersion(models.Model):
    """An immutable version: an uploaded file, or the JSON snapshot of a submitted roadmap."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("версия")
    file = models.FileField(upload_to=_upload_to, blank=True, max_length=300)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    file_kind = models.CharField("тип по содержимому", max_length=10, blank=True)
    size = models.PositiveBigIntegerField("размер", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    snapshot = models.JSONField("снимок дорожной карты", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "версия документа"
        verbose_name_plural = "версии документов"
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.document} — версия {self.number}"

    def save(self, *args, **kwargs):
        # Versions are evidence: once written they are never changed (domain.md §5).
        if self.pk is not None and not self._state.adding:
            raise ImmutableError("Версия документа неизменяема")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Версию документа нельзя удалить")


class Transition(models.Model):
    """Every status change: who, when, from, to, why."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="transitions")
    version = models.ForeignKey(DocumentVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("причина", blank=True)

    class Meta:
        verbose_name = "переход состояния"
        verbose_name_plural = "история состояний"
        ordering = ["document", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.document}: {self.from_status} → {self.to_status}"


# --- The structured roadmap ------------------------------------------------------------------------


class RoadmapSection(models.Model):
    """The part of a school's roadmap for one activated risk direction: goal and tasks."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    direction = models.ForeignKey(RiskDirection, on_delete=models.PROTECT, related_name="+")
    goal = models.TextField("цель", blank=True)
    tasks = models.TextField("задачи", blank=True, help_text="По одной задаче в строке")
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "раздел дорожной карты"
        verbose_name_plural = "разделы дорожной карты"
        ordering = ["document", "direction__number"]
        constraints = [models.UniqueConstraint(fields=["document", "direction"], name="unique_roadmap_section")]

    def __str__(self) -> str:
        return f"{self.document.school}: {self.direction}"


class Measure(models.Model):
    section = models.ForeignKey(RoadmapSection, on_delete=models.CASCADE, related_name="measures")
    key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField("мероприятие", max_length=500)
    description = models.TextField("описание", blank=True)
    starts_on = models.DateField("начало", null=True, blank=True)
    ends_on = models.DateField("окончание", null=True, blank=True)
    responsible = models.CharField("ответственный", max_length=300, blank=True)
    participants = models.CharField("участники", max_length=500, blank=True)
    expected_result = models.TextField("ожидаемый результат", blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["section", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(starts_on__lte=models.F("ends_on")),
                name="measure_starts_before_end",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    section = models.ForeignKey(RoadmapSection, on_delete=models.CASCADE, related_name="indicators")
    key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    name = models.CharField("показатель", max_length=500)
    unit = models.CharField("единица измерения", max_length=50, blank=True)
    baseline = models.DecimalField("базовое значение", max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField("целевое значение", max_digits=12, decimal_places=2, null=True, blank=True)
    method = models.TextField("метод сбора информации", blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["section", "pk"]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A threaded review comment, optionally pinned to one measure or indicator."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(DocumentVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    # What the comment was pinned to, kept when the row is later deleted.
    pinned_label = models.CharField(max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("комментарий")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "комментарий"
        verbose_name_plural = "комментарии"
        ordering = ["document", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Expert evaluation -----------------------------------------------------------------------------

RUBRIC_CRITERIA = [
    ("goals", "Цели"),
    ("indicators", "Показатели и методы сбора информации"),
    ("monitoring", "Мониторинг"),
    ("analysis", "Анализ и адресные рекомендации"),
    ("measures", "Меры и управленческие решения"),
    ("effectiveness", "Анализ эффективности принятых мер"),
]


class Rubric(models.Model):
    """The year's standard rubric: the components of the управленческий цикл, 0–2 each."""

    year = models.OneToOneField(ProjectYear, on_delete=models.CASCADE, related_name="rubric")
    title = models.CharField(max_length=300, default="Полнота управленческого цикла")
    green_from = models.PositiveSmallIntegerField("зелёная зона от", default=10)
    yellow_from = models.PositiveSmallIntegerField("жёлтая зона от", default=6)

    class Meta:
        verbose_name = "рубрика экспертизы"
        verbose_name_plural = "рубрики экспертизы"

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(max_length=40)
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    max_score = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["rubric", "order"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="unique_rubric_criterion")]

    def __str__(self) -> str:
        return self.title


class Zone(models.TextChoices):
    GREEN = "green", "зелёная зона"
    YELLOW = "yellow", "жёлтая зона"
    RED = "red", "красная зона"


class ExpertiseSample(models.Model):
    """A federal selective expertise: a reproducible random sample of schools per region."""

    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="expertise_samples")
    title = models.CharField("название", max_length=200)
    share = models.DecimalField("доля школ", max_digits=4, decimal_places=3, null=True, blank=True)
    count = models.PositiveIntegerField("школ на регион", null=True, blank=True)
    seed = models.PositiveBigIntegerField("зерно случайного выбора")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "выборочная экспертиза"
        verbose_name_plural = "выборочные экспертизы"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ExpertiseItem(models.Model):
    sample = models.ForeignKey(ExpertiseSample, on_delete=models.CASCADE, related_name="items")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="expertise_items"
    )

    class Meta:
        verbose_name = "школа в выборке"
        verbose_name_plural = "школы в выборке"
        ordering = ["sample", "region__name", "school__short_name"]
        constraints = [models.UniqueConstraint(fields=["sample", "school"], name="unique_sample_school")]

    def __str__(self) -> str:
        return f"{self.sample}: {self.school}"


class Evaluation(models.Model):
    """Rubric scores for one version of a document, by the curator or by a federal expert."""

    class Source(models.TextChoices):
        CURATOR = "curator", "куратор"
        EXPERT = "expert", "эксперт"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="evaluations")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="+")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    item = models.OneToOneField(
        ExpertiseItem, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluation"
    )
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveSmallIntegerField(default=0)
    zone = models.CharField(max_length=10, choices=Zone.choices, default=Zone.RED)
    comment = models.TextField("заключение", blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "оценка документа"
        verbose_name_plural = "оценки документов"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "source"], condition=models.Q(source="curator"), name="one_curator_evaluation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document}: {self.total}"


class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(2)])

    class Meta:
        ordering = ["evaluation", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="unique_score"),
            models.CheckConstraint(condition=models.Q(value__lte=2), name="score_0_to_2"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


# --- Box-ticking flags -----------------------------------------------------------------------------


class SimilarityCheck(models.Model):
    """Text extracted from an uploaded version and the state of its comparison with other schools."""

    class State(models.TextChoices):
        PENDING = "pending", "проверяется"
        DONE = "done", "проверено"
        FAILED = "failed", "ошибка проверки"
        SKIPPED = "skipped", "не проверяется (нет текста)"

    version = models.OneToOneField(DocumentVersion, on_delete=models.CASCADE, related_name="similarity")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    text = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "проверка на совпадения"
        verbose_name_plural = "проверки на совпадения"

    def __str__(self) -> str:
        return f"{self.version_id}: {self.state}"


class SimilarityFlag(models.Model):
    """This version is nearly identical to another school's version of the same kind."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="similarity_flags")
    other = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField("сходство")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "флаг совпадения"
        verbose_name_plural = "флаги совпадений"
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["version", "other"], name="unique_similarity_pair")]

    def __str__(self) -> str:
        return f"{self.version_id} ≈ {self.other_id}: {self.score:.2f}"
