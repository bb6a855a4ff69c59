"""Writes about organisation and people. Guardian permissions are granted only here."""

import datetime

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from guardian.shortcuts import assign_perm, remove_perm

from .models import CuratorAssignment, ProjectYear, School, SchoolStaff, User
from .permissions import CURATOR_PERMS, STAFF_PERMS


def _grant(user: User, school: School, codenames) -> None:
    for codename in codenames:
        assign_perm(f"schools.{codename}", user, school)


def _revoke(user: User, school: School, codenames) -> None:
    for codename in codenames:
        remove_perm(f"schools.{codename}", user, school)


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
            _revoke(previous, school, CURATOR_PERMS)
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
    _grant(curator, school, CURATOR_PERMS)
    return assignment


@transaction.atomic
def curator_unassign(*, assignment: CuratorAssignment) -> None:
    school, curator = assignment.school, assignment.curator
    assignment.delete()
    if not CuratorAssignment.objects.filter(school=school, curator=curator).exists():
        _revoke(curator, school, CURATOR_PERMS)


@transaction.atomic
def staff_attach(*, school: School, user: User, kind: str = SchoolStaff.Kind.DIRECTOR) -> SchoolStaff:
    """Makes a user the director (replacing the previous one) or a delegate of a school."""
    if kind == SchoolStaff.Kind.DIRECTOR:
        for old in SchoolStaff.objects.select_for_update().filter(school=school, kind=kind).exclude(user=user):
            staff_detach(post=old)
    post, _ = SchoolStaff.objects.update_or_create(user=user, school=school, defaults={"kind": kind})
    _grant(user, school, STAFF_PERMS)
    return post


@transaction.atomic
def staff_detach(*, post: SchoolStaff) -> None:
    post.delete()
    _revoke(post.user, post.school, STAFF_PERMS)


def user_invite(*, user: User) -> None:
    """E-mails a new user a link to set their password (allauth's reset-from-key page)."""
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    context = {"user": user, "url": f"{settings.SITE_URL}{path}", "site_url": settings.SITE_URL}
    subject = render_to_string("schools/email/invite_subject.txt", context).strip()
    body = render_to_string("schools/email/invite.txt", context)
    html = render_to_string("schools/email/invite.html", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()
