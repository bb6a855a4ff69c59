from tests.authz import EVERYONE, Row, allow

ROWS = [
    # A user whose only role is one school post lands on that school.
    Row("home", allow(*EVERYONE) | {"director": 302, "outsider": 302}),
    Row("accessibility_toggle", allow(*EVERYONE, status=302) | {"anonymous": 302}, method="post"),
    Row("schools:school_list", allow(*EVERYONE)),
    # Own school: director, its curator, its municipal and regional coordinators, federal, admin.
    Row(
        "schools:school_detail",
        allow("director", "curator", "municipal", "regional", "federal", "admin"),
        kwargs=lambda c: {"pk": c.school_a.pk},
    ),
    # Same region, another municipality, not this curator's.
    Row("schools:school_detail", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.school_c.pk}),
    Row("schools:region_detail", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.region.pk}),
    Row("schools:region_detail", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    Row(
        "schools:municipality_detail",
        allow("municipal", "regional", "federal", "admin"),
        kwargs=lambda c: {"pk": c.mun_a.pk},
    ),
    Row("schools:municipality_detail", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.mun_b.pk}),
]
