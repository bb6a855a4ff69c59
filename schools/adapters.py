from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from imports or the admin: no open sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False
