from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("allauth.urls")),
    path("schools/", include("schools.urls")),
    path("surveys/", include("surveys.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("notifications/", include("notifications.urls")),
    path("curators/", include("curators.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ИС МЭДК — администрирование"
admin.site.site_title = "ИС МЭДК"
