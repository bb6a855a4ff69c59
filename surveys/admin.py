"""The admin shows the year's questionnaires and method; questionnaire content is read-only here
because a loaded version is immutable (change the definition file and run load_questionnaires)."""

from django.contrib import admin

from . import models


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SectionInline(ReadOnlyInline):
    model = models.Section
    fields = ("order", "title")


class QuestionInline(ReadOnlyInline):
    model = models.Question
    fields = ("order", "code", "kind", "text", "required")


class OptionInline(ReadOnlyInline):
    model = models.Option
    fields = ("order", "code", "text", "low", "high")


class OptionIndicatorInline(ReadOnlyInline):
    model = models.OptionIndicator
    fields = ("indicator", "weight")


@admin.register(models.Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "group", "version", "is_active", "loaded_at")
    list_filter = ("year", "group", "is_active")
    readonly_fields = ("year", "group", "version", "title", "intro", "checksum", "loaded_at")
    fields = ("year", "group", "version", "title", "intro", "is_active", "checksum", "loaded_at")
    inlines = [SectionInline, QuestionInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("code", "text", "kind", "questionnaire")
    list_filter = ("questionnaire__year", "questionnaire__group", "kind")
    search_fields = ("code", "text")
    readonly_fields = [f.name for f in models.Question._meta.fields]
    inlines = [OptionInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(models.Option)
class OptionAdmin(admin.ModelAdmin):
    list_display = ("text", "question")
    readonly_fields = [f.name for f in models.Option._meta.fields]
    inlines = [OptionIndicatorInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(models.RiskDirection)
class RiskDirectionAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "year", "is_retired")
    list_filter = ("year", "is_retired")


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "direction", "weight", "year")
    list_filter = ("year", "direction")


@admin.register(models.ScoringMethod)
class ScoringMethodAdmin(admin.ModelAdmin):
    list_display = ("version", "year", "high_from", "medium_from", "is_current")


@admin.register(models.DiagnosisSettings)
class DiagnosisSettingsAdmin(admin.ModelAdmin):
    list_display = ("year", "teacher_share", "pupil_share", "parent_share", "min_answers")


@admin.register(models.SurveyLink)
class SurveyLinkAdmin(admin.ModelAdmin):
    list_display = ("school", "group", "code", "year")
    list_filter = ("year", "group")
    search_fields = ("school__short_name", "code")
    readonly_fields = ("token", "code")


@admin.register(models.RiskProfile)
class RiskProfileAdmin(admin.ModelAdmin):
    list_display = ("school", "year", "method_version", "source", "published_at", "verification", "activated_at")
    list_filter = ("year", "source", "verification")
    search_fields = ("school__short_name", "school__inn")
    readonly_fields = [f.name for f in models.RiskProfile._meta.fields]


@admin.register(models.ProfileJob)
class ProfileJobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "year", "school", "status", "profiles")
    readonly_fields = [f.name for f in models.ProfileJob._meta.fields]
