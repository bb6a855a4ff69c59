from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from medk.lib import uploads

from .validators import validate_inn


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("E-mail обязателен")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a login. Roles come from RoleAssignment, CuratorAssignment and SchoolStaff."""

    email = models.EmailField("e-mail", unique=True)
    last_name = models.CharField("фамилия", max_length=150, blank=True)
    first_name = models.CharField("имя", max_length=150, blank=True)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    position = models.CharField("должность", max_length=255, blank=True)
    is_active = models.BooleanField("активен", default=True)
    is_staff = models.BooleanField("администратор", default=False)
    date_joined = models.DateTimeField("создан", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip() or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.short_name


class ProjectYear(models.Model):
    """The root of all per-year configuration: calendar, risk catalogue, questionnaires, rubrics."""

    year = models.PositiveSmallIntegerField("год проекта", unique=True)
    title = models.CharField("название", max_length=200, blank=True)
    is_current = models.BooleanField("текущий год", default=False)
    max_active_risks = models.PositiveSmallIntegerField("максимум активных рисковых направлений", default=3)

    class Meta:
        verbose_name = "год проекта"
        verbose_name_plural = "годы проекта"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True), name="one_current_year")
        ]

    def __str__(self) -> str:
        return self.title or f"500+ {self.year}"


class Region(models.Model):
    code = models.CharField("код региона", max_length=3, unique=True)
    name = models.CharField("название", max_length=200, unique=True)

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="регион")
    name = models.CharField("название", max_length=255)

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["region__name", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_municipality_in_region")]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Locality(models.TextChoices):
        URBAN = "urban", "городская"
        RURAL = "rural", "сельская"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="schools", verbose_name="муниципалитет"
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=255)
    inn = models.CharField("ИНН", max_length=12, unique=True, validators=[validate_inn])
    fis_oko_code = models.CharField("код (логин) в ФИС ОКО", max_length=64, blank=True)
    address = models.CharField("адрес", max_length=500, blank=True)
    locality = models.CharField("местность", max_length=5, choices=Locality.choices, default=Locality.URBAN)

    class Meta:
        verbose_name = "школа"
        verbose_name_plural = "школы"
        ordering = ["short_name"]
        permissions = [
            ("act_for_school", "Действовать от имени школы"),
            ("review_school", "Курировать школу"),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def region(self) -> Region:
        return self.municipality.region


class SchoolUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian permissions on schools (granted only by services)."""

    content_object = models.ForeignKey(School, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "право на школу"
        verbose_name_plural = "права на школы"


class Participation(models.Model):
    """A school takes part in a project year."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="participations")
    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="participations")
    included_on = models.DateField("включена", default=timezone.localdate)

    class Meta:
        verbose_name = "участие школы"
        verbose_name_plural = "участие школ"
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="unique_participation")]

    def __str__(self) -> str:
        return f"{self.school} — {self.year.year}"


class RoleAssignment(models.Model):
    """Coordinator roles; their scope is a region or a municipality, not permission rows."""

    class Kind(models.TextChoices):
        FEDERAL = "federal", "федеральный координатор"
        REGIONAL = "regional", "региональный координатор"
        MUNICIPAL = "municipal", "муниципальный координатор"
        # Federal experts score the sampled schools' documents (selective expertise); no coordinator scope.
        EXPERT = "expert", "федеральный эксперт"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField("роль", max_length=16, choices=Kind.choices)
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="roles")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )

    class Meta:
        verbose_name = "роль координатора"
        verbose_name_plural = "роли координаторов"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["federal", "expert"], region__isnull=True, municipality__isnull=True)
                    | models.Q(kind="regional", region__isnull=False, municipality__isnull=True)
                    | models.Q(kind="municipal", municipality__isnull=False)
                ),
                name="role_scope_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "year", "region", "municipality"],
                name="unique_role",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        scope = self.municipality or self.region or "РФ"
        return f"{self.get_kind_display()} ({scope}, {self.year.year})"


class SchoolStaff(models.Model):
    class Kind(models.TextChoices):
        DIRECTOR = "director", "директор"
        DELEGATE = "delegate", "уполномоченный сотрудник"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_posts")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff")
    kind = models.CharField("роль", max_length=16, choices=Kind.choices, default=Kind.DIRECTOR)

    class Meta:
        verbose_name = "сотрудник школы"
        verbose_name_plural = "сотрудники школ"
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="unique_school_staff"),
            models.UniqueConstraint(
                fields=["school"], condition=models.Q(kind="director"), name="one_director_per_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}, {self.school}"


class CuratorAssignment(models.Model):
    """A curator for a school in a project year (a curator has 1..n schools)."""

    curator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="curatorships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="curatorships")
    year = models.ForeignKey(ProjectYear, on_delete=models.PROTECT, related_name="curatorships")
    contract_number = models.CharField("номер договора", max_length=64, blank=True)
    contract_date = models.DateField("дата договора", null=True, blank=True)
    appointed_on = models.DateField("дата назначения", default=timezone.localdate)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "назначение куратора"
        verbose_name_plural = "назначения кураторов"
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="one_curator_per_school_year")]

    def __str__(self) -> str:
        return f"{self.curator} → {self.school} ({self.year.year})"


class SchoolProgramme(models.Model):
    """Another federal or regional programme the school takes part in this year (seed 004's monitoring list):
    coordinators read it beside the school's own progress."""

    class Level(models.TextChoices):
        FEDERAL = "federal", "федеральная"
        REGIONAL = "regional", "региональная"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="programmes")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="school_programmes")
    level = models.CharField("уровень", max_length=16, choices=Level.choices)
    title = models.CharField("программа или проект", max_length=300)

    class Meta:
        verbose_name = "другая программа школы"
        verbose_name_plural = "другие программы школ"
        ordering = ["level", "title"]
        constraints = [models.UniqueConstraint(fields=["school", "year", "title"], name="unique_school_programme")]

    def __str__(self) -> str:
        return f"{self.school}: {self.title} ({self.get_level_display()})"


