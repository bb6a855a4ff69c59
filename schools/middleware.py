"""Two-factor protection required of coordinators and administrators (schools.mfa says who)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import mfa, permissions
from .models import ProjectYear

# Pages a coordinator without two-factor protection may still open: the account and 2FA pages themselves
# (activation may ask to re-enter the password), logging out, static files and the low-vision switch.
_ALWAYS_ALLOWED = ("/accounts/", "/accessibility/")


class RequireMfaMiddleware:
    """Sends coordinators and administrators without an activated TOTP authenticator to the activation page.

    Switched by settings.MFA_REQUIRED_FOR_COORDINATORS (read per request, so tests can change it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_activate(request):
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("mfa_activate_totp")
                return response
            messages.warning(
                request,
                "Координаторам и администраторам необходимо включить двухфакторную защиту входа: "
                "отсканируйте QR-код приложением-аутентификатором и введите код.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_activate(request) -> bool:
        path = request.path_info
        if path.startswith(_ALWAYS_ALLOWED) or (settings.STATIC_URL and path.startswith(settings.STATIC_URL)):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not mfa.mfa_required(user):
            return False
        return not mfa.has_totp(user)


YEAR_SESSION_KEY = "medk_year"
# Writes allowed while browsing a past year: switching back, logging out, the low-vision switch.
_WRITES_IN_PAST_YEAR = ("/schools/years/switch/", "/accounts/", "/accessibility/")


class YearMiddleware:
    """The year a coordinator browses (chosen in the header). A past year is read-only: every write is refused,
    so a published profile or a confirmed document of an old year cannot change through the portal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        year = self._chosen(request)
        if year is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            current = permissions.the_current_year()
            if current is not None and year.year < current.year and not request.path.startswith(_WRITES_IN_PAST_YEAR):
                raise PermissionDenied(f"{year.year} год открыт только для чтения: вернитесь к текущему году.")
        token = permissions.viewing_year.set(year)
        try:
            return self.get_response(request)
        finally:
            permissions.viewing_year.reset(token)

    @staticmethod
    def _chosen(request):
        pk = request.session.get(YEAR_SESSION_KEY) if hasattr(request, "session") else None
        if not pk or not request.user.is_authenticated:
            return None
        scope = permissions.scope_for(request.user)
        if not (scope.everything or scope.is_coordinator):
            return None
        return ProjectYear.objects.filter(pk=pk).first()
