"""Daily values of the control indicators, for the dashboards' trend charts."""

from django.db import models

from schools.models import ProjectYear, Region


class IndicatorSnapshot(models.Model):
    """A day's value of one control indicator for a region (region empty: the whole country).

    Recorded by a daily beat task so the dashboards can draw the share over time.
    """

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="indicator_snapshots")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="indicator_snapshots"
    )
    code = models.SlugField("показатель", max_length=64)
    day = models.DateField("дата")
    numerator = models.PositiveIntegerField("выполнили")
    denominator = models.PositiveIntegerField("всего")

    class Meta:
        verbose_name = "значение показателя за день"
        verbose_name_plural = "значения показателей по дням"
        ordering = ["day"]
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, so SQLite enforces them too.
            models.UniqueConstraint(
                fields=["year", "region", "code", "day"],
                condition=models.Q(region__isnull=False),
                name="unique_regional_snapshot",
            ),
            models.UniqueConstraint(
                fields=["year", "code", "day"], condition=models.Q(region__isnull=True), name="unique_national_snapshot"
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__lte=models.F("denominator")), name="snapshot_numerator_le_denominator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.code}: {self.numerator}/{self.denominator}"
