from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from medk.lib import net


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from imports or the admin: no open sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        # One notion of the client's address for login limits, the audit trail and the survey flood guard.
        ip = net.client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
