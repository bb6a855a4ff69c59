from medk.lib.memo import per_request

from . import permissions


def year_switcher(request) -> dict:
    """The header's year switcher: for coordinators and the federal level, when there is more than one year.
    Asked once per request, though every panel rendered with the request runs the context processors again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return per_request(("year_switcher", user.pk), lambda: _switcher(user))


def _switcher(user) -> dict:
    scope = permissions.scope_for(user)
    if not (scope.everything or scope.is_coordinator):
        return {}
    years = permissions.project_years()
    if len(years) < 2:
        return {}
    current = next((y for y in years if y.is_current), None)
    shown = permissions.viewing_year.get() or current or years[0]
    past = shown is not None and current is not None and shown.year < current.year
    return {"switch_years": years, "shown_year": shown, "past_year": past}
