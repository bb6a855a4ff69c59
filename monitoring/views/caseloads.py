"""The curator's caseload: every school with what waits for the curator and when the next visit is due."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from curators import permissions as curator_permissions
from schools import permissions
from schools.models import User

from ..selectors import caseloads


@require_GET
@login_required
def caseload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A curator's schools: phase, what waits for the curator, last visit and when the next is due."""
    curator = get_object_or_404(User, pk=pk)
    curator_permissions.check_curator_page(request.user, curator)
    year = permissions.require_year()
    today = timezone.localdate()
    rows = caseloads.caseload(curator=curator, year=year, today=today)
    return render(
        request,
        "monitoring/stages/caseload.html",
        {"curator": curator, "year": year, "rows": rows, "today": today, "is_self": curator.pk == request.user.pk},
    )
