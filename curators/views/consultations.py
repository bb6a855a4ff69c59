"""Consultations: school ↔ curator questions, the support forum, the FAQ; unread markers everywhere."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import services as audit
from medk.lib import uploads
from schools import permissions
from schools.permissions import Cap

from .. import forms, selectors
from .. import permissions as perms
from ..models import FaqEntry, Thread
from ..services import consultations as services


@require_GET
@login_required
def thread_list(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk)
    threads = selectors.threads_with_unread(
        user=request.user, threads=Thread.objects.filter(school=school).order_by("-last_message_at")
    )
    return render(
        request,
        "curators/thread_list.html",
        {"school": school, "threads": threads, "can_ask": Cap.ACT in caps},
    )


@require_http_methods(["GET", "POST"])
@login_required
def thread_create(request: HttpRequest, pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, pk, Cap.ACT)
    form = forms.ThreadForm(request.POST or None, request.FILES or None, initial={"kind": Thread.Kind.CURATOR})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                school=school,
                year=permissions.require_year(),
                kind=data["kind"],
                author=request.user,
                subject=data["subject"],
                body=data["body"],
                files=[data["file"]] if data.get("file") else [],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Вопрос отправлен.")
            return redirect("curators:thread_detail", pk=thread.pk)
    return render(request, "curators/thread_form.html", {"form": form, "school": school})


@require_GET
@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread, flags = perms.get_thread_for_user(request.user, pk)
    thread_messages = thread.messages.select_related("author").prefetch_related("attachments", "faq_entries")
    return render(
        request,
        "curators/thread_detail.html",
        {"thread": thread, "school": thread.school, "thread_messages": thread_messages, "form": forms.MessageForm()}
        | flags,
    )


@require_POST
@login_required
def message_create(request: HttpRequest, pk: int) -> HttpResponse:
    thread, flags = perms.get_thread_for_user(request.user, pk)
    if not flags["can_reply"]:
        raise PermissionDenied("Отвечать в этой теме могут школа и тот, кому адресован вопрос")
    form = forms.MessageForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError("Сообщение пустое.")
        data = form.cleaned_data
        services.message_create(
            thread=thread,
            author=request.user,
            body=data["body"],
            from_school=not flags["is_answerer"],
            files=[data["file"]] if data.get("file") else [],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("curators:thread_detail", pk=thread.pk)


@require_GET
@login_required
def message_attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = perms.get_message_attachment_for_user(request.user, pk)
    audit.record(
        actor=request.user, action="document_download", obj=attachment, school=attachment.message.thread.school
    )
    return uploads.private_file_response(attachment.file, attachment.name)


@require_POST
@login_required
def faq_promote(request: HttpRequest, pk: int) -> HttpResponse:
    message = perms.get_message_for_promotion(request.user, pk)
    form = forms.FaqForm(request.POST)
    form.is_valid()
    try:
        services.faq_promote(
            message=message,
            by=request.user,
            question=form.cleaned_data.get("question", ""),
            answer=form.cleaned_data.get("answer", ""),
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, "Ответ опубликован в разделе «Частые вопросы».")
    return redirect("curators:thread_detail", pk=message.thread_id)


@require_GET
@login_required
def faq_list(request: HttpRequest) -> HttpResponse:
    entries = list(FaqEntry.objects.select_related("year").order_by("-published_at"))
    unread = selectors.faq_unread_ids(user=request.user, entries=entries)
    return render(request, "curators/faq_list.html", {"entries": entries, "unread": unread})


@require_GET
@login_required
def forum_inbox(request: HttpRequest) -> HttpResponse:
    """Forum questions for the methodologists of the user's region (or all, for the federal level)."""
    scope = permissions.scope_for(request.user)
    if not (scope.everything or scope.region_ids):
        raise Http404
    threads = selectors.threads_with_unread(
        user=request.user,
        threads=selectors.forum_threads_for(request.user).order_by("-awaiting_answer", "-last_message_at"),
    )
    return render(request, "curators/forum_inbox.html", {"threads": threads})
