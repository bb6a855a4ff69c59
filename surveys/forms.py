from django import forms
from django.core.exceptions import ValidationError

from .models import Question
from .selectors import QuestionnaireStructure

ERRORS = {
    "required": "Ответьте на этот вопрос.",
    "invalid_choice": "Выберите один из предложенных вариантов.",
    "invalid_list": "Выберите варианты из списка.",
    "invalid": "Введите целое число.",
    "min_value": "Значение не может быть меньше %(limit_value)s.",
    "max_value": "Значение не может быть больше %(limit_value)s.",
    "max_length": "Не длиннее %(limit_value)d символов.",
}


def _fields(structure: QuestionnaireStructure) -> dict[str, forms.Field]:
    fields = {}
    for q in structure.questions:
        choices = [(str(o.id), o.text) for o in q.options]
        common = {"label": q.text, "help_text": q.help_text, "required": q.required, "error_messages": ERRORS}
        if q.kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        elif q.kind == Question.Kind.MULTIPLE:
            field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        elif q.kind == Question.Kind.NUMBER:
            field = forms.IntegerField(
                min_value=q.min_value,
                max_value=q.max_value,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                **common,
            )
        else:
            field = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}), **common)
        fields[q.field_name] = field
    return fields


# One set of fields per questionnaire version, only read (never bound or changed), for answers_cleaned below.
_checkers: dict[int, tuple[QuestionnaireStructure, dict[str, forms.Field]]] = {}


def answers_cleaned(data, *, structure: QuestionnaireStructure) -> dict | None:
    """The cleaned answers when a submission is valid, by the same fields and rules as ResponseForm but without
    building one (most submissions are valid; a form is built only to show errors); None when it is not."""
    cached = _checkers.get(structure.id)
    if cached is None or cached[0] is not structure:  # the structure object is kept per version
        if len(_checkers) > 200:
            _checkers.clear()
        cached = _checkers[structure.id] = (structure, _fields(structure))
    fields = cached[1]
    if any(key not in fields and key != "csrfmiddlewaretoken" for key in data):
        return None
    cleaned = {}
    for name, field in fields.items():
        try:
            cleaned[name] = field.clean(field.widget.value_from_datadict(data, {}, name))
        except ValidationError:
            return None
    return cleaned


class ResponseForm(forms.Form):
    """A questionnaire built from its stored structure; field names are q<question id>."""

    def __init__(self, *args, structure: QuestionnaireStructure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields.update(_fields(structure))

    def clean(self):
        # Stray fields are a malformed submission, not something to ignore silently.
        known = set(self.fields) | {"csrfmiddlewaretoken"}
        stray = [key for key in self.data if key not in known]
        if stray:
            raise ValidationError("Форма анкеты повреждена или устарела: обновите страницу и заполните её заново.")
        return super().clean()

    def sections(self):
        """[(title, [(bound field, question, number)])] in the questionnaire's order, numbered through."""
        result, number = [], 0
        for section in self.structure.sections:
            items = []
            for q in section.questions:
                number += 1
                items.append((self[q.field_name], q, number))
            result.append((section.title, items))
        return result


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Код анкеты",
        max_length=20,
        help_text="Код из латинских букв и цифр, который сообщила школа.",
        error_messages={"required": "Введите код анкеты."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class HeadcountForm(forms.Form):
    teachers = forms.IntegerField(label="Педагогов", min_value=0, max_value=1000)
    pupils6 = forms.IntegerField(label="Обучающихся 6 классов", min_value=0, max_value=2000)
    pupils9 = forms.IntegerField(label="Обучающихся 9 классов", min_value=0, max_value=2000)
    parents = forms.IntegerField(
        label="Родителей обучающихся 6–9 классов (по одному от семьи)", min_value=0, max_value=10000
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Файл .xlsx с профилями", help_text="Столбцы: ИНН и номера направлений 1…N.")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise ValidationError("Нужен файл Excel в формате .xlsx.")
        if f.size > 10 * 1024 * 1024:
            raise ValidationError("Файл больше 10 МБ.")
        return f
