"""Assessment results per school (ВПР, ОГЭ, ЕГЭ) and the imports that load them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from medk.lib import uploads
from schools.models import Region, School


class Assessment(models.TextChoices):
    VPR = "vpr", "ВПР"
    OGE = "oge", "ОГЭ"
    EGE = "ege", "ЕГЭ"


# ОГЭ is written in grade 9 and ЕГЭ in grade 11; ВПР names its grade in every row.
FIXED_GRADE = {Assessment.OGE: 9, Assessment.EGE: 11}


def _upload_to(instance: "ResultsImport", filename: str) -> str:
    return uploads.storage_name(f"outcomes/{timezone.now():%Y/%m}", ext="xlsx")


class ResultsImport(models.Model):
    """One file of results: checked (preview) when uploaded, written when confirmed."""

    class Status(models.TextChoices):
        INVALID = "invalid", "есть ошибки"
        CHECKED = "checked", "проверен, ждёт подтверждения"
        DONE = "done", "выполнен"
        FAILED = "failed", "не выполнен"

    assessment = models.CharField("оценочная процедура", max_length=8, choices=Assessment.choices)
    year = models.PositiveSmallIntegerField("год проведения")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="регион"
    )
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.CHECKED)
    file = models.FileField("файл", upload_to=_upload_to, max_length=255)
    original_name = models.CharField("имя файла", max_length=255)
    rows = models.PositiveIntegerField("строк с данными", default=0)
    counts = models.JSONField("итоги", default=dict, blank=True)
    errors = models.JSONField("ошибки", default=list, blank=True)
    message = models.CharField("сообщение", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="загрузил"
    )
    created_at = models.DateTimeField("загружен", default=timezone.now)
    finished_at = models.DateTimeField("записан", null=True, blank=True)

    class Meta:
        verbose_name = "загрузка результатов"
        verbose_name_plural = "загрузки результатов"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_assessment_display()} {self.year} — {self.original_name}"


class AssessmentResult(models.Model):
    """One school's result in one subject (and grade) of one assessment in one year.

    Shares are percentages of participants. `share2` is the share of «2» (for ЕГЭ: below the minimum score).
    `mean` is the mean score (primary for ВПР and ОГЭ, test score for ЕГЭ)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="assessment_results")
    assessment = models.CharField("оценочная процедура", max_length=8, choices=Assessment.choices)
    year = models.PositiveSmallIntegerField("год проведения")
    grade = models.PositiveSmallIntegerField("класс")
    subject = models.CharField("предмет", max_length=120)
    participants = models.PositiveIntegerField("участников")
    share2 = models.DecimalField("доля «2», %", max_digits=5, decimal_places=2, null=True, blank=True)
    share3 = models.DecimalField("доля «3», %", max_digits=5, decimal_places=2, null=True, blank=True)
    share4 = models.DecimalField("доля «4», %", max_digits=5, decimal_places=2, null=True, blank=True)
    share5 = models.DecimalField("доля «5», %", max_digits=5, decimal_places=2, null=True, blank=True)
    mean = models.DecimalField("средний балл", max_digits=6, decimal_places=2, null=True, blank=True)
    loaded_by = models.ForeignKey(
        ResultsImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="results", verbose_name="загрузка"
    )

    class Meta:
        verbose_name = "результат оценочной процедуры"
        verbose_name_plural = "результаты оценочных процедур"
        ordering = ["school", "assessment", "year", "grade", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "assessment", "year", "grade", "subject"], name="unique_assessment_result"
            ),
            models.CheckConstraint(condition=models.Q(share2__gte=0, share2__lte=100), name="share2_percent"),
        ]
        indexes = [models.Index(fields=["assessment", "year"])]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_assessment_display()} {self.year}, {self.grade} кл., {self.subject}"
