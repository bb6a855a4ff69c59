"""Authorization rows for curators' work and monitoring stages (own object and foreign object per view)."""

from tests.authz import EVERYONE, Row, allow

from . import helpers as h

SCHOOL_A_VIEWERS = ("director", "curator", "municipal", "regional", "federal", "admin")
MUN_A = ("municipal", "regional", "federal", "admin")
REGION = ("regional", "federal", "admin")
FOREIGN_VIEWERS = ("outsider", "federal", "admin")


def _only(role: str, status: int = 302, viewers=SCHOOL_A_VIEWERS) -> dict:
    """`role` may act, the other viewers of school_a get 403, everyone else 404."""
    return allow(*viewers, status=403) | {role: status}


ROWS = [
    # --- appointments and contracts ---
    Row("curators:appointment_list", allow(*MUN_A), kwargs=lambda c: {"pk": c.mun_a.pk}),
    Row("curators:appointment_list", allow(*REGION), kwargs=lambda c: {"pk": c.mun_b.pk}),
    # The region's default: municipal coordinators appoint; the region sees the school but may not (403).
    Row(
        "curators:curator_appoint",
        allow(*SCHOOL_A_VIEWERS, status=403) | {"municipal": 302, "federal": 302, "admin": 302},
        kwargs=lambda c: {"pk": c.school_a.pk},
        method="post",
    ),
    # Another municipality: the municipal coordinator of mun_a does not even see it (404).
    Row(
        "curators:curator_appoint",
        allow("regional", "federal", "admin", status=403) | {"federal": 302, "admin": 302},
        kwargs=lambda c: {"pk": c.school_c.pk},
        method="post",
    ),
    Row(
        "curators:curator_remove",
        allow(*SCHOOL_A_VIEWERS, status=403) | {"municipal": 302, "federal": 302, "admin": 302},
        kwargs=lambda c: {"pk": c.school_a.pk},
        method="post",
        data=lambda c: {"reason": "Переход на другую работу"},
    ),
    Row(
        "curators:curator_remove",
        # school_c has no curator: nothing to remove (404) for those who may appoint there; the region may not (403).
        allow("regional", status=403),
        kwargs=lambda c: {"pk": c.school_c.pk},
        method="post",
        data=lambda c: {"reason": "Нет куратора"},
    ),
    Row(
        "curators:appointment_policy_update",
        allow(*REGION, status=302),
        kwargs=lambda c: {"pk": c.region.pk},
        method="post",
    ),
    Row(
        "curators:appointment_policy_update",
        allow("federal", "admin", status=302),
        kwargs=lambda c: {"pk": c.foreign_region.pk},
        method="post",
    ),
    # --- the pool of curator candidates ---
    Row("curators:candidate_pool_municipality", allow(*MUN_A), kwargs=lambda c: {"pk": c.mun_a.pk}),
    Row("curators:candidate_pool_municipality", allow(*REGION), kwargs=lambda c: {"pk": c.mun_b.pk}),
    Row(
        "curators:candidate_pool_municipality",
        allow(*MUN_A, status=302),
        kwargs=lambda c: {"pk": c.mun_a.pk},
        method="post",
        data=lambda c: {"email": "new-candidate@example.ru", "last_name": "Новикова", "first_name": "Анна"},
    ),
    Row("curators:candidate_pool_region", allow(*REGION), kwargs=lambda c: {"pk": c.region.pk}),
    Row("curators:candidate_pool_region", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    Row("curators:candidate_detail", allow(*MUN_A), kwargs=lambda c: {"pk": h.candidate(c).pk}),
    # The region's own pool: its municipal coordinators do not see it.
    Row("curators:candidate_detail", allow(*REGION), kwargs=lambda c: {"pk": h.candidate(c, municipality=None).pk}),
    Row(
        "curators:candidate_decide",
        allow(*MUN_A, status=302),
        kwargs=lambda c: {"pk": h.candidate(c).pk},
        method="post",
        data=lambda c: {"decision": "selected", "interview_on": f"{c.year.year}-02-05"},
    ),
    # Appointing from the pool follows the region's appointment rule: municipal by default (the region: 403).
    Row(
        "curators:candidate_appoint",
        allow(*MUN_A, status=302) | {"regional": 403},
        kwargs=lambda c: {"pk": h.candidate(c, decision="selected").pk},
        method="post",
        data=lambda c: {"school": c.school_b.pk, "appointed_on": f"{c.year.year}-02-14"},
    ),
    Row("curators:contract_list", allow("curator", *MUN_A)),
    Row("curators:contract_create", allow(*MUN_A)),
    Row("curators:contract_detail", allow("curator", *MUN_A), kwargs=lambda c: {"pk": h.contract(c).pk}),
    # Editing and ending follow the appointing right on the contract's schools (municipal by default).
    Row(
        "curators:contract_update",
        allow("curator", *MUN_A, status=403) | {"municipal": 200, "federal": 200, "admin": 200},
        kwargs=lambda c: {"pk": h.contract(c).pk},
    ),
    Row(
        "curators:contract_end",
        allow("curator", *MUN_A, status=403) | {"municipal": 302, "federal": 302, "admin": 302},
        kwargs=lambda c: {"pk": h.contract(c).pk},
        method="post",
        data=lambda c: {"ended_on": f"{c.year.year}-06-01", "reason": "По соглашению сторон"},
    ),
    # --- caseload, calendars, overdue list ---
    Row("monitoring:caseload_detail", allow("curator", *MUN_A), kwargs=lambda c: {"pk": c.curator.pk}),
    Row(
        "monitoring:caseload_detail",
        allow("federal", "admin"),
        kwargs=lambda c: {"pk": h.foreign_curator(c).pk},
    ),
    Row("curators:curator_calendar", allow("curator", *MUN_A), kwargs=lambda c: {"pk": c.curator.pk}),
    Row("curators:municipality_calendar", allow(*MUN_A), kwargs=lambda c: {"pk": c.mun_a.pk}),
    Row("curators:municipality_calendar", allow(*REGION), kwargs=lambda c: {"pk": c.mun_b.pk}),
    Row("curators:visit_overdue_list", allow(*MUN_A), kwargs=lambda c: {"pk": c.mun_a.pk}),
    Row("curators:visit_overdue_list", allow(*REGION), kwargs=lambda c: {"pk": c.mun_b.pk}),
    Row("curators:visit_overdue_region", allow(*REGION), kwargs=lambda c: {"pk": c.region.pk}),
    Row("curators:visit_overdue_region", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    # --- visits ---
    Row("curators:visit_list", allow(*SCHOOL_A_VIEWERS), kwargs=lambda c: {"pk": c.school_a.pk}),
    Row("curators:visit_list", allow(*FOREIGN_VIEWERS), kwargs=lambda c: {"pk": c.foreign_school.pk}),
    Row("curators:visit_create", _only("curator", 200), kwargs=lambda c: {"pk": c.school_a.pk}),
    Row(
        "curators:visit_create",
        allow(*FOREIGN_VIEWERS, status=403),
        kwargs=lambda c: {"pk": c.foreign_school.pk},
    ),
    Row("curators:visit_detail", allow(*SCHOOL_A_VIEWERS), kwargs=lambda c: {"pk": h.visit(c).pk}),
    Row("curators:visit_detail", allow(*FOREIGN_VIEWERS), kwargs=lambda c: {"pk": h.foreign_visit(c).pk}),
    Row("curators:visit_update", _only("curator", 200), kwargs=lambda c: {"pk": h.visit(c).pk}),
    Row("curators:visit_confirm", _only("director"), kwargs=lambda c: {"pk": h.visit(c).pk}, method="post"),
    Row(
        "curators:visit_confirm",
        allow(*FOREIGN_VIEWERS, status=403) | {"outsider": 302},
        kwargs=lambda c: {"pk": h.foreign_visit(c).pk},
        method="post",
    ),
    Row("curators:visit_dispute", _only("director"), kwargs=lambda c: {"pk": h.visit(c).pk}, method="post"),
    Row("curators:visit_action_create", _only("curator"), kwargs=lambda c: {"pk": h.visit(c).pk}, method="post"),
    # The school and the visit's curator may move an agreed action into the school's roadmap.
    Row(
        "curators:visit_action_promote",
        _only("curator") | {"director": 302},
        kwargs=lambda c: {"pk": h.visit_action(c).pk},
        method="post",
    ),
    Row(
        "curators:visit_attachment_create",
        _only("curator"),
        kwargs=lambda c: {"pk": h.visit(c).pk},
        method="post",
    ),
    Row(
        "curators:visit_attachment_download",
        allow(*SCHOOL_A_VIEWERS),
        kwargs=lambda c: {"pk": h.visit_attachment(c).pk},
    ),
    Row("curators:visit_evaluate", _only("curator", 200), kwargs=lambda c: {"pk": h.visit_with_criteria(c).pk}),
    # --- consultations ---
    Row("curators:thread_list", allow(*SCHOOL_A_VIEWERS), kwargs=lambda c: {"pk": c.school_a.pk}),
    Row("curators:thread_list", allow(*FOREIGN_VIEWERS), kwargs=lambda c: {"pk": c.foreign_school.pk}),
    Row("curators:thread_create", _only("director", 200), kwargs=lambda c: {"pk": c.school_a.pk}),
    Row("curators:thread_detail", allow(*SCHOOL_A_VIEWERS), kwargs=lambda c: {"pk": h.thread(c).pk}),
    Row("curators:thread_detail", allow(*FOREIGN_VIEWERS), kwargs=lambda c: {"pk": h.foreign_thread(c).pk}),
    # A question to the curator: the school and its curator write there; coordinators only read.
    Row(
        "curators:message_create",
        _only("director") | {"curator": 302},
        kwargs=lambda c: {"pk": h.thread(c).pk},
        method="post",
    ),
    # A forum question: the school and the region's/federal methodologists write; the curator only reads.
    Row(
        "curators:message_create",
        _only("director") | {"regional": 302, "federal": 302, "admin": 302},
        kwargs=lambda c: {"pk": h.thread(c, kind="forum").pk},
        method="post",
    ),
    Row(
        "curators:message_attachment_download",
        allow(*SCHOOL_A_VIEWERS),
        kwargs=lambda c: {"pk": h.message_attachment(c).pk},
    ),
    Row(
        "curators:faq_promote",
        allow(*SCHOOL_A_VIEWERS, status=403) | {"regional": 302, "federal": 302, "admin": 302},
        kwargs=lambda c: {"pk": h.answer(c).pk},
        method="post",
    ),
    Row("curators:faq_list", allow(*EVERYONE)),
    Row("curators:forum_inbox", allow(*REGION)),
    # --- monitoring stages ---
    Row("monitoring:stage_report_list", allow(*SCHOOL_A_VIEWERS), kwargs=lambda c: {"pk": c.school_a.pk}),
    Row("monitoring:stage_report_list", allow(*FOREIGN_VIEWERS), kwargs=lambda c: {"pk": c.foreign_school.pk}),
    Row(
        "monitoring:stage_report_start",
        _only("director"),
        kwargs=lambda c: {"pk": c.school_a.pk, "stage": 1},
        method="post",
    ),
    Row("monitoring:stage_report_detail", allow(*SCHOOL_A_VIEWERS), kwargs=lambda c: {"pk": h.report(c).pk}),
    Row(
        "monitoring:stage_report_detail",
        allow(*FOREIGN_VIEWERS),
        kwargs=lambda c: {"pk": h.report(c, c.foreign_school).pk},
    ),
    Row("monitoring:stage_report_update", _only("director", 200), kwargs=lambda c: {"pk": h.report(c).pk}),
    Row("monitoring:evidence_create", _only("director"), kwargs=lambda c: {"pk": h.report(c).pk}, method="post"),
    Row("monitoring:evidence_download", allow(*SCHOOL_A_VIEWERS), kwargs=lambda c: {"pk": h.evidence(c).pk}),
    Row("monitoring:evidence_delete", _only("director"), kwargs=lambda c: {"pk": h.evidence(c).pk}, method="post"),
    Row("monitoring:stage_report_submit", _only("director"), kwargs=lambda c: {"pk": h.report(c).pk}, method="post"),
    Row(
        "monitoring:stage_report_confirm",
        _only("curator"),
        kwargs=lambda c: {"pk": h.submitted_report(c).pk},
        method="post",
    ),
    Row(
        "monitoring:stage_report_confirm",
        allow(*FOREIGN_VIEWERS, status=403),
        kwargs=lambda c: {"pk": h.report(c, c.foreign_school, status="submitted").pk},
        method="post",
    ),
    Row(
        "monitoring:stage_report_return",
        _only("curator"),
        kwargs=lambda c: {"pk": h.submitted_report(c).pk},
        method="post",
    ),
    Row("monitoring:difficulty_summary", allow(*MUN_A), kwargs=lambda c: {"pk": c.mun_a.pk}),
    Row("monitoring:difficulty_summary", allow(*REGION), kwargs=lambda c: {"pk": c.mun_b.pk}),
    Row("monitoring:difficulty_summary_region", allow(*REGION), kwargs=lambda c: {"pk": c.region.pk}),
    Row(
        "monitoring:difficulty_summary_region", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}
    ),
    # --- events ---
    Row("curators:event_list", allow(*EVERYONE)),
    Row("curators:event_create", allow(*REGION)),
    # A regional seminar with school_a invited: the region, its municipal coordinator, school_a and its curator.
    Row("curators:event_detail", allow(*SCHOOL_A_VIEWERS), kwargs=lambda c: {"pk": h.event(c).pk}),
    Row(
        "curators:event_attendance",
        allow(*SCHOOL_A_VIEWERS, status=403) | {"regional": 302, "federal": 302, "admin": 302},
        kwargs=lambda c: {"pk": h.event(c).pk},
        method="post",
    ),
    # --- the visit schedule: the school's curator plans dates ahead ---
    Row(
        "curators:planned_visit_create",
        _only("curator"),
        kwargs=lambda c: {"pk": c.school_a.pk},
        method="post",
        data=lambda c: {"planned_on": "2026-12-30"},
    ),
    Row(
        "curators:planned_visit_delete",
        _only("curator"),
        kwargs=lambda c: {"pk": h.planned_visit(c).pk},
        method="post",
    ),
]
