"""Curator visits: the log, the school's confirmation, agreed actions, files and the evaluation form."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from medk.lib.attachments import AttachedFile
from schools.models import ProjectYear, School


class VisitRule(models.Model):
    """The frequency rule of a project year (seed 004: at least weekly while forming, at least every 3–4 weeks
    after) — maximum intervals only; a curator may come as often as the school needs.

    A school is in the diagnosis phase until `formation_from` (or until it activates risk directions),
    then forms its roadmap until `implementation_from` (or until its roadmap is confirmed), then implements.
    """

    year = models.OneToOneField(ProjectYear, on_delete=models.CASCADE, related_name="visit_rule")
    formation_interval_days = models.PositiveSmallIntegerField("формирование: не реже чем раз в, дней", default=7)
    implementation_max_days = models.PositiveSmallIntegerField("реализация: не реже чем раз в, дней", default=28)
    formation_from = models.DateField("начало формирования дорожных карт", null=True, blank=True)
    implementation_from = models.DateField("начало реализации", null=True, blank=True)

    class Meta:
        verbose_name = "периодичность визитов"
        verbose_name_plural = "периодичность визитов"
        constraints = [
            models.CheckConstraint(condition=models.Q(implementation_max_days__gt=0), name="visit_rule_max_pos"),
            models.CheckConstraint(condition=models.Q(formation_interval_days__gt=0), name="visit_rule_interval_pos"),
        ]

    def __str__(self) -> str:
        return f"Периодичность визитов, {self.year.year}"


class Visit(models.Model):
    class Format(models.TextChoices):
        ONSITE = "onsite", "очно"
        REMOTE = "remote", "дистанционно"

    class Status(models.TextChoices):
        AWAITING = "awaiting", "ожидает подтверждения школы"
        CONFIRMED = "confirmed", "подтверждён школой"
        DISPUTED = "disputed", "школа не подтвердила"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="visits")
    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="visits")
    curator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits")
    held_on = models.DateField("дата визита")
    format = models.CharField("формат", max_length=8, choices=Format.choices, default=Format.ONSITE)
    participants = models.TextField("участники")
    topics = models.TextField("темы")
    findings = models.TextField("выводы и наблюдения", blank=True)
    recommendations = models.TextField("рекомендации", blank=True)
    status = models.CharField("статус", max_length=12, choices=Status.choices, default=Status.AWAITING)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_changed_at = models.DateTimeField("статус изменён", null=True, blank=True)
    dispute_reason = models.TextField("почему школа не подтверждает", blank=True)
    created_at = models.DateTimeField("создан", default=timezone.now)

    class Meta:
        verbose_name = "визит куратора"
        verbose_name_plural = "визиты кураторов"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["school", "year", "status", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} — {self.school}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.CONFIRMED


class VisitAction(models.Model):
    """An agreed action (договорённость) recorded at a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("действие")
    responsible = models.CharField("ответственный", max_length=255, blank=True)
    due_on = models.DateField("срок", null=True, blank=True)
    # Set when the action became a measure of the school's roadmap (roadmaps app), if it exposes that.
    roadmap_measure_id = models.PositiveIntegerField("мероприятие дорожной карты", null=True, blank=True)

    class Meta:
        verbose_name = "договорённость"
        verbose_name_plural = "договорённости"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]


class VisitAttachment(AttachedFile):
    upload_folder = "monitoring/visits"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="attachments")

    class Meta(AttachedFile.Meta):
        verbose_name = "файл визита"
        verbose_name_plural = "файлы визитов"

    def owner_school_id(self) -> int:
        return self.visit.school_id


class EvaluationCriterion(models.Model):
    """One line of the year's standard form for the curator's evaluation of observed changes."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="visit_criteria")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    title = models.CharField("критерий", max_length=300)

    class Meta:
        verbose_name = "критерий оценки изменений"
        verbose_name_plural = "критерии оценки изменений"
        ordering = ["year", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class VisitEvaluation(models.Model):
    class Score(models.IntegerChoices):
        NONE = 0, "изменений нет"
        SOME = 1, "отдельные изменения"
        STABLE = 2, "устойчивые изменения"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="evaluations")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField("оценка", choices=Score.choices)
    comment = models.CharField("комментарий", max_length=500, blank=True)

    class Meta:
        verbose_name = "оценка изменений"
        verbose_name_plural = "оценки изменений"
        constraints = [models.UniqueConstraint(fields=["visit", "criterion"], name="unique_visit_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_score_display()}"


class PlannedVisit(models.Model):
    """A visit date the curator plans ahead (seed 003: «графики посещения образовательных организаций
    кураторами»); shown beside the due date from the rule and the visits actually held."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="planned_visits")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    curator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_visits")
    planned_on = models.DateField("дата визита по графику")
    note = models.CharField("цель визита", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "визит по графику"
        verbose_name_plural = "график визитов"
        ordering = ["planned_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "planned_on"], name="one_planned_visit_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.planned_on:%d.%m.%Y}"
