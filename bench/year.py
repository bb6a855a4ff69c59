"""A full project year on top of bench/generate.py and bench/generate_monitoring.py (same database, PostgreSQL):

a regional coordinator per region and a municipal one per municipality with schools, the directors' and
curators' rights on their schools (as the services grant them), a roadmap with sections for every school
that activated a risk direction, the dashboards' read model, and signed-in sessions for the load test
(`bench/locustfile.py`, written to $BENCH_ACCOUNTS).

    .venv/bin/python bench/generate.py && .venv/bin/python bench/generate_monitoring.py
    .venv/bin/python bench/year.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medk.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from monitoring.services import readmodel  # noqa: E402
from roadmaps.models import Document, DocumentKind, RoadmapSection  # noqa: E402
from schools.models import (  # noqa: E402
    CuratorAssignment,
    Municipality,
    ProjectYear,
    Region,
    RoleAssignment,
    SchoolStaff,
    SchoolUserObjectPermission,
    User,
)
from schools.permissions import CURATOR_PERMS, STAFF_PERMS  # noqa: E402
from surveys.models import RiskActivation  # noqa: E402

PASSWORD = "bench-Medk-2026"


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Нужна PostgreSQL (DATABASE_URL).")
    if RoleAssignment.objects.filter(kind="municipal").exists():
        sys.exit("Год уже достроен.")
    started = time.monotonic()
    year = ProjectYear.objects.get(year=2026)
    with transaction.atomic():
        hashed = make_password(PASSWORD)
        regions = list(Region.objects.order_by("code"))
        municipalities = list(Municipality.objects.filter(schools__participations__year=year).distinct())
        users = [
            User(email=f"regional-{r.code}@bench.example", last_name=f"Региональный{r.code}", password=hashed)
            for r in regions
        ] + [
            User(email=f"municipal-{m.pk}@bench.example", last_name=f"Муниципальный{m.pk}", password=hashed)
            for m in municipalities
        ]
        User.objects.bulk_create(users, batch_size=2000)
        by_email = dict(User.objects.filter(email__endswith="@bench.example").values_list("email", "pk"))
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    user_id=by_email[f"regional-{r.code}@bench.example"], kind="regional", year=year, region=r
                )
                for r in regions
            ]
            + [
                RoleAssignment(
                    user_id=by_email[f"municipal-{m.pk}@bench.example"],
                    kind="municipal",
                    year=year,
                    region_id=m.region_id,
                    municipality=m,
                )
                for m in municipalities
            ],
            batch_size=2000,
        )
        perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="schools")}
        rows = [
            SchoolUserObjectPermission(user_id=user_id, content_object_id=school_id, permission=perms[codename])
            for user_id, school_id in SchoolStaff.objects.values_list("user_id", "school_id")
            for codename in STAFF_PERMS
        ] + [
            SchoolUserObjectPermission(user_id=curator_id, content_object_id=school_id, permission=perms[codename])
            for curator_id, school_id in CuratorAssignment.objects.filter(year=year).values_list(
                "curator_id", "school_id"
            )
            for codename in CURATOR_PERMS
        ]
        SchoolUserObjectPermission.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        roadmaps = dict(
            Document.objects.filter(year=year, kind=DocumentKind.ROADMAP, direction=None).values_list("school_id", "pk")
        )
        sections = [
            RoadmapSection(document_id=roadmaps[school_id], direction_id=direction_id)
            for school_id, direction_id in RiskActivation.objects.filter(direction__year=year).values_list(
                "school_id", "direction_id"
            )
            if school_id in roadmaps
        ]
        RoadmapSection.objects.bulk_create(sections, batch_size=5000, ignore_conflicts=True)
        readmodel.indicator_states_rebuild(year=year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"координаторов: {len(regions)} региональных, {len(municipalities)} муниципальных; прав на школы: {len(rows)}; "
        f"разделов дорожных карт: {len(sections)}; {time.monotonic() - started:.0f} с"
    )


if __name__ == "__main__":
    main()
    from national import write_sessions  # noqa: E402  (the same sessions file the locustfile reads)

    write_sessions(ProjectYear.objects.get(year=2026))
