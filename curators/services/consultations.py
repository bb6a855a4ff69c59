"""Writes about consultations: questions, answers, attachments, the FAQ and read states."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from medk.lib import uploads
from notifications import services as notification_services
from notifications.models import Kind, ReadState
from schools.models import ProjectYear, School, User

from .. import notify
from ..models import FaqEntry, Message, MessageAttachment, Thread

ATTACHMENT_KINDS = {"pdf", "docx", "xlsx", "odt", "png", "jpeg"}


def _attach(*, message: Message, files) -> None:
    for f in files or []:
        uploads.validate_upload(f, allowed=ATTACHMENT_KINDS)
        name = uploads.display_name(f.name)
        attachment = MessageAttachment(message=message, name=name, size=f.size)
        attachment.file.save(name, f, save=False)
        attachment.save()


@transaction.atomic
def thread_create(
    *, school: School, year: ProjectYear, kind: str, author: User, subject: str, body: str, files=None
) -> Thread:
    """A school asks its curator (kind=curator) or the methodologists (kind=forum)."""
    if kind == Thread.Kind.CURATOR and not school.curatorships.filter(year=year).exists():
        raise ValidationError("Школе ещё не назначен куратор: задайте вопрос методистам.")
    if not subject.strip() or not body.strip():
        raise ValidationError("Укажите тему и текст вопроса.")
    now = timezone.now()
    thread = Thread.objects.create(
        school=school,
        year=year,
        kind=kind,
        author=author,
        subject=subject.strip(),
        created_at=now,
        last_message_at=now,
        awaiting_answer=True,
    )
    message = Message.objects.create(thread=thread, author=author, body=body.strip(), from_school=True, created_at=now)
    _attach(message=message, files=files)
    notification_services.read_state_mark(user=author, kind=ReadState.Kind.THREAD, object_id=thread.pk)
    if kind == Thread.Kind.CURATOR:
        addressees = notify.curators(school, year)
    else:
        addressees = notify.coordinators(school, year, "regional")
    notify.send(
        users=addressees,
        kind=Kind.QUESTION_ASKED,
        title=f"Вопрос от {school.short_name}: {thread.subject}",
        url_name="curators:thread_detail",
        pk=thread.pk,
        school=school,
    )
    return thread


@transaction.atomic
def message_create(*, thread: Thread, author: User, body: str, from_school: bool, files=None) -> Message:
    """A reply; a school's message makes the thread wait for an answer, an answer clears that."""
    if not body.strip():
        raise ValidationError("Сообщение пустое.")
    now = timezone.now()
    message = Message.objects.create(
        thread=thread, author=author, body=body.strip(), from_school=from_school, created_at=now
    )
    _attach(message=message, files=files)
    thread.last_message_at = now
    thread.awaiting_answer = from_school
    thread.save(update_fields=["last_message_at", "awaiting_answer"])
    notification_services.read_state_mark(user=author, kind=ReadState.Kind.THREAD, object_id=thread.pk)
    if from_school:
        if thread.kind == Thread.Kind.CURATOR:
            others = notify.curators(thread.school, thread.year)
        else:
            others = notify.coordinators(thread.school, thread.year, "regional")
        kind, title = "question_asked", f"Новое сообщение от {thread.school.short_name}: {thread.subject}"
    else:
        others, kind, title = notify.school_staff(thread.school), "other", f"Получен ответ: {thread.subject}"
    notify.send(
        users=[u for u in others if u.pk != author.pk],
        kind=kind,
        title=title,
        url_name="curators:thread_detail",
        pk=thread.pk,
        school=thread.school,
    )
    return message


def faq_promote(*, message: Message, by: User, question: str = "", answer: str = "") -> FaqEntry:
    """Publishes an answer in the FAQ for everyone; the school's name is not shown there."""
    if message.from_school:
        raise PermissionDenied("В FAQ переносится ответ, а не вопрос")
    thread = message.thread
    first = thread.messages.order_by("created_at", "pk").first()
    question = (question or (first.body if first else thread.subject)).strip()
    answer = (answer or message.body).strip()
    if not question or not answer:
        raise ValidationError("Для FAQ нужны вопрос и ответ.")
    return FaqEntry.objects.create(year=thread.year, question=question, answer=answer, source=message, published_by=by)
