from django import forms

from medk.lib import excel

from . import importing
from .models import ProjectYear, SchoolProgramme


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Что загружаем", choices=importing.KIND_CHOICES, widget=forms.RadioSelect)
    year = forms.ModelChoiceField(label="Год проекта", queryset=ProjectYear.objects.order_by("-year"), empty_label=None)
    file = forms.FileField(label="Файл Excel (.xlsx)", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    create_municipalities = forms.BooleanField(
        label="Создавать новые муниципалитеты",
        required=False,
        help_text="Иначе муниципалитет, которого нет в системе, считается ошибкой.",
        widget=forms.CheckboxInput(attrs={"aria-describedby": "create-municipalities-help"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            excel.check_xlsx(file)
        except excel.ExcelError as error:
            raise forms.ValidationError(str(error)) from None
        return file


class ProgrammeForm(forms.Form):
    title = forms.CharField(label="Программа или проект", max_length=300)
    level = forms.ChoiceField(label="Уровень", choices=SchoolProgramme.Level.choices)
