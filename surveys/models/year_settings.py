"""Per-year settings of the diagnosis: respondent groups, completion thresholds, the scoring method."""

from django.db import models

from schools.models import ProjectYear

# --- Year settings ----------------------------------------------------------------------------------


class RespondentGroup(models.TextChoices):
    DIRECTOR = "director", "директор"
    TEACHER = "teacher", "педагоги"
    PUPIL6 = "pupil6", "обучающиеся 6 классов"
    PUPIL9 = "pupil9", "обучающиеся 9 классов"
    PARENT = "parent", "родители"
    CURATOR = "curator", "кандидаты в кураторы"


class DiagnosisRound(models.TextChoices):
    """The first diagnosis at the start of the year, and the final one at its end (the same questionnaires)."""

    FIRST = "first", "первичная"
    FINAL = "final", "итоговая"


# Calendar code of the final diagnosis window (all groups but curator candidates answer again in it).
FINAL_WINDOW_CODE = "final_diagnosis"

# Groups that answer anonymously through a school's link or code.
PUBLIC_GROUPS = (RespondentGroup.TEACHER, RespondentGroup.PUPIL6, RespondentGroup.PUPIL9, RespondentGroup.PARENT)
# Calendar code of each group's window (monitoring.calendar).
WINDOW_CODES = {
    RespondentGroup.DIRECTOR: "director_survey",
    RespondentGroup.CURATOR: "curator_survey",
    RespondentGroup.TEACHER: "questionnaires",
    RespondentGroup.PUPIL6: "questionnaires",
    RespondentGroup.PUPIL9: "questionnaires",
    RespondentGroup.PARENT: "questionnaires",
}


class DiagnosisSettings(models.Model):
    """Per-year thresholds of the diagnosis (completion, anonymity)."""

    year = models.OneToOneField(ProjectYear, on_delete=models.CASCADE, related_name="diagnosis_settings")
    teacher_share = models.PositiveSmallIntegerField("доля ответивших педагогов, %", default=60)
    pupil_share = models.PositiveSmallIntegerField("доля ответивших обучающихся 6 и 9 классов, %", default=60)
    parent_share = models.PositiveSmallIntegerField("доля ответивших родителей, %", default=30)
    min_answers = models.PositiveSmallIntegerField(
        "минимум ответов в группе", default=5, help_text="и для завершения, и для показа данных группы"
    )

    class Meta:
        verbose_name = "настройки диагностики года"
        verbose_name_plural = "настройки диагностики"

    def __str__(self) -> str:
        return f"Настройки диагностики {self.year.year}"

    def share_for(self, group: str) -> int:
        return {
            RespondentGroup.TEACHER: self.teacher_share,
            RespondentGroup.PUPIL6: self.pupil_share,
            RespondentGroup.PUPIL9: self.pupil_share,
            RespondentGroup.PARENT: self.parent_share,
        }.get(group, 100)


class ScoringMethod(models.Model):
    """A version of the scoring method (docs/risk-method.md): thresholds of the levels."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="scoring_methods")
    version = models.CharField("версия методики", max_length=32)
    high_from = models.DecimalField("высокий риск от (балл)", max_digits=5, decimal_places=2, default=60)
    medium_from = models.DecimalField("средний риск от (балл)", max_digits=5, decimal_places=2, default=35)
    description = models.TextField("описание", blank=True)
    is_current = models.BooleanField("действующая", default=True)

    class Meta:
        verbose_name = "методика расчёта профиля"
        verbose_name_plural = "методики расчёта профиля"
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="unique_scoring_method_version"),
            models.CheckConstraint(condition=models.Q(medium_from__lte=models.F("high_from")), name="method_levels"),
        ]

    def __str__(self) -> str:
        return f"Методика {self.version}"
