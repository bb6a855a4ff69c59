"""The year's required conceptual documents: the federal coordinator chooses them; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import forms, permissions, selectors, services
from ..models import DocumentKind


@require_http_methods(["GET", "POST"])
@login_required
def required_documents(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    current = selectors.required_kinds(year=year)
    data = request.POST if request.method == "POST" else None
    form = forms.RequiredDocumentsForm(data, initial={"kinds": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.required_documents_set(year=year, kinds=form.cleaned_data["kinds"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Обязательные документы года сохранены; показатель пересчитан по ним.")
            return redirect("roadmaps:required_documents")
    return render(
        request,
        "roadmaps/required_documents.html",
        {"year": year, "form": form, "current": [DocumentKind(k).label for k in current]},
    )
