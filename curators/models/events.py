"""Seminars and webinars with invited schools and attendance (feeds the attendance indicator)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import ProjectYear, Region, School


class Event(models.Model):
    class Kind(models.TextChoices):
        SETUP_SEMINAR = "setup_seminar", "установочный семинар"
        SEMINAR = "seminar", "семинар"
        WEBINAR = "webinar", "вебинар"
        FINAL = "final", "заключительное мероприятие"

    class Format(models.TextChoices):
        ONSITE = "onsite", "очно"
        REMOTE = "remote", "дистанционно"

    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="events")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="events", help_text="пусто — федеральное"
    )
    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    format = models.CharField("формат", max_length=8, choices=Format.choices, default=Format.ONSITE)
    title = models.CharField("название", max_length=300)
    held_on = models.DateField("дата")
    place = models.CharField("место или ссылка", max_length=500, blank=True)
    description = models.TextField("описание", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Who is invited besides the schools: a list of EventParticipant.Level values (seed 002 step 9:
    # «участники всех уровней»).
    audience = models.JSONField("приглашённые уровни", default=list, blank=True)

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(EventParticipant.Level.choices)
        return [labels[level] for level in self.audience if level in labels]


class EventInvite(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invites")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="event_invites")
    # None until attendance is marked after the event.
    attended = models.BooleanField("присутствовала", null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "приглашённая школа"
        verbose_name_plural = "приглашённые школы"
        constraints = [models.UniqueConstraint(fields=["event", "school"], name="unique_event_invite")]

    def __str__(self) -> str:
        return f"{self.event}: {self.school}"


class EventParticipant(models.Model):
    """A person invited to an event (a curator, a municipal or regional coordinator), with attendance."""

    class Level(models.TextChoices):
        SCHOOL = "school", "школы"
        CURATOR = "curator", "кураторы"
        MUNICIPAL = "municipal", "муниципальные координаторы"
        REGIONAL = "regional", "региональные координаторы"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invitations")
    level = models.CharField("уровень", max_length=16, choices=Level.choices)
    # None until attendance is marked after the event.
    attended = models.BooleanField("присутствовал", null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "приглашённый участник"
        verbose_name_plural = "приглашённые участники"
        ordering = ["level", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["event", "user", "level"], name="unique_event_participant")]

    def __str__(self) -> str:
        return f"{self.event}: {self.user} ({self.get_level_display()})"
