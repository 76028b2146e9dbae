"""The old-style Session: requests, the response cache, shared instances and the registry."""

from __future__ import annotations

from typing import Any

import pytest
from support.clevertim import KEY

from crmkit.clevertim import (
    Company,
    Contact,
    CustomField,
    Endpoint,
    NotFound,
    ServerError,
    Session,
    User,
)
from crmkit.clevertim.emulator import ClevertimEmulator
from crmkit.clevertim.errors import ArgumentError
from crmkit.core import InMemoryCache
from crmkit.core.emulator import Faults


def _gets(emu: ClevertimEmulator, prefix: str = "") -> int:
    return len(emu.requests_to("GET", prefix))


def test_an_empty_key_is_refused_as_before() -> None:
    with pytest.raises(AssertionError, match="Empty API key"):
        Session(api_key="")
    with pytest.raises(ArgumentError):
        Session(api_key="   ")


def test_configuration_attributes() -> None:
    session = Session(api_key="ITHkCPbXdOWfGNTj5qOzNJkceftfRWwGXtrU39exmW0UzVwKUiZ1343")
    assert session.api_key.startswith("ITHk") and session.enable_caching is True
    assert session.url == session.endpoint_url == Session.ENDPOINT_URL
    assert Session(KEY, enable_caching=False).enable_caching is False


@pytest.mark.parametrize(
    ("endpoint", "resource_id", "expected"),
    [
        ("contact", None, "https://x/api/contact"),
        ("/contact/", 12, "https://x/api/contact/12"),
        ("/contact", 0, "https://x/api/contact"),
    ],
)
def test_build_url(endpoint: str, resource_id: Any, expected: str) -> None:
    assert Session.build_url("https://x/api", endpoint, resource_id) == expected


def test_collection_gets_always_go_out_and_fill_the_cache(
    session: Session, emu: ClevertimEmulator
) -> None:
    content = session.make_request("/contact")
    assert len(content) == 20 and _gets(emu) == 1
    session.make_request("/contact")
    assert _gets(emu) == 2
    assert session.session_cache.get("/contact1234")["fn"] == "Joe"
    assert session.make_request("/contact", 1234)["fn"] == "Joe" and _gets(emu) == 2


def test_get_by_id_is_cached_and_reload_bypasses(session: Session, emu: ClevertimEmulator) -> None:
    session.make_request("/contact", 1234)
    session.make_request("contact", "1234")
    assert _gets(emu) == 1
    session.make_request("/contact", 1234, reload=True)
    assert _gets(emu) == 2


