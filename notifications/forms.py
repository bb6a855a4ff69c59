import datetime

from django import forms

from .models import Kind, NotificationPreference, ReadState


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


class ReadStateForm(forms.Form):
    """What a page reports having shown: the kind of item, its id (0 for the FAQ) and when it was rendered."""

    kind = forms.ChoiceField(
        choices=ReadState.Kind.choices, error_messages={"invalid_choice": "Неизвестный вид записи."}
    )
    object_id = forms.IntegerField(
        min_value=0, required=False, error_messages={"invalid": "Номер записи должен быть целым числом."}
    )
    at = forms.FloatField(required=False, error_messages={"invalid": "Время показа страницы указано неверно."})

    def clean_at(self) -> datetime.datetime | None:
        at = self.cleaned_data.get("at")
        if at is None:
            return None
        try:
            return datetime.datetime.fromtimestamp(at, tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):
            raise forms.ValidationError("Время показа страницы указано неверно.") from None
