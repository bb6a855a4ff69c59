from django.urls import path

from .views import dashboards, notifications, planning, reports

urlpatterns = [
    path("calendar/", dashboards.calendar_detail, name="calendar_detail"),
    path("calendar/region/<int:region_pk>/", dashboards.calendar_detail, name="calendar_region"),
    path("calendar/<int:pk>/region/<int:region_pk>/", dashboards.milestone_override, name="milestone_override"),
    path("dashboard/", dashboards.dashboard_federal, name="dashboard_federal"),
    path("dashboard/region/<int:pk>/", dashboards.dashboard_region, name="dashboard_region"),
    path("dashboard/municipality/<int:pk>/", dashboards.dashboard_municipality, name="dashboard_municipality"),
    path("indicators/<slug:code>/schools/", dashboards.indicator_schools, name="indicator_schools"),
    path(
        "indicators/<slug:code>/region/<int:region_pk>/",
        dashboards.indicator_schools,
        name="indicator_schools_region",
    ),
    path(
        "indicators/<slug:code>/municipality/<int:municipality_pk>/",
        dashboards.indicator_schools,
        name="indicator_schools_municipality",
    ),
    path("plans/", planning.plan_list, name="plan_list"),
    path("plans/region/<int:region_pk>/", planning.plan_region, name="plan_region"),
    path("plans/<int:pk>/", planning.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/events/", planning.plan_event_create, name="plan_event_create"),
    path("plans/<int:pk>/fill/", planning.plan_fill, name="plan_fill"),
    path("plans/<int:pk>/submit/", planning.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/score/", planning.plan_score, name="plan_score"),
    path("plans/events/<int:pk>/status/", planning.plan_event_status, name="plan_event_status"),
    path("plans/events/<int:pk>/delete/", planning.plan_event_delete, name="plan_event_delete"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification_read_all"),
    path("notifications/preferences/", notifications.notification_preferences, name="notification_preferences"),
    path("reports/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
]
