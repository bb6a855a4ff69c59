"""The «Уведомления» menu item with the unread count."""

from django.urls import reverse

from medk.nav import NavItem

from . import services


def items(request) -> list[NavItem]:
    # The unread count is in the text itself, so it is not colour-only and screen readers say it.
    unread = services.unread(user=request.user).count()
    title = f"Уведомления ({unread})" if unread else "Уведомления"
    return [NavItem(title, reverse("notifications:notification_list"), 90)]
