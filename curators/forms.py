"""Forms of curators' work (validation only; rules live in services)."""

import datetime

from django import forms

from schools.models import CuratorCandidate

from .models import AppointmentPolicy, Event, EventParticipant, Thread, Visit, VisitEvaluation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AppointForm(forms.Form):
    email = forms.EmailField(label="E-mail куратора")
    last_name = forms.CharField(label="Фамилия (для нового пользователя)", required=False, max_length=150)
    first_name = forms.CharField(label="Имя", required=False, max_length=150)
    middle_name = forms.CharField(label="Отчество", required=False, max_length=150)
    appointed_on = forms.DateField(label="Дата назначения", widget=DateInput(), initial=datetime.date.today)


class PolicyForm(forms.Form):
    level = forms.ChoiceField(label="Кто назначает кураторов", choices=AppointmentPolicy.Level.choices)


class ContractForm(forms.Form):
    curator = forms.ModelChoiceField(label="Куратор", queryset=None)
    number = forms.CharField(label="Номер договора", max_length=64)
    signed_on = forms.DateField(label="Дата договора", widget=DateInput())
    starts_on = forms.DateField(label="Начало действия", widget=DateInput())
    ends_on = forms.DateField(label="Окончание действия", widget=DateInput())
    schools = forms.ModelMultipleChoiceField(
        label="Школы", queryset=None, widget=forms.CheckboxSelectMultiple, help_text="Школы, где куратор назначен"
    )

    def __init__(self, *args, curators, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curator"].queryset = curators
        self.fields["schools"].queryset = schools

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", "Дата окончания раньше даты начала.")
        return data


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["held_on", "format", "participants", "topics", "findings", "recommendations"]
        widgets = {
            "held_on": DateInput(),
            "format": forms.RadioSelect,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"participants": "ФИО и должности через запятую"}


class ActionForm(forms.Form):
    text = forms.CharField(label="Договорённость", widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label="Ответственный", required=False, max_length=255)
    due_on = forms.DateField(label="Срок", required=False, widget=DateInput())


class FileForm(forms.Form):
    file = forms.FileField(label="Файл", help_text="PDF, DOCX, XLSX, ODT, PNG или JPEG")


class DisputeForm(forms.Form):
    reason = forms.CharField(label="Что в записи не так", widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(forms.Form):
    """One score and comment per criterion of the year's form; fields are built from the criteria."""

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        initial_scores = initial_scores or {}
        for c in criteria:
            score, comment = initial_scores.get(c.pk, (None, ""))
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=c.title,
                choices=VisitEvaluation.Score.choices,
                coerce=int,
                widget=forms.RadioSelect,
                initial=score,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=f"Комментарий: {c.title}", required=False, max_length=500, initial=comment
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"]) for c in self.criteria}


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(label="Кому вопрос", choices=Thread.Kind.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label="Тема", max_length=300)
    body = forms.CharField(label="Вопрос", widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label="Файл (необязательно)", required=False, help_text="PDF, DOCX, XLSX, ODT, PNG или JPEG")


class MessageForm(forms.Form):
    body = forms.CharField(label="Сообщение", widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label="Файл (необязательно)", required=False, help_text="PDF, DOCX, XLSX, ODT, PNG или JPEG")


class FaqForm(forms.Form):
    question = forms.CharField(label="Вопрос для FAQ", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    answer = forms.CharField(label="Ответ для FAQ", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="Вид", choices=Event.Kind.choices)
    format = forms.ChoiceField(label="Формат", choices=Event.Format.choices, widget=forms.RadioSelect, initial="onsite")
    title = forms.CharField(label="Название", max_length=300)
    held_on = forms.DateField(label="Дата", widget=DateInput())
    place = forms.CharField(label="Место или ссылка", max_length=500, required=False)
    description = forms.CharField(label="Описание", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    region = forms.ModelChoiceField(
        label="Регион", queryset=None, required=False, empty_label="федеральное (все регионы)"
    )
    audience = forms.MultipleChoiceField(
        label="Пригласить участников других уровней",
        required=False,
        choices=[c for c in EventParticipant.Level.choices if c[0] != EventParticipant.Level.SCHOOL],
        widget=forms.CheckboxSelectMultiple,
        help_text="Все участники этого уровня в регионе мероприятия (для федерального — во всех регионах)",
    )
    schools = forms.ModelMultipleChoiceField(
        label="Приглашённые школы", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, regions, schools, allow_federal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].required = not allow_federal
        self.fields["schools"].queryset = schools


class CandidateForm(forms.Form):
    email = forms.EmailField(label="E-mail кандидата")
    last_name = forms.CharField(label="Фамилия (для нового пользователя)", required=False, max_length=150)
    first_name = forms.CharField(label="Имя", required=False, max_length=150)
    middle_name = forms.CharField(label="Отчество", required=False, max_length=150)
    workplace = forms.CharField(
        label="Место работы и должность", required=False, max_length=500, help_text="например: заместитель директора"
    )
    municipality = forms.ModelChoiceField(
        label="Муниципалитет", queryset=None, required=False, empty_label="резерв региона"
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].queryset = municipalities


class CandidateDecisionForm(forms.Form):
    interview_on = forms.DateField(label="Дата собеседования", required=False, widget=DateInput())
    decision = forms.ChoiceField(label="Решение", choices=CuratorCandidate.Decision.choices)
    note = forms.CharField(
        label="Заметка об отборе", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CandidateAppointForm(forms.Form):
    school = forms.ModelChoiceField(label="Школа", queryset=None)
    appointed_on = forms.DateField(label="Дата назначения", widget=DateInput(), initial=datetime.date.today)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ContractEditForm(ContractForm):
    """The same contract without its curator (a contract belongs to one curator for good)."""

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, curators=None, schools=schools, **kwargs)
        del self.fields["curator"]


class ContractEndForm(forms.Form):
    ended_on = forms.DateField(label="Дата расторжения", widget=DateInput())
    reason = forms.CharField(label="Причина расторжения", max_length=500)


class CuratorRemoveForm(forms.Form):
    reason = forms.CharField(label="Причина", max_length=500)


class PlannedVisitForm(forms.Form):
    planned_on = forms.DateField(label="Дата визита по графику", widget=DateInput())
    note = forms.CharField(label="Цель визита", max_length=300, required=False)
