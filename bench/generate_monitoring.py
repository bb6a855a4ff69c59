"""Monitoring data on top of bench/generate.py (same EMPTY-then-generated database, PostgreSQL):

directors with logins, curators for most schools, risk activations and published profiles, curator
visits, a setup seminar per region with attendance, monitoring stage reports, conceptual documents,
every region's plan-graph (the seed 002 template), 60 days of indicator snapshots, and coordinators.
«Регион 01» is given --big schools and «Регион 02» --second (municipalities are moved into them).

    .venv/bin/python bench/generate.py
    .venv/bin/python bench/generate_monitoring.py [--big 1000 --second 300]
    .venv/bin/python bench/year.py

`make bench` runs all three once into its own database (bench/run.py); the figures come from bench/figures.py.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medk.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from curators.models import Event, EventInvite, Visit  # noqa: E402
from monitoring.models import IndicatorSnapshot, MonitoringReport, PlanEvent, RegionalPlan  # noqa: E402
from monitoring.services import indicators, planning, readmodel  # noqa: E402
from roadmaps.models import Document  # noqa: E402
from schools.models import (  # noqa: E402
    CuratorAssignment,
    Municipality,
    ProjectYear,
    Region,
    RoleAssignment,
    School,
    SchoolStaff,
    User,
)
from surveys.models import RiskActivation, RiskDirection, RiskProfile, RiskProfileEntry  # noqa: E402
from surveys.risk_catalogue import risk_directions_create_default  # noqa: E402

BIG_REGION_SCHOOLS = 300
PASSWORD = "bench-Medk-2026"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=BIG_REGION_SCHOOLS, help="школ в «Регионе 01»")
    parser.add_argument("--second", type=int, default=0, help="школ в «Регионе 02» (для PDF региона)")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        sys.exit("Нужна PostgreSQL (DATABASE_URL).")
    if RegionalPlan.objects.exists():
        sys.exit("Данные мониторинга уже сгенерированы.")
    started = time.monotonic()
    rng = random.Random(500)
    year = ProjectYear.objects.get(year=2026)
    with transaction.atomic():
        # Enlarge the first region to --big schools (and the second to --second) by moving municipalities into it.
        first_two = list(Region.objects.order_by("code")[:2])
        for region, wanted in zip(first_two, (args.big, args.second), strict=True):
            taken, moved = region.municipalities.count(), []
            counts = dict(
                Municipality.objects.exclude(region__in=first_two)
                .values_list("pk")
                .annotate(n=django.db.models.Count("schools"))
            )
            have = School.objects.filter(municipality__region=region).count()
            for pk, n in sorted(counts.items()):
                if have >= wanted:
                    break
                moved.append(pk)
                have += n
            Municipality.objects.filter(pk__in=moved).update(region=region)
            print(f"«{region.name}»: {taken + len(moved)} муниципалитетов, {have} школ")
        big = first_two[0]

        schools = list(School.objects.select_related("municipality").order_by("pk"))
        hashed = make_password(PASSWORD)
        now = timezone.now()
        directors = User.objects.bulk_create(
            [
                User(
                    email=f"director{s.pk}@bench.example",
                    last_name=f"Директор{s.pk}",
                    password=hashed if rng.random() < 0.9 else "!unusable",
                    last_login=now if rng.random() < 0.7 else None,
                )
                for s in schools
            ],
            batch_size=2000,
        )
        SchoolStaff.objects.bulk_create(
            [SchoolStaff(user=u, school=s, kind="director") for u, s in zip(directors, schools, strict=True)],
            batch_size=2000,
        )
        curators = User.objects.bulk_create(
            [User(email=f"curator{i}@bench.example", last_name=f"Куратор{i}", password=hashed) for i in range(1500)],
            batch_size=2000,
        )
        curated = [s for s in schools if rng.random() < 0.9]
        assignments = CuratorAssignment.objects.bulk_create(
            [CuratorAssignment(curator=curators[i % 1500], school=s, year=year) for i, s in enumerate(curated)],
            batch_size=2000,
        )
        curator_of = {a.school_id: a.curator_id for a in assignments}

        if not RiskDirection.objects.filter(year=year).exists():
            risk_directions_create_default(year=year)
        directions = list(RiskDirection.objects.filter(year=year))
        activations, antirisk = [], []
        for s in schools:
            if rng.random() < 0.7:
                for d in rng.sample(directions, rng.randint(1, 3)):
                    activations.append(RiskActivation(school=s, direction=d))
                    antirisk.append(
                        Document(school=s, year=year, kind="antirisk", direction=d, status=_status(rng, 0.5))
                    )
        RiskActivation.objects.bulk_create(activations, batch_size=5000)
        profiles = RiskProfile.objects.bulk_create(
            [
                RiskProfile(school=s, year=year, method_version="bench", published_at=now)
                for s in schools
                if rng.random() < 0.8
            ],
            batch_size=2000,
        )
        RiskProfileEntry.objects.bulk_create(
            [
                RiskProfileEntry(profile=p, direction=d, level=rng.choice(["high", "medium", "low"]))
                for p in profiles
                for d in directions
            ],
            batch_size=5000,
        )

        visits = []
        for s in schools:
            if s.pk in curator_of and rng.random() < 0.8:
                for k in range(rng.randint(1, 4)):
                    visits.append(
                        Visit(
                            school=s,
                            year=year,
                            curator_id=curator_of[s.pk],
                            held_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=21 * k),
                            participants="директор, заместитель",
                            topics="РПШ, дорожная карта",
                            status=rng.choice(["confirmed", "confirmed", "awaiting", "disputed"]),
                        )
                    )
        Visit.objects.bulk_create(visits, batch_size=5000)

        regions = list(Region.objects.order_by("code"))
        events = Event.objects.bulk_create(
            [
                Event(
                    year=year,
                    region=r,
                    kind="setup_seminar",
                    title="Установочный семинар",
                    held_on=datetime.date(2026, 2, 12),
                )
                for r in regions
            ]
        )
        event_of = {e.region_id: e for e in events}
        EventInvite.objects.bulk_create(
            [
                EventInvite(event=event_of[s.municipality.region_id], school=s, attended=rng.random() < 0.85)
                for s in schools
            ],
            batch_size=5000,
        )
        reports = []
        for s in schools:
            reports.append(MonitoringReport(school=s, year=year, stage=1, status=_status(rng, 0.6)))
            if rng.random() < 0.4:
                reports.append(MonitoringReport(school=s, year=year, stage=2, status=_status(rng, 0.3)))
        MonitoringReport.objects.bulk_create(reports, batch_size=5000)
        documents = [
            Document(school=s, year=year, kind=kind, status=_status(rng, 0.7))
            for s in schools
            for kind in ("concept", "midterm", "roadmap")
        ]
        Document.objects.bulk_create(documents + antirisk, batch_size=5000)

        template = planning.template_events(year=year, region=regions[0])  # the federal dates
        plans = RegionalPlan.objects.bulk_create(
            [
                RegionalPlan(
                    year=year,
                    region=r,
                    status="submitted" if rng.random() < 0.8 else "draft",
                    submitted_at=now,
                )
                for r in regions
            ]
        )
        PlanEvent.objects.bulk_create(
            [
                PlanEvent(
                    plan=p,
                    number=n,
                    description=description,
                    due_on=due,
                    responsible="Региональный координатор",
                    indicator=indicator,
                    status="done" if rng.random() < 0.6 else "planned",
                )
                for p in plans
                for n, (description, _code, due, indicator) in enumerate(template, start=1)
            ],
            batch_size=5000,
        )

        federal = User.objects.create(email="federal@bench.example", password=hashed, last_name="Федеральный")
        RoleAssignment.objects.create(user=federal, kind="federal", year=year)
        regional = User.objects.create(email="regional@bench.example", password=hashed, last_name="Региональный")
        RoleAssignment.objects.create(user=regional, kind="regional", year=year, region=big)

        # 60 days of snapshots, so the charts have history (the daily beat task writes these in production).
        today = timezone.localdate()
        for back in range(60, 0, -1):
            day = today - datetime.timedelta(days=back)
            IndicatorSnapshot.objects.bulk_create(
                [
                    IndicatorSnapshot(
                        year=year,
                        region=r,
                        code=code,
                        day=day,
                        numerator=int(35 * (60 - back) / 60),
                        denominator=35,
                    )
                    for r in [None, *regions]
                    for code in ("curators", "visited", "risks", "logins")
                ],
                ignore_conflicts=True,
            )
        # everything above went in by bulk_create (no signals): the dashboards' read model is built once here
        readmodel.indicator_states_rebuild(year=year)
        indicators.snapshots_record(year=year, day=today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"директоров {len(directors)}, кураторов {len(assignments)}, активаций {len(activations)}, "
        f"визитов {len(visits)}, отчётов мониторинга {len(reports)}, документов {len(documents) + len(antirisk)}, "
        f"планов-графиков {len(plans)}; {time.monotonic() - started:.0f} с"
    )


def _status(rng: random.Random, confirmed: float) -> str:
    return "confirmed" if rng.random() < confirmed else rng.choice(["draft", "submitted", "returned"])


if __name__ == "__main__":
    main()
