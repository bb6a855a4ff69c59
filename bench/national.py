"""National-scale data for the load test: 84 regions, 840 municipalities, 3,000 schools, 5,000 people.

Run against an EMPTY database of your own (never production):
    DATABASE_URL=postgres://…/medk_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://…/medk_bench .venv/bin/python bench/national.py
Everything is bulk-inserted (about a minute). Accounts: federal@bench.local, regional-NN@bench.local,
municipal-NNN@bench.local, curator-NNNN@bench.local, director-NNNN@bench.local; password `bench-Pass-2026`.
Directors' school posts and curators' guardian rows are written directly (as the services would).
It also writes signed-in sessions for a sample of each role to $BENCH_ACCOUNTS (for bench/locustfile.py);
`bench/national.py --sessions-only` refreshes them.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medk.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.db import transaction  # noqa: E402

from schools import regions  # noqa: E402
from schools.models import (  # noqa: E402
    CuratorAssignment,
    Municipality,
    Participation,
    ProjectYear,
    Region,
    RoleAssignment,
    School,
    SchoolStaff,
    SchoolUserObjectPermission,
    User,
)
from schools.validators import make_inn10  # noqa: E402

PASSWORD = "bench-Pass-2026"
MUNICIPALITIES_PER_REGION = 10
SCHOOLS = 3000
SCHOOLS_PER_CURATOR = 3
SESSIONS_PER_ROLE = 20
ACCOUNTS_FILE = Path(os.environ.get("BENCH_ACCOUNTS", "/tmp/medk-bench-accounts.json"))  # noqa: S108


def _user(email: str, last: str, password: str) -> User:
    return User(email=email, last_name=last, first_name="Тест", middle_name="Нагрузочный", password=password)


@transaction.atomic
def main() -> None:
    if School.objects.exists():
        sys.exit("В базе уже есть школы: генератор работает только с пустой базой.")
    from yearcalendar.services import calendar_create_default

    password = make_password(PASSWORD)
    year, _ = ProjectYear.objects.update_or_create(year=2026, defaults={"is_current": True})
    calendar_create_default(year=year)
    regions.regions_create_default()
    region_list = list(Region.objects.order_by("code")[:84])
    Municipality.objects.bulk_create(
        Municipality(region=r, name=f"Муниципалитет {r.code}-{i:02d}")
        for r in region_list
        for i in range(MUNICIPALITIES_PER_REGION)
    )
    municipalities = list(Municipality.objects.select_related("region").order_by("region__code", "name"))
    School.objects.bulk_create(
        School(
            municipality=municipalities[i % len(municipalities)],
            full_name=f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {i + 1}»",
            short_name=f"МБОУ «Школа № {i + 1}»",
            inn=make_inn10(f"{500000000 + i:09d}"),
            locality=School.Locality.RURAL if i % 3 else School.Locality.URBAN,
        )
        for i in range(SCHOOLS)
    )
    schools = list(School.objects.order_by("pk"))
    Participation.objects.bulk_create(Participation(school=s, year=year) for s in schools)

    users = [_user("federal@bench.local", "Федеральный", password)]
    users += [_user(f"regional-{r.code}@bench.local", f"Региональный{r.code}", password) for r in region_list]
    users += [_user(f"municipal-{m.pk}@bench.local", f"Муниципальный{m.pk}", password) for m in municipalities]
    n_curators = SCHOOLS // SCHOOLS_PER_CURATOR
    users += [_user(f"curator-{i:04d}@bench.local", f"Куратор{i}", password) for i in range(n_curators)]
    users += [_user(f"director-{i:04d}@bench.local", f"Директор{i}", password) for i in range(SCHOOLS)]
    User.objects.bulk_create(users, batch_size=1000)
    by_email = dict(User.objects.filter(email__endswith="@bench.local").values_list("email", "pk"))

    roles = [RoleAssignment(user_id=by_email["federal@bench.local"], kind="federal", year=year)]
    roles += [
        RoleAssignment(user_id=by_email[f"regional-{r.code}@bench.local"], kind="regional", year=year, region=r)
        for r in region_list
    ]
    roles += [
        RoleAssignment(
            user_id=by_email[f"municipal-{m.pk}@bench.local"],
            kind="municipal",
            year=year,
            region=m.region,
            municipality=m,
        )
        for m in municipalities
    ]
    RoleAssignment.objects.bulk_create(roles)

    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="schools")}
    rows, posts, assignments = [], [], []
    for i, school in enumerate(schools):
        director = by_email[f"director-{i:04d}@bench.local"]
        curator = by_email[f"curator-{i // SCHOOLS_PER_CURATOR % n_curators:04d}@bench.local"]
        posts.append(SchoolStaff(user_id=director, school=school, kind=SchoolStaff.Kind.DIRECTOR))
        assignments.append(CuratorAssignment(curator_id=curator, school=school, year=year, contract_number=f"К-{i}"))
        for codename in ("view_school", "act_for_school"):
            rows.append(SchoolUserObjectPermission(user_id=director, content_object=school, permission=perms[codename]))
        for codename in ("view_school", "review_school"):
            rows.append(SchoolUserObjectPermission(user_id=curator, content_object=school, permission=perms[codename]))
    SchoolStaff.objects.bulk_create(posts, batch_size=1000)
    CuratorAssignment.objects.bulk_create(assignments, batch_size=1000)
    SchoolUserObjectPermission.objects.bulk_create(rows, batch_size=2000)
    print(
        f"Регионов: {len(region_list)}, муниципалитетов: {len(municipalities)}, школ: {len(schools)}, "
        f"учётных записей: {len(users)}, пароль: {PASSWORD}"
    )
    transaction.on_commit(lambda: write_sessions(year))


def write_sessions(year, per_role: int = SESSIONS_PER_ROLE) -> None:
    """Signed-in sessions for a sample of each role, so the load test measures pages, not logins
    (allauth allows 30 logins a minute per address, and every virtual user comes from 127.0.0.1)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    def session_for(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    accounts: dict[str, list[dict]] = {}
    federal = RoleAssignment.objects.filter(kind="federal").select_related("user").order_by("pk").first().user
    accounts["federal"] = [
        {"session": session_for(federal), "region": r, "municipality": m}
        for r, m in Municipality.objects.values_list("region_id", "pk").order_by("?")[:per_role]
    ]
    accounts["regional"] = [
        {"session": session_for(role.user), "region": role.region_id}
        for role in RoleAssignment.objects.filter(kind="regional").select_related("user").order_by("?")[:per_role]
    ]
    accounts["municipal"] = [
        {"session": session_for(role.user), "region": role.region_id, "municipality": role.municipality_id}
        for role in RoleAssignment.objects.filter(kind="municipal").select_related("user").order_by("?")[:per_role]
    ]
    accounts["curator"] = [
        {"session": session_for(a.curator), "school": a.school_id}
        for a in CuratorAssignment.objects.filter(year=year).select_related("curator").order_by("?")[:per_role]
    ]
    accounts["director"] = [
        {"session": session_for(p.user), "school": p.school_id}
        for p in SchoolStaff.objects.select_related("user").order_by("?")[:per_role]
    ]
    ACCOUNTS_FILE.write_text(json.dumps(accounts, indent=1), encoding="utf-8")
    print(f"Сеансы для нагрузочного теста: {ACCOUNTS_FILE}")


if __name__ == "__main__":
    if "--sessions-only" in sys.argv:
        write_sessions(ProjectYear.objects.get(year=2026))
    else:
        main()
