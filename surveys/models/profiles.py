"""The risk profile: levels per direction, its history, the jobs that compute it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import ProjectYear, School

from .directions import RiskDirection

# --- The risk profile --------------------------------------------------------------------------------


class RiskLevel(models.TextChoices):
    HIGH = "high", "высокий"
    MEDIUM = "medium", "средний"
    LOW = "low", "низкий"
    NODATA = "nodata", "нет данных"


class RiskProfile(models.Model):
    """The risk profile of a school (РПШ) for a year."""

    class Source(models.TextChoices):
        COMPUTED = "computed", "рассчитан в системе"
        IMPORTED = "imported", "загружен из файла"

    class Verification(models.TextChoices):
        PENDING = "pending", "не проверен куратором"
        CONFIRMED = "confirmed", "подтверждён куратором"
        COMMENTED = "commented", "проверен куратором, есть замечания"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="risk_profiles")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="risk_profiles")
    method_version = models.CharField("версия методики", max_length=32)
    source = models.CharField("источник", max_length=16, choices=Source.choices, default=Source.COMPUTED)
    responses = models.PositiveIntegerField("учтено анкет", default=0)
    computed_at = models.DateTimeField("рассчитан", default=timezone.now)
    published_at = models.DateTimeField("опубликован", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification = models.CharField(
        "проверка куратором", max_length=16, choices=Verification.choices, default=Verification.PENDING
    )
    verified_at = models.DateTimeField("проверен", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_comment = models.TextField("общий комментарий куратора", blank=True)
    activated_at = models.DateTimeField("направления активированы", null=True, blank=True)

    class Meta:
        verbose_name = "рисковый профиль школы"
        verbose_name_plural = "рисковые профили школ"
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="unique_risk_profile")]

    def __str__(self) -> str:
        return f"РПШ {self.school} ({self.year.year})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RiskProfileEntry(models.Model):
    """One risk direction in a profile: score 0..100, level and the indicator values behind it."""

    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="entries")
    direction = models.ForeignKey(RiskDirection, on_delete=models.PROTECT, related_name="profile_entries")
    score = models.DecimalField("балл", max_digits=5, decimal_places=1, null=True, blank=True)
    level = models.CharField("уровень риска", max_length=8, choices=RiskLevel.choices)
    # {"indicator code": value 0..100 or null when a group gave fewer answers than the minimum}
    indicators = models.JSONField("значения индикаторов", default=dict, blank=True)
    # A digest of (score, level, indicators): a recompute compares digests instead of decoding JSON.
    digest = models.CharField(max_length=32, blank=True, editable=False)
    curator_comment = models.TextField("комментарий куратора", blank=True)

    class Meta:
        verbose_name = "направление в профиле"
        verbose_name_plural = "направления в профиле"
        ordering = ["direction__number"]
        constraints = [models.UniqueConstraint(fields=["profile", "direction"], name="unique_profile_direction")]

    def __str__(self) -> str:
        return f"{self.direction}: {self.get_level_display()}"


class FinalRiskEntry(models.Model):
    """The final diagnosis of a school for one direction: computed like the first (the same method and anonymity
    minimum) from the answers of the final round, stored beside the profile (which stays frozen)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="final_risk_entries")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    direction = models.ForeignKey(RiskDirection, on_delete=models.PROTECT, related_name="final_entries")
    score = models.DecimalField("балл", max_digits=5, decimal_places=1, null=True, blank=True)
    level = models.CharField("уровень риска", max_length=8, choices=RiskLevel.choices)
    indicators = models.JSONField("значения индикаторов", default=dict, blank=True)
    method_version = models.CharField("версия методики", max_length=32)
    responses = models.PositiveIntegerField("учтено анкет", default=0)
    computed_at = models.DateTimeField("рассчитан", default=timezone.now)

    class Meta:
        verbose_name = "итоговая диагностика по направлению"
        verbose_name_plural = "итоговая диагностика"
        ordering = ["school", "direction__number"]
        constraints = [models.UniqueConstraint(fields=["school", "year", "direction"], name="unique_final_risk_entry")]

    def __str__(self) -> str:
        return f"{self.school}: {self.direction} (итоговая)"


class ProfileEvent(models.Model):
    """Who did what to a profile, and when."""

    class Kind(models.TextChoices):
        COMPUTED = "computed", "рассчитан"
        IMPORTED = "imported", "загружен из файла"
        PUBLISHED = "published", "опубликован"
        CONFIRMED = "confirmed", "подтверждён куратором"
        COMMENTED = "commented", "куратор оставил замечания"
        ACTIVATED = "activated", "активированы рисковые направления"

    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "событие профиля"
        verbose_name_plural = "события профиля"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.at:%d.%m.%Y %H:%M}"


class ProfileJob(models.Model):
    """Status of a background recompute (one school or a whole year) or an import."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    profiles = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = "пересчёт профилей"
        verbose_name_plural = "пересчёты профилей"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Пересчёт #{self.pk}: {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
