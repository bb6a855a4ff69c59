from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from medk.lib import excel

from . import importing
from .models import ProjectYear, Region, SchoolProgramme


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

    region = forms.ModelChoiceField(
        label="Регион", queryset=Region.objects.none(), required=False, empty_label="Регионы из файла"
    )
    sync = forms.BooleanField(
        label="Синхронизировать список школ",
        required=False,
        help_text="Школы региона, которых нет в файле, выйдут из года (их история сохранится; ничего не удаляется).",
    )

    def __init__(self, *args, kinds=None, regions=None, **kwargs):
        """`kinds`: the import kinds this user may choose; `regions`: a regional coordinator's regions (required)."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] in kinds]
        if regions is None:
            self.fields["region"].queryset = Region.objects.order_by("name")
        else:
            self.fields["region"].queryset = Region.objects.filter(pk__in=regions).order_by("name")
            self.fields["region"].required = True
            self.fields["region"].empty_label = None

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


class YearCreateForm(forms.Form):
    number = forms.IntegerField(label="Год проекта", min_value=2020, max_value=2100)
    source = forms.ModelChoiceField(
        label="Основа",
        queryset=ProjectYear.objects.order_by("-year"),
        required=False,
        empty_label="Встроенный федеральный шаблон",
        help_text="Копия года переносит календарь (со сдвигом дат), направления, анкеты, рубрику, правило визитов.",
    )
    continuing = forms.TypedMultipleChoiceField(
        label="Школы, которые продолжают участие", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["continuing"].choices = [(s.pk, f"{s.short_name} ({s.municipality.region})") for s in schools]


class LongSelect(forms.Select):
    """A select of hundreds of options (a region's 500 municipalities) joined in Python: Django's widget templates
    render each option through two templates, most of the region page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class MunicipalCoordinatorForm(forms.Form):
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=None, empty_label=None, widget=LongSelect)
    email = forms.EmailField(label="E-mail")
    last_name = forms.CharField(label="Фамилия", required=False, max_length=150)
    first_name = forms.CharField(label="Имя", required=False, max_length=150)
    middle_name = forms.CharField(label="Отчество", required=False, max_length=150)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region.municipalities.order_by("name")
