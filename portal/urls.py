"""The portal's root pages: the personal cabinet (collects every app's panels) and the low-vision switch."""

from django.urls import path

from schools import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_toggle, name="accessibility_toggle"),
]
