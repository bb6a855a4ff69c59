from django.contrib import admin

from .models import AssessmentResult, ResultsImport


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ("school", "assessment", "year", "grade", "subject", "participants", "share2", "mean")
    list_filter = ("assessment", "year", "grade")
    search_fields = ("school__short_name", "school__inn", "school__fis_oko_code", "subject")
    raw_id_fields = ("school", "loaded_by")


@admin.register(ResultsImport)
class ResultsImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "assessment", "year", "region", "status", "created_at", "created_by")
    list_filter = ("assessment", "status")
    readonly_fields = ("counts", "errors")
