"""Appointing curators in the browser, who may do it per region, and curator contracts."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from curators.models import AppointmentPolicy, CuratorContract
from curators.services import appointments as services
from schools import permissions
from schools.models import CuratorAssignment, User
from tests import factories as f
from tests.conftest import login

from . import helpers as h


def _appoint(client, school, **data):
    payload = {"email": "new.curator@example.ru", "appointed_on": "2026-02-14"} | data
    return client.post(reverse("curators:curator_appoint", args=[school.pk]), payload)


def test_the_municipal_coordinator_appoints_an_existing_user_with_the_date_of_appointment(cast):
    new = f.UserFactory(email="new.curator@example.ru")
    response = _appoint(login(cast.municipal), cast.school_a)
    assignment = CuratorAssignment.objects.get(school=cast.school_a, year=cast.year)
    assert response.status_code == 302
    assert assignment.curator == new
    assert assignment.appointed_on == datetime.date(2026, 2, 14)
    assert assignment.appointed_by == cast.municipal
    # The access layer now lets the new curator review the school, and the old one lost it.
    assert permissions.Cap.REVIEW in permissions.school_caps(new, cast.school_a)
    assert permissions.Cap.VIEW not in permissions.school_caps(User.objects.get(pk=cast.curator.pk), cast.school_a)


def test_appointing_an_unknown_e_mail_creates_the_user_and_sends_an_invitation(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _appoint(login(cast.municipal), cast.school_b, last_name="Сидорова", first_name="Анна")
    user = User.objects.get(email="new.curator@example.ru")
    assert user.last_name == "Сидорова"
    assert CuratorAssignment.objects.get(school=cast.school_b).curator == user
    assert [m.to for m in mail.outbox] == [["new.curator@example.ru"]]


def test_an_unknown_e_mail_without_a_name_is_refused_with_a_clear_message(cast):
    client = login(cast.municipal)
    page = client.get(_appoint(client, cast.school_b)["Location"])
    assert "укажите фамилию и имя" in page.content.decode()
    assert CuratorAssignment.objects.get(school=cast.school_b).curator == cast.curator


def test_a_member_of_the_schools_staff_cannot_be_its_curator(cast):
    with pytest.raises(ValidationError):
        services.curator_appoint(
            school=cast.school_a,
            year=cast.year,
            by=cast.municipal,
            email=cast.director.email,
            appointed_on=datetime.date(2026, 2, 14),
        )


def test_a_municipal_coordinator_cannot_appoint_in_another_municipality(cast):
    response = _appoint(login(cast.municipal), cast.school_c, last_name="Сидорова")
    assert response.status_code == 404
    assert not CuratorAssignment.objects.filter(school=cast.school_c).exists()


def test_where_the_region_appoints_the_municipal_coordinator_may_not_and_the_regional_one_may(cast):
    AppointmentPolicy.objects.create(region=cast.region, level=AppointmentPolicy.Level.REGIONAL)
    f.UserFactory(email="new.curator@example.ru")
    assert _appoint(login(cast.municipal), cast.school_a).status_code == 403
    assert CuratorAssignment.objects.get(school=cast.school_a).curator == cast.curator
    assert _appoint(login(cast.regional), cast.school_c).status_code == 302
    assert CuratorAssignment.objects.get(school=cast.school_c).curator.email == "new.curator@example.ru"


def test_the_regional_coordinator_switches_who_appoints_in_the_region(cast):
    response = login(cast.regional).post(
        reverse("curators:appointment_policy_update", args=[cast.region.pk]), {"level": "regional"}
    )
    assert response.status_code == 302
    assert AppointmentPolicy.objects.get(region=cast.region).level == "regional"


def test_the_appointment_page_shows_the_form_only_to_those_who_appoint(cast):
    url = reverse("curators:appointment_list", args=[cast.mun_a.pk])
    assert 'name="email"' in login(cast.municipal).get(url).content.decode()
    assert 'name="email"' not in login(cast.regional).get(url).content.decode()


def test_a_contract_covers_the_curators_schools_and_stamps_their_assignments(cast):
    contract = h.contract(cast)
    assert contract.region == cast.region
    assert set(contract.schools.all()) == {cast.school_a, cast.school_b}
    a = CuratorAssignment.objects.get(school=cast.school_a)
    assert (a.contract_number, a.contract_date) == ("К-7", datetime.date(2026, 3, 1))


def test_a_contract_for_a_school_the_curator_does_not_curate_is_refused(cast):
    with pytest.raises(ValidationError, match="не назначен"):
        services.contract_create(
            by=cast.regional,
            year=cast.year,
            curator=cast.curator,
            number="К-8",
            signed_on=datetime.date(2026, 3, 1),
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 12, 31),
            schools=[cast.school_c],
        )
    assert not CuratorContract.objects.exists()


def test_the_contract_form_reports_a_period_that_ends_before_it_starts(cast):
    response = login(cast.municipal).post(
        reverse("curators:contract_create"),
        {
            "curator": cast.curator.pk,
            "number": "К-9",
            "signed_on": "2026-03-01",
            "starts_on": "2026-12-31",
            "ends_on": "2026-03-01",
            "schools": [cast.school_a.pk],
        },
    )
    assert response.status_code == 200
    assert "Дата окончания раньше даты начала" in response.content.decode()


def test_the_contract_is_created_in_the_browser(cast):
    response = login(cast.municipal).post(
        reverse("curators:contract_create"),
        {
            "curator": cast.curator.pk,
            "number": "К-10",
            "signed_on": "2026-03-01",
            "starts_on": "2026-03-01",
            "ends_on": "2026-12-31",
            "schools": [cast.school_a.pk, cast.school_b.pk],
        },
    )
    contract = CuratorContract.objects.get()
    assert response["Location"] == reverse("curators:contract_detail", args=[contract.pk])
    assert "К-10" in login(cast.curator).get(reverse("curators:contract_list")).content.decode()


def test_removing_a_curator_revokes_the_rights_on_the_school_and_is_in_the_audit_trail(cast):
    from audit.models import AuditEvent

    response = login(cast.municipal).post(
        reverse("curators:curator_remove", args=[cast.school_a.pk]), {"reason": "Переход на другую работу"}
    )
    assert response.status_code == 302
    assert not CuratorAssignment.objects.filter(school=cast.school_a, year=cast.year).exists()
    curator = User.objects.get(pk=cast.curator.pk)
    assert permissions.Cap.REVIEW not in permissions.school_caps(curator, cast.school_a)
    assert permissions.Cap.REVIEW in permissions.school_caps(curator, cast.school_b)
    removal = AuditEvent.objects.get(action="curator_remove")
    assert (removal.actor, removal.school_id, removal.details["reason"]) == (
        cast.municipal,
        cast.school_a.pk,
        "Переход на другую работу",
    )


def test_a_curator_is_not_removed_without_a_reason(cast):
    assignment = CuratorAssignment.objects.get(school=cast.school_a, year=cast.year)
    with pytest.raises(ValidationError, match="причину"):
        services.curator_remove(assignment=assignment, by=cast.municipal, reason=" ")
    assert CuratorAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_contract_is_edited_and_a_school_taken_off_it_loses_the_contract_number(cast):
    contract = h.contract(cast)
    response = login(cast.municipal).post(
        reverse("curators:contract_update", args=[contract.pk]),
        {
            "number": "К-7/1",
            "signed_on": "2026-03-02",
            "starts_on": "2026-03-02",
            "ends_on": "2026-12-31",
            "schools": [cast.school_a.pk],
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.number, list(contract.schools.all())) == ("К-7/1", [cast.school_a])
    a = CuratorAssignment.objects.get(school=cast.school_a, year=cast.year)
    b = CuratorAssignment.objects.get(school=cast.school_b, year=cast.year)
    assert (a.contract_number, a.contract_date) == ("К-7/1", datetime.date(2026, 3, 2))
    assert (b.contract_number, b.contract_date) == ("", None)


def test_a_contract_is_ended_with_a_date_and_reason_and_then_cannot_be_edited(cast):
    contract = h.contract(cast)
    login(cast.municipal).post(
        reverse("curators:contract_end", args=[contract.pk]), {"ended_on": "2026-06-01", "reason": "По соглашению"}
    )
    contract.refresh_from_db()
    assert (contract.ended_on, contract.end_reason) == (datetime.date(2026, 6, 1), "По соглашению")
    assert "расторгнут" in login(cast.curator).get(reverse("curators:contract_list")).content.decode()
    with pytest.raises(ValidationError, match="расторгнут"):
        services.contract_update(
            contract=contract,
            by=cast.municipal,
            number="К-8",
            signed_on=contract.signed_on,
            starts_on=contract.starts_on,
            ends_on=contract.ends_on,
            schools=[cast.school_a],
        )


def test_a_contract_cannot_end_before_it_starts(cast):
    contract = h.contract(cast)
    with pytest.raises(ValidationError, match="раньше начала"):
        services.contract_end(contract=contract, by=cast.municipal, ended_on=datetime.date(2026, 1, 1), reason="x")
