"""Small helpers the roadmaps views share."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..models import Document, DocumentKind

GET_POST = require_http_methods(["GET", "POST"])


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def upload_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for the progress-bar upload (XHR) an empty answer naming the page, so flash messages survive."""
    if request.headers.get("X-Upload-Progress") == "1":
        response = HttpResponse(status=204)
        response["X-Redirect"] = url
        return response
    return redirect(url)


def document_url(document: Document) -> str:
    if document.kind == DocumentKind.ROADMAP:
        return reverse("roadmaps:roadmap_detail", kwargs={"school_pk": document.school_id})
    return reverse("roadmaps:document_detail", kwargs={"pk": document.pk})
