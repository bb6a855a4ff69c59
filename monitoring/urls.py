"""Monitoring: the year's calendar pages, dashboards, the regional plan-graph, stage reports, caseloads, reports."""

from django.urls import path

from .views import caseloads, dashboards, planning, reports, school_reports, stages, support_plans

app_name = "monitoring"

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
    path("plans/region/<int:region_pk>/start/", planning.plan_start, name="plan_start"),
    path("plans/<int:pk>/", planning.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/events/", planning.plan_event_create, name="plan_event_create"),
    path("plans/<int:pk>/fill/", planning.plan_fill, name="plan_fill"),
    path("plans/<int:pk>/submit/", planning.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/score/", planning.plan_score, name="plan_score"),
    path("plans/<int:pk>/return/", planning.plan_return, name="plan_return"),
    path("plans/<int:pk>/order/", planning.plan_order, name="plan_order"),
    path("plans/events/<int:pk>/edit/", planning.plan_event_update, name="plan_event_update"),
    path("plans/events/<int:pk>/status/", planning.plan_event_status, name="plan_event_status"),
    path("plans/events/<int:pk>/delete/", planning.plan_event_delete, name="plan_event_delete"),
    path("reports/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
    # monitoring stages (the school reports, the curator confirms)
    path("schools/<int:pk>/monitoring/", stages.report_list, name="stage_report_list"),
    path("schools/<int:pk>/monitoring/<int:stage>/start/", stages.report_start, name="stage_report_start"),
    path("stage-reports/<int:pk>/", stages.report_detail, name="stage_report_detail"),
    path("stage-reports/<int:pk>/edit/", stages.report_update, name="stage_report_update"),
    path("stage-reports/<int:pk>/evidence/", stages.evidence_create, name="evidence_create"),
    path("stage-reports/<int:pk>/submit/", stages.report_submit, name="stage_report_submit"),
    path("stage-reports/<int:pk>/confirm/", stages.report_confirm, name="stage_report_confirm"),
    path("stage-reports/<int:pk>/return/", stages.report_return, name="stage_report_return"),
    path("evidence/<int:pk>/", stages.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", stages.evidence_delete, name="evidence_delete"),
    path("municipalities/<int:pk>/difficulties/", stages.difficulty_summary, name="difficulty_summary"),
    path("regions/<int:pk>/difficulties/", stages.difficulty_summary_region, name="difficulty_summary_region"),
    # the school's report on its roadmap (the school → the municipal coordinator)
    path("schools/<int:pk>/roadmap-report/", school_reports.school_report_detail, name="school_report_detail"),
    path("schools/<int:pk>/roadmap-report/analysis/", school_reports.school_report_save, name="school_report_save"),
    path(
        "schools/<int:pk>/roadmap-report/conclusion/",
        school_reports.school_report_conclude,
        name="school_report_conclude",
    ),
    path("schools/<int:pk>/roadmap-report/send/", school_reports.school_report_send, name="school_report_send"),
    path("schools/<int:pk>/roadmap-report/accept/", school_reports.school_report_accept, name="school_report_accept"),
    path("schools/<int:pk>/roadmap-report/return/", school_reports.school_report_return, name="school_report_return"),
    path("municipalities/<int:pk>/roadmap-reports/", school_reports.school_report_list, name="school_report_list"),
    # the municipal support plan (the municipality writes, the region approves)
    path("municipalities/<int:pk>/support-plan/", support_plans.support_plan_detail, name="support_plan_detail"),
    path(
        "municipalities/<int:pk>/support-plan/measures/",
        support_plans.support_measure_create,
        name="support_measure_create",
    ),
    path("support-measures/<int:pk>/status/", support_plans.support_measure_status, name="support_measure_status"),
    path("municipalities/<int:pk>/support-plan/submit/", support_plans.support_plan_submit, name="support_plan_submit"),
    path(
        "municipalities/<int:pk>/support-plan/approve/",
        support_plans.support_plan_approve,
        name="support_plan_approve",
    ),
    path("municipalities/<int:pk>/support-plan/return/", support_plans.support_plan_return, name="support_plan_return"),
    # the curator's caseload: what waits for the curator across schools
    path("curators/<int:pk>/", caseloads.caseload_detail, name="caseload_detail"),
]
