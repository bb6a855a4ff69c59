from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # respondents (public, no account)
    path("r/", views.respond_start, name="respond_start"),
    path("r/<str:token>/", views.respond, name="respond"),
    path("r/<str:token>/done/", views.respond_done, name="respond_done"),
    # cabinet questionnaires
    path("school/<int:pk>/director/", views.director_survey, name="director_survey"),
    path("curator/", views.curator_survey, name="curator_survey"),
    # a school's diagnosis
    path("school/<int:pk>/", views.school_diagnosis, name="school_diagnosis"),
    path("school/<int:pk>/print/", views.links_print, name="links_print"),
    path("school/<int:pk>/headcount/", views.headcount_edit, name="headcount_edit"),
    path("school/<int:pk>/profile/", views.profile_detail, name="profile_detail"),
    path("school/<int:pk>/profile/verify/", views.profile_verify, name="profile_verify"),
    path("school/<int:pk>/profile/activate/", views.activation_edit, name="activation_edit"),
    path("school/<int:pk>/profile/publish/", views.profile_publish, name="profile_publish"),
    path("school/<int:pk>/profile/recompute/", views.profile_recompute, name="profile_recompute"),
    # federal
    path("year/", views.diagnosis_overview, name="diagnosis_overview"),
    path("year/recompute/", views.year_recompute, name="year_recompute"),
    path("year/publish/", views.year_publish, name="year_publish"),
    path("year/import/", views.profile_import_upload, name="profile_import"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    # coordinators
    path("region/<int:pk>/", views.region_heatmap, name="region_heatmap"),
    path("region/<int:pk>/export/", views.region_export, name="region_export"),
    path("municipality/<int:pk>/", views.municipality_heatmap, name="municipality_heatmap"),
    path("municipality/<int:pk>/export/", views.municipality_export, name="municipality_export"),
]
