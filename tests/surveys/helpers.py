"""Setting up the diagnosis for tests: the real 2026 definition, an open (or closed) window."""

import datetime

from django.core.cache import cache
from django.utils import timezone

from surveys import loading, services
from surveys.models import FINAL_WINDOW_CODE, RespondentGroup, RiskProfile
from surveys.selectors import respondents
from yearcalendar.models import Milestone
from yearcalendar.services import calendar_create_default

WINDOW_CODES = ("questionnaires", "director_survey", "curator_survey")


def open_window(year, *, days_before: int = 5, days_after: int = 5) -> None:
    calendar_create_default(year=year)
    today = timezone.localdate()
    Milestone.objects.filter(year=year, code__in=WINDOW_CODES).update(
        starts_on=today - datetime.timedelta(days=days_before), due_on=today + datetime.timedelta(days=days_after)
    )
    respondents.forget_intakes()  # a direct UPDATE sends no signal (the app's services do)


def close_window(year) -> None:
    """Closes the first diagnosis windows and the final one (the final window is open in December by default)."""
    calendar_create_default(year=year)
    today = timezone.localdate()
    Milestone.objects.filter(year=year, code__in=(*WINDOW_CODES, FINAL_WINDOW_CODE)).update(
        starts_on=today - datetime.timedelta(days=30), due_on=today - datetime.timedelta(days=1)
    )
    respondents.forget_intakes()  # a direct UPDATE sends no signal (the app's services do)


def setup(cast, *, window: bool = True) -> None:
    loading.questionnaires_load_file(year=cast.year)
    if window:
        open_window(cast.year)
    reset_limits()


def reset_limits() -> None:
    """The flood guard counts per address in the cache (Redis survives between runs)."""
    cache.delete_many(
        [f"surveys:rl:{kind}:127.0.0.1" for kind in ("nocookie", "addr", "issued", "codefail")]
        + [f"surveys:rl:browser:{'a' * 32}", f"surveys:rl:browser:{'b' * 32}"]
    )


def signed_browser_id(value: str) -> str:
    """The cookie value the server would have set for the browser identity `value`."""
    from django.http import HttpResponse

    from surveys import ratelimit

    response = HttpResponse()
    response.set_signed_cookie(ratelimit.COOKIE, value, salt=ratelimit.SALT)
    return response.cookies[ratelimit.COOKIE].value


def link(cast, group=RespondentGroup.TEACHER, school=None):
    links = services.links_ensure(school=school or cast.school_a, year=cast.year)
    return next(x for x in links if x.group == group)


def profile(cast, school=None, *, published=True, verified=False) -> RiskProfile:
    from surveys import scoring

    school = school or cast.school_a
    scoring.profiles_recompute(year=cast.year, school_ids=[school.pk])
    p = RiskProfile.objects.get(school=school, year=cast.year)
    if published and not p.is_published:
        services.profiles_publish(year=cast.year, by=cast.federal, school=school)
        p.refresh_from_db()
    if verified:
        services.profile_verify(profile=p, by=cast.curator, comments={})
    return p


def open_final_window(year, *, days_before: int = 5, days_after: int = 5) -> None:
    """The first windows closed, the final diagnosis window open around today."""
    close_window(year)
    today = timezone.localdate()
    Milestone.objects.filter(year=year, code=FINAL_WINDOW_CODE).update(
        starts_on=today - datetime.timedelta(days=days_before), due_on=today + datetime.timedelta(days=days_after)
    )
    respondents.forget_intakes()
