"""Admin of curators' work: per-year settings (visit rule, evaluation form) and reference data."""

from django.contrib import admin

from . import models


@admin.register(models.VisitRule)
class VisitRuleAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "formation_interval_days",
        "implementation_max_days",
        "formation_from",
        "implementation_from",
    ]


@admin.register(models.EvaluationCriterion)
class EvaluationCriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "order"]
    list_filter = ["year"]


@admin.register(models.AppointmentPolicy)
class AppointmentPolicyAdmin(admin.ModelAdmin):
    list_display = ["region", "level"]


@admin.register(models.CuratorContract)
class CuratorContractAdmin(admin.ModelAdmin):
    list_display = ["number", "signed_on", "curator", "region", "year", "starts_on", "ends_on"]
    list_filter = ["year", "region"]
    filter_horizontal = ["schools"]
    raw_id_fields = ["curator", "created_by"]


@admin.register(models.FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "year", "published_at"]
    list_filter = ["year"]
    raw_id_fields = ["source", "published_by"]
