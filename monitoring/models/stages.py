"""Monitoring stages 1 and 2: the school's report on its roadmap, evidence, difficulties, the curator's review.

Indicators and measures belong to the roadmaps app; a report keeps their id and a snapshot of what the
school saw (title, unit, baseline, target), so a later change of the roadmap does not rewrite history.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from medk.lib.attachments import AttachedFile
from schools.models import ProjectYear, School

STAGE_CODES = {1: "monitoring_1", 2: "monitoring_2"}


class Difficulty(models.Model):
    """A typical difficulty of a project year (reference list; the school may add its own text)."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="difficulties")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    title = models.CharField("затруднение", max_length=300)

    class Meta:
        verbose_name = "типичное затруднение"
        verbose_name_plural = "типичные затруднения"
        ordering = ["year", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="unique_difficulty")]

    def __str__(self) -> str:
        return self.title


class MonitoringReport(models.Model):
    class Stage(models.IntegerChoices):
        FIRST = 1, "1 этап"
        SECOND = 2, "2 этап"

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        SUBMITTED = "submitted", "на проверке у куратора"
        CONFIRMED = "confirmed", "подтверждён куратором"
        RETURNED = "returned", "возвращён на доработку"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="monitoring_reports")
    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="monitoring_reports")
    stage = models.PositiveSmallIntegerField("этап", choices=Stage.choices)
    status = models.CharField("статус", max_length=12, choices=Status.choices, default=Status.DRAFT)
    difficulties = models.ManyToManyField(Difficulty, blank=True, related_name="reports", verbose_name="затруднения")
    difficulties_other = models.TextField("другие затруднения", blank=True)
    submitted_at = models.DateTimeField("отправлен", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("проверен", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField("причина возврата", blank=True)
    late_reason = models.TextField("причина опоздания", blank=True)
    updated_at = models.DateTimeField("изменён", default=timezone.now)

    class Meta:
        verbose_name = "отчёт мониторинга"
        verbose_name_plural = "отчёты мониторинга"
        ordering = ["school__short_name", "stage"]
        constraints = [models.UniqueConstraint(fields=["school", "year", "stage"], name="unique_monitoring_report")]

    def __str__(self) -> str:
        return f"{self.school}: мониторинг, {self.get_stage_display()} {self.year.year}"

    @property
    def milestone_code(self) -> str:
        return STAGE_CODES[self.stage]

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class IndicatorValue(models.Model):
    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="indicator_values")
    indicator_ref = models.PositiveBigIntegerField("показатель дорожной карты")
    title = models.CharField("показатель", max_length=500)
    unit = models.CharField("единица", max_length=64, blank=True)
    baseline = models.DecimalField("базовое значение", max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField("целевое значение", max_digits=14, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField("фактическое значение", max_digits=14, decimal_places=2, null=True, blank=True)
    comment = models.CharField("комментарий", max_length=500, blank=True)

    class Meta:
        verbose_name = "значение показателя"
        verbose_name_plural = "значения показателей"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator_ref"], name="unique_report_indicator")]

    def __str__(self) -> str:
        return f"{self.title}: {self.actual}"


class MeasureStatus(models.Model):
    class Status(models.TextChoices):
        DONE = "done", "выполнено"
        IN_PROGRESS = "in_progress", "в работе"
        NOT_STARTED = "not_started", "не начато"
        CANCELLED = "cancelled", "отменено"

    NEEDS_REASON = (Status.NOT_STARTED, Status.CANCELLED)

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="measure_statuses")
    measure_ref = models.PositiveBigIntegerField("мероприятие дорожной карты")
    title = models.CharField("мероприятие", max_length=500)
    due_on = models.DateField("срок", null=True, blank=True)
    status = models.CharField("статус", max_length=12, choices=Status.choices, blank=True)
    reason = models.TextField("причина", blank=True)

    class Meta:
        verbose_name = "статус мероприятия"
        verbose_name_plural = "статусы мероприятий"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["report", "measure_ref"], name="unique_report_measure")]

    def __str__(self) -> str:
        return f"{self.title}: {self.get_status_display()}"


class Evidence(AttachedFile):
    upload_folder = "monitoring/reports"

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="evidence")
    measure_ref = models.PositiveBigIntegerField("мероприятие", null=True, blank=True)
    title = models.CharField("описание", max_length=300, blank=True)

    class Meta(AttachedFile.Meta):
        verbose_name = "подтверждающий материал"
        verbose_name_plural = "подтверждающие материалы"

    def owner_school_id(self) -> int:
        return self.report.school_id


class ReportReview(models.Model):
    """Every submit / confirm / return, with the reason (kept for history)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "отправлен на проверку"
        CONFIRM = "confirm", "подтверждён"
        RETURN = "return", "возвращён на доработку"

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(max_length=8, choices=Action.choices)
    reason = models.TextField("причина", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "действие с отчётом"
        verbose_name_plural = "история отчёта"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_action_display()
