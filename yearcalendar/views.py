from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from schools import permissions
from schools.models import ProjectYear

from . import forms, services
from .models import Milestone


@login_required
def calendar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The federal calendar's dates of one year (regions set their own dates on the calendar page)."""
    permissions.require_federal(request.user)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    year = get_object_or_404(ProjectYear, pk=pk)
    milestones = list(Milestone.objects.filter(year=year).order_by("order", "due_on"))
    form = forms.CalendarForm(request.POST if request.method == "POST" else None, milestones=milestones)
    if request.method == "POST" and form.is_valid():
        changed = services.calendar_dates_set(
            year=year,
            dates={m.pk: (form.cleaned_data[f"starts_{m.pk}"], form.cleaned_data[f"due_{m.pk}"]) for m in milestones},
        )
        messages.success(request, f"Календарь {year.year} года сохранён; изменено этапов: {changed}.")
        return redirect("yearcalendar:calendar_edit", pk=year.pk)
    return render(
        request, "yearcalendar/calendar_edit.html", {"year": year, "form": form}, status=400 if form.errors else 200
    )
