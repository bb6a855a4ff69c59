from django.utils.functional import SimpleLazyObject

from . import nav

LOW_VISION_COOKIE = "low_vision"


def portal(request):
    return {
        "nav_items": SimpleLazyObject(lambda: nav.nav_items(request)),
        "low_vision": request.COOKIES.get(LOW_VISION_COOKIE) == "1",
    }
