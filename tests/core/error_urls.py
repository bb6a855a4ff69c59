"""The root URLconf plus a page that fails, so the tests can see the portal's 500 page (tests only)."""

from django.urls import path

from medk.urls import handler400, handler403, handler404, handler429, handler500, urlpatterns  # noqa: F401


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("__boom__/", _boom)]
