"""Reports built in the background: status and progress live here, the page polls them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import ProjectYear, Region, School


class Report(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", "Отчёт о выполнении дорожной карты (школа)"
        REGION = "region", "Сводный отчёт по региону"
        FEDERAL = "federal", "Федеральный сводный отчёт"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (.xlsx)"

    class Status(models.TextChoices):
        PENDING = "pending", "в очереди"
        RUNNING = "running", "формируется"
        DONE = "done", "готов"
        FAILED = "failed", "ошибка"

    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    fmt = models.CharField("формат", max_length=8, choices=Format.choices, default=Format.PDF)
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    error = models.TextField("ошибка", blank=True)
    file = models.FileField("файл", upload_to="reports/%Y/%m/", blank=True)
    created_at = models.DateTimeField("запрошен", default=timezone.now)
    finished_at = models.DateTimeField("готов", null=True, blank=True)

    class Meta:
        verbose_name = "отчёт"
        verbose_name_plural = "отчёты"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="school", school__isnull=False)
                    | models.Q(kind="region", region__isnull=False)
                    | models.Q(kind="federal", region__isnull=True, school__isnull=True)
                ),
                name="report_target_matches_kind",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_progress_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.target_name}"

    @property
    def target_name(self) -> str:
        return str(self.school or self.region or "Российская Федерация")

    @property
    def is_stale(self) -> bool:
        """Queued or running longer than a task may live: the worker died, the page must not spin forever."""
        from django.conf import settings

        limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800) + 300
        return (
            self.status in (self.Status.PENDING, self.Status.RUNNING)
            and (timezone.now() - self.created_at).total_seconds() > limit
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED) or self.is_stale
