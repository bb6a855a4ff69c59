from surveys.models import ProfileJob, RespondentGroup
from tests.authz import EVERYONE, ROLES, Row, allow

from . import helpers

ALL = dict.fromkeys(ROLES, 200)


def _token(c, group=RespondentGroup.TEACHER):
    helpers.setup(c)
    return {"token": helpers.link(c, group).token}


def _published(c, school="school_a", **kw):
    helpers.setup(c)
    helpers.profile(c, getattr(c, school), **kw)
    return {"pk": getattr(c, school).pk}


def _job(c):
    return {"pk": ProfileJob.objects.create(year=c.year, created_by=c.federal).pk}


def _wrong_method(url_name, method, kwargs=lambda c: {}):
    return Row(url_name, dict.fromkeys(ROLES, 405), kwargs=kwargs, method=method)


A = lambda c: {"pk": c.school_a.pk}  # noqa: E731
F = lambda c: {"pk": c.foreign_school.pk}  # noqa: E731
SCHOOL_VIEW = ("director", "curator", "municipal", "regional", "federal", "admin")

ROWS = [
    # Public respondent pages: anyone, no account.
    Row("surveys:respond_start", ALL),
    Row("surveys:respond_start", ALL, query="code=NOSUCH"),
    Row("surveys:respond", ALL, kwargs=_token),
    # An empty submission is malformed: 400 for everyone, nothing saved.
    Row("surveys:respond", dict.fromkeys(ROLES, 400), kwargs=_token, method="post"),
    Row("surveys:respond_done", ALL, kwargs=_token),
    _wrong_method("surveys:respond_done", "post", _token),
    _wrong_method("surveys:respond", "put", _token),
    # Cabinet questionnaires.
    Row(
        "surveys:director_survey",
        allow("director", others=403) | {"outsider": 404},
        kwargs=lambda c: helpers.setup(c) or {"pk": c.school_a.pk},
    ),
    Row(
        "surveys:director_survey",
        allow("outsider", others=404) | {"federal": 403, "admin": 403},
        kwargs=lambda c: helpers.setup(c) or {"pk": c.foreign_school.pk},
    ),
    _wrong_method("surveys:director_survey", "delete", A),
    Row("surveys:curator_survey", allow("curator"), kwargs=lambda c: helpers.setup(c) or {}),
    _wrong_method("surveys:curator_survey", "put"),
    # A school's diagnosis page.
    Row("surveys:school_diagnosis", allow(*SCHOOL_VIEW), kwargs=A),
    Row("surveys:school_diagnosis", allow("outsider", "federal", "admin"), kwargs=F),
    _wrong_method("surveys:school_diagnosis", "post", A),
    Row("surveys:links_print", allow(*SCHOOL_VIEW) | {"curator": 403}, kwargs=A),
    Row("surveys:links_print", allow("outsider", "federal", "admin"), kwargs=F),
    # Issuing the links and codes: the school or a coordinator, by POST only.
    Row(
        "surveys:links_issue",
        allow("director", "municipal", "regional", "federal", "admin", status=302) | {"curator": 403},
        kwargs=A,
        method="post",
    ),
    _wrong_method("surveys:links_issue", "get", A),
    Row(
        "surveys:headcount_edit",
        allow("director", status=302, others=403) | {"outsider": 404},
        kwargs=A,
        method="post",
        data=lambda c: {"teachers": 20, "pupils6": 15, "pupils9": 12, "parents": 25},
    ),
    Row(
        "surveys:headcount_edit",
        allow("outsider", status=302, others=404) | {"federal": 403, "admin": 403},
        kwargs=F,
        method="post",
        data=lambda c: {"teachers": 20, "pupils6": 15, "pupils9": 12, "parents": 25},
    ),
    _wrong_method("surveys:headcount_edit", "get", A),
    # The profile.
    Row("surveys:profile_detail", allow(*SCHOOL_VIEW), kwargs=_published),
    Row("surveys:profile_detail", allow("outsider", "federal", "admin"), kwargs=F),
    Row(
        "surveys:profile_verify",
        allow("curator", others=403) | {"outsider": 404},
        kwargs=_published,
    ),
    Row(
        "surveys:profile_verify",
        allow(others=404) | {"federal": 403, "admin": 403, "outsider": 403},
        kwargs=lambda c: _published(c, "foreign_school"),
    ),
    Row(
        "surveys:activation_edit",
        allow("director", others=403) | {"outsider": 404},
        kwargs=lambda c: _published(c, verified=True),
    ),
    Row(
        "surveys:activation_edit",
        allow("outsider", others=404) | {"federal": 403, "admin": 403},
        kwargs=lambda c: _published(c, "foreign_school"),
    ),
    Row(
        "surveys:profile_publish",
        allow("federal", "admin", status=302, others=403) | {"outsider": 404},
        kwargs=A,
        method="post",
    ),
    Row(
        "surveys:profile_publish",
        allow("federal", "admin", "outsider", status=302, others=404) | {"outsider": 403},
        kwargs=F,
        method="post",
    ),
    _wrong_method("surveys:profile_publish", "get", A),
    Row(
        "surveys:profile_recompute",
        allow("federal", "admin", status=302, others=403) | {"outsider": 404},
        kwargs=A,
        method="post",
    ),
    # Federal pages.
    Row("surveys:diagnosis_overview", allow("federal", "admin")),
    Row("surveys:year_recompute", allow("federal", "admin", status=302), method="post"),
    _wrong_method("surveys:year_recompute", "get"),
    Row("surveys:year_final_recompute", allow("federal", "admin", status=302), method="post"),
    _wrong_method("surveys:year_final_recompute", "get"),
    Row("surveys:year_publish", allow("federal", "admin", status=302), method="post"),
    Row("surveys:profile_import", allow("federal", "admin", status=400), method="post"),
    Row("surveys:job_detail", allow("federal", "admin"), kwargs=_job),
    # Region and municipality views.
    Row("surveys:region_heatmap", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.region.pk}),
    Row("surveys:region_heatmap", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    Row("surveys:region_export", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.region.pk}),
    Row("surveys:region_export", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    Row(
        "surveys:municipality_heatmap",
        allow("municipal", "regional", "federal", "admin"),
        kwargs=lambda c: {"pk": c.mun_a.pk},
    ),
    Row("surveys:municipality_heatmap", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.mun_b.pk}),
    Row(
        "surveys:municipality_export",
        allow("municipal", "regional", "federal", "admin"),
        kwargs=lambda c: {"pk": c.mun_a.pk},
    ),
    Row("surveys:municipality_export", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.mun_b.pk}),
]

assert EVERYONE  # the shared list of signed-in roles, kept for symmetry with other apps' rows
