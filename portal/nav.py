"""«Помощь» in everyone's menu."""

from django.urls import reverse

from medk.nav import NavItem


def items(request) -> list[NavItem]:
    return [NavItem("Помощь", reverse("help"), 95, "Поддержка")]
