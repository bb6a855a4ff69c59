from django.utils.functional import SimpleLazyObject

from . import nav

LOW_VISION_COOKIE = "low_vision"


def portal(request):
    items = SimpleLazyObject(lambda: nav.nav_items(request))
    return {
        "nav_items": items,
        "nav_tree": SimpleLazyObject(lambda: nav.nav_tree(list(items), request.path)),
        "low_vision": request.COOKIES.get(LOW_VISION_COOKIE) == "1",
    }