class CuratorCandidate(models.Model):
    """A person nominated as a curator before any appointment (seed 002 steps 5–6; seed 003: strong deputy
    directors, agreed with the municipality and interviewed). A pool per municipality, or the region's own
    pool when `municipality` is empty. The candidate answers the candidate questionnaire; the coordinator
    records the interview and the decision; a selected candidate is appointed from the pool."""

    class Decision(models.TextChoices):
        PENDING = "pending", "на рассмотрении"
        SELECTED = "selected", "отобран"
        REJECTED = "rejected", "не отобран"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="curator_candidacies")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="curator_candidates")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="curator_candidates")
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="curator_candidates"
    )
    workplace = models.CharField("место работы и должность", max_length=500, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_on = models.DateField("выдвинут", default=timezone.localdate)
    interview_on = models.DateField("дата собеседования", null=True, blank=True)
    decision = models.CharField("решение", max_length=16, choices=Decision.choices, default=Decision.PENDING)
    note = models.TextField("заметка об отборе", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("решение принято", null=True, blank=True)

    class Meta:
        verbose_name = "кандидат в кураторы"
        verbose_name_plural = "кандидаты в кураторы"
        ordering = ["user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["user", "year"], name="one_candidacy_per_year")]

    def __str__(self) -> str:
        return f"{self.user} — кандидат в кураторы ({self.year.year})"


def _import_upload_to(instance: "ImportJob", filename: str) -> str:
    # The original name is kept on the model; the stored name is opaque (MEDIA_ROOT is private).
    return uploads.storage_name(f"imports/{timezone.now():%Y/%m}", ext="xlsx")


class ImportJob(models.Model):
    """One Excel import: checked (preview) in the request, written by a Celery task that records progress."""

    class Kind(models.TextChoices):
        SCHOOLS = "schools", "школы года проекта"
        COORDINATORS = "coordinators", "муниципальные координаторы"
        CURATORS = "curators", "кураторы и их школы"
        CANDIDATES = "candidates", "кандидаты в кураторы"
        REGIONAL = "regional", "региональные координаторы"

    class Status(models.TextChoices):
        CHECKING = "checking", "проверяется"
        INVALID = "invalid", "есть ошибки"
        CHECKED = "checked", "проверен, ждёт подтверждения"
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "выполнен"
        FAILED = "failed", "не выполнен"

    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="import_jobs", verbose_name="год")
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.CHECKED)
    file = models.FileField("файл", upload_to=_import_upload_to, max_length=255)
    original_name = models.CharField("имя файла", max_length=255)
    create_municipalities = models.BooleanField("создавать новые муниципалитеты", default=False)
    sync = models.BooleanField("синхронизировать: школы региона, которых нет в файле, выходят из года", default=False)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name="только регион",
    )
    rows = models.PositiveIntegerField("строк с данными", default=0)
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    counts = models.JSONField("итоги", default=dict, blank=True)
    errors = models.JSONField("ошибки", default=list, blank=True)
    message = models.CharField("сообщение", max_length=500, blank=True)
    invites_total = models.PositiveIntegerField("приглашений к отправке", default=0)
    invites_sent = models.PositiveIntegerField("приглашений отправлено", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="загрузил"
    )
    created_at = models.DateTimeField("загружен", default=timezone.now)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)

    class Meta:
        verbose_name = "импорт из Excel"
        verbose_name_plural = "импорты из Excel"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.INVALID, self.Status.DONE, self.Status.FAILED}

    @property
    def is_working(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.QUEUED, self.Status.RUNNING}

    @property
    def invites_pending(self) -> bool:
        """The import is written; its invitations are still going out (a separate task)."""
        return self.status == self.Status.DONE and self.invites_sent < self.invites_total
