"""Appointing curators and their contracts (municipal or regional coordinators, per region)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import web
from schools import permissions
from schools import selectors as school_selectors
from schools.models import CuratorAssignment, School, User

from .. import forms
from .. import permissions as perms
from ..models import AppointmentPolicy
from ..services import appointments as services


@require_GET
@login_required
def appointment_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The municipality's schools with their curators and the appointment form."""
    municipality = permissions.get_municipality_for_user(request.user, pk)
    year = permissions.require_year()
    schools = school_selectors.participating(municipality.schools.all(), year).order_by("short_name")
    level = perms.appointing_level(municipality.region_id)
    return render(
        request,
        "curators/appointment_list.html",
        {
            "municipality": municipality,
            "year": year,
            "schools": school_selectors.school_rows(schools=schools, year=year),
            "level_label": dict(AppointmentPolicy.Level.choices)[level],
            "can_appoint": perms.can_appoint(request.user, municipality, level),
            "can_set_policy": perms.can_manage_events(request.user, municipality.region_id),
            "policy_form": forms.PolicyForm(initial={"level": level}),
            "form": forms.AppointForm(),
        },
    )


@require_POST
@login_required
def curator_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.select_related("municipality__region"), pk=pk)
    perms.check_appoint(request.user, school)
    form = forms.AppointForm(request.POST)
    if form.is_valid():
        try:
            assignment = services.curator_appoint(
                school=school, year=permissions.require_year(), by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            web.flash_errors(request, exc)
        else:
            messages.success(
                request,
                f"Куратор {assignment.curator.full_name or assignment.curator.email} назначен в «{school.short_name}» "
                f"с {assignment.appointed_on:%d.%m.%Y}.",
            )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("curators:appointment_list", pk=school.municipality_id)


@require_POST
@login_required
def appointment_policy_update(request: HttpRequest, pk: int) -> HttpResponse:
    region = permissions.get_region_for_user(request.user, pk)
    form = forms.PolicyForm(request.POST)
    if form.is_valid():
        services.appointment_policy_set(region=region, level=form.cleaned_data["level"])
        messages.success(request, "Порядок назначения кураторов сохранён.")
    next_mun = region.municipalities.order_by("name").first()
    if next_mun:
        return redirect("curators:appointment_list", pk=next_mun.pk)
    return redirect("schools:region_detail", pk=region.pk)


@require_GET
@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    scope = permissions.scope_for(request.user)
    contracts = (
        perms.contracts_visible(request.user)
        .select_related("curator", "region", "year")
        .prefetch_related("schools")
        .order_by("-signed_on", "number")
    )
    is_curator = CuratorAssignment.objects.filter(curator=request.user).exists()
    if not (scope.everything or scope.is_coordinator or is_curator):
        raise Http404
    return render(
        request,
        "curators/contract_list.html",
        {"contracts": contracts, "can_create": scope.everything or scope.is_coordinator},
    )


@require_http_methods(["GET", "POST"])
@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    permissions.require_coordinator(request.user)
    year = permissions.require_year()
    schools = (
        permissions.visible_schools(request.user)
        .filter(curatorships__year=year)
        .select_related("municipality__region")
        .order_by("short_name")
    )
    curators = User.objects.filter(curatorships__year=year, curatorships__school__in=schools).distinct()
    form = forms.ContractForm(request.POST or None, curators=curators, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = services.contract_create(
                by=request.user,
                year=year,
                curator=data["curator"],
                number=data["number"],
                signed_on=data["signed_on"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                schools=list(data["schools"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{contract} сохранён.")
            return redirect("curators:contract_detail", pk=contract.pk)
    return render(request, "curators/contract_form.html", {"form": form, "year": year})


@require_GET
@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = perms.get_contract_for_user(request.user, pk)
    try:
        services.check_contract_manage(request.user, contract)
        can_manage = not contract.is_ended
    except PermissionDenied:
        can_manage = False
    return render(
        request,
        "curators/contract_detail.html",
        {
            "contract": contract,
            "schools": contract.schools.select_related("municipality").order_by("short_name"),
            "can_manage": can_manage,
            "end_form": forms.ContractEndForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def contract_update(request: HttpRequest, pk: int) -> HttpResponse:
    contract = perms.get_contract_for_user(request.user, pk)
    services.check_contract_manage(request.user, contract)
    schools = (
        permissions.visible_schools(request.user)
        .filter(curatorships__year=contract.year, curatorships__curator=contract.curator)
        .select_related("municipality__region")
        .order_by("short_name")
    )
    initial = {
        "number": contract.number,
        "signed_on": contract.signed_on,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "schools": list(contract.schools.all()),
    }
    form = forms.ContractEditForm(request.POST or None, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contract_update(
                contract=contract,
                by=request.user,
                number=data["number"],
                signed_on=data["signed_on"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                schools=list(data["schools"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{contract} изменён.")
            return redirect("curators:contract_detail", pk=contract.pk)
    return render(
        request,
        "curators/contract_form.html",
        {"form": form, "year": contract.year, "contract": contract},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def contract_end(request: HttpRequest, pk: int) -> HttpResponse:
    contract = perms.get_contract_for_user(request.user, pk)
    services.check_contract_manage(request.user, contract)
    form = forms.ContractEndForm(request.POST)
    if form.is_valid():
        try:
            services.contract_end(contract=contract, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            web.flash_errors(request, exc)
        else:
            messages.success(request, f"{contract} расторгнут с {contract.ended_on:%d.%m.%Y}.")
    else:
        web.flash_form_errors(request, form)
    return redirect("curators:contract_detail", pk=contract.pk)


@require_POST
@login_required
def curator_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """«Снять куратора» with the school of this year (the rights on the school are revoked)."""
    school = get_object_or_404(School.objects.select_related("municipality__region"), pk=pk)
    perms.check_appoint(request.user, school)
    assignment = (
        CuratorAssignment.objects.filter(school=school, year=permissions.require_year())
        .select_related("curator", "year")
        .first()
    )
    if assignment is None:
        raise Http404("У школы нет куратора в этом году")
    form = forms.CuratorRemoveForm(request.POST)
    if form.is_valid():
        try:
            services.curator_remove(assignment=assignment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            web.flash_errors(request, exc)
        else:
            name = assignment.curator.full_name or assignment.curator.email
            messages.success(request, f"Куратор {name} снят со школы «{school.short_name}».")
    else:
        web.flash_form_errors(request, form)
    return redirect("curators:appointment_list", pk=school.municipality_id)
