"""In-app notifications, e-mail preferences, the record of reminders already sent and read markers."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import School


class Kind(models.TextChoices):
    DOCUMENT_SUBMITTED = "document_submitted", "документ направлен на проверку"
    DOCUMENT_RETURNED = "document_returned", "документ возвращён на доработку"
    DOCUMENT_CONFIRMED = "document_confirmed", "документ подтверждён"
    QUESTION_ASKED = "question_asked", "задан вопрос"
    VISIT_OVERDUE = "visit_overdue", "просрочен визит куратора"
    PROFILE_PUBLISHED = "profile_published", "опубликован рисковый профиль"
    PLAN_SUBMITTED = "plan_submitted", "план-график направлен"
    PLAN_SCORED = "plan_scored", "план-график оценён"
    REMINDER = "reminder", "напоминание о сроке"
    ESCALATION = "escalation", "пропущен срок"
    REPORT_READY = "report_ready", "отчёт готов"
    OTHER = "other", "прочее"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("вид", max_length=32, choices=Kind.choices)
    title = models.CharField("текст", max_length=500)
    url = models.CharField("ссылка", max_length=500, blank=True)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The same key never notifies the same user twice (the database says so, not the caller).
    key = models.CharField("ключ", max_length=200, null=True, blank=True)
    created_at = models.DateTimeField("создано", default=timezone.now)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)
    emailed_at = models.DateTimeField("отправлено письмом", null=True, blank=True)

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=models.Q(key__isnull=False), name="unique_notification_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How a user wants e-mail for one kind of notification (no row: one letter per event)."""

    class Mode(models.TextChoices):
        INSTANT = "instant", "письмо сразу"
        DIGEST = "digest", "ежедневная сводка"
        OFF = "off", "только в системе"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField("вид", max_length=32, choices=Kind.choices)
    mode = models.CharField("способ", max_length=16, choices=Mode.choices, default=Mode.INSTANT)

    class Meta:
        verbose_name = "настройка уведомлений"
        verbose_name_plural = "настройки уведомлений"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_pref")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.mode}"


class SentReminder(models.Model):
    """One reminder or escalation step, inserted BEFORE anything is sent.

    The unique key makes a retried task, a second beat or a manual rerun a no-op: whoever inserts
    the row sends, everyone else finds it there.
    """

    key = models.CharField("ключ", max_length=200, unique=True)
    milestone = models.ForeignKey("yearcalendar.Milestone", on_delete=models.CASCADE, related_name="sent_reminders")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    level = models.CharField("ступень", max_length=32)
    recipients = models.PositiveIntegerField("получателей", default=0)
    created_at = models.DateTimeField("отправлено", default=timezone.now)

    class Meta:
        verbose_name = "отправленное напоминание"
        verbose_name_plural = "отправленные напоминания"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key


class ReadState(models.Model):
    """When a user last looked at something (a thread, the FAQ, a visit, a monitoring report).

    An item is new for a user when it changed after `read_at`, or when there is no row at all.
    """

    class Kind(models.TextChoices):
        THREAD = "thread", "вопрос"
        FAQ = "faq", "FAQ"
        VISIT = "visit", "визит"
        REPORT = "report", "отчёт мониторинга"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "отметка о прочтении"
        verbose_name_plural = "отметки о прочтении"
        constraints = [models.UniqueConstraint(fields=["user", "kind", "object_id"], name="unique_read_state")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} {self.object_id}"
