"""Consultations: school ↔ curator Q&A, the support forum for methodologists, the FAQ, read states."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from medk.lib import uploads
from schools.models import ProjectYear, School


class Thread(models.Model):
    class Kind(models.TextChoices):
        CURATOR = "curator", "вопрос куратору"
        FORUM = "forum", "вопрос методистам"

    kind = models.CharField("вид", max_length=8, choices=Kind.choices)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="threads")
    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="threads")
    subject = models.CharField("тема", max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads")
    created_at = models.DateTimeField("создан", default=timezone.now)
    last_message_at = models.DateTimeField("последнее сообщение", default=timezone.now)
    # True while the last message comes from the school: the question waits for an answer.
    awaiting_answer = models.BooleanField("ожидает ответа", default=True)

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["-last_message_at"]
        indexes = [models.Index(fields=["school", "kind", "awaiting_answer"])]

    def __str__(self) -> str:
        return self.subject


def _message_upload_to(instance, filename: str) -> str:
    school_id = instance.message.thread.school_id
    return uploads.storage_name(f"monitoring/messages/{school_id}/{datetime.date.today():%Y%m}", filename)


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("текст")
    from_school = models.BooleanField("от школы", default=True)
    created_at = models.DateTimeField("отправлено", default=timezone.now)

    class Meta:
        verbose_name = "сообщение"
        verbose_name_plural = "сообщения"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:80]


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("файл", upload_to=_message_upload_to, max_length=500)
    name = models.CharField("имя файла", max_length=255)
    size = models.PositiveBigIntegerField("размер", default=0)

    class Meta:
        verbose_name = "файл сообщения"
        verbose_name_plural = "файлы сообщений"

    def __str__(self) -> str:
        return self.name


class FaqEntry(models.Model):
    """An answer promoted to the FAQ: visible to every signed-in user, without the school's name."""

    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="faq_entries")
    question = models.TextField("вопрос")
    answer = models.TextField("ответ")
    source = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="faq_entries")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("опубликовано", default=timezone.now)

    class Meta:
        verbose_name = "вопрос-ответ (FAQ)"
        verbose_name_plural = "частые вопросы (FAQ)"
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.question[:80]
