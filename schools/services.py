"""Writes about organisation and people. Guardian permissions are granted only here."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from medk.lib import bulk, queue, uploads

from . import importing, invitations, signals, tasks
from .models import (
    CuratorAssignment,
    ImportJob,
    Municipality,
    Participation,
    ProjectYear,
    Region,
    RoleAssignment,
    School,
    SchoolProgramme,
    SchoolStaff,
    SchoolUserObjectPermission,
    User,
)
from .permissions import CURATOR_PERMS, STAFF_PERMS

logger = logging.getLogger(__name__)


def _grant(user: User, school: School, codenames) -> None:
    for codename in codenames:
        assign_perm(f"schools.{codename}", user, school)


def _revoke(user: User, school: School, codenames) -> None:
    # A person may be both on the staff and the curator of a school: the view right stays while either holds.
    keeps_view = (
        SchoolStaff.objects.filter(user=user, school=school).exists()
        or CuratorAssignment.objects.filter(curator=user, school=school).exists()
    )
    for codename in codenames:
        if codename == "view_school" and keeps_view:
            continue
        remove_perm(f"schools.{codename}", user, school)


@transaction.atomic
def curator_assign(
    *,
    school: School,
    year: ProjectYear,
    curator: User,
    by: User | None = None,
    contract_number: str = "",
    contract_date: datetime.date | None = None,
    appointed_on: datetime.date | None = None,
) -> CuratorAssignment:
    """Appoints (or replaces) the curator of a school for a year and moves the permissions."""
    existing = CuratorAssignment.objects.select_for_update().filter(school=school, year=year).first()
    if existing and existing.curator_id != curator.pk:
        previous = existing.curator
        existing.delete()
        if not CuratorAssignment.objects.filter(school=school, curator=previous).exists():
            _revoke(previous, school, CURATOR_PERMS)
        existing = None
    values = {"contract_number": contract_number, "contract_date": contract_date, "appointed_by": by}
    if appointed_on:
        values["appointed_on"] = appointed_on
    if existing:
        for k, v in values.items():
            setattr(existing, k, v)
        existing.save()
        assignment = existing
    else:
        assignment = CuratorAssignment.objects.create(school=school, year=year, curator=curator, **values)
    _grant(curator, school, CURATOR_PERMS)
    return assignment


@transaction.atomic
def curator_unassign(*, assignment: CuratorAssignment) -> None:
    school, curator = assignment.school, assignment.curator
    assignment.delete()
    if not CuratorAssignment.objects.filter(school=school, curator=curator).exists():
        _revoke(curator, school, CURATOR_PERMS)


@transaction.atomic
def staff_attach(*, school: School, user: User, kind: str = SchoolStaff.Kind.DIRECTOR) -> SchoolStaff:
    """Makes a user the director (replacing the previous one) or a delegate of a school."""
    if kind == SchoolStaff.Kind.DIRECTOR:
        for old in SchoolStaff.objects.select_for_update().filter(school=school, kind=kind).exclude(user=user):
            staff_detach(post=old)
    post, _ = SchoolStaff.objects.update_or_create(user=user, school=school, defaults={"kind": kind})
    _grant(user, school, STAFF_PERMS)
    return post


@transaction.atomic
def staff_detach(*, post: SchoolStaff) -> None:
    post.delete()
    _revoke(post.user, post.school, STAFF_PERMS)


def user_invite(*, user: User) -> None:
    """E-mails a new user a link to set their password (allauth's reset-from-key page)."""
    invitations.user_invite(user=user)


def _permissions(codenames) -> dict[str, Permission]:
    content_type = ContentType.objects.get_for_model(School)
    return {p.codename: p for p in Permission.objects.filter(content_type=content_type, codename__in=codenames)}


def _grant_bulk(pairs: list[tuple[int, int]], codenames) -> None:
    """(user_id, school_id) pairs get the object permissions, in one INSERT per batch; each grant that is
    really new is recorded in the audit trail per person (bulk inserts send no signals)."""
    if not pairs:
        return
    perms = _permissions(codenames)
    wanted = {(user_id, school_id, codename) for user_id, school_id in pairs for codename in codenames}
    by_pk = {p.pk: codename for codename, p in perms.items()}
    existing = {
        (user_id, school_id, by_pk[perm_id])
        for user_id, school_id, perm_id in SchoolUserObjectPermission.objects.filter(
            user_id__in={u for u, _ in pairs},
            content_object_id__in={s for _, s in pairs},
            permission__in=perms.values(),
        ).values_list("user_id", "content_object_id", "permission_id")
    }
    new = sorted(wanted - existing)
    # Checked above in this transaction: COPY (a concurrent writer's duplicate fails the whole import).
    bulk.copy_rows(
        SchoolUserObjectPermission,
        ("user_id", "content_object_id", "permission_id"),
        [(user_id, school_id, perms[codename].pk) for user_id, school_id, codename in new],
    )
    signals.announce_permission_grants(new)


def _revoke_bulk(pairs: list[tuple[int, int]], codenames) -> None:
    if not pairs:
        return
    perms = _permissions(codenames)
    condition = Q()
    for user_id, school_id in pairs:
        condition |= Q(user_id=user_id, content_object_id=school_id)
    SchoolUserObjectPermission.objects.filter(condition, permission__in=perms.values()).delete()


@transaction.atomic
def staff_attach_bulk(*, pairs: list[tuple[School, User]]) -> int:
    """Makes each user the director of the paired school (for imports: a few queries for any number).

    A previous director of a school loses the post and its permissions (their view right stays if they
    also curate the school), as in `staff_attach`.
    """
    if not pairs:
        return 0
    school_ids = [school.pk for school, _ in pairs]
    wanted = {school.pk: user.pk for school, user in pairs}
    old = [
        post
        for post in SchoolStaff.objects.select_for_update().filter(
            school_id__in=school_ids, kind=SchoolStaff.Kind.DIRECTOR
        )
        if post.user_id != wanted[post.school_id]
    ]
    if old:
        SchoolStaff.objects.filter(pk__in=[p.pk for p in old]).delete()
        curating = set(
            CuratorAssignment.objects.filter(school_id__in=school_ids).values_list("curator_id", "school_id")
        )
        gone = [(p.user_id, p.school_id) for p in old]
        _revoke_bulk(gone, ["act_for_school"])
        _revoke_bulk([pair for pair in gone if pair not in curating], ["view_school"])
    existing = {
        (post.user_id, post.school_id): post
        for post in SchoolStaff.objects.filter(school_id__in=school_ids, user_id__in=set(wanted.values()))
    }
    promote = [post for key, post in existing.items() if wanted.get(key[1]) == key[0]]
    SchoolStaff.objects.filter(pk__in=[p.pk for p in promote]).update(kind=SchoolStaff.Kind.DIRECTOR)
    bulk.copy_insert(
        SchoolStaff,
        [
            SchoolStaff(user_id=user_id, school_id=school_id, kind=SchoolStaff.Kind.DIRECTOR)
            for school_id, user_id in wanted.items()
            if (user_id, school_id) not in existing
        ],
    )
    _grant_bulk([(user_id, school_id) for school_id, user_id in wanted.items()], STAFF_PERMS)
    signals.announce_schools_changed(wanted)
    return len(wanted)


@transaction.atomic
def curator_assign_bulk(*, year: ProjectYear, assignments: list[dict], by: User | None = None) -> int:
    """Appoints curators to many schools (dicts: school, curator, contract_number, contract_date).

    Same rules as `curator_assign`: one curator per school and year; a replaced curator loses the review
    right unless they still curate the school in another year.
    """
    if not assignments:
        return 0
    by_school = {a["school"].pk: a for a in assignments}
    current = {
        ca.school_id: ca
        for ca in CuratorAssignment.objects.select_for_update().filter(year=year, school_id__in=list(by_school))
    }
    replaced = [ca for school_id, ca in current.items() if ca.curator_id != by_school[school_id]["curator"].pk]
    if replaced:
        CuratorAssignment.objects.filter(pk__in=[ca.pk for ca in replaced]).delete()
        still = set(
            CuratorAssignment.objects.filter(school_id__in=[ca.school_id for ca in replaced]).values_list(
                "curator_id", "school_id"
            )
        )
        _revoke_bulk(
            [(ca.curator_id, ca.school_id) for ca in replaced if (ca.curator_id, ca.school_id) not in still],
            CURATOR_PERMS,
        )
        for ca in replaced:
            current.pop(ca.school_id)
    changed, new = [], []
    for school_id, a in by_school.items():
        ca = current.get(school_id)
        if ca is None:
            new.append(
                CuratorAssignment(
                    school_id=school_id,
                    year=year,
                    curator_id=a["curator"].pk,
                    contract_number=a.get("contract_number", ""),
                    contract_date=a.get("contract_date"),
                    appointed_by=by,
                )
            )
        elif (ca.contract_number, ca.contract_date) != (a.get("contract_number", ""), a.get("contract_date")):
            ca.contract_number, ca.contract_date = a.get("contract_number", ""), a.get("contract_date")
            changed.append(ca)
    CuratorAssignment.objects.bulk_create(new, batch_size=1000)
    CuratorAssignment.objects.bulk_update(changed, ["contract_number", "contract_date"], batch_size=1000)
    _grant_bulk([(a["curator"].pk, school_id) for school_id, a in by_school.items()], CURATOR_PERMS)
    signals.announce_schools_changed(by_school)
    return len(new) + len(changed)


def roles_assign_bulk(*, roles: list[RoleAssignment]) -> int:
    """Coordinator roles (scoped by region/municipality, so no object permissions); existing ones are kept.
    Each role really added is recorded in the audit trail per person (bulk inserts send no signals)."""

    def key(r: RoleAssignment) -> tuple:
        return (r.user_id, r.kind, r.year_id, r.region_id, r.municipality_id)

    existing = set(
        RoleAssignment.objects.filter(
            user_id__in={r.user_id for r in roles}, year_id__in={r.year_id for r in roles}
        ).values_list("user_id", "kind", "year_id", "region_id", "municipality_id")
    )
    new = []
    for role in roles:
        if key(role) not in existing:
            existing.add(key(role))
            new.append(role)
    RoleAssignment.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    signals.announce_role_grants(new)
    return len(new)


def users_invite_on_commit(*, users: list[User], job: ImportJob | None = None) -> None:
    """Invitations go out only once the accounts are really committed, in one task (batches over one mail
    connection), so an import never waits on e-mail; the job counts them for its page."""
    ids = sorted({u.pk for u in users})
    if not ids:
        return
    if job is not None:
        ImportJob.objects.filter(pk=job.pk).update(invites_total=len(ids), invites_sent=0)
    queue.enqueue_on_commit(tasks.users_invite, ids, job.pk if job else None)


@transaction.atomic
def participations_end(*, participations: list[Participation], by: User | None) -> int:
    """Schools leave a project year (the synchronising import): the participation goes, the school, its
    documents, profiles and visits of that year stay; each departure is in the audit trail."""
    for p in participations:
        signals.announce(
            actor=by,
            action="participation_end",
            obj=p.school,
            school=p.school,
            details={"year": p.year.year, "school": p.school.short_name, "inn": p.school.inn},
        )
    return Participation.objects.filter(pk__in=[p.pk for p in participations]).delete()[0]


@transaction.atomic
def municipal_coordinator_appoint(
    *,
    municipality: Municipality,
    year: ProjectYear,
    email: str,
    last_name: str = "",
    first_name: str = "",
    middle_name: str = "",
) -> RoleAssignment:
    """A municipal coordinator for a year: an existing user by e-mail, or a new one who gets an invitation."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if not last_name.strip():
            raise ValidationError(
                "Пользователя с таким e-mail нет: укажите фамилию и имя, чтобы создать учётную запись."
            )
        user = User.objects.create_user(
            email, last_name=last_name.strip(), first_name=first_name.strip(), middle_name=middle_name.strip()
        )
        users_invite_on_commit(users=[user])
    elif not user.is_active:
        raise ValidationError("Учётная запись этого пользователя отключена.")
    role, _ = RoleAssignment.objects.get_or_create(
        user=user,
        kind=RoleAssignment.Kind.MUNICIPAL,
        year=year,
        region=municipality.region,
        municipality=municipality,
    )
    return role


def municipal_coordinator_remove(*, role: RoleAssignment) -> None:
    """Takes the role away (the person and everything they did stay; the audit trail records the removal)."""
    if role.kind != RoleAssignment.Kind.MUNICIPAL:
        raise ValidationError("Здесь снимаются только муниципальные координаторы.")
    role.delete()


# --- Excel import jobs (the browser flow) --------------------------------------------------------


# Small files are checked in the request (the preview appears at once); bigger ones by a task, with progress.
IMPORT_SYNC_CHECK_BYTES = 256 * 1024


def import_job_create(
    *,
    kind: str,
    year: ProjectYear,
    file,
    create_municipalities: bool = False,
    by: User | None = None,
    region: Region | None = None,
    sync: bool = False,
) -> ImportJob:
    """Stores the uploaded file privately and checks it (a dry run) now or in a task: the job shows the preview."""
    if file.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            f"Файл слишком большой: {file.size // (1024 * 1024)} МБ, допускается не более "
            f"{settings.IMPORT_MAX_BYTES // (1024 * 1024)} МБ."
        )
    job = ImportJob(
        kind=kind,
        year=year,
        original_name=uploads.display_name(file.name, default="import.xlsx"),
        create_municipalities=create_municipalities,
        region=region,
        sync=sync and kind == importing.schools_kind.KIND,
        created_by=by,
        status=ImportJob.Status.CHECKING,
        message="Проверка файла",
    )
    job.file.save("import.xlsx", file, save=False)
    job.save()
    if file.size <= IMPORT_SYNC_CHECK_BYTES:
        return import_job_check(job=job)
    queue.enqueue_on_commit(tasks.import_job_check, job.pk, on_failure=lambda msg: _import_job_fail(job, msg))
    return job


def import_job_check(*, job: ImportJob) -> ImportJob:
    """The dry run of a stored file: every problem, or what would be created, updated and left unchanged."""
    if job.status != ImportJob.Status.CHECKING:
        return job
    jobs = ImportJob.objects.filter(pk=job.pk)

    def progress(done: int, total: int) -> None:
        jobs.update(progress=int(100 * done / max(total, 1)))

    try:
        with job.file.open("rb") as stored:
            result = importing.run(
                kind=job.kind,
                file=stored,
                year=job.year,
                dry_run=True,
                create_municipalities=job.create_municipalities,
                progress=progress,
                region=job.region,
                sync=job.sync,
            )
    except Exception:
        logger.exception("import job %s: check failed", job.pk)
        jobs.update(status=ImportJob.Status.FAILED, message="Проверка файла не удалась из-за внутренней ошибки.")
        job.refresh_from_db()
        return job
    _job_record(job, result)
    job.status = ImportJob.Status.CHECKED if result.ok else ImportJob.Status.INVALID
    job.progress = 0
    job.message = ""
    job.save()
    return job


def _job_record(job: ImportJob, result) -> None:
    data = result.to_json()
    job.rows = data["rows"]
    job.counts = data["counts"] | ({"details": data["details"]} if data["details"] else {})
    job.counts["ignored_headers"] = data["ignored_headers"]
    job.errors = data["problems"]


def import_job_confirm(*, job: ImportJob, by: User) -> ImportJob:
    """Queues the write of a checked import (the task re-checks the file against the data of that moment)."""
    if job.status != ImportJob.Status.CHECKED:
        raise ValidationError("Этот импорт нельзя запустить: он не проверен или уже запущен.")
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.QUEUED, progress=0, message=""
    )
    if not updated:
        raise ValidationError("Этот импорт уже запущен.")
    job.refresh_from_db()
    queue.enqueue_on_commit(tasks.import_job_run, job.pk, on_failure=lambda msg: _import_job_fail(job, msg))
    return job


def _import_job_fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
    )


def import_job_execute(*, job: ImportJob) -> ImportJob:
    """The write itself (called by the Celery task): everything or nothing, with progress on the job."""
    if job.status not in {ImportJob.Status.QUEUED, ImportJob.Status.RUNNING}:
        return job
    jobs = ImportJob.objects.filter(pk=job.pk)
    jobs.update(status=ImportJob.Status.RUNNING, progress=5, message="Проверка файла")

    def progress(done: int, total: int) -> None:
        jobs.update(progress=5 + int(55 * done / max(total, 1)))

    try:
        with job.file.open("rb") as stored:
            result = importing.run(
                kind=job.kind,
                file=stored,
                year=job.year,
                create_municipalities=job.create_municipalities,
                by=job.created_by,
                progress=progress,
                region=job.region,
                sync=job.sync,
                job=job,
            )
    except Exception:
        logger.exception("import job %s failed", job.pk)
        jobs.update(
            status=ImportJob.Status.FAILED,
            message="Импорт не выполнен из-за внутренней ошибки; ничего не записано.",
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    _job_record(job, result)
    job.finished_at = timezone.now()
    if result.applied:
        job.status, job.progress, job.message = ImportJob.Status.DONE, 100, "Импорт выполнен"
    else:
        job.status, job.message = (
            ImportJob.Status.FAILED,
            "Импорт не выполнен: в файле есть ошибки; ничего не записано.",
        )
    # Not the invitation counters: the invitation task may already be updating them.
    job.save(update_fields=["rows", "counts", "errors", "finished_at", "status", "progress", "message"])
    signals.announce(
        actor=job.created_by,
        action="import",
        obj=job,
        details={
            "kind": job.kind,
            "file": job.original_name,
            "applied": bool(result.applied),
            "rows": job.rows,
            "counts": {k: v for k, v in job.counts.items() if k not in ("details", "ignored_headers")},
        },
    )
    return job


# --- other programmes a school takes part in (seed 004's monitoring list) -----------------------------------


@transaction.atomic
def programme_add(*, school: School, year: ProjectYear, level: str, title: str, by: User) -> SchoolProgramme:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Укажите название программы.")
    if SchoolProgramme.objects.filter(school=school, year=year, title__iexact=title).exists():
        raise ValidationError(f"Программа «{title}» уже указана у школы.")
    programme = SchoolProgramme.objects.create(school=school, year=year, level=level, title=title)
    signals.announce(actor=by, action="programme_add", obj=programme, school=school, details={"title": title})
    return programme


@transaction.atomic
def programme_remove(*, programme: SchoolProgramme, by: User) -> None:
    signals.announce(
        actor=by, action="programme_remove", obj=programme, school=programme.school, details={"title": programme.title}
    )
    programme.delete()
