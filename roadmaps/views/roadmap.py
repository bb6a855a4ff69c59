"""The structured roadmap: sections, measures and indicators edited in place (htmx), exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import pdf, uploads, web
from schools.models import ProjectYear
from surveys import selectors as survey_selectors

from .. import exports, forms, permissions, selectors, services
from ..models import Document, RoadmapSection
from ..permissions import Cap
from .helpers import is_htmx

GET_POST = require_http_methods(["GET", "POST"])


# --- Risk directions and the structured roadmap ---------------------------------------------------


def _auto_id(kind: str, row, section) -> str:
    return f"{kind}-{row.pk}_%s" if row is not None else f"{kind}-new-{section.pk}_%s"


def _roadmap_context(request: HttpRequest, school, caps, year) -> dict:
    directions = list(survey_selectors.active_directions(school=school, year=year))
    document = selectors.roadmap_document(school=school, year=year)
    sections = selectors.roadmap_sections(document=document, directions=directions) if document else []
    editable = bool(document and document.is_editable and Cap.ACT in caps)
    # A GET never writes: the document and the sections of newly activated directions are made by a POST.
    can_start = bool(
        Cap.ACT in caps
        and directions
        and (document is None or document.is_editable)
        and len(sections) < len(directions)
    )
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
        "can_start": can_start,
        "can_pick": Cap.ACT in caps and not directions,
        "can_comment": bool(document and {Cap.ACT, Cap.REVIEW, Cap.COORDINATE} & caps),
        "max_active": year.max_active_risks,
    }


@require_GET
@login_required
def roadmap_detail(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, school_pk)
    year = permissions.require_year()
    past = _past_year(request, school, year)
    if past is not None:
        # Last year's roadmap, read-only: what a continuing school may start its new one from.
        context = _roadmap_context(request, school, caps - {Cap.ACT}, past) | {"past": True}
        return render(request, "roadmaps/roadmap_detail.html", context)
    context = _roadmap_context(request, school, caps, year)
    previous = selectors.previous_roadmap(school=school, year=year)
    context["previous"] = previous
    document = context["document"]
    context["can_copy"] = bool(
        previous
        and Cap.ACT in caps
        and context["directions"]
        and (document is None or document.is_editable)
        and not any(s.measures.all() or s.indicators.all() for s in context["sections"])
    )
    if is_htmx(request) and request.GET.get("part") == "coverage":
        return render(request, "roadmaps/roadmap_detail.html#coverage", context)
    return render(request, "roadmaps/roadmap_detail.html", context)


def _past_year(request: HttpRequest, school, year):
    """`?year=2026`: an earlier year the school took part in (else None)."""
    number = request.GET.get("year", "")
    if not number.isdigit() or int(number) >= year.year:
        return None
    past = ProjectYear.objects.filter(year=int(number), participations__school=school).first()
    if past is None:
        raise Http404("Школа не участвовала в проекте в этом году")
    return past


@require_POST
@login_required
def roadmap_start(request: HttpRequest, school_pk: int) -> HttpResponse:
    """Starts the year's roadmap, or adds the sections of directions activated since (idempotent)."""
    school, _ = permissions.get_school_for_user(request.user, school_pk, Cap.ACT)
    year = permissions.require_year()
    if not survey_selectors.active_directions(school=school, year=year):
        messages.error(request, "Сначала активируйте рисковые направления: дорожная карта строится по ним.")
        return redirect("roadmaps:roadmap_detail", school_pk=school.pk)
    document = selectors.roadmap_document(school=school, year=year)
    if document is not None and not document.is_editable:
        messages.error(request, "Дорожная карта на проверке или подтверждена — добавить в неё разделы сейчас нельзя.")
        return redirect("roadmaps:roadmap_detail", school_pk=school.pk)
    services.roadmap_prepare(school=school, year=year)
    messages.success(request, "Разделы дорожной карты готовы: заполните цель, мероприятия и показатели.")
    return redirect("roadmaps:roadmap_detail", school_pk=school.pk)


@require_POST
@login_required
def roadmap_copy(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, school_pk, Cap.ACT)
    try:
        services.roadmap_copy_previous(school=school, year=permissions.require_year(), by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, "Дорожная карта начата с копии прошлогодней: это черновик — проверьте сроки и показатели."
        )
    return redirect("roadmaps:roadmap_detail", school_pk=school.pk)


def _export_document(request: HttpRequest, school) -> Document:
    """The roadmap of the browsed year (`?year=`, as on the page), else of the current one."""
    year = permissions.require_year()
    document = selectors.roadmap_document(school=school, year=_past_year(request, school, year) or year)
    if document is None:
        raise Http404("Дорожная карта ещё не начата")
    return document


@require_GET
@login_required
def roadmap_export_xlsx(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, school_pk)
    document = _export_document(request, school)
    response = HttpResponse(exports.roadmap_xlsx(document=document), content_type=uploads.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = uploads.content_disposition(f"Дорожная карта — {school.short_name}.xlsx")
    return response


@require_GET
@login_required
def roadmap_export_pdf(request: HttpRequest, school_pk: int) -> HttpResponse:
    school, _ = permissions.get_school_for_user(request.user, school_pk)
    document = _export_document(request, school)
    try:
        data = exports.roadmap_pdf(document=document)
    except pdf.PdfUnavailable as exc:
        messages.error(request, str(exc))
        page = reverse("roadmaps:roadmap_detail", kwargs={"school_pk": school.pk})
        return redirect(page if document.year.is_current else f"{page}?year={document.year.year}")
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
            if is_htmx(request):
                ctx = {"section": section, "editable": True}
                return _row_response(request, "roadmaps/roadmap_detail.html#section_view", ctx, changed=True)
            messages.success(request, "Цель и задачи сохранены.")
            return redirect(_roadmap_url(section.document))
        except ValidationError as e:
            form.add_error(None, e)
    ctx = {"section": section, "form": form}
    if is_htmx(request):
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
            if is_htmx(request):
                return _row_response(request, view_partial, {"row": row, "editable": True}, changed=True)
            messages.success(request, "Сохранено.")
            return redirect(_roadmap_url(section.document))
        except ValidationError as e:
            form.add_error(None, e)
    ctx = {"form": form, "row": row, "section": section}
    if is_htmx(request):
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
    if is_htmx(request):
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
    if is_htmx(request):
        return _row_response(request, "roadmaps/empty.html", {}, changed=True)
    return redirect(_roadmap_url(document))
