"""Admin of monitoring: plan-graphs, difficulties (read-mostly: rules live in services)."""

from django.contrib import admin

from . import models


@admin.register(models.Difficulty)
class DifficultyAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "order"]
    list_filter = ["year"]


class PlanEventInline(admin.TabularInline):
    model = models.PlanEvent
    extra = 0


@admin.register(models.RegionalPlan)
class RegionalPlanAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "status", "score", "submitted_at"]
    list_filter = ["year", "status"]
    inlines = [PlanEventInline]
    readonly_fields = ["submitted_at", "submitted_by", "scored_at", "scored_by"]


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["kind", "fmt", "year", "region", "school", "status", "progress", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["school", "requested_by"]
