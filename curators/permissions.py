"""Access to curators' work (visits, questions, contracts, events), built on `schools.permissions`.

Every object here belongs to a school, so its access is the school's: outsiders get 404, those who
see the school but may not do the action get 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from schools import permissions
from schools.models import CuratorCandidate, Municipality, School
from schools.permissions import Cap

from .models import (
    AppointmentPolicy,
    CuratorContract,
    Event,
    Message,
    MessageAttachment,
    Thread,
    Visit,
    VisitAction,
    VisitAttachment,
)


def _need(caps: frozenset[Cap], cap: Cap) -> None:
    if cap not in caps:
        raise PermissionDenied("Недостаточно прав для этого действия")


def get_visit_for_user(user, pk: int, cap: Cap = Cap.VIEW) -> tuple[Visit, frozenset[Cap]]:
    visit = get_object_or_404(
        Visit.objects.select_related("school__municipality__region", "curator", "year", "status_changed_by"), pk=pk
    )
    return visit, permissions.check_school(user, visit.school, cap)


def get_visit_for_curator(user, pk: int) -> Visit:
    """The visit's own curator may change it while the school has not confirmed it."""
    visit, caps = get_visit_for_user(user, pk)
    _need(caps, Cap.REVIEW)
    if visit.curator_id != user.pk:
        raise PermissionDenied("Изменять запись может только куратор, который её внёс")
    return visit


def get_visit_attachment_for_user(user, pk: int) -> VisitAttachment:
    attachment = get_object_or_404(VisitAttachment.objects.select_related("visit__school__municipality"), pk=pk)
    permissions.check_school(user, attachment.visit.school)
    return attachment


def get_visit_action_for_promotion(user, pk: int) -> VisitAction:
    """The visit's curator or the school itself may move an agreed action into the school's roadmap."""
    action = get_object_or_404(VisitAction.objects.select_related("visit__school__municipality", "visit__year"), pk=pk)
    caps = permissions.check_school(user, action.visit.school)
    is_author = Cap.REVIEW in caps and action.visit.curator_id == user.pk
    if not (is_author or Cap.ACT in caps):
        raise PermissionDenied("Переносить договорённости в дорожную карту могут школа и её куратор")
    return action


def can_answer_forum(user, school: School) -> bool:
    """Methodologists of the support forum: the school's regional coordinators and the federal level."""
    scope = permissions.scope_for(user)
    return scope.everything or school.municipality.region_id in scope.region_ids


def thread_caps(user, thread: Thread, caps: frozenset[Cap]) -> dict[str, bool]:
    answerer = Cap.REVIEW in caps if thread.kind == Thread.Kind.CURATOR else can_answer_forum(user, thread.school)
    return {
        "can_reply": Cap.ACT in caps or answerer,
        "is_answerer": answerer,
        "can_promote": can_answer_forum(user, thread.school),
    }


def get_thread_for_user(user, pk: int) -> tuple[Thread, dict[str, bool]]:
    thread = get_object_or_404(Thread.objects.select_related("school__municipality__region", "author", "year"), pk=pk)
    caps = permissions.check_school(user, thread.school)
    return thread, thread_caps(user, thread, caps)


def get_message_for_promotion(user, pk: int) -> Message:
    message = get_object_or_404(Message.objects.select_related("thread__school__municipality"), pk=pk)
    _, flags = get_thread_for_user(user, message.thread_id)
    if not flags["can_promote"]:
        raise PermissionDenied("Переносить ответы в FAQ могут региональные и федеральные методисты")
    return message


def get_message_attachment_for_user(user, pk: int) -> MessageAttachment:
    attachment = get_object_or_404(
        MessageAttachment.objects.select_related("message__thread__school__municipality"), pk=pk
    )
    permissions.check_school(user, attachment.message.thread.school)
    return attachment


def appointing_level(region_id: int) -> str:
    policy = AppointmentPolicy.objects.filter(region_id=region_id).first()
    return policy.level if policy else AppointmentPolicy.Level.MUNICIPAL


def can_appoint(user, municipality: Municipality, level: str | None = None) -> bool:
    """Who appoints curators: the level the region chose (municipal by default); federal level always."""
    scope = permissions.scope_for(user)
    if scope.everything:
        return True
    level = level or appointing_level(municipality.region_id)
    if level == AppointmentPolicy.Level.REGIONAL:
        return municipality.region_id in scope.region_ids
    return municipality.pk in scope.municipality_ids


def check_appoint(user, school: School) -> None:
    """404 for those who do not see the school, 403 for those who see it but may not appoint."""
    permissions.check_school(user, school)
    if not can_appoint(user, school.municipality):
        raise PermissionDenied("Назначать кураторов в этом регионе может другой уровень координаторов")


def check_curator_page(user, curator) -> None:
    """A curator's own pages: the curator, coordinators of any of their schools, the federal level."""
    if user.pk == curator.pk:
        return
    scope = permissions.scope_for(user)
    if scope.everything:
        return
    schools = School.objects.filter(curatorships__curator=curator)
    if scope.region_ids or scope.municipality_ids:
        visible = schools.filter(
            Q(municipality__region_id__in=scope.region_ids) | Q(municipality_id__in=scope.municipality_ids)
        )
        if visible.exists():
            return
    raise Http404


def contracts_visible(user):
    scope = permissions.scope_for(user)
    qs = CuratorContract.objects.all()
    if scope.everything:
        return qs
    return qs.filter(
        Q(curator=user) | Q(region_id__in=scope.region_ids) | Q(schools__municipality_id__in=scope.municipality_ids)
    ).distinct()


def get_contract_for_user(user, pk: int) -> CuratorContract:
    contract = get_object_or_404(contracts_visible(user).select_related("curator", "region", "year"), pk=pk)
    return contract


def can_manage_events(user, region_id: int | None) -> bool:
    scope = permissions.scope_for(user)
    if scope.everything:
        return True
    return region_id is not None and region_id in scope.region_ids


def events_visible(user):
    """Events a user sees: coordinators — their region's and federal; schools and curators — where invited."""
    scope = permissions.scope_for(user)
    qs = Event.objects.all()
    if scope.everything:
        return qs
    region_ids = set(scope.region_ids) | set(
        Municipality.objects.filter(pk__in=scope.municipality_ids).values_list("region_id", flat=True)
    )
    return qs.filter(
        Q(region_id__in=region_ids)
        | Q(region__isnull=True, invites__school__municipality__region_id__in=region_ids)
        | Q(invites__school__in=permissions.visible_schools(user))
        | Q(participants__user=user)
    ).distinct()


def get_event_for_user(user, pk: int, *, manage: bool = False) -> Event:
    event = get_object_or_404(events_visible(user).select_related("region", "year"), pk=pk)
    if manage and not can_manage_events(user, event.region_id):
        raise PermissionDenied("Отмечать участие может организатор мероприятия")
    return event


def get_candidate_for_user(user, pk: int) -> CuratorCandidate:
    """A candidate of a pool the user sees: the municipality's coordinators (or the region's for its own pool)."""
    candidate = get_object_or_404(
        CuratorCandidate.objects.select_related("user", "year", "region", "municipality__region", "decided_by"), pk=pk
    )
    if candidate.municipality is not None:
        permissions.check_municipality(user, candidate.municipality)
    else:
        permissions.check_region(user, candidate.region_id)
    return candidate
