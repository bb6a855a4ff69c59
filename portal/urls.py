"""The portal's root pages: the personal cabinet, help and the low-vision switch."""

from django.urls import path

from schools import views as school_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.help_page, name="help"),
    path("accessibility/", school_views.accessibility_toggle, name="accessibility_toggle"),
]
