"""Resolving regions, municipalities and people named in a file, with one query per kind of object."""

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models.functions import Lower

from medk.lib import bulk

from .. import regions as catalogue
from ..models import Municipality, Region, User
from .base import CellError, normalize


class Places:
    """Regions and municipalities: existing rows, or new unsaved ones the plan will create."""

    def __init__(self, *, create_municipalities: bool, only_region: Region | None = None):
        self.create_municipalities = create_municipalities
        self.only_region = only_region  # a regional coordinator's import: rows of other regions are refused
        self.regions: dict[str, Region] = {}  # normalized name or code → region
        for region in Region.objects.all():
            self.regions[catalogue.region_key(region.name)] = region
            self.regions[region.code] = region
        by_pk = {region.pk: region for region in self.regions.values()}
        # (region, normalized name) → a municipality, or its (pk, name, region id) until a row names it: a
        # country's thousands of municipalities are not all made model instances for a file that names a few.
        self.municipalities: dict[tuple[int | str, str], Municipality | tuple] = {
            (region_id, normalize(name)): (pk, name, by_pk[region_id])
            for pk, name, region_id in Municipality.objects.values_list("pk", "name", "region_id")
        }
        self.new_regions: list[Region] = []
        self.new_municipalities: list[Municipality] = []

    @staticmethod
    def _region_key(region: Region):
        return region.pk or f"new:{region.code}"

    def region(self, text: str) -> Region:
        found = self._region(text)
        if self.only_region is not None and found.code != self.only_region.code:
            raise CellError(
                f"строка другого региона («{found.name}»): в этом импорте — только «{self.only_region.name}»."
            )
        return found

    def _region(self, text: str) -> Region:
        if not text:
            raise CellError("не заполнен регион.")
        key = catalogue.region_key(text)
        found = self.regions.get(key) or (self.regions.get(key.zfill(2)) if key.isdigit() else None)
        if found:
            return found
        code = catalogue.catalogue_code(text)
        if code is None:
            raise CellError(f"неизвестный регион «{text}»: укажите субъект РФ, например «Смоленская область».")
        found = self.regions.get(code) or self.regions.get(catalogue.region_key(catalogue.CATALOGUE_BY_CODE[code]))
        if found is None:  # a real subject not loaded yet: created with the import
            found = Region(code=code, name=catalogue.CATALOGUE_BY_CODE[code])
            self.new_regions.append(found)
            self.regions[code] = found
            self.regions[catalogue.region_key(found.name)] = found
        self.regions[key] = found
        return found

    def municipality(self, region: Region, text: str) -> Municipality:
        if not text:
            raise CellError("не заполнен муниципалитет.")
        key = (self._region_key(region), normalize(text))
        found = self.municipalities.get(key)
        if isinstance(found, tuple):
            pk, name, region = found
            found = Municipality.from_db(None, ["id", "region_id", "name"], (pk, region.pk, name))
            found.region = region
            self.municipalities[key] = found
        if found:
            return found
        if not self.create_municipalities:
            raise CellError(
                f"неизвестный муниципалитет «{text}» в регионе «{region.name}». Проверьте название или отметьте "
                "«создавать новые муниципалитеты»."
            )
        found = Municipality(region=region, name=text)
        self.new_municipalities.append(found)
        self.municipalities[key] = found
        return found

    def save_new(self) -> None:
        """Creates the new regions and municipalities (inside the import's transaction)."""
        if self.new_regions:
            Region.objects.bulk_create(self.new_regions)
            by_code = {r.code: r for r in Region.objects.filter(code__in=[r.code for r in self.new_regions])}
            for region in self.new_regions:
                region.pk = by_code[region.code].pk
        if self.new_municipalities:
            for m in self.new_municipalities:
                m.region_id = m.region.pk
            Municipality.objects.bulk_create(self.new_municipalities, batch_size=1000)
            region_ids = {m.region_id for m in self.new_municipalities}
            saved = {(m.region_id, m.name): m.pk for m in Municipality.objects.filter(region_id__in=region_ids)}
            for m in self.new_municipalities:
                m.pk = saved[(m.region_id, m.name)]


def users_by_email(emails) -> dict[str, User]:
    emails = {e.lower() for e in emails if e}
    if not emails:
        return {}
    found: dict[str, User] = {}
    qs = User.objects.annotate(email_lower=Lower("email"))
    for chunk in _chunks(sorted(emails), 5000):
        for user in qs.filter(email_lower__in=chunk):
            found[user.email_lower] = user
    return found


def _user_ids_by_email(emails) -> dict[str, int]:
    found: dict[str, int] = {}
    qs = User.objects.annotate(email_lower=Lower("email"))
    for chunk in _chunks(sorted(emails), 5000):
        found.update(qs.filter(email_lower__in=chunk).values_list("email_lower", "pk"))
    return found


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class People:
    """People named in a file, matched on e-mail; a name in the file updates the account's name."""

    def __init__(self):
        self.existing: dict[str, User] = {}
        self.new: dict[str, User] = {}
        self.changed: dict[str, User] = {}
        self.unchanged: set[str] = set()
        self.first_row: dict[str, tuple[int, tuple[str, str, str]]] = {}

    def load(self, emails) -> None:
        """Reads the accounts of these e-mails (a chunk of rows, replacing the previous chunk's), before their
        rows are checked; people already planned (new or changed) stay in `new` and `changed`."""
        self.existing = users_by_email(emails)

    def person(self, *, email: str, name: tuple[str, str, str], row: int, phone: str = "", position: str = "") -> User:
        seen = self.first_row.get(email)
        if seen and seen[1] != name:
            raise CellError(f"e-mail «{email}» в строке {seen[0]} указан для другого человека ({' '.join(seen[1])}).")
        if email in self.new:
            return self.new[email]
        if email in self.changed:
            return self.changed[email]
        self.first_row[email] = (row, name)
        last, first, middle = name
        values = {"last_name": last, "first_name": first, "middle_name": middle}
        if phone:
            values["phone"] = phone
        if position:
            values["position"] = position
        user = self.existing.get(email)
        if user is None:
            # set_unusable_password() draws 40 random characters one by one: too slow for 10,000 people.
            user = User(email=email, password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30), **values)
            self.new[email] = user
            return user
        if any(getattr(user, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(user, k, v)
            self.changed[email] = user
            self.unchanged.discard(email)
        else:
            self.unchanged.add(email)
        return user

    def count_into(self, counter) -> None:
        counter.created += len(self.new)
        counter.updated += len(self.changed)
        counter.unchanged += len(self.unchanged)

    def save(self) -> list[User]:
        """Creates new accounts and updates changed names; returns the new accounts (to be invited)."""
        new = list(self.new.values())
        if new:
            bulk.copy_insert(User, new)  # e-mails checked absent above; ids are read back by e-mail
            saved = _user_ids_by_email(self.new)
            for user in new:
                user.pk = saved[user.email]
        if self.changed:
            User.objects.bulk_update(
                list(self.changed.values()),
                ["last_name", "first_name", "middle_name", "phone", "position"],
                batch_size=1000,
            )
        return new
