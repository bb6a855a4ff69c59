"""Access to notifications: each belongs to one user."""

from django.shortcuts import get_object_or_404

from .models import Notification


def get_notification_for_user(user, pk: int) -> Notification:
    # Someone else's notification does not exist for you.
    return get_object_or_404(Notification, pk=pk, user=user)
