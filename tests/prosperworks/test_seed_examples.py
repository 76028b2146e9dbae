"""Every code example of the seed document (prospyr's README), verbatim but for the import
line, run against the emulator served on loopback through ``CRMKIT_PROSPERWORKS_BASE_URL``.

The seed's own output lines (``>>> ...``) become assertions. Examples that only make sense
after connecting (the seed's "To connect" section) get a ``connect()`` first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from support.prosperworks import make_emulator

from crmkit.core.emulator import EmulatorServer
from crmkit.prosperworks.emulator import ProsperWorksEmulator

Serve = Callable[..., ProsperWorksEmulator]


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    """Start a loopback emulator with ``profile`` and point the env var at its root."""
    servers: list[EmulatorServer] = []

    def start(profile: str = "demo", **settings: object) -> ProsperWorksEmulator:
        emu = make_emulator(profile, rate_limit=None, **settings)  # the real 180/min limit
        server = emu.serve(port=0).start()
        servers.append(server)
        monkeypatch.setenv("CRMKIT_PROSPERWORKS_BASE_URL", server.base_url)
        return emu

    yield start
    for server in servers:
        server.stop()


def _connect() -> None:
    from crmkit.prosperworks import connect

    connect(email="user@domain.tld", token="1aefcc3...")


def test_introduction_example(serve: Serve) -> None:
    emu = serve("demo")
    # --- seed example (import line changed) ---
    from crmkit.prosperworks import Company, Person, connect

    # see https://www.prosperworks.com/developer_api/token_generation to obtain
    # a token.
    cn = connect(email="user@domain.tld", token="1aefcc3...")

    # collections can be ordered and sliced.
    newest_person = Person.objects.order_by("-date_modified")[0]

    # new records can be created.
    art = Person(
        name="Art Vandelay", emails=[{"email": "art@vandelayindustries.net", "category": "work"}]
    )
    art.create()  # Art is local-only until .create() is called

    # related objects can be read and assigned
    art.company = Company.objects.all()[0]
    art.update()

    # and deleting works too.
    art.delete()
    # --- what it promises ---
    assert cn.email == "user@domain.tld"
    assert newest_person.name == "Steve Cognito"
    # companies are listed by date_modified ascending by default (vendor file section 4)
    first_company = min(emu.companies.values(), key=lambda c: (c["date_modified"], c["id"]))
    put = emu.requests_to("PUT", f"/people/{art.id}")[-1]
    assert put.json() == {"company_id": first_company["id"]}
    assert art.company_name == first_company["name"]
    assert emu.people.get(art.id) is None


def test_connect_example(serve: Serve) -> None:
    serve("demo")
    from crmkit.prosperworks import connect

    cn = connect(email="...", token="...")
    assert cn.name == "default" and cn.email == "..."


def test_cache_example(serve: Serve) -> None:
    serve("demo")
    from crmkit.prosperworks import connect
    from crmkit.prosperworks.cache import InMemoryCache, NoOpCache

    # only cache the last request
    cn = connect(email="...", token="...", cache=InMemoryCache(size=1))

    # no caching
    cn = connect(email="...", token="...", cache=NoOpCache())

    from crmkit.prosperworks import connection

    assert connection.get() is cn and isinstance(cn.cache, NoOpCache)


def test_named_connections_example(serve: Serve) -> None:
    emu = serve("demo")
    from crmkit.prosperworks import Person, connect

    connect(email="user@domain.tld", token="1aefcc3...", name="...")
    person = Person.objects.get(id=1, using="...")
    assert person.name == "Steve Cognito"
    assert emu.requests_to("GET", "/people/1")


def test_create_example(serve: Serve) -> None:
    serve("empty")
    _connect()
    from crmkit.prosperworks import Person

    steve = Person(
        name="Steve Cognito", emails=[{"category": "work", "email": "steve@example.org"}]
    )
    # steve only exists locally at this stage
    assert steve.id is None
    # now he exists remotely too
    assert steve.create() is True
    assert steve.id == 1


def test_read_example(serve: Serve) -> None:
    emu = serve("demo")
    _connect()
    from crmkit.prosperworks import Person

    # a new instance
    steve = Person.objects.get(id=1)
    assert steve.name == "Steve Cognito"

    # update an existing instance
    steve = Person(id=1)
    assert steve.read() is True
    assert steve.name == "Steve Cognito"

    # as a special case, People can be read by email as well as ID:
    steve = Person.objects.get(email="steve@example.org")
    assert steve.id == 1
    assert len(emu.requests_to("GET", "/people/1")) == 1  # read() was a cache hit


def test_update_example(serve: Serve) -> None:
    emu = serve("demo")
    _connect()
    from crmkit.prosperworks import Person

    steve = Person.objects.get(id=1)
    steve.title = "Chairman"
    assert steve.update() is True
    assert emu.people.get(1)["title"] == "Chairman"
    assert emu.requests_to("PUT", "/people/1")[-1].json() == {"title": "Chairman"}


def test_delete_example(serve: Serve) -> None:
    emu = serve("demo")
    _connect()
    from crmkit.prosperworks import Person

    steve = Person.objects.get(id=1)
    assert steve.delete() is True
    assert emu.people.get(1) is None


def test_ordering_example(serve: Serve) -> None:
    emu = serve("demo")
    _connect()
    from crmkit.prosperworks import Person

    # oldest first
    rs = Person.objects.order_by("date_modified")
    # newest first (note the hyphen)
    rs = Person.objects.order_by("-date_modified")
    # At this stage, no requests have been made.
    assert emu.requests_to("POST", "/people/search") == []
    assert repr(rs[0]) == "<Person: Steve Cognito>"
    assert len(emu.requests_to("POST", "/people/search")) == 1
    # No request is required here: Bones was on the first page.
    assert repr(rs[1]) == "<Person: Bones Johannson>"
    assert len(emu.requests_to("POST", "/people/search")) == 1
    # This result is on the second page, so another request is fired.
    assert repr(rs[200]) == "<Person: Alfons Tundra>"
    searches = emu.requests_to("POST", "/people/search")
    assert [r.json()["page_number"] for r in searches] == [1, 2]


def test_filtering_example(serve: Serve) -> None:
    emu = serve("demo")
    _connect()
    from crmkit.prosperworks import Company

    active = Company.objects.filter(minimum_interaction_count=10)
    active_in_china = active.filter(country="CN")

    # this is equivalent
    equivalent = Company.objects.filter(minimum_interaction_count=10, country="CN")

    chained = list(active_in_china)
    assert chained and [c.id for c in chained] == [c.id for c in equivalent]
    assert all(c.interaction_count >= 10 and c.address["country"] == "CN" for c in chained)
    bodies = [r.json() for r in emu.requests_to("POST", "/companies/search")]
    assert (
        bodies[0]
        == bodies[1]
        == {
            "page_size": 200,
            "minimum_interaction_count": 10,
            "country": "CN",
            "page_number": 1,
        }
    )


def test_secondary_resources_example(serve: Serve) -> None:
    serve("demo")
    _connect()
    from crmkit.prosperworks import PipelineStage

    shown = repr(PipelineStage.objects.all())
    assert shown.startswith("<ListSet: Qualifying, Quoted, ")
    assert shown.endswith(", ...>")


def test_account_example(serve: Serve) -> None:
    serve("demo")
    _connect()
    from crmkit.prosperworks import Account

    account = Account.objects.get()
    assert account.name == "So-and-so Company"


def test_store_invalid_example(serve: Serve) -> None:
    serve("demo", malformed_row="people")
    _connect()
    from crmkit.prosperworks import Person

    seen = 0
    errs = []
    for person in Person.objects.store_invalid(errs).all():  # noqa: B007 (the seed verbatim)
        seen += 1  # ...
    if errs:
        handled = True  # handle errors
    assert handled and seen == 250 and len(errs) == 1
    assert {"errors", "raw_data", "resource_cls"} <= set(dir(errs[0]))


def test_recovery_example(serve: Serve) -> None:
    serve("demo", malformed_row="people")
    _connect()
    from crmkit.prosperworks import Person

    errs: list = []
    list(Person.objects.store_invalid(errs).all())

    def make_corrections(raw: dict) -> dict:
        return {**raw, "id": 9999, "emails": []}

    recovered = []
    for err in errs:
        good_data = make_corrections(err.raw_data)
        instance = err.resource_cls.from_api_data(good_data)
        recovered.append(instance)
    assert [(p.id, p.name) for p in recovered] == [(9999, "Malformed row")]
