"""The regional plan-graph (дорожная карта региона): events, submission, federal score, monitoring."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import ProjectYear, Region


class RegionalPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        SUBMITTED = "submitted", "направлен на федеральный уровень"
        RETURNED = "returned", "возвращён на доработку"
        SCORED = "scored", "оценён"

    SENT = (Status.SUBMITTED, Status.SCORED)

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="regional_plans")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The region's own order approving the plan (seed 002: «приказ … от 01.01.2021 № 20/01-04»).
    order_number = models.CharField("номер приказа", max_length=64, blank=True)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    return_reason = models.TextField("причина возврата", blank=True)
    returned_at = models.DateTimeField("возвращён", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("направлен", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.PositiveSmallIntegerField("оценка (0–6)", null=True, blank=True)
    score_comment = models.TextField("комментарий к оценке", blank=True)
    scored_at = models.DateTimeField("оценён", null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "план-график региона"
        verbose_name_plural = "планы-графики регионов"
        ordering = ["year", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="one_plan_per_region_year"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=6), name="plan_score_0_6"
            ),
        ]

    def __str__(self) -> str:
        return f"План-график: {self.region} ({self.year.year})"

    @property
    def zone(self) -> str:
        """Colour zone of the federal score: red 0–2, yellow 3–4, green 5–6."""
        if self.score is None:
            return ""
        if self.score <= 2:
            return "red"
        return "yellow" if self.score <= 4 else "green"

    @property
    def zone_label(self) -> str:
        return {"red": "красная зона", "yellow": "жёлтая зона", "green": "зелёная зона"}.get(self.zone, "не оценён")

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_sent(self) -> bool:
        return self.status in self.SENT

    @property
    def order_label(self) -> str:
        if not self.order_number:
            return ""
        return f"№ {self.order_number}" + (f" от {self.order_date:%d.%m.%Y}" if self.order_date else "")


class PlanEvent(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        DONE = "done", "исполнено"
        FAILED = "failed", "не исполнено"

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="events")
    number = models.PositiveSmallIntegerField("№")
    # The federal calendar step this event comes from (empty for the region's own events): its dates and
    # its computed indicator follow the calendar.
    milestone_code = models.SlugField("этап календаря", max_length=64, blank=True)
    description = models.TextField("описание действий")
    starts_on = models.DateField("начало", null=True, blank=True)
    due_on = models.DateField("срок")
    responsible = models.CharField("ответственный", max_length=300, blank=True)
    indicator = models.TextField("региональный показатель реализации", blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField("исполнено", null=True, blank=True)

    class Meta:
        verbose_name = "мероприятие плана-графика"
        verbose_name_plural = "мероприятия плана-графика"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_event_number"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=models.F("due_on")),
                name="plan_event_starts_before_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:60]}"


class PlanMonitoring(models.Model):
    """The share of events done, recorded at a regional monitoring date (once per milestone)."""

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="monitorings")
    milestone_code = models.SlugField("этап", max_length=64)
    recorded_on = models.DateField("дата", default=timezone.localdate)
    done = models.PositiveIntegerField("исполнено")
    due = models.PositiveIntegerField("со сроком до даты мониторинга")
    total = models.PositiveIntegerField("всего мероприятий")

    class Meta:
        verbose_name = "мониторинг плана-графика"
        verbose_name_plural = "мониторинг планов-графиков"
        ordering = ["recorded_on"]
        constraints = [models.UniqueConstraint(fields=["plan", "milestone_code"], name="one_plan_monitoring_per_stage")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.done}/{self.due}"


class MunicipalPlan(models.Model):
    """The municipality's support plan for its ШНОР (seed 003: «муниципальные дорожные карты … утверждены»):
    measures, responsible, dates, status; the municipal coordinator writes it, the region approves it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        SUBMITTED = "submitted", "на утверждении в регионе"
        APPROVED = "approved", "утверждён регионом"
        RETURNED = "returned", "возвращён на доработку"

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey("schools.Municipality", on_delete=models.CASCADE, related_name="support_plans")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField("причина возврата", blank=True)
    submitted_at = models.DateTimeField("направлен", null=True, blank=True)
    approved_at = models.DateTimeField("утверждён", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "муниципальный план поддержки"
        verbose_name_plural = "муниципальные планы поддержки"
        constraints = [
            models.UniqueConstraint(fields=["year", "municipality"], name="one_support_plan_per_municipality_year")
        ]

    def __str__(self) -> str:
        return f"План поддержки: {self.municipality} ({self.year.year})"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class MunicipalMeasure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        DONE = "done", "исполнено"
        FAILED = "failed", "не исполнено"

    plan = models.ForeignKey(MunicipalPlan, on_delete=models.CASCADE, related_name="measures")
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="школа"
    )
    title = models.TextField("мероприятие")
    responsible = models.CharField("ответственный", max_length=300)
    starts_on = models.DateField("начало", null=True, blank=True)
    due_on = models.DateField("срок")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = "мероприятие муниципального плана"
        verbose_name_plural = "мероприятия муниципального плана"
        ordering = ["plan", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=models.F("due_on")),
                name="municipal_measure_starts_before_due",
            )
        ]

    def __str__(self) -> str:
        return self.title[:60]
