"""Curators' work: appointments and contracts, visits and calendars, questions and answers, events."""

from django.urls import path

from .views import appointments, candidates, consultations, events, visits

app_name = "curators"

urlpatterns = [
    # appointments and contracts
    path("municipalities/<int:pk>/curators/", appointments.appointment_list, name="appointment_list"),
    path("schools/<int:pk>/curator/", appointments.curator_appoint, name="curator_appoint"),
    path("schools/<int:pk>/curator/remove/", appointments.curator_remove, name="curator_remove"),
    path(
        "regions/<int:pk>/appointment-policy/",
        appointments.appointment_policy_update,
        name="appointment_policy_update",
    ),
    path("contracts/", appointments.contract_list, name="contract_list"),
    # the pool of curator candidates
    path(
        "municipalities/<int:pk>/candidates/",
        candidates.candidate_pool_municipality,
        name="candidate_pool_municipality",
    ),
    path("regions/<int:pk>/candidates/", candidates.candidate_pool_region, name="candidate_pool_region"),
    path("candidates/<int:pk>/", candidates.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/decision/", candidates.candidate_decide, name="candidate_decide"),
    path("candidates/<int:pk>/appoint/", candidates.candidate_appoint, name="candidate_appoint"),
    path("contracts/new/", appointments.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", appointments.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", appointments.contract_update, name="contract_update"),
    path("contracts/<int:pk>/end/", appointments.contract_end, name="contract_end"),
    # visits and calendars
    path("curators/<int:pk>/calendar/", visits.curator_calendar, name="curator_calendar"),
    path("municipalities/<int:pk>/visit-calendar/", visits.municipality_calendar, name="municipality_calendar"),
    path("municipalities/<int:pk>/visits/", visits.visit_overdue_list, name="visit_overdue_list"),
    path("regions/<int:pk>/visits/", visits.visit_overdue_region, name="visit_overdue_region"),
    path("schools/<int:pk>/visits/", visits.visit_list, name="visit_list"),
    path("schools/<int:pk>/visits/new/", visits.visit_create, name="visit_create"),
    path("schools/<int:pk>/visits/planned/", visits.planned_visit_create, name="planned_visit_create"),
    path("planned-visits/<int:pk>/delete/", visits.planned_visit_delete, name="planned_visit_delete"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", visits.visit_update, name="visit_update"),
    path("visits/<int:pk>/confirm/", visits.visit_confirm, name="visit_confirm"),
    path("visits/<int:pk>/dispute/", visits.visit_dispute, name="visit_dispute"),
    path("visits/<int:pk>/actions/", visits.visit_action_create, name="visit_action_create"),
    path("visit-actions/<int:pk>/measure/", visits.visit_action_promote, name="visit_action_promote"),
    path("visits/<int:pk>/files/", visits.visit_attachment_create, name="visit_attachment_create"),
    path("visit-files/<int:pk>/", visits.visit_attachment_download, name="visit_attachment_download"),
    path("visits/<int:pk>/evaluation/", visits.visit_evaluate, name="visit_evaluate"),
    # consultations
    path("schools/<int:pk>/questions/", consultations.thread_list, name="thread_list"),
    path("schools/<int:pk>/questions/new/", consultations.thread_create, name="thread_create"),
    path("questions/<int:pk>/", consultations.thread_detail, name="thread_detail"),
    path("questions/<int:pk>/reply/", consultations.message_create, name="message_create"),
    path("message-files/<int:pk>/", consultations.message_attachment_download, name="message_attachment_download"),
    path("messages/<int:pk>/faq/", consultations.faq_promote, name="faq_promote"),
    path("faq/", consultations.faq_list, name="faq_list"),
    path("forum/", consultations.forum_inbox, name="forum_inbox"),
    # events
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/attendance/", events.event_attendance, name="event_attendance"),
]
