from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Журнал действий"

    def ready(self) -> None:
        from . import signals

        signals.connect_state_logs()
