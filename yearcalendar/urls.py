from django.urls import path

from . import views

app_name = "yearcalendar"

urlpatterns = [
    path("years/<int:pk>/", views.calendar_edit, name="calendar_edit"),
]
