from django import forms

from .models import DocumentKind, Indicator, Measure, RoadmapSection

UPLOAD_KINDS = [(k, label) for k, label in DocumentKind.choices if k != DocumentKind.ROADMAP]
ACCEPT = ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Вид документа", choices=UPLOAD_KINDS)
    direction = forms.IntegerField(label="Рисковое направление", required=False, widget=forms.HiddenInput)
    title = forms.CharField(label="Название материала", max_length=300, required=False)
    file = forms.FileField(
        label="Файл",
        help_text="PDF, DOCX, XLSX, ODT, PNG или JPEG. Документы с макросами не принимаются.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "js-upload-input"}),
    )


class VersionForm(forms.Form):
    file = forms.FileField(
        label="Новая версия файла",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "js-upload-input"}),
    )


class RevisionMixin(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SectionForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = RoadmapSection
        fields = ["goal", "tasks"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 2}), "tasks": forms.Textarea(attrs={"rows": 3})}


class MeasureForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["title", "description", "starts_on", "ends_on", "responsible", "participants", "expected_result"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", "Дата окончания раньше даты начала.")
        return data


class IndicatorForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "method"]
        widgets = {"method": forms.Textarea(attrs={"rows": 2})}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Причина", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class CommentForm(forms.Form):
    text = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    measure = forms.IntegerField(label="Мероприятие", required=False)
    indicator = forms.IntegerField(label="Показатель", required=False)


# What each score means, shown beside it (the same three levels for every component of the cycle).
SCORE_LEVELS = [
    ("0", "0 — компонента нет: в документе он не описан"),
    ("1", "1 — описан частично или формально: без сроков, ответственных или связи с рисками школы"),
    ("2", "2 — описан полностью и конкретно: с измеримыми результатами, сроками и ответственными"),
]


class EvaluationForm(forms.Form):
    comment = forms.CharField(label="Заключение", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, criteria=(), initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.code}"] = forms.TypedChoiceField(
                label=c.title,
                choices=SCORE_LEVELS,
                coerce=int,
                initial=(initial_scores or {}).get(c.code),
                widget=forms.RadioSelect,
                error_messages={"required": f"Поставьте балл за компонент «{c.title}»."},
            )

    def scores(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[f"score_{c.code}"] for c in self.criteria}

    def score_fields(self):
        return [self[f"score_{c.code}"] for c in self.criteria]


class SampleForm(forms.Form):
    title = forms.CharField(label="Название", max_length=200, initial="Выборочная экспертиза, 1 этап")
    share = forms.DecimalField(label="Доля школ в регионе (0–1)", required=False, max_digits=4, decimal_places=3)
    count = forms.IntegerField(label="или число школ на регион", required=False, min_value=1)
    seed = forms.IntegerField(
        label="Зерно случайного выбора", min_value=0, help_text="Одно и то же зерно даёт ту же выборку."
    )


class AssignForm(forms.Form):
    email = forms.EmailField(label="E-mail эксперта", required=False)


class ExpertForm(forms.Form):
    email = forms.EmailField(label="E-mail эксперта")
    last_name = forms.CharField(label="Фамилия (для нового пользователя)", required=False, max_length=150)
    first_name = forms.CharField(label="Имя", required=False, max_length=150)
    middle_name = forms.CharField(label="Отчество", required=False, max_length=150)


class RequiredDocumentsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Обязательные концептуальные документы",
        choices=[
            (DocumentKind.CONCEPT, "Концепция развития (программа развития)"),
            (DocumentKind.MIDTERM, "Среднесрочная программа развития"),
            (DocumentKind.ANTIRISK, "Антирисковая программа по каждому активированному рисковому направлению"),
            (DocumentKind.ROADMAP, "Дорожная карта"),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Выберите хотя бы один обязательный документ."},
    )
