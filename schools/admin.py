from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import models


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "last_name", "first_name", "is_active", "is_staff"]
    search_fields = ["email", "last_name", "first_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("ФИО", {"fields": ("last_name", "first_name", "middle_name", "position", "phone")}),
        ("Доступ", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(models.ProjectYear)
class ProjectYearAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "is_current", "max_active_risks"]


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(models.School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["short_name", "inn", "municipality", "locality"]
    list_filter = ["locality", "municipality__region"]
    search_fields = ["short_name", "full_name", "inn"]
    list_select_related = ["municipality"]


@admin.register(models.Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["school", "year", "included_on"]
    list_filter = ["year"]
    list_select_related = ["school", "year"]


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "year", "region", "municipality"]
    list_filter = ["kind", "year"]
    list_select_related = ["user", "year", "region", "municipality"]


@admin.register(models.SchoolStaff)
class SchoolStaffAdmin(admin.ModelAdmin):
    """Read-only here: attaching staff grants permissions, which only services do."""

    list_display = ["user", "school", "kind"]
    list_select_related = ["user", "school"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.CuratorAssignment)
class CuratorAssignmentAdmin(admin.ModelAdmin):
    """Read-only here: appointing a curator grants permissions, which only services do."""

    list_display = ["curator", "school", "year", "contract_number", "appointed_on"]
    list_filter = ["year"]
    list_select_related = ["curator", "school", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: imports are made through the «Импорт» pages, which validate and write atomically."""

    list_display = ["original_name", "kind", "year", "status", "rows", "created_by", "created_at"]
    list_filter = ["kind", "status", "year"]
    list_select_related = ["year", "created_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
