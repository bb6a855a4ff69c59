from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import ProjectYear, School


class RiskDirection(models.Model):
    """A risk direction of a project year (reference data; a year may add or retire directions)."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="risk_directions")
    number = models.PositiveSmallIntegerField("номер")
    code = models.SlugField("код", max_length=64)
    title = models.CharField("название", max_length=300)
    description = models.TextField("описание", blank=True)
    is_retired = models.BooleanField("выведено из использования", default=False)

    class Meta:
        verbose_name = "рисковое направление"
        verbose_name_plural = "рисковые направления"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_risk_number"),
            models.UniqueConstraint(fields=["year", "code"], name="unique_risk_code"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RiskActivation(models.Model):
    """A school works on this risk direction this year (activated after the profile is verified)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="risk_activations")
    direction = models.ForeignKey(RiskDirection, on_delete=models.PROTECT, related_name="activations")
    justification = models.TextField("обоснование", blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activated_at = models.DateTimeField("активировано", default=timezone.now)

    class Meta:
        verbose_name = "активированное рисковое направление"
        verbose_name_plural = "активированные рисковые направления"
        constraints = [models.UniqueConstraint(fields=["school", "direction"], name="unique_risk_activation")]

    def __str__(self) -> str:
        return f"{self.school}: {self.direction}"


# --- Year settings ----------------------------------------------------------------------------------


class RespondentGroup(models.TextChoices):
    DIRECTOR = "director", "директор"
    TEACHER = "teacher", "педагоги"
    PUPIL6 = "pupil6", "обучающиеся 6 классов"
    PUPIL9 = "pupil9", "обучающиеся 9 классов"
    PARENT = "parent", "родители"
    CURATOR = "curator", "кандидаты в кураторы"


# Groups that answer anonymously through a school's link or code.
PUBLIC_GROUPS = (RespondentGroup.TEACHER, RespondentGroup.PUPIL6, RespondentGroup.PUPIL9, RespondentGroup.PARENT)
# Calendar code of each group's window (monitoring.calendar).
WINDOW_CODES = {
    RespondentGroup.DIRECTOR: "director_survey",
    RespondentGroup.CURATOR: "curator_survey",
    RespondentGroup.TEACHER: "questionnaires",
    RespondentGroup.PUPIL6: "questionnaires",
    RespondentGroup.PUPIL9: "questionnaires",
    RespondentGroup.PARENT: "questionnaires",
}


class DiagnosisSettings(models.Model):
    """Per-year thresholds of the diagnosis (completion, anonymity)."""

    year = models.OneToOneField(ProjectYear, on_delete=models.CASCADE, related_name="diagnosis_settings")
    teacher_share = models.PositiveSmallIntegerField("доля ответивших педагогов, %", default=60)
    pupil_share = models.PositiveSmallIntegerField("доля ответивших обучающихся 6 и 9 классов, %", default=60)
    parent_share = models.PositiveSmallIntegerField("доля ответивших родителей, %", default=30)
    min_answers = models.PositiveSmallIntegerField(
        "минимум ответов в группе", default=5, help_text="и для завершения, и для показа данных группы"
    )

    class Meta:
        verbose_name = "настройки диагностики года"
        verbose_name_plural = "настройки диагностики"

    def __str__(self) -> str:
        return f"Настройки диагностики {self.year.year}"

    def share_for(self, group: str) -> int:
        return {
            RespondentGroup.TEACHER: self.teacher_share,
            RespondentGroup.PUPIL6: self.pupil_share,
            RespondentGroup.PUPIL9: self.pupil_share,
            RespondentGroup.PARENT: self.parent_share,
        }.get(group, 100)


class ScoringMethod(models.Model):
    """A version of the scoring method (docs/risk-method.md): thresholds of the levels."""

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="scoring_methods")
    version = models.CharField("версия методики", max_length=32)
    high_from = models.DecimalField("высокий риск от (балл)", max_digits=5, decimal_places=2, default=60)
    medium_from = models.DecimalField("средний риск от (балл)", max_digits=5, decimal_places=2, default=35)
    description = models.TextField("описание", blank=True)
    is_current = models.BooleanField("действующая", default=True)

    class Meta:
        verbose_name = "методика расчёта профиля"
        verbose_name_plural = "методики расчёта профиля"
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="unique_scoring_method_version"),
            models.CheckConstraint(condition=models.Q(medium_from__lte=models.F("high_from")), name="method_levels"),
        ]

    def __str__(self) -> str:
        return f"Методика {self.version}"


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
                fields=["year", "school", "group"],
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


