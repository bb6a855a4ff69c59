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
