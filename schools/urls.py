from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.school_list, name="school_list"),
    path("<int:pk>/", views.school_detail, name="school_detail"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("municipalities/<int:pk>/", views.municipality_detail, name="municipality_detail"),
]
