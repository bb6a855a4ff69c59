from django.db import models

from schools.models import ProjectYear, Region


class Milestone(models.Model):
    """A dated step of the project year's calendar (federal default), optionally a control indicator.

    `code` is how the rest of the portal finds a step (e.g. the questionnaire window, the monitoring
    stages); the list of codes lives in `monitoring.calendar.DEFAULT_CALENDAR`.
    """

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="milestones")
    code = models.SlugField("код", max_length=64)
    title = models.CharField("событие", max_length=500)
    starts_on = models.DateField("начало", null=True, blank=True)
    due_on = models.DateField("срок")
    indicator = models.CharField("показатель для контроля", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "этап календаря"
        verbose_name_plural = "календарь года"
        ordering = ["year", "order", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="unique_milestone_code"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=models.F("due_on")),
                name="milestone_starts_before_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_on:%d.%m.%Y} — {self.title}"


class RegionalMilestone(models.Model):
    """A region's own dates for a milestone; the federal date stays on Milestone."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="regional_dates")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="milestone_dates")
    starts_on = models.DateField("начало", null=True, blank=True)
    due_on = models.DateField("срок")

    class Meta:
        verbose_name = "региональный срок"
        verbose_name_plural = "региональные сроки"
        constraints = [models.UniqueConstraint(fields=["milestone", "region"], name="unique_regional_milestone")]

    def __str__(self) -> str:
        return f"{self.region}: {self.due_on:%d.%m.%Y}"


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
