"""Small helpers shared by views of every app."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """Shows each message of a service's ValidationError at the top of the next page."""
    for message in error.messages:
        messages.error(request, message)


def flash_form_errors(request: HttpRequest, form) -> None:
    """A form posted from a list page: each field's errors, with the field's label, on the next page."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def act_and_redirect(
    request: HttpRequest, action: Callable[[], object], *, success: str | Callable[[object], str], to: str
) -> HttpResponse:
    """A button's POST: runs `action` (a service call), then redirects to the page `to`, which shows the error's
    messages or `success` (a text, or a function of what `action` returned)."""
    try:
        result = action()
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(to)
