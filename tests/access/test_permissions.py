"""The one access layer: who sees which schools and may do what."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from schools import permissions, services
from schools.models import SchoolStaff
from schools.permissions import Cap
from tests import factories as f


def names(qs):
    return {s.short_name for s in qs}


def test_each_role_sees_exactly_its_schools(cast):
    home = {cast.school_a.short_name, cast.school_b.short_name, cast.school_c.short_name}
    everything = home | {cast.foreign_school.short_name}
    assert names(permissions.visible_schools(cast.admin)) == everything
    assert names(permissions.visible_schools(cast.federal)) == everything
    assert names(permissions.visible_schools(cast.regional)) == home
    assert names(permissions.visible_schools(cast.municipal)) == {cast.school_a.short_name, cast.school_b.short_name}
    assert names(permissions.visible_schools(cast.curator)) == {cast.school_a.short_name, cast.school_b.short_name}
    assert names(permissions.visible_schools(cast.director)) == {cast.school_a.short_name}
    assert names(permissions.visible_schools(cast.outsider)) == {cast.foreign_school.short_name}


def test_capabilities_follow_the_role(cast):
    assert permissions.school_caps(cast.director, cast.school_a) == {Cap.VIEW, Cap.ACT}
    assert permissions.school_caps(cast.delegate, cast.school_a) == {Cap.VIEW, Cap.ACT}
    assert permissions.school_caps(cast.curator, cast.school_a) == {Cap.VIEW, Cap.REVIEW}
    assert permissions.school_caps(cast.municipal, cast.school_a) == {Cap.VIEW, Cap.COORDINATE}
    assert permissions.school_caps(cast.regional, cast.school_c) == {Cap.VIEW, Cap.COORDINATE}
    assert Cap.FEDERAL in permissions.school_caps(cast.federal, cast.school_a)
    assert permissions.school_caps(cast.outsider, cast.school_a) == frozenset()


def test_outsider_gets_404_and_viewer_without_the_right_gets_403(cast):
    with pytest.raises(Http404):
        permissions.check_school(cast.outsider, cast.school_a)
    with pytest.raises(PermissionDenied):
        permissions.check_school(cast.curator, cast.school_a, Cap.ACT)
    assert Cap.REVIEW in permissions.check_school(cast.curator, cast.school_a, Cap.REVIEW)


def test_caps_for_many_schools_match_single_checks_in_two_queries(cast, django_assert_max_num_queries):
    schools = list(permissions.visible_schools(cast.curator))
    with django_assert_max_num_queries(2):
        by_school = permissions.caps_for_schools(cast.curator, schools)
    for school in schools:
        assert by_school[school.pk] == permissions.school_caps(cast.curator, school)


def test_replacing_a_curator_moves_the_permissions(cast):
    new_curator = f.UserFactory()
    services.curator_assign(school=cast.school_a, year=cast.year, curator=new_curator)
    assert Cap.REVIEW in permissions.school_caps(new_curator, cast.school_a)
    old = type(cast.curator).objects.get(pk=cast.curator.pk)  # fresh object: no cached scope
    assert permissions.school_caps(old, cast.school_a) == frozenset()
    # the old curator keeps the other school
    assert Cap.REVIEW in permissions.school_caps(old, cast.school_b)


def test_a_new_director_replaces_the_old_one(cast):
    new_director = f.UserFactory()
    services.staff_attach(school=cast.school_a, user=new_director)
    assert SchoolStaff.objects.get(school=cast.school_a, kind=SchoolStaff.Kind.DIRECTOR).user == new_director
    assert permissions.school_caps(cast.director, cast.school_a) == frozenset()
    # the delegate is untouched
    assert Cap.ACT in permissions.school_caps(cast.delegate, cast.school_a)


def test_a_user_without_roles_sees_nothing(db):
    user = f.UserFactory()
    f.SchoolFactory()
    assert not permissions.visible_schools(user).exists()
