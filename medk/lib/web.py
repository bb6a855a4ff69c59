"""Small helpers shared by views of every app."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """Shows each message of a service's ValidationError at the top of the next page."""
    for message in error.messages:
        messages.error(request, message)
