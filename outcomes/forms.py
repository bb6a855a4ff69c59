from django import forms
from django.utils import timezone

from medk.lib import excel
from schools.models import Region

from .models import Assessment


class ResultsImportForm(forms.Form):
    assessment = forms.ChoiceField(label="Оценочная процедура", choices=Assessment.choices)
    year = forms.IntegerField(label="Год проведения", min_value=2015, help_text="например, 2026 — для весны 2026 года")
    region = forms.ModelChoiceField(
        label="Регион", queryset=Region.objects.none(), required=False, empty_label="любой (школа — по коду или ИНН)"
    )
    file = forms.FileField(label="Файл Excel (.xlsx)", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, regions: list[Region] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is None:
            self.fields["region"].queryset = Region.objects.order_by("name")
        else:
            self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("name")
            self.fields["region"].required = True
            self.fields["region"].empty_label = None

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError("Год проведения ещё не наступил.")
        return year

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            excel.check_xlsx(file)
        except excel.ExcelError as error:
            raise forms.ValidationError(str(error)) from None
        return file


class YearsForm(forms.Form):
    """The pair of years the outcome view compares (GET); anything else falls back to the two latest."""

    before = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    after = forms.IntegerField(required=False, min_value=2000, max_value=2100)