# --- The risk profile --------------------------------------------------------------------------------


class RiskLevel(models.TextChoices):
    HIGH = "high", "высокий"
    MEDIUM = "medium", "средний"
    LOW = "low", "низкий"
    NODATA = "nodata", "нет данных"


class RiskProfile(models.Model):
    """The risk profile of a school (РПШ) for a year."""

    class Source(models.TextChoices):
        COMPUTED = "computed", "рассчитан в системе"
        IMPORTED = "imported", "загружен из файла"

    class Verification(models.TextChoices):
        PENDING = "pending", "не проверен куратором"
        CONFIRMED = "confirmed", "подтверждён куратором"
        COMMENTED = "commented", "проверен куратором, есть замечания"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="risk_profiles")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="risk_profiles")
    method_version = models.CharField("версия методики", max_length=32)
    source = models.CharField("источник", max_length=16, choices=Source.choices, default=Source.COMPUTED)
    responses = models.PositiveIntegerField("учтено анкет", default=0)
    computed_at = models.DateTimeField("рассчитан", default=timezone.now)
    published_at = models.DateTimeField("опубликован", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification = models.CharField(
        "проверка куратором", max_length=16, choices=Verification.choices, default=Verification.PENDING
    )
    verified_at = models.DateTimeField("проверен", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_comment = models.TextField("общий комментарий куратора", blank=True)
    activated_at = models.DateTimeField("направления активированы", null=True, blank=True)

    class Meta:
        verbose_name = "рисковый профиль школы"
        verbose_name_plural = "рисковые профили школ"
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="unique_risk_profile")]

    def __str__(self) -> str:
        return f"РПШ {self.school} ({self.year.year})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RiskProfileEntry(models.Model):
    """One risk direction in a profile: score 0..100, level and the indicator values behind it."""

    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="entries")
    direction = models.ForeignKey(RiskDirection, on_delete=models.PROTECT, related_name="profile_entries")
    score = models.DecimalField("балл", max_digits=5, decimal_places=1, null=True, blank=True)
    level = models.CharField("уровень риска", max_length=8, choices=RiskLevel.choices)
    # {"indicator code": value 0..100 or null when a group gave fewer answers than the minimum}
    indicators = models.JSONField("значения индикаторов", default=dict, blank=True)
    # A digest of (score, level, indicators): a recompute compares digests instead of decoding JSON.
    digest = models.CharField(max_length=32, blank=True, editable=False)
    curator_comment = models.TextField("комментарий куратора", blank=True)

    class Meta:
        verbose_name = "направление в профиле"
        verbose_name_plural = "направления в профиле"
        ordering = ["direction__number"]
        constraints = [models.UniqueConstraint(fields=["profile", "direction"], name="unique_profile_direction")]

    def __str__(self) -> str:
        return f"{self.direction}: {self.get_level_display()}"


class ProfileEvent(models.Model):
    """Who did what to a profile, and when."""

    class Kind(models.TextChoices):
        COMPUTED = "computed", "рассчитан"
        IMPORTED = "imported", "загружен из файла"
        PUBLISHED = "published", "опубликован"
        CONFIRMED = "confirmed", "подтверждён куратором"
        COMMENTED = "commented", "куратор оставил замечания"
        ACTIVATED = "activated", "активированы рисковые направления"

    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "событие профиля"
        verbose_name_plural = "события профиля"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.at:%d.%m.%Y %H:%M}"


class ProfileJob(models.Model):
    """Status of a background recompute (one school or a whole year) or an import."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    profiles = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = "пересчёт профилей"
        verbose_name_plural = "пересчёты профилей"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Пересчёт #{self.pk}: {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class RiskDeclination(models.Model):
    """A high-risk direction the school chose not to work on, with its reason."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="risk_declinations")
    direction = models.ForeignKey(RiskDirection, on_delete=models.PROTECT, related_name="declinations")
    reason = models.TextField("причина")
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "неактивированное направление высокого риска"
        verbose_name_plural = "неактивированные направления высокого риска"
        constraints = [models.UniqueConstraint(fields=["school", "direction"], name="unique_risk_declination")]

    def __str__(self) -> str:
        return f"{self.school}: {self.direction}"
