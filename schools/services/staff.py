"""Directors, delegates and curators of schools, and the permissions their posts carry."""

import datetime

from django.db import transaction

from medk.lib import bulk

from .. import signals
from ..models import (
    CuratorAssignment,
    ProjectYear,
    School,
    SchoolStaff,
    User,
)
from ..permissions import CURATOR_PERMS, STAFF_PERMS
from . import grants


@transaction.atomic
def curator_assign(
    *,
    school: School,
    year: ProjectYear,
    curator: User,
    by: User | None = None,
    contract_number: str = "",
    contract_date: datetime.date | None = None,
    appointed_on: datetime.date | None = None,
) -> CuratorAssignment:
    """Appoints (or replaces) the curator of a school for a year and moves the permissions."""
    existing = CuratorAssignment.objects.select_for_update().filter(school=school, year=year).first()
    if existing and existing.curator_id != curator.pk:
        previous = existing.curator
        existing.delete()
        if not CuratorAssignment.objects.filter(school=school, curator=previous).exists():
            grants.revoke(previous, school, CURATOR_PERMS)
        existing = None
    values = {"contract_number": contract_number, "contract_date": contract_date, "appointed_by": by}
    if appointed_on:
        values["appointed_on"] = appointed_on
    if existing:
        for k, v in values.items():
            setattr(existing, k, v)
        existing.save()
        assignment = existing
    else:
        assignment = CuratorAssignment.objects.create(school=school, year=year, curator=curator, **values)
    grants.grant(curator, school, CURATOR_PERMS)
    return assignment


@transaction.atomic
def curator_unassign(*, assignment: CuratorAssignment) -> None:
    school, curator = assignment.school, assignment.curator
    assignment.delete()
    if not CuratorAssignment.objects.filter(school=school, curator=curator).exists():
        grants.revoke(curator, school, CURATOR_PERMS)


@transaction.atomic
def staff_attach(*, school: School, user: User, kind: str = SchoolStaff.Kind.DIRECTOR) -> SchoolStaff:
    """Makes a user the director (replacing the previous one) or a delegate of a school."""
    if kind == SchoolStaff.Kind.DIRECTOR:
        for old in SchoolStaff.objects.select_for_update().filter(school=school, kind=kind).exclude(user=user):
            staff_detach(post=old)
    post, _ = SchoolStaff.objects.update_or_create(user=user, school=school, defaults={"kind": kind})
    grants.grant(user, school, STAFF_PERMS)
    return post


@transaction.atomic
def staff_detach(*, post: SchoolStaff) -> None:
    post.delete()
    grants.revoke(post.user, post.school, STAFF_PERMS)


@transaction.atomic
def staff_attach_bulk(*, pairs: list[tuple[School, User]]) -> int:
    """Makes each user the director of the paired school (for imports: a few queries for any number).

    A previous director of a school loses the post and its permissions (their view right stays if they
    also curate the school), as in `staff_attach`.
    """
    if not pairs:
        return 0
    school_ids = [school.pk for school, _ in pairs]
    wanted = {school.pk: user.pk for school, user in pairs}
    old = [
        post
        for post in SchoolStaff.objects.select_for_update().filter(
            school_id__in=school_ids, kind=SchoolStaff.Kind.DIRECTOR
        )
        if post.user_id != wanted[post.school_id]
    ]
    if old:
        SchoolStaff.objects.filter(pk__in=[p.pk for p in old]).delete()
        curating = set(
            CuratorAssignment.objects.filter(school_id__in=school_ids).values_list("curator_id", "school_id")
        )
        gone = [(p.user_id, p.school_id) for p in old]
        grants.revoke_bulk(gone, ["act_for_school"])
        grants.revoke_bulk([pair for pair in gone if pair not in curating], ["view_school"])
    existing = {
        (post.user_id, post.school_id): post
        for post in SchoolStaff.objects.filter(school_id__in=school_ids, user_id__in=set(wanted.values()))
    }
    promote = [post for key, post in existing.items() if wanted.get(key[1]) == key[0]]
    SchoolStaff.objects.filter(pk__in=[p.pk for p in promote]).update(kind=SchoolStaff.Kind.DIRECTOR)
    bulk.copy_rows(
        SchoolStaff,
        ("user_id", "school_id", "kind"),
        [
            (user_id, school_id, SchoolStaff.Kind.DIRECTOR.value)
            for school_id, user_id in wanted.items()
            if (user_id, school_id) not in existing
        ],
    )
    grants.grant_bulk([(user_id, school_id) for school_id, user_id in wanted.items()], STAFF_PERMS)
    signals.announce_schools_changed(wanted)
    return len(wanted)


@transaction.atomic
def curator_assign_bulk(*, year: ProjectYear, assignments: list[dict], by: User | None = None) -> int:
    """Appoints curators to many schools (dicts: school, curator, contract_number, contract_date).

    Same rules as `curator_assign`: one curator per school and year; a replaced curator loses the review
    right unless they still curate the school in another year.
    """
    if not assignments:
        return 0
    by_school = {a["school"].pk: a for a in assignments}
    current = {
        ca.school_id: ca
        for ca in CuratorAssignment.objects.select_for_update().filter(year=year, school_id__in=list(by_school))
    }
    replaced = [ca for school_id, ca in current.items() if ca.curator_id != by_school[school_id]["curator"].pk]
    if replaced:
        CuratorAssignment.objects.filter(pk__in=[ca.pk for ca in replaced]).delete()
        still = set(
            CuratorAssignment.objects.filter(school_id__in=[ca.school_id for ca in replaced]).values_list(
                "curator_id", "school_id"
            )
        )
        grants.revoke_bulk(
            [(ca.curator_id, ca.school_id) for ca in replaced if (ca.curator_id, ca.school_id) not in still],
            CURATOR_PERMS,
        )
        for ca in replaced:
            current.pop(ca.school_id)
    changed, new = [], []
    for school_id, a in by_school.items():
        ca = current.get(school_id)
        if ca is None:
            new.append(
                CuratorAssignment(
                    school_id=school_id,
                    year=year,
                    curator_id=a["curator"].pk,
                    contract_number=a.get("contract_number", ""),
                    contract_date=a.get("contract_date"),
                    appointed_by=by,
                )
            )
        elif (ca.contract_number, ca.contract_date) != (a.get("contract_number", ""), a.get("contract_date")):
            ca.contract_number, ca.contract_date = a.get("contract_number", ""), a.get("contract_date")
            changed.append(ca)
    CuratorAssignment.objects.bulk_create(new, batch_size=1000)
    CuratorAssignment.objects.bulk_update(changed, ["contract_number", "contract_date"], batch_size=1000)
    grants.grant_bulk([(a["curator"].pk, school_id) for school_id, a in by_school.items()], CURATOR_PERMS)
    signals.announce_schools_changed(by_school)
    return len(new) + len(changed)