def test_caching_can_be_turned_off(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    session = Session(KEY, enable_caching=False, transport=emu.transport(), sleep=fake_sleep)
    session.make_request("/contact", 1234)
    session.make_request("/contact", 1234)
    assert _gets(emu) == 2 and session.session_cache.get("/contact1234") is None


def test_the_cache_holds_copies(session: Session) -> None:
    first = session.make_request("/contact", 1234)
    first["fn"] = "Changed locally"
    assert session.make_request("/contact", 1234)["fn"] == "Joe"


def test_any_cache_backend_can_be_passed(emu: ClevertimEmulator) -> None:
    backend = InMemoryCache(size=10)
    session = Session(KEY, transport=emu.transport(), cache=backend)
    session.make_request("/contact", 1234)
    assert backend.get("/contact1234") is not None


def test_post_put_delete_return_the_old_shapes(session: Session, emu: ClevertimEmulator) -> None:
    created = session.make_request("/contact", method="POST", payload={"fn": "New"})
    assert created["fn"] == "New" and session.session_cache.get(f"/contact{created['id']}")
    updated = session.make_request("/contact", created["id"], method="PUT", payload={"title": "T"})
    assert updated["title"] == "T"
    assert session.make_request("/contact", created["id"], method="DELETE") == {"status": "OK"}
    assert session.session_cache.get(f"/contact{created['id']}") is None


def test_bad_method_and_endpoint_are_refused_before_any_request(
    session: Session, emu: ClevertimEmulator
) -> None:
    with pytest.raises(AssertionError):
        session.make_request("/contact", method="PATCH")
    with pytest.raises(ArgumentError):
        session.make_request("")
    assert not emu.requests


def test_load_all_requests_the_collection_once(session: Session, emu: ClevertimEmulator) -> None:
    assert User(session, key=1).name == "Sam Lee"
    assert User(session, key=3).name == "Alex Kim"
    assert _gets(emu) == 1 and emu.requests[0].path == "/user"
    with pytest.raises(NotFound, match=r"^Not found\.$"):
        User(session, key=99, lazy_load=False)


def test_a_child_write_drops_its_parents_cached_copies(session: Session) -> None:
    contact = Contact(session, key=1234)
    assert len(contact.notes) == 2
    session.make_request("/note", method="POST", payload={"desc": "x", "cust": [1234]})
    assert session.session_cache.get("/contact1234") is None
    assert len(Contact(session, key=1234).notes) == 3


def test_shared_instances(session: Session, emu: ClevertimEmulator) -> None:
    first = session.get(Contact, 1234, lazy_load=True)
    assert first is session.get("Contact", "1234") and not emu.requests
    with pytest.raises(KeyError):
        session.get("Nothing", 1)


def test_the_registry(session: Session) -> None:
    assert Session.is_registered_endpoint("Contact") and Session.is_registered_endpoint(Company)
    assert Session.enpoint_accepted_types("ContactOrCompany") == (Contact, Company)
    assert Session.endpoint_accepted_types("File")[0].__name__ == "File"

    class Widget(Endpoint):
        ENDPOINT = "/widget"

    Session.register_endpoint(Widget)
    try:
        assert Session.is_registered_endpoint("Widget")
        assert Session.endpoint_accepted_types("Widget") == (Widget,)
    finally:
        Session.deregister_endpoint(Widget)
    assert not Session.is_registered_endpoint(Widget)
    with pytest.raises(KeyError):
        Session.deregister_endpoint("Widget")


def test_contact_or_company_probes_contact_then_company(
    session: Session, emu: ClevertimEmulator
) -> None:
    assert isinstance(session.get("ContactOrCompany", 1234), Contact)
    company = session.get("ContactOrCompany", 1233)
    assert isinstance(company, Company) and company.name == "Dorian Trading Ltd"
    assert [r.path for r in emu.requests] == ["/contact/1234", "/contact/1233", "/company/1233"]


def test_contact_or_company_uses_the_cache_first(session: Session, emu: ClevertimEmulator) -> None:
    session.make_request("/company")
    before = len(emu.requests)
    assert isinstance(session.get("ContactOrCompany", 1233), Company)
    assert len(emu.requests) == before


def test_contact_or_company_falls_back_only_on_not_found(
    emu: ClevertimEmulator, fake_sleep: Any
) -> None:
    emu.faults = Faults(rates={"500": 1.0})
    session = Session(KEY, transport=emu.transport(), sleep=fake_sleep, max_retries=0)
    with pytest.raises(ServerError):
        session.get("ContactOrCompany", 1234)
    assert all(r.path == "/contact/1234" for r in emu.requests)


def test_custom_field_definitions_load_once(session: Session, emu: ClevertimEmulator) -> None:
    contact = Contact(session, key=1234)
    contact.custom_field_values["2"]
    contact.custom_field_values[1]
    Company(session, key=1233).custom_field_values["2"]
    assert _gets(emu, "/customfield") == 1
    CustomField(session, key=4).save()
    contact.custom_field_values["2"]
    assert _gets(emu, "/customfield") == 2


def test_all_returns_loaded_objects(session: Session, emu: ClevertimEmulator) -> None:
    contacts = Contact.all(session)
    assert len(contacts) == 20 and contacts[0].first_name == "Joe"
    assert len(emu.requests) == 1


def test_iter_all_streams_objects(session: Session, emu: ClevertimEmulator) -> None:
    names = [c.first_name for c in Contact.iter_all(session)]
    assert len(names) == 20 and names[0] == "Joe" and len(emu.requests) == 1
