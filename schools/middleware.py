"""Two-factor protection required of coordinators and administrators (schools.mfa says who)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import mfa

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
