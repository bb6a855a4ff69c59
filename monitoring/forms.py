"""Forms of monitoring: calendar dates, the plan-graph, stage reports, generated reports (validation only)."""

from django import forms

from .models import MeasureStatus, MunicipalMeasure, PlanEvent, Report

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


class PlanReturnForm(forms.Form):
    reason = forms.CharField(
        label="Причина возврата (обязательно)", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PlanOrderForm(forms.Form):
    order_number = forms.CharField(label="Номер приказа", max_length=64)
    order_date = forms.DateField(label="Дата приказа", input_formats=DATE_FORMATS, help_text="ДД.ММ.ГГГГ")


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


# --- monitoring stages ---


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Причина возврата", widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Файл", help_text="PDF, DOCX, XLSX, ODT, PNG или JPEG")
    title = forms.CharField(label="Что подтверждает", max_length=300, required=False)
    measure_ref = forms.TypedChoiceField(label="Мероприятие", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_ref"].choices = [("", "— к отчёту в целом —")] + [
            (m.measure_ref, m.title) for m in measures
        ]


class ReportForm(forms.Form):
    """Actual values, measure statuses and difficulties; fields are built from the report's rows."""

    def __init__(self, *args, report, difficulties, **kwargs):
        super().__init__(*args, **kwargs)
        self.values = list(report.indicator_values.all())
        self.measures = list(report.measure_statuses.all())
        for v in self.values:
            self.fields[f"actual_{v.indicator_ref}"] = forms.DecimalField(
                label=f"Факт: {v.title}", required=False, max_digits=14, decimal_places=2, initial=v.actual
            )
            self.fields[f"vcomment_{v.indicator_ref}"] = forms.CharField(
                label=f"Комментарий: {v.title}", required=False, max_length=500, initial=v.comment
            )
        for m in self.measures:
            self.fields[f"status_{m.measure_ref}"] = forms.ChoiceField(
                label=f"Статус: {m.title}",
                required=False,
                choices=[("", "— не указан —"), *MeasureStatus.Status.choices],
                initial=m.status,
            )
            self.fields[f"reason_{m.measure_ref}"] = forms.CharField(
                label=f"Причина: {m.title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=m.reason,
                help_text="Обязательна для статусов «не начато» и «отменено»",
            )
        self.fields["difficulties"] = forms.ModelMultipleChoiceField(
            label="Типичные затруднения",
            queryset=difficulties,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[d.pk for d in report.difficulties.all()],
        )
        self.fields["difficulties_other"] = forms.CharField(
            label="Другие затруднения",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=report.difficulties_other,
        )

    def clean(self):
        data = super().clean()
        for m in self.measures:
            status = data.get(f"status_{m.measure_ref}")
            if status in MeasureStatus.NEEDS_REASON and not (data.get(f"reason_{m.measure_ref}") or "").strip():
                self.add_error(f"reason_{m.measure_ref}", "Укажите причину: мероприятие не начато или отменено.")
        return data

    def value_rows(self):
        return [(v, self[f"actual_{v.indicator_ref}"], self[f"vcomment_{v.indicator_ref}"]) for v in self.values]

    def measure_rows(self):
        return [(m, self[f"status_{m.measure_ref}"], self[f"reason_{m.measure_ref}"]) for m in self.measures]

    def actuals(self):
        d = self.cleaned_data
        return {
            v.indicator_ref: (d[f"actual_{v.indicator_ref}"], d[f"vcomment_{v.indicator_ref}"]) for v in self.values
        }

    def statuses(self):
        d = self.cleaned_data
        return {m.measure_ref: (d[f"status_{m.measure_ref}"], d[f"reason_{m.measure_ref}"]) for m in self.measures}


# --- the school's report on its roadmap ---


class SchoolReportAnalysisForm(forms.Form):
    analysis = forms.CharField(
        label="Анализ и выводы",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text="Что удалось, что нет и почему, какие управленческие решения школа принимает дальше.",
    )


class SchoolReportConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label="Заключение куратора", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )


class SchoolReportSendForm(forms.Form):
    late_reason = forms.CharField(
        label="Причина опоздания",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Обязательна, если срок отчёта прошёл.",
    )


class SchoolReportReturnForm(forms.Form):
    reason = forms.CharField(
        label="Причина возврата (обязательно)", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MunicipalMeasureForm(forms.Form):
    title = forms.CharField(label="Мероприятие", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    school = forms.ModelChoiceField(label="Школа", queryset=None, required=False, empty_label="— все школы —")
    responsible = forms.CharField(label="Ответственный", max_length=300)
    starts_on = forms.DateField(label="Начало", required=False, input_formats=DATE_FORMATS, help_text="ДД.ММ.ГГГГ")
    due_on = forms.DateField(label="Срок", input_formats=DATE_FORMATS, help_text="ДД.ММ.ГГГГ")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class MunicipalMeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label="Статус", choices=MunicipalMeasure.Status.choices)
