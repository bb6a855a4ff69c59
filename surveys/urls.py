from django.urls import path

from .views import respond, school, year

app_name = "surveys"

urlpatterns = [
    # respondents (public, no account)
    path("r/", respond.respond_start, name="respond_start"),
    path("r/<str:token>/", respond.respond, name="respond"),
    path("r/<str:token>/done/", respond.respond_done, name="respond_done"),
    # cabinet questionnaires
    path("school/<int:pk>/director/", respond.director_survey, name="director_survey"),
    path("curator/", respond.curator_survey, name="curator_survey"),
    # a school's diagnosis
    path("school/<int:pk>/", school.school_diagnosis, name="school_diagnosis"),
    path("school/<int:pk>/print/", school.links_print, name="links_print"),
    path("school/<int:pk>/links/", school.links_issue, name="links_issue"),
    path("school/<int:pk>/headcount/", school.headcount_edit, name="headcount_edit"),
    path("school/<int:pk>/profile/", school.profile_detail, name="profile_detail"),
    path("school/<int:pk>/profile/verify/", school.profile_verify, name="profile_verify"),
    path("school/<int:pk>/profile/activate/", school.activation_edit, name="activation_edit"),
    path("school/<int:pk>/profile/publish/", school.profile_publish, name="profile_publish"),
    path("school/<int:pk>/profile/recompute/", school.profile_recompute, name="profile_recompute"),
    # federal
    path("year/", year.diagnosis_overview, name="diagnosis_overview"),
    path("year/recompute/", year.year_recompute, name="year_recompute"),
    path("year/final-recompute/", year.year_final_recompute, name="year_final_recompute"),
    path("year/publish/", year.year_publish, name="year_publish"),
    path("year/import/", year.profile_import_upload, name="profile_import"),
    path("jobs/<int:pk>/", year.job_detail, name="job_detail"),
    # coordinators
    path("region/<int:pk>/", year.region_heatmap, name="region_heatmap"),
    path("region/<int:pk>/export/", year.region_export, name="region_export"),
    path("municipality/<int:pk>/", year.municipality_heatmap, name="municipality_heatmap"),
    path("municipality/<int:pk>/export/", year.municipality_export, name="municipality_export"),
]
