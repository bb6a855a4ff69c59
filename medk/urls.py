from django.contrib import admin
from django.urls import include, path

from schools import views as school_views

urlpatterns = [
    path("", school_views.home, name="home"),
    path("accessibility/", school_views.accessibility_toggle, name="accessibility_toggle"),
    path("accounts/", include("allauth.urls")),
    path("schools/", include("schools.urls")),
    path("surveys/", include("surveys.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ИС МЭДК — администрирование"
admin.site.site_title = "ИС МЭДК"
