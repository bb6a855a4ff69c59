from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("schools/<int:pk>/", views.school_progress, name="school_progress"),
    path("regions/<int:pk>/", views.region_outcomes, name="region_outcomes"),
    path("regions/<int:pk>/xlsx/", views.region_outcomes_xlsx, name="region_outcomes_xlsx"),
    path("federal/", views.federal_outcomes, name="federal_outcomes"),
    path("federal/xlsx/", views.federal_outcomes_xlsx, name="federal_outcomes_xlsx"),
    path("import/", views.import_create, name="import_create"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/template/<slug:assessment>/", views.import_template, name="import_template"),
]
