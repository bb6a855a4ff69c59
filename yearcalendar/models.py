"""The project year's calendar: federal steps (with control indicators) and regions' own dates."""

from django.db import models

from schools.models import ProjectYear, Region


class Milestone(models.Model):
    """A dated step of the project year's calendar (federal default), optionally a control indicator.

    `code` is how the rest of the portal finds a step (e.g. the questionnaire window, the monitoring
    stages); the list of codes lives in `yearcalendar.services.DEFAULT_CALENDAR`.
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
