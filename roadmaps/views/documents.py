"""Documents: the school's list, uploads and versions, submission, the curator's review, comments, diffs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import uploads, web
from surveys.models import RiskDirection

from .. import forms, permissions, selectors, services
from ..models import Document, DocumentKind, Status
from ..permissions import Cap
from .helpers import document_url, upload_redirect

GET_POST = require_http_methods(["GET", "POST"])


# --- Documents -------------------------------------------------------------------------------------


@require_GET
@login_required
def document_list(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, school_pk)
    year = permissions.require_year()
    return render(
        request,
        "roadmaps/document_list.html",
        {
            "school": school,
            "year": year,
            "slots": selectors.document_slots(school=school, year=year),
            "can_act": Cap.ACT in caps,
            "upload_form": forms.UploadForm(),
            "accept": forms.ACCEPT,
        },
    )


@require_POST
@login_required
def document_upload(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, school_pk, Cap.ACT)
    year = permissions.require_year()
    form = forms.UploadForm(request.POST, request.FILES)
    target = reverse("roadmaps:document_list", kwargs={"school_pk": school.pk})
    if not form.is_valid():
        for field_errors in form.errors.values():
            for e in field_errors:
                messages.error(request, e)
        return upload_redirect(request, target)
    direction = None
    if form.cleaned_data["direction"]:
        direction = RiskDirection.objects.filter(pk=form.cleaned_data["direction"], year=year).first()
    try:
        version = services.document_upload(
            school=school,
            year=year,
            kind=form.cleaned_data["kind"],
            direction=direction,
            title=form.cleaned_data["title"],
            uploaded_file=form.cleaned_data["file"],
            by=request.user,
        )
    except ValidationError as e:
        web.flash_errors(request, e)
        return upload_redirect(request, target)
    messages.success(request, f"Файл «{version.original_name}» загружен как версия {version.number}.")
    return upload_redirect(request, reverse("roadmaps:document_detail", kwargs={"pk": version.document_id}))


def _detail_context(request: HttpRequest, document: Document, caps: frozenset) -> dict:
    versions = list(selectors.document_versions(document=document))
    can_review = Cap.REVIEW in caps
    sees_flags = can_review or Cap.COORDINATE in caps
    sections = selectors.roadmap_sections(document=document) if document.kind == DocumentKind.ROADMAP else []
    pin_measure = request.GET.get("measure")
    pin_indicator = request.GET.get("indicator")
    snapshots = [v for v in reversed(versions) if v.snapshot is not None]
    returned = selectors.last_return(document=document) if document.status == Status.RETURNED else None
    return {
        "viewable_kinds": uploads.INLINE_KINDS,
        "returned": returned,
        "returned_needs_new_file": bool(
            returned and document.kind != DocumentKind.ROADMAP and versions and returned.version_id == versions[0].pk
        ),
        "document": document,
        "school": document.school,
        "versions": versions,
        "snapshot_pairs": list(zip(snapshots, snapshots[1:], strict=False)),
        "transitions": selectors.document_transitions(document=document),
        "comments": selectors.document_comments(document=document),
        "sections": sections,
        "can_act": Cap.ACT in caps and document.is_editable,
        "can_submit": Cap.ACT in caps and document.is_editable,
        "can_review": can_review and document.status == Status.SUBMITTED,
        "can_reopen": permissions.can_reopen(caps) and document.status == Status.CONFIRMED,
        "can_evaluate": can_review and document.status == Status.CONFIRMED,
        "can_comment": bool({Cap.ACT, Cap.REVIEW, Cap.COORDINATE} & caps),
        "sees_flags": sees_flags,
        "flags": _visible_flags(request, document) if sees_flags else [],
        "checks_pending": sees_flags
        and any(getattr(v, "similarity", None) and v.similarity.state == "pending" for v in versions),
        "evaluation": selectors.curator_evaluation(document=document),
        "pin_measure": pin_measure,
        "pin_indicator": pin_indicator,
    }


def _visible_flags(request: HttpRequest, document: Document) -> list:
    """Flags with the other school named only when the viewer may see that school (no leak across regions)."""
    flags = selectors.document_flags(document=document)
    other_ids = {f.version.document.school_id for f in flags} | {f.other.document.school_id for f in flags}
    visible = set(permissions.visible_schools(request.user).filter(pk__in=other_ids).values_list("pk", flat=True))
    for f in flags:
        mine = f.version.document_id == document.pk
        f.mine = mine
        counterpart = f.other if mine else f.version
        f.counterpart = counterpart
        f.counterpart_name = (
            counterpart.document.school.short_name
            if counterpart.document.school_id in visible
            else "другой школы (вне вашей зоны доступа)"
        )
    return flags


@require_GET
@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document, caps = permissions.get_document_for_user(request.user, pk)
    return render(request, "roadmaps/document_detail.html", _detail_context(request, document, caps))


@require_GET
@login_required
def document_similarity(request: HttpRequest, pk: int) -> HttpResponse:
    """The flags fragment, polled while a check is pending (curator and coordinators only)."""
    document, caps = permissions.get_document_for_user(request.user, pk)
    if not ({Cap.REVIEW, Cap.COORDINATE} & caps):
        raise PermissionDenied
    return render(request, "roadmaps/document_detail.html#flags", _detail_context(request, document, caps))


@require_POST
@login_required
def version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document, _ = permissions.get_document_for_user(request.user, pk, Cap.ACT)
    form = forms.VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.version_create(
                document=document, uploaded_file=form.cleaned_data["file"], by=request.user
            )
            messages.success(request, f"Загружена версия {version.number}.")
        except ValidationError as e:
            web.flash_errors(request, e)
    else:
        messages.error(request, "Выберите файл для загрузки.")
    return upload_redirect(request, reverse("roadmaps:document_detail", kwargs={"pk": document.pk}))


@require_GET
@login_required
def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    version, _ = permissions.get_version_for_user(request.user, pk)
    if not version.file:
        raise Http404("У этой версии нет файла")
    services.version_downloaded(version=version, by=request.user)
    # ?inline=1: shown for reading inside the portal's viewer (PDF and images only; sandboxed, see uploads).
    inline_kind = version.file_kind if request.GET.get("inline") == "1" else None
    return uploads.private_file_response(
        version.file, version.original_name or f"document-{version.pk}", inline_kind=inline_kind
    )


@require_GET
@login_required
def version_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A PDF or an image read in the browser: the file in a frame, with the way to download it beside."""
    version, _ = permissions.get_version_for_user(request.user, pk)
    if not version.file or version.file_kind not in uploads.INLINE_KINDS:
        raise Http404("Эту версию можно только скачать: браузер не показывает файлы такого типа")
    document = version.document
    return render(
        request,
        "roadmaps/version_view.html",
        {"version": version, "document": document, "school": document.school, "is_pdf": version.file_kind == "pdf"},
    )


