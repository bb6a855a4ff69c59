from django import forms

from .models import Milestone


class CalendarForm(forms.Form):
    """The federal dates of every step of a year's calendar: `starts_<id>` and `due_<id>`."""

    def __init__(self, *args, milestones: list[Milestone], **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones = milestones
        for m in milestones:
            self.fields[f"starts_{m.pk}"] = forms.DateField(
                label=f"{m.title}: начало",
                required=False,
                initial=m.starts_on,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[f"due_{m.pk}"] = forms.DateField(
                label=f"{m.title}: срок",
                initial=m.due_on,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def rows(self):
        return [(m, self[f"starts_{m.pk}"], self[f"due_{m.pk}"]) for m in self.milestones]

    def clean(self):
        data = super().clean()
        for m in self.milestones:
            starts, due = data.get(f"starts_{m.pk}"), data.get(f"due_{m.pk}")
            if starts and due and starts > due:
                self.add_error(f"starts_{m.pk}", f"«{m.title}»: дата начала позже срока.")
        return data
