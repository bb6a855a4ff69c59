"""The dashboards' read model: each participating school's control indicators, and their sums per area.

Written only by `monitoring.services.readmodel` (refreshed by the events that change an indicator, rebuilt
on demand); the live expressions in `services/indicators/sources.py` stay the one definition of each indicator.
"""

from django.db import models

from schools.models import Municipality, ProjectYear, Region, School


class SchoolIndicators(models.Model):
    """One participating school in one year: `done` holds {indicator code: true/false} for every indicator."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="indicator_states")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    done = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "показатели школы"
        verbose_name_plural = "показатели школ"
        constraints = [models.UniqueConstraint(fields=["year", "school"], name="unique_school_indicators")]
        indexes = [models.Index(fields=["year", "region", "municipality"], name="school_ind_area")]

    def __str__(self) -> str:
        return f"{self.school_id} / {self.year_id}"


class AreaIndicators(models.Model):
    """Sums of `SchoolIndicators` for a municipality, or for a whole region (municipality empty):
    `total` schools, `done` {indicator code: schools that did it}."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    total = models.PositiveIntegerField(default=0)
    done = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "показатели территории"
        verbose_name_plural = "показатели территорий"
        constraints = [
            # A plain one (an upsert's ON CONFLICT target; region rows have no municipality and never clash) and a
            # partial one for the region rows.
            models.UniqueConstraint(fields=["year", "municipality"], name="unique_municipality_indicators"),
            models.UniqueConstraint(
                fields=["year", "region"],
                condition=models.Q(municipality__isnull=True),
                name="unique_region_indicators",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.municipality_id or '—'} / {self.year_id}"
