"""The cabinet shows everyone the state of their two-factor protection (required for coordinators)."""

from django.template.loader import render_to_string

from schools import mfa


def home_panel(request) -> str | None:
    user = request.user
    return render_to_string(
        "audit/_mfa_panel.html",
        {"enabled": mfa.has_totp(user), "required": mfa.mfa_required(user)},
        request=request,
    )
