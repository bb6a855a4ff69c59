"""Curator contracts and the per-region rule of who appoints curators."""

from django.conf import settings
from django.db import models

from schools.models import ProjectYear, Region, School


class AppointmentPolicy(models.Model):
    """Which level appoints curators in a region (domain.md §2: in some regions the region does)."""

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", "муниципальный координатор"
        REGIONAL = "regional", "региональный координатор"

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="appointment_policy")
    level = models.CharField("кто назначает кураторов", max_length=16, choices=Level.choices, default=Level.MUNICIPAL)

    class Meta:
        verbose_name = "порядок назначения кураторов"
        verbose_name_plural = "порядок назначения кураторов"

    def __str__(self) -> str:
        return f"{self.region}: {self.get_level_display()}"


class CuratorContract(models.Model):
    """A contract (договор) with a curator for a project year, covering one or more schools."""

    curator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="curator_contracts")
    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="curator_contracts")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="curator_contracts")
    number = models.CharField("номер договора", max_length=64)
    signed_on = models.DateField("дата договора")
    starts_on = models.DateField("начало действия")
    ends_on = models.DateField("окончание действия")
    schools = models.ManyToManyField(School, related_name="curator_contracts", verbose_name="школы")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    # Ended early (расторгнут): the date and the reason; the schools keep their history.
    ended_on = models.DateField("расторгнут", null=True, blank=True)
    end_reason = models.CharField("причина расторжения", max_length=500, blank=True)

    class Meta:
        verbose_name = "договор с куратором"
        verbose_name_plural = "договоры с кураторами"
        ordering = ["-signed_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "region", "number"], name="unique_contract_number"),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")), name="contract_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Договор № {self.number} от {self.signed_on:%d.%m.%Y}"

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None
