"""The school's report on executing its roadmap (seed 003): the working group writes it, the curator adds a
conclusion, the school sends it to the municipal coordinator, who accepts it or returns it with a reason.

The measures, indicator values, evidence and difficulties are read from the monitoring stages; this row keeps
what only this report has: the school's analysis, the curator's conclusion and the review loop.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import ProjectYear, School


class SchoolReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        SENT = "sent", "направлен в муниципалитет"
        ACCEPTED = "accepted", "принят муниципалитетом"
        RETURNED = "returned", "возвращён на доработку"

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="roadmap_reports")
    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("статус", max_length=12, choices=Status.choices, default=Status.DRAFT)
    analysis = models.TextField("анализ и выводы", blank=True)
    curator_conclusion = models.TextField("заключение куратора", blank=True)
    concluded_at = models.DateTimeField("заключение дано", null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late_reason = models.TextField("причина опоздания", blank=True)
    sent_at = models.DateTimeField("направлен", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("рассмотрен", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField("причина возврата", blank=True)
    updated_at = models.DateTimeField("изменён", default=timezone.now)

    class Meta:
        verbose_name = "отчёт о выполнении дорожной карты"
        verbose_name_plural = "отчёты о выполнении дорожных карт"
        ordering = ["school__short_name"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="one_roadmap_report_per_school_year")]

    def __str__(self) -> str:
        return f"{self.school}: отчёт о выполнении дорожной карты {self.year.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class SchoolReportEvent(models.Model):
    """Every step of the report's loop, with the reason (kept for history)."""

    class Action(models.TextChoices):
        CONCLUDE = "conclude", "заключение куратора"
        SEND = "send", "направлен в муниципалитет"
        ACCEPT = "accept", "принят"
        RETURN = "return", "возвращён на доработку"

    report = models.ForeignKey(SchoolReport, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.TextField("причина", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "шаг отчёта о выполнении дорожной карты"
        verbose_name_plural = "история отчёта о выполнении дорожной карты"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_action_display()
