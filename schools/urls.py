from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.school_list, name="school_list"),
    path("<int:pk>/", views.school_detail, name="school_detail"),
    path("<int:pk>/programmes/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/delete/", views.programme_delete, name="programme_delete"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("municipalities/<int:pk>/", views.municipality_detail, name="municipality_detail"),
    path("regions/<int:pk>/export/", views.region_export, name="region_export"),
    path("import/", views.import_job_create, name="import_job_create"),
    path("import/<int:pk>/", views.import_job_detail, name="import_job_detail"),
    path("import/<int:pk>/confirm/", views.import_job_confirm, name="import_job_confirm"),
    path("import/template/<slug:kind>/", views.import_template, name="import_template"),
    path(
        "regions/<int:pk>/coordinators/",
        views.municipal_coordinator_appoint,
        name="municipal_coordinator_appoint",
    ),
    path(
        "coordinators/<int:pk>/remove/",
        views.municipal_coordinator_remove,
        name="municipal_coordinator_remove",
    ),
    path("years/switch/", views.year_switch, name="year_switch"),
    path("years/", views.year_list, name="year_list"),
    path("years/new/", views.year_create, name="year_create"),
    path("years/<int:pk>/current/", views.year_make_current, name="year_make_current"),
]
