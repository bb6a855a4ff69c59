from notifications.models import Notification
from surveys import services

from .helpers import profile, setup


def test_publishing_a_profile_notifies_the_schools_staff_once(cast):
    setup(cast)
    p = profile(cast, published=False)
    services.profiles_publish(year=cast.year, by=cast.federal, school=cast.school_a)
    notes = Notification.objects.filter(kind="profile_published")
    assert {n.user for n in notes} == {cast.director, cast.delegate}
    assert all(str(p.school_id) in n.url for n in notes)
    assert not Notification.objects.filter(user=cast.outsider).exists()
