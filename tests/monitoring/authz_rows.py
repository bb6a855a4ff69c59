import datetime

from django.core.files.base import ContentFile

from monitoring.models import MunicipalMeasure, MunicipalPlan, PlanEvent, RegionalPlan, Report, SchoolReport
from notifications.models import Notification
from tests.authz import EVERYONE, ROLES, Row, allow
from yearcalendar import services as cal
from yearcalendar.models import Milestone

COORD = ("regional", "federal", "admin")


def _milestone(c):
    cal.calendar_create_default(year=c.year)
    return Milestone.objects.get(year=c.year, code="curators_appointed")


def _plan(c, region=None):
    plan, _ = RegionalPlan.objects.get_or_create(year=c.year, region=region or c.region)
    return plan


def _event(c):
    plan = _plan(c)
    event, _ = PlanEvent.objects.get_or_create(
        plan=plan, number=1, defaults={"description": "Семинар", "due_on": datetime.date(2026, 3, 1)}
    )
    return event


def _notification(c):
    return Notification.objects.create(user=c.director, kind="other", title="Проверка")


def _report(c, *, kind="region", done=False):
    report = Report.objects.create(
        kind=kind,
        year=c.year,
        region=c.region if kind == "region" else None,
        school=c.school_a if kind == "school" else None,
        requested_by=c.regional,
    )
    if done:
        report.file.save(f"authz-{report.pk}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        report.status = Report.Status.DONE
        report.save()
    return report


def _sent_school_report(c):
    report, _ = SchoolReport.objects.update_or_create(
        school=c.school_a, year=c.year, defaults={"status": SchoolReport.Status.SENT}
    )
    return report


def _support_measure(c):
    plan, _ = MunicipalPlan.objects.get_or_create(year=c.year, municipality=c.mun_a)
    return MunicipalMeasure.objects.create(
        plan=plan, title="Семинар", responsible="ММС", due_on=datetime.date(2026, 4, 1)
    )


def _submitted_support_plan(c):
    plan = _support_measure(c).plan
    plan.status = MunicipalPlan.Status.SUBMITTED
    plan.save()
    return plan


SCHOOL_A = ("director", "curator", "municipal", "regional", "federal", "admin")


def _only(role: str, status: int = 302) -> dict:
    """`role` may act on school_a, its other viewers get 403, everyone else 404."""
    return allow(*SCHOOL_A, status=403) | {role: status}


# Signed-in users see and may post these; anonymous users go to the login page.
SIGNED_IN = allow(*EVERYONE)

ROWS = [
    # The calendar: everyone signed in; a region's dates to those who work in it.
    Row("monitoring:calendar_detail", SIGNED_IN),
    Row(
        "monitoring:calendar_region",
        allow("director", "curator", "municipal", "regional", "federal", "admin"),
        kwargs=lambda c: {"region_pk": c.region.pk},
    ),
    Row(
        "monitoring:calendar_region",
        allow("outsider", "federal", "admin"),
        kwargs=lambda c: {"region_pk": c.foreign_region.pk},
    ),
    # Only the region's own coordinator shifts its dates; federal sees the region but may not (403).
    Row(
        "monitoring:milestone_override",
        allow("regional", status=302) | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _milestone(c).pk, "region_pk": c.region.pk},
        method="post",
        data=lambda c: {"due_on": "2026-02-20"},
    ),
    Row(
        "monitoring:milestone_override",
        allow() | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _milestone(c).pk, "region_pk": c.foreign_region.pk},
        method="post",
        data=lambda c: {"due_on": "2026-02-20"},
    ),
    Row("monitoring:dashboard_federal", allow("federal", "admin")),
    Row("monitoring:dashboard_region", allow(*COORD), kwargs=lambda c: {"pk": c.region.pk}),
    Row("monitoring:dashboard_region", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    Row("monitoring:dashboard_municipality", allow("municipal", *COORD), kwargs=lambda c: {"pk": c.mun_a.pk}),
    Row("monitoring:dashboard_municipality", allow(*COORD), kwargs=lambda c: {"pk": c.mun_b.pk}),
    Row("monitoring:indicator_schools", allow("federal", "admin"), kwargs=lambda c: {"code": "curators"}),
    Row(
        "monitoring:indicator_schools_region",
        allow(*COORD),
        kwargs=lambda c: {"code": "curators", "region_pk": c.region.pk},
    ),
    Row(
        "monitoring:indicator_schools_municipality",
        allow("municipal", *COORD),
        kwargs=lambda c: {"code": "curators", "municipality_pk": c.mun_a.pk},
    ),
    Row(
        "monitoring:indicator_schools_municipality",
        allow(*COORD),
        kwargs=lambda c: {"code": "curators", "municipality_pk": c.mun_b.pk},
    ),
    Row(
        "monitoring:indicator_schools_region",
        allow("federal", "admin"),
        kwargs=lambda c: {"code": "curators", "region_pk": c.foreign_region.pk},
    ),
    Row("monitoring:plan_list", allow("federal", "admin")),
    # No plan yet: everyone in scope sees that none is started; its coordinator starts it with a POST.
    Row("monitoring:plan_region", allow("federal", "admin", "regional"), kwargs=lambda c: {"region_pk": c.region.pk}),
    Row(
        "monitoring:plan_region",
        allow("federal", "admin", "regional", status=302),
        kwargs=lambda c: {"region_pk": _plan(c).region_id},
    ),
    Row(
        "monitoring:plan_start",
        allow("regional", status=302) | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"region_pk": c.region.pk},
        method="post",
    ),
    Row("monitoring:plan_start", dict.fromkeys(ROLES, 405), kwargs=lambda c: {"region_pk": c.region.pk}),
    Row("monitoring:plan_region", allow("federal", "admin"), kwargs=lambda c: {"region_pk": c.foreign_region.pk}),
    Row("monitoring:plan_detail", allow(*COORD), kwargs=lambda c: {"pk": _plan(c).pk}),
    Row("monitoring:plan_detail", allow("federal", "admin"), kwargs=lambda c: {"pk": _plan(c, c.foreign_region).pk}),
    Row(
        "monitoring:plan_event_create",
        allow("regional", status=302) | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _plan(c).pk},
        method="post",
        data=lambda c: {"description": "Семинар", "due_on": "2026-03-01", "responsible": "РК"},
    ),
    Row(
        "monitoring:plan_event_create",
        allow() | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _plan(c, c.foreign_region).pk},
        method="post",
        data=lambda c: {"description": "Семинар", "due_on": "2026-03-01", "responsible": "РК"},
    ),
    Row(
        "monitoring:plan_fill",
        allow("regional", status=302) | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _plan(c).pk},
        method="post",
    ),
    Row(
        "monitoring:plan_submit",
        allow("regional", status=302) | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _plan(c).pk},
        method="post",
    ),
    Row(
        "monitoring:plan_score",
        allow("federal", "admin", status=302) | {"regional": 403},
        kwargs=lambda c: {"pk": _plan(c).pk},
        method="post",
        data=lambda c: {"score": 5},
    ),
    Row(
        "monitoring:plan_event_status",
        allow("regional", status=302) | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _event(c).pk},
        method="post",
        data=lambda c: {"status": "done"},
    ),
    Row(
        "monitoring:plan_return",
        allow("federal", "admin", status=302) | {"regional": 403},
        kwargs=lambda c: {"pk": _plan(c).pk},
        method="post",
        data=lambda c: {"reason": "Нет мероприятий для муниципалитетов"},
    ),
    Row(
        "monitoring:plan_order",
        allow("regional", status=302) | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _plan(c).pk},
        method="post",
        data=lambda c: {"order_number": "20/01-04", "order_date": "01.02.2026"},
    ),
    Row(
        "monitoring:plan_order",
        allow() | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _plan(c, c.foreign_region).pk},
        method="post",
        data=lambda c: {"order_number": "1", "order_date": "01.02.2026"},
    ),
    Row(
        "monitoring:plan_event_update",
        allow("regional") | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _event(c).pk},
    ),
    Row(
        "monitoring:plan_event_delete",
        allow("regional", status=302) | {"federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _event(c).pk},
        method="post",
    ),
    Row("notifications:notification_list", SIGNED_IN),
    # Someone else's notification does not exist for you.
    Row(
        "notifications:notification_read",
        allow("director", status=302),
        kwargs=lambda c: {"pk": _notification(c).pk},
        method="post",
    ),
    Row("notifications:notification_read_all", allow(*EVERYONE, status=302), method="post"),
    # A page's «seen» report only ever marks the user's own read state.
    Row(
        "notifications:read_state_mark",
        allow(*EVERYONE, status=204),
        method="post",
        data=lambda c: {"kind": "faq", "object_id": "0"},
    ),
    Row("notifications:read_state_mark", dict.fromkeys(ROLES, 405)),
    Row(
        "notifications:notification_preferences",
        allow(*EVERYONE, status=302),
        method="post",
        data=lambda c: {"reminder": "digest"},
    ),
    Row(
        "monitoring:report_create",
        allow(*COORD, status=302),
        method="post",
        data=lambda c: {"kind": "region", "fmt": "xlsx", "region": c.region.pk},
    ),
    Row(
        "monitoring:report_create",
        allow("director", "curator", "municipal", *COORD, status=302),
        method="post",
        data=lambda c: {"kind": "school", "fmt": "xlsx", "school": c.school_a.pk},
    ),
    Row(
        "monitoring:report_create",
        allow("federal", "admin", status=302),
        method="post",
        data=lambda c: {"kind": "federal", "fmt": "xlsx"},
    ),
    Row(
        "monitoring:report_create",
        allow("federal", "admin", status=302),
        method="post",
        data=lambda c: {"kind": "region", "fmt": "xlsx", "region": c.foreign_region.pk},
    ),
    Row("monitoring:report_detail", allow(*COORD), kwargs=lambda c: {"pk": _report(c).pk}),
    Row(
        "monitoring:report_detail",
        allow("director", "curator", "municipal", *COORD),
        kwargs=lambda c: {"pk": _report(c, kind="school").pk},
    ),
    Row("monitoring:report_download", allow(*COORD), kwargs=lambda c: {"pk": _report(c, done=True).pk}),
    # Not built yet: nothing to download even for those who may.
    Row("monitoring:report_download", allow(), kwargs=lambda c: {"pk": _report(c).pk}),
    # The school's report on its roadmap: the school writes and sends, the curator concludes,
    # the municipal coordinator of the school's municipality decides.
    Row("monitoring:school_report_detail", allow(*SCHOOL_A), kwargs=lambda c: {"pk": c.school_a.pk}),
    Row(
        "monitoring:school_report_detail",
        allow("outsider", "federal", "admin"),
        kwargs=lambda c: {"pk": c.foreign_school.pk},
    ),
    Row(
        "monitoring:school_report_save",
        _only("director"),
        kwargs=lambda c: {"pk": c.school_a.pk},
        method="post",
        data=lambda c: {"analysis": "Мероприятия выполнены"},
    ),
    Row(
        "monitoring:school_report_conclude",
        _only("curator"),
        kwargs=lambda c: {"pk": c.school_a.pk},
        method="post",
        data=lambda c: {"conclusion": "Отчёт согласован"},
    ),
    Row("monitoring:school_report_send", _only("director"), kwargs=lambda c: {"pk": c.school_a.pk}, method="post"),
    Row(
        "monitoring:school_report_accept",
        _only("municipal"),
        kwargs=lambda c: {"pk": _sent_school_report(c).school_id},
        method="post",
    ),
    Row(
        "monitoring:school_report_return",
        _only("municipal"),
        kwargs=lambda c: {"pk": _sent_school_report(c).school_id},
        method="post",
        data=lambda c: {"reason": "Нет анализа по второму этапу"},
    ),
    # Another municipality's school: the municipal coordinator of mun_a does not see it at all.
    Row(
        "monitoring:school_report_accept",
        allow("regional", "federal", "admin", status=403),
        kwargs=lambda c: {"pk": c.school_c.pk},
        method="post",
    ),
    Row("monitoring:school_report_list", allow("municipal", *COORD), kwargs=lambda c: {"pk": c.mun_a.pk}),
    Row("monitoring:school_report_list", allow(*COORD), kwargs=lambda c: {"pk": c.mun_b.pk}),
    # The municipal support plan: seen in scope; written by the municipality, approved by the region.
    Row("monitoring:support_plan_detail", allow("municipal", *COORD), kwargs=lambda c: {"pk": c.mun_a.pk}),
    Row("monitoring:support_plan_detail", allow(*COORD), kwargs=lambda c: {"pk": c.mun_b.pk}),
    Row(
        "monitoring:support_measure_create",
        allow("municipal", status=302) | {"regional": 403, "federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": c.mun_a.pk},
        method="post",
        data=lambda c: {"title": "Семинар", "responsible": "ММС", "due_on": "01.04.2026"},
    ),
    Row(
        "monitoring:support_measure_status",
        allow("municipal", status=302) | {"regional": 403, "federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _support_measure(c).pk},
        method="post",
        data=lambda c: {"status": "done"},
    ),
    Row(
        "monitoring:support_plan_submit",
        allow("municipal", status=302) | {"regional": 403, "federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _support_measure(c).plan.municipality_id},
        method="post",
    ),
    Row(
        "monitoring:support_plan_approve",
        allow("regional", status=302) | {"municipal": 403, "federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _submitted_support_plan(c).municipality_id},
        method="post",
    ),
    Row(
        "monitoring:support_plan_return",
        allow("regional", status=302) | {"municipal": 403, "federal": 403, "admin": 403},
        kwargs=lambda c: {"pk": _submitted_support_plan(c).municipality_id},
        method="post",
        data=lambda c: {"reason": "Нет сроков визитов"},
    ),
]
