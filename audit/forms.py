from django import forms

from .models import ACTION_LABELS


class EventFilterForm(forms.Form):
    date_from = forms.DateField(label="С даты", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="По дату", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(label="Действие", required=False, choices=[("", "любое"), *ACTION_LABELS.items()])
    who = forms.CharField(label="Кто (e-mail)", required=False, max_length=254)
    school = forms.CharField(label="Школа (часть названия)", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("Дата «с» позже даты «по»")
        return data
