"""load_demo: the whole demo, idempotent, and never by accident on a production installation."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from curators.models import Visit
from monitoring.models import MonitoringReport, RegionalPlan
from outcomes.models import AssessmentResult
from schools.models import CuratorAssignment, ProjectYear, Region, School, SchoolStaff, User
from surveys.models import FinalRiskEntry, RiskDirection
from tests.schools.state import db_state
from yearcalendar.models import Milestone


def call(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_demo_refuses_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=0"):
        call("load_demo")
    assert not User.objects.filter(email="admin@medk.example").exists()


def test_load_demo_is_idempotent_and_gives_one_login_per_role(db):
    out, _ = call("load_demo", "--force")
    first = db_state()
    out_again, _ = call("load_demo", "--force")
    assert db_state() == first

    year = ProjectYear.objects.get(is_current=True)
    assert year.year == 2026
    assert Region.objects.count() >= 85
    smolensk = Region.objects.get(code="67")
    assert smolensk.municipalities.count() == 5
    assert School.objects.filter(municipality__region=smolensk, participations__year=year).count() == 9
    assert Region.objects.get(code="76").municipalities.count() == 5
    for email in ("admin", "federal", "regional", "municipal", "curator", "director"):
        user = User.objects.get(email=f"{email}@medk.example")
        assert user.check_password("demo-Medk-2026")
        assert f"{email}@medk.example" in out
    assert "demo-Medk-2026" in out and "http" in out
    curator = User.objects.get(email="curator@medk.example")
    assert list(curator.curatorships.values_list("school__short_name", flat=True)) == ["МБОУ «Гусинская СШ»"]
    director_post = SchoolStaff.objects.get(user__email="director@medk.example")
    assert director_post.school.short_name == "МБОУ «Гусинская СШ»"
    # Every school of the programme has a director; the comparison group (outcomes) are schools without accounts.
    assert (
        SchoolStaff.objects.filter(kind="director").count() == School.objects.filter(participations__year=year).count()
    )
    assert School.objects.filter(municipality__region=smolensk, participations__isnull=True).count() == 8
    assert sorted(set(AssessmentResult.objects.values_list("year", flat=True))) == [year.year - 1, year.year]
    assert FinalRiskEntry.objects.filter(year=year).values("school").distinct().count() >= 5
    assert Milestone.objects.filter(year=year).exists()
    assert RiskDirection.objects.filter(year=year).exists()
    # People are invented: none of the real names from seed 004.
    real = {"Морозова", "Аверьянова", "Ермоловский", "Новикова", "Васинова", "Жойкин", "Скоморощенко", "Шашкова"}
    assert not set(User.objects.values_list("last_name", flat=True)) & real


def test_load_demo_fills_every_apps_part_of_the_story(db):
    call("load_demo", "--force")
    year = ProjectYear.objects.get(is_current=True)
    assert Visit.objects.filter(year=year).exists()
    assert MonitoringReport.objects.filter(year=year, status=MonitoringReport.Status.SUBMITTED).exists()
    assert RegionalPlan.objects.filter(year=year).exists()


def test_the_demo_year_is_placed_relative_to_today_with_one_curator_per_school(db):
    call("load_demo", "--force")
    today = timezone.localdate()
    year = ProjectYear.objects.get(is_current=True)
    due = dict(Milestone.objects.filter(year=year).values_list("code", "due_on"))
    # The survey window closed before the profiles were published, both before today.
    assert due["questionnaires"] < due["profiles_published"] < today
    assert due["roadmaps_placed"] < today < due["concept_documents"] <= today + datetime.timedelta(days=14)
    smolensk = CuratorAssignment.objects.filter(year=year, school__municipality__region__code="67")
    assert smolensk.count() == 9 and smolensk.values("curator").distinct().count() == 9
    for a in smolensk:
        assert a.appointed_on == due["curators_appointed"] < a.contract_date == due["curator_contracts"] < today
    # Not red everywhere: one Smolensk school's visits are overdue, the rest were visited within the week.
    recent = Visit.objects.filter(year=year, held_on__gte=today - datetime.timedelta(days=7))
    assert recent.values("school").distinct().count() >= 8
