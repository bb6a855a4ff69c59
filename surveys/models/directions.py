"""Risk directions of the year and the school's choice: activated or declined, with the reason."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import ProjectYear, School


class RiskDirection(models.Model):
    """A risk direction of a project year (reference data; a year may add or retire directions)."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="risk_directions")
    number = models.PositiveSmallIntegerField("номер")
    code = models.SlugField("код", max_length=64)
    title = models.CharField("название", max_length=300)
    description = models.TextField("описание", blank=True)
    is_retired = models.BooleanField("выведено из использования", default=False)

    class Meta:
        verbose_name = "рисковое направление"
        verbose_name_plural = "рисковые направления"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_risk_number"),
            models.UniqueConstraint(fields=["year", "code"], name="unique_risk_code"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RiskActivation(models.Model):
    """A school works on this risk direction this year (activated after the profile is verified)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="risk_activations")
    direction = models.ForeignKey(RiskDirection, on_delete=models.PROTECT, related_name="activations")
    justification = models.TextField("обоснование", blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activated_at = models.DateTimeField("активировано", default=timezone.now)

    class Meta:
        verbose_name = "активированное рисковое направление"
        verbose_name_plural = "активированные рисковые направления"
        constraints = [models.UniqueConstraint(fields=["school", "direction"], name="unique_risk_activation")]

    def __str__(self) -> str:
        return f"{self.school}: {self.direction}"


class RiskDeclination(models.Model):
    """A high-risk direction the school chose not to work on, with its reason."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="risk_declinations")
    direction = models.ForeignKey(RiskDirection, on_delete=models.PROTECT, related_name="declinations")
    reason = models.TextField("причина")
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "неактивированное направление высокого риска"
        verbose_name_plural = "неактивированные направления высокого риска"
        constraints = [models.UniqueConstraint(fields=["school", "direction"], name="unique_risk_declination")]

    def __str__(self) -> str:
        return f"{self.school}: {self.direction}"