@require_POST
@login_required
def document_submit(request: HttpRequest, pk: int) -> HttpResponse:
    document, _ = permissions.get_document_for_user(request.user, pk, Cap.ACT)
    try:
        version = services.document_submit(document=document, by=request.user)
        messages.success(request, f"Документ отправлен куратору на проверку (версия {version.number}).")
    except ValidationError as e:
        web.flash_errors(request, e)
    return redirect(document_url(document))


@require_POST
@login_required
def document_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    document, _ = permissions.get_document_for_user(request.user, pk, Cap.REVIEW)
    try:
        services.document_confirm(document=document, by=request.user)
        messages.success(request, "Документ подтверждён.")
    except ValidationError as e:
        web.flash_errors(request, e)
    return redirect("roadmaps:document_detail", pk=document.pk)


@require_POST
@login_required
def document_return(request: HttpRequest, pk: int) -> HttpResponse:
    document, _ = permissions.get_document_for_user(request.user, pk, Cap.REVIEW)
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Укажите причину возврата на доработку.")
        services.document_return(document=document, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Документ возвращён на доработку.")
    except ValidationError as e:
        web.flash_errors(request, e)
    return redirect("roadmaps:document_detail", pk=document.pk)


@require_POST
@login_required
def document_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    document, caps = permissions.get_document_for_user(request.user, pk)
    if not permissions.can_reopen(caps):
        raise PermissionDenied
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Укажите, почему подтверждённый документ открывается снова.")
        services.document_reopen(document=document, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Документ снова открыт для изменений.")
    except ValidationError as e:
        web.flash_errors(request, e)
    return redirect("roadmaps:document_detail", pk=document.pk)


@require_POST
@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    document, caps = permissions.get_document_for_user(request.user, pk)
    if not ({Cap.ACT, Cap.REVIEW, Cap.COORDINATE} & caps):
        raise PermissionDenied
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Комментарий пустой.")
        return redirect("roadmaps:document_detail", pk=document.pk)
    data = form.cleaned_data
    parent = document.comments.filter(pk=data["parent"]).first() if data["parent"] else None
    measure = None
    indicator = None
    if data["measure"]:
        measure = selectors.Measure.objects.filter(pk=data["measure"], section__document=document).first()
    if data["indicator"]:
        indicator = selectors.Indicator.objects.filter(pk=data["indicator"], section__document=document).first()
    try:
        services.comment_create(
            document=document,
            author=request.user,
            text=data["text"],
            parent=parent,
            measure=measure,
            indicator=indicator,
        )
        messages.success(request, "Комментарий добавлен.")
    except ValidationError as e:
        web.flash_errors(request, e)
    return redirect(reverse("roadmaps:document_detail", kwargs={"pk": document.pk}) + "#comments")


@require_GET
@login_required
def document_diff(request: HttpRequest, pk: int) -> HttpResponse:
    document, _ = permissions.get_document_for_user(request.user, pk)
    versions = {v.number: v for v in selectors.submitted_versions(document=document)}
    try:
        old = versions[int(request.GET.get("a", ""))]
        new = versions[int(request.GET.get("b", ""))]
    except (KeyError, ValueError):
        numbers = sorted(versions)
        if len(numbers) < 2:
            messages.info(request, "Для сравнения нужны хотя бы две отправленные версии.")
            return redirect("roadmaps:document_detail", pk=document.pk)
        old, new = versions[numbers[-2]], versions[numbers[-1]]
    return render(
        request,
        "roadmaps/document_diff.html",
        {
            "document": document,
            "school": document.school,
            "old": old,
            "new": new,
            "versions": sorted(versions.values(), key=lambda v: v.number),
            "diff": selectors.roadmap_diff(old.snapshot, new.snapshot),
        },
    )


@GET_POST
@login_required
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document, _ = permissions.get_document_for_user(request.user, pk, Cap.REVIEW)
    if document.status != Status.CONFIRMED:
        messages.error(request, "Оценивается только подтверждённый документ.")
        return redirect("roadmaps:document_detail", pk=document.pk)
    rubric, criteria = selectors.rubric_of_year(year=document.year)
    current = selectors.curator_evaluation(document=document)
    initial = {s.criterion.code: s.value for s in current.scores.all()} if current else {}
    form = forms.EvaluationForm(
        request.POST or None,
        criteria=criteria,
        initial_scores=initial,
        initial={"comment": current.comment if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_save(
                document=document, by=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
            messages.success(request, f"Оценка сохранена: {evaluation.total} баллов, {evaluation.get_zone_display()}.")
            return redirect("roadmaps:document_detail", pk=document.pk)
        except ValidationError as e:
            form.add_error(None, e)
    return render(
        request,
        "roadmaps/evaluation_form.html",
        {"document": document, "school": document.school, "form": form, "rubric": rubric, "action": request.path},
    )


# --- The curator's and coordinators' queue --------------------------------------------------------


@require_GET
@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    year = permissions.require_year()
    schools = permissions.visible_schools(request.user)
    documents = selectors.review_queue(schools=schools, year=year)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(request, "roadmaps/review_list.html", {"page": page, "year": year})
