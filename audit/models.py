"""The audit trail: one append-only table of who did what, when, to which school.

Rows are never changed or removed: the model refuses it at the ORM level and, on PostgreSQL, a trigger
(migration 0002) refuses it in the database itself. References to users and schools are kept without
database constraints and with a text snapshot, so deleting a user or a school never touches the log.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import wording


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Журнал действий нельзя изменять")

    def delete(self):
        raise AppendOnlyError("Записи журнала действий нельзя удалять")

    def _raw_delete(self, using):
        raise AppendOnlyError("Записи журнала действий нельзя удалять")


# Known actions and their Russian names; other apps may record their own dotted codes
# ("roadmap.submit") — an unknown code is shown as it is.
ACTION_LABELS = {
    "login": "вход",
    "login_failed": "неудачный вход",
    "logout": "выход",
    "mfa_enabled": "включена двухфакторная защита",
    "mfa_disabled": "отключена двухфакторная защита",
    "mfa_failed": "неверный код двухфакторной защиты",
    "permission_grant": "выданы права",
    "permission_revoke": "отозваны права",
    "role_grant": "назначена роль координатора",
    "role_revoke": "снята роль координатора",
    "document_download": "скачан документ",
    "state_change": "изменён статус",
    "import": "импорт",
    "import_row": "импортирована запись",
    "audit_export": "выгрузка журнала",
    "export": "выгрузка данных",
    "roadmap.upload": "загружен документ",
    "roadmap.evaluate": "оценка по рубрике",
    "roadmap.sample_draw": "сформирована выборка для экспертизы",
}


class AuditEvent(models.Model):
    at = models.DateTimeField("когда", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField("кто (на момент записи)", max_length=254, blank=True)
    action = models.CharField("действие", max_length=64, db_index=True)
    object_type = models.CharField("тип объекта", max_length=100, blank=True)
    object_id = models.CharField("идентификатор объекта", max_length=64, blank=True)
    object_label = models.CharField("объект", max_length=300, blank=True)
    school = models.ForeignKey(
        "schools.School",
        verbose_name="школа",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    school_label = models.CharField("школа (на момент записи)", max_length=300, blank=True)
    region = models.ForeignKey(
        "schools.Region",
        verbose_name="регион",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    details = models.JSONField("подробности", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP-адрес", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "запись журнала действий"
        verbose_name_plural = "журнал действий"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["region", "-at"], name="audit_region_at")]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_label or '—'}: {self.action_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Журнал действий нельзя изменять")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Записи журнала действий нельзя удалять")

    @property
    def details_text(self) -> str:
        return wording.details_text(self.details, self.object_type)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)
