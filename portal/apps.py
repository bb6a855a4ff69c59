from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: wiring that touches every app (the demo loader)."""

    name = "portal"
    verbose_name = "Портал"
