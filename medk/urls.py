from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin has no password form of its own: /admin/login/ sends to allauth's login (with `next`), so its
# attempt limits, two-factor authentication and audit apply to administrators too (issue 16).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("allauth.urls")),
    path("schools/", include("schools.urls")),
    path("calendar/", include("yearcalendar.urls")),
    path("surveys/", include("surveys.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("notifications/", include("notifications.urls")),
    path("curators/", include("curators.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ИС МЭДК — администрирование"
admin.site.site_title = "ИС МЭДК"

handler400 = "medk.errors.bad_request"
handler403 = "medk.errors.permission_denied"
handler404 = "medk.errors.page_not_found"
handler500 = "medk.errors.server_error"
handler429 = "medk.errors.too_many_requests"  # allauth's rate limits look it up here
