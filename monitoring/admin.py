from django.contrib import admin

from . import models


class RegionalMilestoneInline(admin.TabularInline):
    model = models.RegionalMilestone
    extra = 0


@admin.register(models.Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "code", "starts_on", "due_on", "indicator"]
    list_filter = ["year"]
    inlines = [RegionalMilestoneInline]


from . import admin_work  # noqa: E402, F401  (curators' work: visit rule, evaluation form, difficulties, contracts)


# --- dashboards area: plan-graphs, notifications, reminders, reports (read-mostly: rules live in services) ---
class PlanEventInline(admin.TabularInline):
    model = models.PlanEvent
    extra = 0


@admin.register(models.RegionalPlan)
class RegionalPlanAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "status", "score", "submitted_at"]
    list_filter = ["year", "status"]
    inlines = [PlanEventInline]
    readonly_fields = ["submitted_at", "submitted_by", "scored_at", "scored_by"]


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "title", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "title", "key"]
    raw_id_fields = ["user", "school"]


@admin.register(models.SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "level", "school", "recipients", "created_at"]
    list_filter = ["level"]
    search_fields = ["key"]
    raw_id_fields = ["school", "milestone"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the record of what was sent is not edited by hand


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["kind", "fmt", "year", "region", "school", "status", "progress", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["school", "requested_by"]
