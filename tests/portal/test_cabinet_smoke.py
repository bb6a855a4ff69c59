from django.urls import reverse

from tests.conftest import login


def test_smoke(cast):
    for user in cast.users().values():
        r = login(user).get(reverse("home"))
        assert r.status_code == 200, user
        print(user.email, r.content.decode()[r.content.decode().index("<main"):][:3000])
