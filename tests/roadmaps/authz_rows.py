"""Authorization-matrix rows for every roadmaps view (own school, foreign school, wrong method)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from roadmaps import selectors, services
from roadmaps.models import Document, ExpertiseItem, Indicator, Measure
from surveys.models import RiskActivation, RiskDirection
from surveys.risk_catalogue import risk_directions_create_default
from tests.authz import EVERYONE, ROLES, Row, allow

PDF = b"%PDF-1.4\n%%EOF\n"
VIEWERS = ("director", "curator", "municipal", "regional", "federal", "admin")
FOREIGN_VIEWERS = ("outsider", "federal", "admin")
REOPENERS = ("curator", "municipal", "regional", "federal", "admin")
COMMENTERS = VIEWERS


def only(roles, status=200, forbidden=403):
    """`roles` get `status`; other viewers of school_a get 403; the outsider 404."""
    expect = {r: (status if r in roles else forbidden) for r in ROLES if r != "anonymous"}
    expect["outsider"] = status if "outsider" in roles else 404
    return expect


def wrong_method() -> dict:
    return dict.fromkeys(ROLES, 405)


def _directions(c):
    risk_directions_create_default(year=c.year)
    picked = list(RiskDirection.objects.filter(year=c.year).order_by("number")[:2])
    for school in (c.school_a, c.foreign_school):
        for d in picked:
            RiskActivation.objects.get_or_create(school=school, direction=d)
    return picked


def _roadmap(c, school=None, *, complete=True) -> Document:
    school = school or c.school_a
    _directions(c)
    document = services.roadmap_prepare(school=school, year=c.year)
    if document.sections.filter(measures__isnull=False).exists():
        return document
    for section in selectors.roadmap_sections(document=document):
        services.section_update(section=section, goal="Цель", tasks="", revision=None, by=c.admin)
        services.measure_create(
            section=section,
            data={
                "title": "Мероприятие",
                "responsible": "Завуч",
                "starts_on": datetime.date(2026, 4, 1),
                "ends_on": datetime.date(2026, 4, 2),
            },
            by=c.admin,
        )
        if complete:
            services.indicator_create(section=section, data={"name": "Доля", "baseline": 1, "target": 2}, by=c.admin)
    document.refresh_from_db()
    return document


def _submitted(c, school=None) -> Document:
    document = _roadmap(c, school)
    services.document_submit(document=document, by=c.admin)
    return document


def _confirmed(c, school=None) -> Document:
    document = _submitted(c, school)
    services.document_confirm(document=document, by=c.admin)
    return document


def _resubmitted(c) -> Document:
    document = _submitted(c)
    services.document_return(document=document, by=c.admin, reason="Доработать")
    section = document.sections.first()
    services.measure_create(section=section, data={"title": "Новое"}, by=c.admin)
    services.document_submit(document=document, by=c.admin)
    return document


def _concept(c, school=None):
    return services.document_upload(
        school=school or c.school_a,
        year=c.year,
        kind="concept",
        uploaded_file=SimpleUploadedFile("Концепция.pdf", PDF),
        by=c.admin,
    )


def _section(c):
    return _roadmap(c).sections.order_by("pk").first()


def _measure(c):
    return Measure.objects.filter(section__document=_roadmap(c)).first()


def _indicator(c):
    return Indicator.objects.filter(section__document=_roadmap(c)).first()


def _item(c):
    _confirmed(c)
    sample = services.sample_draw(year=c.year, title="Выборка", by=c.admin, seed=1, count=1)
    return ExpertiseItem.objects.get(sample=sample)


def _expert(c):
    services.expert_appoint(year=c.year, by=c.admin, email=c.curator.email)
    return c.curator


def _school(c):
    return {"school_pk": c.school_a.pk}


def _pk(fn):
    return lambda c: {"pk": fn(c).pk}


def _file(c):
    return {"kind": "concept", "file": SimpleUploadedFile("a.pdf", PDF)}


ROWS = [
    # Documents of the school
    Row("roadmaps:document_list", allow(*VIEWERS), kwargs=_school),
    Row("roadmaps:document_list", allow(*FOREIGN_VIEWERS), kwargs=lambda c: {"school_pk": c.foreign_school.pk}),
    Row("roadmaps:document_upload", only(("director",), 302), kwargs=_school, method="post", data=_file),
    Row("roadmaps:document_upload", wrong_method(), kwargs=_school),
    # Starting from last year's roadmap: the school's own staff (nothing to copy → back with a message).
    Row("roadmaps:roadmap_copy", only(("director",), 302), kwargs=_school, method="post"),
    Row("roadmaps:roadmap_copy", wrong_method(), kwargs=_school),
    Row(
        "roadmaps:roadmap_start",
        only(("director",), 302),
        kwargs=lambda c: _directions(c) and _school(c),
        method="post",
    ),
    Row("roadmaps:roadmap_start", wrong_method(), kwargs=_school),
    Row("roadmaps:document_detail", allow(*VIEWERS), kwargs=_pk(lambda c: _concept(c).document)),
    Row(
        "roadmaps:document_detail",
        allow(*FOREIGN_VIEWERS),
        kwargs=_pk(lambda c: _concept(c, c.foreign_school).document),
    ),
    Row(
        "roadmaps:document_similarity",
        only(("curator", "municipal", "regional", "federal", "admin")),
        kwargs=_pk(lambda c: _concept(c).document),
    ),
    Row(
        "roadmaps:version_upload",
        only(("director",), 302),
        kwargs=_pk(lambda c: _concept(c).document),
        method="post",
        data=lambda c: {"file": SimpleUploadedFile("b.pdf", PDF)},
    ),
    Row("roadmaps:version_download", allow(*VIEWERS), kwargs=_pk(_concept)),
    Row("roadmaps:version_download", allow(*FOREIGN_VIEWERS), kwargs=_pk(lambda c: _concept(c, c.foreign_school))),
    Row("roadmaps:version_download", wrong_method(), kwargs=_pk(_concept), method="post"),
    Row("roadmaps:version_view", allow(*VIEWERS), kwargs=_pk(_concept)),
    Row("roadmaps:version_view", allow(*FOREIGN_VIEWERS), kwargs=_pk(lambda c: _concept(c, c.foreign_school))),
    Row("roadmaps:version_view", wrong_method(), kwargs=_pk(_concept), method="post"),
    # Review loop
    Row("roadmaps:document_submit", only(("director",), 302), kwargs=_pk(_roadmap), method="post"),
    Row("roadmaps:document_submit", wrong_method(), kwargs=_pk(_roadmap)),
    Row(
        "roadmaps:document_submit",
        {r: 404 for r in ROLES if r not in ("anonymous", "outsider", "federal", "admin")}
        | {"outsider": 302, "federal": 403, "admin": 403},
        kwargs=_pk(lambda c: _roadmap(c, c.foreign_school)),
        method="post",
    ),
    Row("roadmaps:document_confirm", only(("curator",), 302), kwargs=_pk(_submitted), method="post"),
    Row(
        "roadmaps:document_return",
        only(("curator",), 302),
        kwargs=_pk(_submitted),
        method="post",
        data=lambda c: {"reason": "Нет показателей"},
    ),
    Row(
        "roadmaps:document_reopen",
        only(REOPENERS, 302),
        kwargs=_pk(_confirmed),
        method="post",
        data=lambda c: {"reason": "Ошибка"},
    ),
    Row(
        "roadmaps:comment_create",
        only(COMMENTERS, 302),
        kwargs=_pk(_submitted),
        method="post",
        data=lambda c: {"text": "Комментарий"},
    ),
    Row("roadmaps:document_diff", allow(*VIEWERS), kwargs=_pk(_resubmitted), query="a=1&b=2"),
    Row("roadmaps:evaluation_edit", only(("curator",)), kwargs=_pk(_confirmed)),
    Row(
        "roadmaps:evaluation_edit",
        only(("curator",), 302),
        kwargs=_pk(_confirmed),
        method="post",
        data=lambda c: {
            f"score_{k}": 2 for k in ("goals", "indicators", "monitoring", "analysis", "measures", "effectiveness")
        },
    ),
    # Directions and the structured roadmap
    Row("roadmaps:roadmap_detail", allow(*VIEWERS), kwargs=_school),
    # Directions activated, roadmap not started: the page offers to start it (and writes nothing itself).
    Row("roadmaps:roadmap_detail", allow(*VIEWERS), kwargs=lambda c: _directions(c) and _school(c)),
    Row("roadmaps:roadmap_detail", allow(*FOREIGN_VIEWERS), kwargs=lambda c: {"school_pk": c.foreign_school.pk}),
    Row("roadmaps:roadmap_export_xlsx", allow(*VIEWERS), kwargs=lambda c: _roadmap(c) and _school(c)),
    Row("roadmaps:roadmap_export_pdf", allow(*VIEWERS), kwargs=lambda c: _roadmap(c) and _school(c)),
    Row(
        "roadmaps:roadmap_export_pdf",
        allow(*FOREIGN_VIEWERS),
        kwargs=lambda c: _roadmap(c, c.foreign_school) and {"school_pk": c.foreign_school.pk},
    ),
    Row("roadmaps:section_edit", only(("director",)), kwargs=_pk(_section)),
    Row(
        "roadmaps:section_edit",
        only(("director",), 302),
        kwargs=_pk(_section),
        method="post",
        data=lambda c: {"goal": "Новая цель", "tasks": ""},
    ),
    Row("roadmaps:measure_create", only(("director",)), kwargs=_pk(_section)),
    Row(
        "roadmaps:measure_create",
        only(("director",), 302),
        kwargs=_pk(_section),
        method="post",
        data=lambda c: {"title": "Новое мероприятие"},
    ),
    Row("roadmaps:measure_edit", only(("director",)), kwargs=_pk(_measure)),
    Row(
        "roadmaps:measure_edit",
        only(("director",), 302),
        kwargs=_pk(_measure),
        method="post",
        data=lambda c: {"title": "Изменено"},
    ),
    Row("roadmaps:measure_delete", only(("director",), 302), kwargs=_pk(_measure), method="post"),
    Row("roadmaps:measure_delete", wrong_method(), kwargs=_pk(_measure)),
    Row("roadmaps:indicator_create", only(("director",)), kwargs=_pk(_section)),
    Row(
        "roadmaps:indicator_create",
        only(("director",), 302),
        kwargs=_pk(_section),
        method="post",
        data=lambda c: {"name": "Новый показатель"},
    ),
    Row("roadmaps:indicator_edit", only(("director",)), kwargs=_pk(_indicator)),
    Row(
        "roadmaps:indicator_edit",
        only(("director",), 302),
        kwargs=_pk(_indicator),
        method="post",
        data=lambda c: {"name": "Изменено"},
    ),
    Row("roadmaps:indicator_delete", only(("director",), 302), kwargs=_pk(_indicator), method="post"),
    # Queues and expertise
    Row("roadmaps:review_list", allow(*EVERYONE)),
    Row("roadmaps:review_list", wrong_method() | {"anonymous": 405}, method="post"),
    Row("roadmaps:sample_list", allow("regional", "federal", "admin")),
    Row(
        "roadmaps:sample_draw",
        allow("federal", "admin", status=302),
        method="post",
        data=lambda c: {"title": "В", "count": 1, "seed": 5},
    ),
    Row("roadmaps:sample_draw", wrong_method()),
    Row("roadmaps:sample_detail", allow("federal", "admin"), kwargs=lambda c: {"pk": _item(c).sample_id}),
    Row(
        "roadmaps:sample_region_export",
        allow("regional", "federal", "admin"),
        kwargs=lambda c: {"pk": _item(c).sample_id, "region_pk": c.region.pk},
    ),
    Row(
        "roadmaps:sample_region_export",
        allow("federal", "admin"),
        kwargs=lambda c: {"pk": _item(c).sample_id, "region_pk": c.foreign_region.pk},
    ),
    Row("roadmaps:item_evaluate", allow("federal", "admin"), kwargs=_pk(_item)),
    Row("roadmaps:expert_list", allow("federal", "admin")),
    Row("roadmaps:expert_remove", allow("federal", "admin", status=302), kwargs=_pk(_expert), method="post"),
    Row(
        "roadmaps:item_assign",
        allow("federal", "admin", status=302),
        kwargs=_pk(_item),
        method="post",
        data=lambda c: {"email": c.curator.email},
    ),
    # The year's required documents: the federal level only.
    Row("roadmaps:required_documents", allow("federal", "admin")),
    Row(
        "roadmaps:required_documents",
        allow("federal", "admin", status=302),
        method="post",
        data=lambda c: {"kinds": ["concept", "roadmap"]},
    ),
]
