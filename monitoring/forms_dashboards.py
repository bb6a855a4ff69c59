from django import forms

from .models import PlanEvent, Report
from .models.notifications import Kind, NotificationPreference
from .services import indicators as ind

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


class MilestoneOverrideForm(forms.Form):
    starts_on = forms.DateField(label="Начало (регион)", required=False, input_formats=DATE_FORMATS)
    due_on = forms.DateField(
        label="Срок (регион)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="Пусто — действует федеральный срок.",
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and not data.get("due_on"):
            self.add_error("due_on", "Укажите срок, если указано начало.")
        if data.get("starts_on") and data.get("due_on") and data["starts_on"] > data["due_on"]:
            self.add_error("starts_on", "Дата начала позже срока.")
        return data


class PlanEventForm(forms.ModelForm):
    starts_on = forms.DateField(label="Начало", required=False, input_formats=DATE_FORMATS)
    due_on = forms.DateField(label="Срок", input_formats=DATE_FORMATS)

    class Meta:
        model = PlanEvent
        fields = ["description", "starts_on", "due_on", "responsible", "indicator"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "indicator": forms.Textarea(attrs={"rows": 2})}


class PlanEventStatusForm(forms.Form):
    status = forms.ChoiceField(label="Статус", choices=PlanEvent.Status.choices)


class PlanScoreForm(forms.Form):
    score = forms.IntegerField(label="Оценка (0–6)", min_value=0, max_value=6)
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Отчёт", choices=Report.Kind.choices)
    fmt = forms.ChoiceField(label="Формат", choices=Report.Format.choices, initial=Report.Format.PDF)
    school = forms.IntegerField(required=False, widget=forms.HiddenInput)
    region = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Report.Kind.SCHOOL and not data.get("school"):
            raise forms.ValidationError("Не указана школа для отчёта.")
        if data.get("kind") == Report.Kind.REGION and not data.get("region"):
            raise forms.ValidationError("Не указан регион для отчёта.")
        return data


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


def indicator_choices():
    return [(i.code, i.title) for i in ind.INDICATORS]
