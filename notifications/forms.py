from django import forms

from .models import Kind, NotificationPreference


class PreferencesForm(forms.Form):
    """One choice per notification kind: a letter at once, a daily digest, or only in the system."""

    def __init__(self, *args, current: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for value, label in Kind.choices:
            self.fields[value] = forms.ChoiceField(
                label=label.capitalize(),
                choices=NotificationPreference.Mode.choices,
                initial=current.get(value, NotificationPreference.Mode.INSTANT),
                required=False,  # a kind left out keeps its current setting
            )
