"""Thin views: authorise through roadmaps.permissions, validate a form, call one service, redirect or render."""

import random

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import pdf, uploads, web
from schools.models import Region, User
from surveys import selectors as survey_selectors
from surveys.models import RiskDirection

from . import exports, forms, permissions, selectors, services
from .models import Document, DocumentKind, RoadmapSection, Status
from .permissions import Cap

GET_POST = require_http_methods(["GET", "POST"])


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _year():
    year = permissions.current_year()
    if year is None:
        raise Http404("Нет текущего года проекта")
    return year


def _upload_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for the progress-bar upload (XHR) an empty answer naming the page, so flash messages survive."""
    if request.headers.get("X-Upload-Progress") == "1":
        response = HttpResponse(status=204)
        response["X-Redirect"] = url
        return response
    return redirect(url)


def _document_url(document: Document) -> str:
    if document.kind == DocumentKind.ROADMAP:
        return reverse("roadmaps:roadmap_detail", kwargs={"school_pk": document.school_id})
    return reverse("roadmaps:document_detail", kwargs={"pk": document.pk})


# --- Documents -------------------------------------------------------------------------------------


@require_GET
@login_required
def document_list(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, school_pk)
    year = _year()
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
    year = _year()
    form = forms.UploadForm(request.POST, request.FILES)
    target = reverse("roadmaps:document_list", kwargs={"school_pk": school.pk})
    if not form.is_valid():
        for field_errors in form.errors.values():
            for e in field_errors:
                messages.error(request, e)
        return _upload_redirect(request, target)
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
        return _upload_redirect(request, target)
    messages.success(request, f"Файл «{version.original_name}» загружен как версия {version.number}.")
    return _upload_redirect(request, reverse("roadmaps:document_detail", kwargs={"pk": version.document_id}))


def _detail_context(request: HttpRequest, document: Document, caps: frozenset) -> dict:
    versions = list(selectors.document_versions(document=document))
    can_review = Cap.REVIEW in caps
    sees_flags = can_review or Cap.COORDINATE in caps
    sections = selectors.roadmap_sections(document=document) if document.kind == DocumentKind.ROADMAP else []
    pin_measure = request.GET.get("measure")
    pin_indicator = request.GET.get("indicator")
    snapshots = [v for v in reversed(versions) if v.snapshot is not None]
    return {
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
    return _upload_redirect(request, reverse("roadmaps:document_detail", kwargs={"pk": document.pk}))


@require_GET
@login_required
def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    version, _ = permissions.get_version_for_user(request.user, pk)
    if not version.file:
        raise Http404("У этой версии нет файла")
    services.version_downloaded(version=version, by=request.user)
    return uploads.private_file_response(version.file, version.original_name or f"document-{version.pk}")


@require_POST
@login_required
def document_submit(request: HttpRequest, pk: int) -> HttpResponse:
    document, _ = permissions.get_document_for_user(request.user, pk, Cap.ACT)
    try:
        version = services.document_submit(document=document, by=request.user)
        messages.success(request, f"Документ отправлен куратору на проверку (версия {version.number}).")
    except ValidationError as e:
        web.flash_errors(request, e)
    return redirect(_document_url(document))


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
    rubric = services.rubric_for_year(year=document.year)
    current = selectors.curator_evaluation(document=document)
    initial = {s.criterion.code: s.value for s in current.scores.all()} if current else {}
    form = forms.EvaluationForm(
        request.POST or None,
        criteria=rubric.criteria.all(),
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


# --- Risk directions and the structured roadmap ---------------------------------------------------


def _auto_id(kind: str, row, section) -> str:
    return f"{kind}-{row.pk}_%s" if row is not None else f"{kind}-new-{section.pk}_%s"


def _roadmap_context(request: HttpRequest, school, caps, year) -> dict:
    directions = list(survey_selectors.active_directions(school=school, year=year))
    document = selectors.roadmap_document(school=school, year=year)
    if Cap.ACT in caps and directions and (document is None or document.is_editable):
        # Idempotent: makes sure every activated direction has its section (directions may be added later).
        document = services.roadmap_prepare(school=school, year=year)
    sections = selectors.roadmap_sections(document=document, directions=directions) if document else []
    editable = bool(document and document.is_editable and Cap.ACT in caps)
    if editable:
        for section in sections:
            # One "add" form per section, each with its own element ids (labels must point at one input).
            section.measure_form = forms.MeasureForm(auto_id=_auto_id("measure", None, section))
            section.indicator_form = forms.IndicatorForm(auto_id=_auto_id("indicator", None, section))
    return {
        "school": school,
        "year": year,
        "document": document,
        "directions": directions,
        "sections": sections,
        "coverage": selectors.roadmap_coverage(document=document) if document else [],
        "editable": editable,
        "can_act": Cap.ACT in caps,
        "can_pick": Cap.ACT in caps and not directions,
        "can_comment": bool(document and {Cap.ACT, Cap.REVIEW, Cap.COORDINATE} & caps),
        "max_active": year.max_active_risks,
    }


@require_GET
@login_required
def roadmap_detail(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, school_pk)
    context = _roadmap_context(request, school, caps, _year())
    if _is_htmx(request) and request.GET.get("part") == "coverage":
        return render(request, "roadmaps/roadmap_detail.html#coverage", context)
    return render(request, "roadmaps/roadmap_detail.html", context)


@require_GET
@login_required
def roadmap_export_xlsx(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, school_pk)
    document = selectors.roadmap_document(school=school, year=_year())
    if document is None:
        raise Http404("Дорожная карта ещё не начата")
    response = HttpResponse(exports.roadmap_xlsx(document=document), content_type=uploads.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = uploads.content_disposition(f"Дорожная карта — {school.short_name}.xlsx")
    return response


@require_GET
@login_required
def roadmap_export_pdf(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, school_pk)
    document = selectors.roadmap_document(school=school, year=_year())
    if document is None:
        raise Http404("Дорожная карта ещё не начата")
    try:
        data = exports.roadmap_pdf(document=document)
    except pdf.PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("roadmaps:roadmap_detail", school_pk=school.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = uploads.content_disposition(f"Дорожная карта — {school.short_name}.pdf")
    return response


def _get_section(request: HttpRequest, pk: int) -> RoadmapSection:
    try:
        section = RoadmapSection.objects.select_related("document__school__municipality__region", "direction").get(
            pk=pk
        )
    except RoadmapSection.DoesNotExist:
        raise Http404 from None
    permissions.check_school(request.user, section.document.school, Cap.ACT)
    return section


def _roadmap_url(document: Document) -> str:
    return reverse("roadmaps:roadmap_detail", kwargs={"school_pk": document.school_id})


def _row_response(request, template: str, context: dict, *, changed: bool = False) -> HttpResponse:
    response = render(request, template, context)
    if changed:
        response["HX-Trigger"] = "roadmapChanged"
    return response


@GET_POST
@login_required
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = _get_section(request, pk)
    if request.method == "GET" and request.GET.get("view") == "row":
        return render(request, "roadmaps/roadmap_detail.html#section_view", {"section": section, "editable": True})
    form = forms.SectionForm(
        request.POST or None, instance=section, initial={"revision": section.revision}, auto_id=f"section-{pk}_%s"
    )
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_update(
                section=section,
                goal=form.cleaned_data["goal"],
                tasks=form.cleaned_data["tasks"],
                revision=form.cleaned_data["revision"],
                by=request.user,
            )
            if _is_htmx(request):
                ctx = {"section": section, "editable": True}
                return _row_response(request, "roadmaps/roadmap_detail.html#section_view", ctx, changed=True)
            messages.success(request, "Цель и задачи сохранены.")
            return redirect(_roadmap_url(section.document))
        except ValidationError as e:
            form.add_error(None, e)
    ctx = {"section": section, "form": form}
    if _is_htmx(request):
        return render(request, "roadmaps/roadmap_detail.html#section_form", ctx)
    return render(
        request, "roadmaps/row_form.html", ctx | {"partial": "section_form", "school": section.document.school}
    )


def _row_edit(request: HttpRequest, *, row, section, form_class, service, kind: str) -> HttpResponse:
    """Shared GET/POST handling for a measure or an indicator row (create when row is None)."""
    view_partial, form_partial = f"roadmaps/roadmap_detail.html#{kind}_row", f"roadmaps/roadmap_detail.html#{kind}_form"
    if request.method == "GET" and request.GET.get("view") == "row" and row is not None:
        return render(request, view_partial, {"row": row, "editable": True})
    initial = {"revision": row.revision} if row is not None else {}
    form = form_class(request.POST or None, instance=row, initial=initial, auto_id=_auto_id(kind, row, section))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            if row is None:
                row = service["create"](section=section, data=data, by=request.user)
            else:
                row = service["update"](
                    **{kind: row}, data=data, revision=form.cleaned_data["revision"], by=request.user
                )
            if _is_htmx(request):
                return _row_response(request, view_partial, {"row": row, "editable": True}, changed=True)
            messages.success(request, "Сохранено.")
            return redirect(_roadmap_url(section.document))
        except ValidationError as e:
            form.add_error(None, e)
    ctx = {"form": form, "row": row, "section": section}
    if _is_htmx(request):
        response = render(request, form_partial, ctx)
        if row is None:
            # A failed "add" re-renders the add form in place instead of appending to the table.
            response["HX-Retarget"] = f"#add-{kind}-{section.pk}"
            response["HX-Reswap"] = "outerHTML"
        return response
    return render(
        request, "roadmaps/row_form.html", ctx | {"partial": f"{kind}_form", "school": section.document.school}
    )


MEASURE_SERVICE = {"create": services.measure_create, "update": services.measure_update}
INDICATOR_SERVICE = {"create": services.indicator_create, "update": services.indicator_update}


@GET_POST
@login_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    section = _get_section(request, pk)
    return _row_edit(
        request, row=None, section=section, form_class=forms.MeasureForm, service=MEASURE_SERVICE, kind="measure"
    )


@GET_POST
@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure, _ = permissions.get_measure_for_user(request.user, pk, Cap.ACT)
    return _row_edit(
        request,
        row=measure,
        section=measure.section,
        form_class=forms.MeasureForm,
        service=MEASURE_SERVICE,
        kind="measure",
    )


@require_POST
@login_required
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure, _ = permissions.get_measure_for_user(request.user, pk, Cap.ACT)
    document = measure.section.document
    try:
        services.measure_delete(measure=measure, by=request.user)
    except ValidationError as e:
        web.flash_errors(request, e)
    if _is_htmx(request):
        return _row_response(request, "roadmaps/empty.html", {}, changed=True)
    return redirect(_roadmap_url(document))


@GET_POST
@login_required
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    section = _get_section(request, pk)
    return _row_edit(
        request, row=None, section=section, form_class=forms.IndicatorForm, service=INDICATOR_SERVICE, kind="indicator"
    )


@GET_POST
@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator, _ = permissions.get_indicator_for_user(request.user, pk, Cap.ACT)
    return _row_edit(
        request,
        row=indicator,
        section=indicator.section,
        form_class=forms.IndicatorForm,
        service=INDICATOR_SERVICE,
        kind="indicator",
    )


@require_POST
@login_required
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indicator, _ = permissions.get_indicator_for_user(request.user, pk, Cap.ACT)
    document = indicator.section.document
    try:
        services.indicator_delete(indicator=indicator, by=request.user)
    except ValidationError as e:
        web.flash_errors(request, e)
    if _is_htmx(request):
        return _row_response(request, "roadmaps/empty.html", {}, changed=True)
    return redirect(_roadmap_url(document))


# --- The curator's and coordinators' queue --------------------------------------------------------


@require_GET
@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    year = _year()
    schools = permissions.visible_schools(request.user)
    documents = selectors.review_queue(schools=schools, year=year)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(request, "roadmaps/review_list.html", {"page": page, "year": year})


# --- Federal selective expertise ------------------------------------------------------------------


@require_GET
@login_required
def sample_list(request: HttpRequest) -> HttpResponse:
    year = _year()
    scope = permissions.scope_for(request.user)
    my_items = list(
        request.user.expertise_items.filter(sample__year=year).select_related("school", "sample", "evaluation")
    )
    if not (scope.everything or scope.region_ids or my_items):
        raise Http404
    regions = (Region.objects.all() if scope.everything else Region.objects.filter(pk__in=scope.region_ids)).order_by(
        "name"
    )
    return render(
        request,
        "roadmaps/sample_list.html",
        {
            "year": year,
            "samples": selectors.samples_for(year=year) if (scope.everything or scope.region_ids) else [],
            "regions": list(regions) if (scope.everything or scope.region_ids) else [],
            "is_federal": scope.everything,
            "my_items": my_items,
            "form": forms.SampleForm(initial={"seed": random.randint(1, 999_999)}),  # noqa: S311
        },
    )


@require_POST
@login_required
def sample_draw(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    form = forms.SampleForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Проверьте параметры выборки: " + "; ".join(e for es in form.errors.values() for e in es)
        )
        return redirect("roadmaps:sample_list")
    try:
        sample = services.sample_draw(
            year=_year(),
            title=form.cleaned_data["title"],
            share=form.cleaned_data["share"],
            count=form.cleaned_data["count"],
            seed=form.cleaned_data["seed"],
            by=request.user,
        )
    except ValidationError as e:
        web.flash_errors(request, e)
        return redirect("roadmaps:sample_list")
    messages.success(request, "Выборка сформирована.")
    return redirect("roadmaps:sample_detail", pk=sample.pk)


@require_GET
@login_required
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sample = permissions.get_sample_for_federal(request.user, pk)
    return render(
        request,
        "roadmaps/sample_detail.html",
        {"sample": sample, "items": selectors.sample_items(sample=sample), "assign_form": forms.AssignForm()},
    )


@require_POST
@login_required
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_federal(request.user)
    item = permissions.get_item_for_expert(request.user, pk)
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        expert = User.objects.filter(email__iexact=email).first() if email else None
        if email and expert is None:
            messages.error(request, f"Пользователь с адресом {email} не найден.")
        else:
            try:
                services.item_assign(item=item, expert=expert)
                messages.success(request, "Эксперт назначен." if expert else "Назначение эксперта снято.")
            except ValidationError as e:
                web.flash_errors(request, e)
    else:
        messages.error(request, "Неверный адрес электронной почты.")
    return redirect("roadmaps:sample_detail", pk=item.sample_id)


@GET_POST
@login_required
def item_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_item_for_expert(request.user, pk)
    rubric = services.rubric_for_year(year=item.sample.year)
    current = getattr(item, "evaluation", None)
    initial = {s.criterion.code: s.value for s in current.scores.select_related("criterion")} if current else {}
    form = forms.EvaluationForm(
        request.POST or None,
        criteria=rubric.criteria.all(),
        initial_scores=initial,
        initial={"comment": current.comment if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_save(
                document=item.document,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                item=item,
            )
            messages.success(request, "Экспертная оценка сохранена.")
            return redirect("roadmaps:sample_list")
        except ValidationError as e:
            form.add_error(None, e)
    document = item.document
    return render(
        request,
        "roadmaps/evaluation_form.html",
        {
            "document": document,
            "school": item.school,
            "form": form,
            "rubric": rubric,
            "item": item,
            "sections": selectors.roadmap_sections(document=document),
            "action": request.path,
        },
    )


@require_GET
@login_required
def sample_region_export(request: HttpRequest, pk: int, region_pk: int) -> HttpResponse:
    permissions.check_region(request.user, region_pk)
    try:
        sample = selectors.ExpertiseSample.objects.select_related("year").get(pk=pk)
        region = Region.objects.get(pk=region_pk)
    except (selectors.ExpertiseSample.DoesNotExist, Region.DoesNotExist):
        raise Http404 from None
    response = HttpResponse(
        exports.region_results_xlsx(sample=sample, region=region), content_type=uploads.CONTENT_TYPES["xlsx"]
    )
    response["Content-Disposition"] = uploads.content_disposition(f"Экспертиза — {region.name}.xlsx")
    return response
