"""Notifications and the record of reminders sent (read-only: the record is not edited by hand)."""

from django.contrib import admin

from . import models


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
