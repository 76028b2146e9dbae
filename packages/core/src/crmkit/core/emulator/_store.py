"""In-memory tables for emulators, and deterministic fake data to fill them.

:class:`Table` keeps records by id with ids from 1, never reused, behind a lock (emulators are
served from threads). :class:`FakeData` draws realistic names, companies, emails and phone
numbers from a seeded generator, so ``--records 1000 --seed 7`` always gives the same data.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["FakeData", "Table"]

R = TypeVar("R")


class Table(Generic[R]):
    """Records keyed by integer id, assigned from ``first_id`` upward and never reused."""

    def __init__(
        self, first_id: int = 1, *, id_factory: Callable[[int], Any] | None = None
    ) -> None:
        self._rows: dict[Any, R] = {}
        self._next = first_id
        self._id_factory = id_factory
        self.lock = threading.RLock()

    def next_id(self) -> Any:
        """Reserve and return the next id."""
        with self.lock:
            n = self._next
            self._next += 1
            return self._id_factory(n) if self._id_factory else n

    def insert(self, row: R, key: Any = None) -> Any:
        """Store ``row`` under ``key`` (a fresh id when None); return the key."""
        with self.lock:
            if key is None:
                key = self.next_id()
            self._rows[key] = row
            return key

    def get(self, key: Any) -> R | None:
        """The row stored under ``key``, or None."""
        return self._rows.get(key)

    def delete(self, key: Any) -> R | None:
        """Remove and return the row under ``key`` (None when absent)."""
        with self.lock:
            return self._rows.pop(key, None)

    def values(self) -> list[R]:
        """A snapshot of the rows, in insertion order."""
        with self.lock:
            return list(self._rows.values())

    def items(self) -> list[tuple[Any, R]]:
        """A snapshot of (key, row) pairs, in insertion order."""
        with self.lock:
            return list(self._rows.items())

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[R]:
        return iter(self.values())

    def clear(self) -> None:
        """Remove every row (ids keep counting up)."""
        with self.lock:
            self._rows.clear()


_FIRST = [
    "Ada",
    "Alan",
    "Alice",
    "Amara",
    "Anders",
    "Aria",
    "Ben",
    "Bianca",
    "Carla",
    "Chen",
    "Clara",
    "Dario",
    "Diego",
    "Elena",
    "Emil",
    "Erin",
    "Farah",
    "Felix",
    "Greta",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jonas",
    "Julia",
    "Kai",
    "Kenji",
    "Lara",
    "Leo",
    "Lina",
    "Luca",
    "Maya",
    "Mika",
    "Nadia",
    "Nils",
    "Noor",
    "Omar",
    "Oscar",
    "Paula",
    "Priya",
    "Quinn",
    "Rafael",
    "Rosa",
    "Sami",
    "Sara",
    "Sofia",
    "Tariq",
    "Theo",
    "Uma",
    "Vera",
    "Viktor",
    "Wen",
    "Yara",
    "Yusuf",
    "Zoe",
]
_LAST = [
    "Abbott",
    "Alvarez",
    "Bauer",
    "Bianchi",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Hansen",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Laurent",
    "Meyer",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Petrov",
    "Quinn",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Tanaka",
    "Torres",
    "Varga",
    "Weber",
    "Wong",
    "Yilmaz",
    "Zhang",
]
_COMPANY_A = [
    "Acme",
    "Apex",
    "Blue",
    "Bright",
    "Cedar",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Keystone",
    "Lumen",
    "Maple",
    "Nimbus",
    "Orbit",
    "Pioneer",
    "Quartz",
    "River",
    "Summit",
    "Terra",
    "Umbra",
    "Vertex",
    "Willow",
    "Zenith",
]
_COMPANY_B = [
    "Labs",
    "Systems",
    "Logistics",
    "Foods",
    "Analytics",
    "Works",
    "Partners",
    "Robotics",
    "Health",
    "Energy",
    "Studio",
]
_SUFFIX = ("Ltd", "GmbH", "Inc", "SpA", "Pty Ltd", "BV", "AB")
_CITIES = (
    ("Berlin", "DE"),
    ("Milan", "IT"),
    ("Sydney", "AU"),
    ("Toronto", "CA"),
    ("Austin", "US"),
    ("Lyon", "FR"),
    ("Osaka", "JP"),
    ("Oslo", "NO"),
    ("Shanghai", "CN"),
    ("Auckland", "NZ"),
)
_TITLES = ("CEO", "CTO", "Buyer", "Account Manager", "Engineer", "Founder", "Head of Sales", None)
_TAGS = ("vip", "newsletter", "partner", "lead", "churn-risk", "beta")


class FakeData:
    """Deterministic fake CRM data.

    Args:
        seed: the same seed always gives the same sequence.

    Example:
        >>> fake = FakeData(7)
        >>> person = fake.person(1)
        >>> sorted(person)
        ['city', 'company', 'country', 'email', 'first_name', 'last_name', 'phone', 'tags', 'title']
    """

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.rng = random.Random(seed)

    def first_name(self) -> str:
        return self.rng.choice(_FIRST)

    def last_name(self) -> str:
        return self.rng.choice(_LAST)

    def company(self) -> str:
        rng = self.rng
        return f"{rng.choice(_COMPANY_A)} {rng.choice(_COMPANY_B)} {rng.choice(_SUFFIX)}"

    def domain(self, company: str) -> str:
        word = company.split()[0].lower()
        return f"{word}-{self.rng.randrange(100, 999)}.example"

    def phone(self) -> str:
        rng = self.rng
        return (
            f"+{rng.randrange(1, 99)} {rng.randrange(100, 999)} {rng.randrange(1000000, 9999999)}"
        )

    def city(self) -> tuple[str, str]:
        return self.rng.choice(_CITIES)

    def title(self) -> str | None:
        return self.rng.choice(_TITLES)

    def tags(self) -> list[str]:
        return sorted(self.rng.sample(_TAGS, self.rng.randrange(0, 3)))

    def person(self, n: int) -> dict[str, Any]:
        """A person; ``n`` makes the email unique."""
        first, last = self.first_name(), self.last_name()
        company = self.company()
        city, country = self.city()
        return {
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}.{n}@{self.domain(company)}".lower(),
            "phone": self.phone(),
            "company": company,
            "title": self.title(),
            "city": city,
            "country": country,
            "tags": self.tags(),
        }

    def amount(self, low: int = 100, high: int = 50000) -> str:
        """A money amount as a decimal string with two places."""
        return f"{self.rng.randrange(low * 100, high * 100) / 100:.2f}"

    def timestamp(self, start: float, end: float) -> float:
        """A moment between ``start`` and ``end`` (epoch seconds)."""
        return self.rng.uniform(start, end)
