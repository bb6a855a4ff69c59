"""Questionnaires (versioned data), survey links, anonymous responses and answers, headcounts."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import ProjectYear, School

from .directions import RiskDirection
from .year_settings import DiagnosisRound, RespondentGroup

# --- Questionnaires (versioned data) ----------------------------------------------------------------


class Indicator(models.Model):
    """An indicator of a year's method, feeding one risk direction with a weight."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField("код", max_length=64)
    title = models.CharField("название", max_length=300)
    direction = models.ForeignKey(
        RiskDirection, on_delete=models.PROTECT, related_name="indicators", verbose_name="направление"
    )
    weight = models.DecimalField("вес в направлении", max_digits=5, decimal_places=2, default=1)

    class Meta:
        verbose_name = "индикатор"
        verbose_name_plural = "индикаторы"
        ordering = ["direction__number", "code"]
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return self.title


class Questionnaire(models.Model):
    """One version of one group's questionnaire. Immutable once loaded: a change is a new version."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="questionnaires")
    group = models.CharField("группа респондентов", max_length=16, choices=RespondentGroup.choices)
    version = models.PositiveSmallIntegerField("версия", default=1)
    title = models.CharField("название", max_length=300)
    intro = models.TextField("вступление", blank=True)
    checksum = models.CharField("контрольная сумма определения", max_length=64)
    is_active = models.BooleanField("действующая версия", default=True)
    loaded_at = models.DateTimeField("загружена", default=timezone.now)

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["year", "group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "group", "version"], name="unique_questionnaire_version"),
            models.UniqueConstraint(
                fields=["year", "group"], condition=models.Q(is_active=True), name="one_active_questionnaire"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year.year}, версия {self.version})"


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField("порядок")
    title = models.CharField("название", max_length=300)

    class Meta:
        verbose_name = "раздел анкеты"
        verbose_name_plural = "разделы анкеты"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "один вариант"
        MULTIPLE = "multiple", "несколько вариантов"
        SCALE = "scale", "шкала"
        NUMBER = "number", "число"
        TEXT = "text", "краткий текст"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("порядок")
    code = models.SlugField("код", max_length=64)
    text = models.CharField("вопрос", max_length=500)
    help_text = models.CharField("пояснение", max_length=300, blank=True)
    kind = models.CharField("тип", max_length=16, choices=Kind.choices)
    required = models.BooleanField("обязательный", default=True)
    min_value = models.IntegerField("минимум", null=True, blank=True)
    max_value = models.IntegerField("максимум", null=True, blank=True)

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["section__order", "order"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_question_code")]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    """An answer option. For number questions an option is a band [low, high] chosen by the value."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField("порядок")
    code = models.SlugField("код", max_length=64)
    text = models.CharField("текст", max_length=300)
    low = models.IntegerField("от (для чисел)", null=True, blank=True)
    high = models.IntegerField("до (для чисел)", null=True, blank=True)

    class Meta:
        verbose_name = "вариант ответа"
        verbose_name_plural = "варианты ответа"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="unique_option_code")]

    def __str__(self) -> str:
        return self.text


class OptionIndicator(models.Model):
    """How much choosing an option adds to an indicator (0..1, normalised per question at load)."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="indicator_weights")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="option_weights")
    weight = models.FloatField("вес")

    class Meta:
        verbose_name = "вес варианта в индикаторе"
        verbose_name_plural = "веса вариантов в индикаторах"
        constraints = [models.UniqueConstraint(fields=["option", "indicator"], name="unique_option_indicator")]

    # --- Answer collection ------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.option} → {self.indicator}: {self.weight}"


class SurveyLink(models.Model):
    """A school's link and short code for one respondent group in a year."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="survey_links")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="survey_links")
    group = models.CharField("группа", max_length=16, choices=RespondentGroup.choices)
    token = models.CharField("токен", max_length=40, unique=True)
    code = models.CharField("код", max_length=12, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "ссылка на анкету"
        verbose_name_plural = "ссылки на анкеты"
        constraints = [models.UniqueConstraint(fields=["school", "year", "group"], name="unique_survey_link")]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_group_display()} ({self.code})"


class Response(models.Model):
    """One submitted questionnaire. Public groups are anonymous: no user, no address, no link to a person."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="survey_responses")
    group = models.CharField("группа", max_length=16, choices=RespondentGroup.choices)
    round = models.CharField(
        "диагностика", max_length=8, choices=DiagnosisRound.choices, default=DiagnosisRound.FIRST, db_index=True
    )
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="responses")
    # Only for the cabinet questionnaires (director, curator candidate): one per person.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "ответ на анкету"
        verbose_name_plural = "ответы на анкеты"
        indexes = [models.Index(fields=["year", "school", "group"])]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "school", "group", "round"],
                condition=models.Q(group="director"),
                name="one_director_response",
            ),
            models.UniqueConstraint(
                fields=["year", "submitted_by", "group"],
                condition=models.Q(group="curator"),
                name="one_curator_response",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} — {self.school or 'без школы'}"


class Answer(models.Model):
    """One answer row: a chosen option (several rows for multiple choice), a number or a text.

    `school` and `year` are copied from the response so that the profile is one GROUP BY over this
    table; `share` is 1/k for k options chosen in a multiple-choice question (1 otherwise), so that
    SUM(share) counts answered questions.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    round = models.CharField(max_length=8, choices=DiagnosisRound.choices, default=DiagnosisRound.FIRST)
    number = models.IntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)
    share = models.FloatField(default=1.0)

    class Meta:
        verbose_name = "ответ на вопрос"
        verbose_name_plural = "ответы на вопросы"
        indexes = [models.Index(fields=["year", "school"])]

    def __str__(self) -> str:
        return f"ответ #{self.pk}"


class SchoolHeadcount(models.Model):
    """How many respondents a school has (the expected number per group)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="survey_headcounts")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    teachers = models.PositiveIntegerField("педагогов", default=0)
    pupils6 = models.PositiveIntegerField("обучающихся 6 классов", default=0)
    pupils9 = models.PositiveIntegerField("обучающихся 9 классов", default=0)
    parents = models.PositiveIntegerField("родителей (семей) 6–9 классов", default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "численность респондентов"
        verbose_name_plural = "численность респондентов"
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="unique_headcount")]

    def __str__(self) -> str:
        return f"{self.school} ({self.year.year})"

    def expected(self, group: str) -> int:
        return {
            RespondentGroup.TEACHER: self.teachers,
            RespondentGroup.PUPIL6: self.pupils6,
            RespondentGroup.PUPIL9: self.pupils9,
            RespondentGroup.PARENT: self.parents,
        }.get(group, 0)
