"""The exact requests crmkit sends (respx): method, URL, headers and body bytes."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
import respx
from support.clevertim import (
    BASE,
    KEY,
    KEY_HEADER,
    SAMPLE_CONTACT,
    envelope,
)

from crmkit.clevertim import Client, Contact, Session, models

CONTACT_812 = BASE + "contact/812"


def _assert_clevertim_headers(request: httpx.Request) -> None:
    assert request.headers["Authorization"] == KEY_HEADER
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"].startswith("crmkit/")


@pytest.fixture
def typed() -> Any:
    with Client(KEY) as c:
        yield c


@respx.mock
def test_get_sends_get_with_the_three_headers_and_no_body(typed: Client) -> None:
    route = respx.get(CONTACT_812).respond(json=envelope(SAMPLE_CONTACT))
    typed.contacts.get(812)
    request = route.calls.last.request
    _assert_clevertim_headers(request)
    assert request.content == b"" and request.url.query == b""


@respx.mock
def test_list_sends_one_get_on_the_collection(typed: Client) -> None:
    route = respx.get(BASE + "contact").respond(json=envelope(SAMPLE_CONTACT))
    assert [c.id for c in typed.contacts.list()] == [812]
    assert route.call_count == 1
    _assert_clevertim_headers(route.calls.last.request)


@respx.mock
def test_create_from_a_mapping_posts_only_the_given_fields_compactly(typed: Client) -> None:
    route = respx.post(BASE + "contact").respond(json=envelope({"id": 813, "fn": "Mike"}))
    typed.contacts.create({"first_name": "Mike", "last_name": "Johnson"})
    request = route.calls.last.request
    _assert_clevertim_headers(request)
    assert request.content == b'{"fn":"Mike","ln":"Johnson"}'


@respx.mock
def test_create_from_a_model_sends_no_read_only_key(typed: Client) -> None:
    route = respx.post(BASE + "contact").respond(json=envelope({"id": 813}))
    typed.contacts.create(models.Contact(first_name="Mike"))
    body = json.loads(route.calls.last.request.content)
    assert body["fn"] == "Mike" and body["is_company"] is False
    assert not {"id", "notes", "tasks", "cases", "opportunities", "ao", "lm", "lc"} & set(body)


@respx.mock
def test_update_reads_then_puts_the_whole_object_without_read_only_keys(typed: Client) -> None:
    respx.get(CONTACT_812).respond(json=envelope(SAMPLE_CONTACT))
    put = respx.put(CONTACT_812).respond(json=envelope({**SAMPLE_CONTACT, "title": "CTO"}))
    result = typed.contacts.update(812, {"title": "CTO"})
    body = json.loads(put.calls.last.request.content)
    assert body["title"] == "CTO" and body["fn"] == "Ada" and body["email"] == ["ada@quill.example"]
    assert not {"id", "notes", "lm", "ao", "lc", "cphoto"} & set(body)
    assert result.title == "CTO" and result.id == 812


@respx.mock
def test_replace_puts_the_body_as_given(typed: Client) -> None:
    put = respx.put(CONTACT_812).respond(json=envelope({"id": 812, "fn": "Ada"}))
    typed.contacts.replace(812, {"first_name": "Ada"})
    assert put.calls.last.request.content == b'{"fn":"Ada"}'


@respx.mock
def test_delete_sends_no_body(typed: Client) -> None:
    route = respx.delete(CONTACT_812).respond(json={"status": "OK"})
    assert typed.contacts.delete(812) is None
    assert route.calls.last.request.content == b""


@respx.mock
def test_folder_ids_are_strings_in_the_path(typed: Client) -> None:
    route = respx.get(BASE + "folder/f12").respond(json=envelope({"id": "f12", "name": "Docs"}))
    assert typed.folders.get("f12").name == "Docs"
    assert route.called


@respx.mock
def test_session_example_3_posts_the_old_librarys_body() -> None:
    route = respx.post(BASE + "contact").respond(json=envelope({"id": 813, "fn": "Mike"}))
    session = Session(api_key=KEY)
    contact = Contact(session)
    contact.first_name = "Mike"
    contact.last_name = "Johnson"
    contact.save()
    request = route.calls.last.request
    _assert_clevertim_headers(request)
    assert request.content == b'{"is_company":false,"cf":{},"fn":"Mike","ln":"Johnson"}'
    assert contact.key == 813


@respx.mock
def test_session_example_4_puts_the_full_object_with_the_new_email_last() -> None:
    respx.get(CONTACT_812).respond(json=envelope(SAMPLE_CONTACT))
    put = respx.put(CONTACT_812).respond(json=envelope(SAMPLE_CONTACT))
    session = Session(api_key=KEY)
    contact = Contact(session, key=812)
    contact.emails.add("joe.dorian@gmail.com")
    contact.save()
    raw = put.calls.last.request.content
    assert raw.startswith(b'{"id":812,') and b", " not in raw  # compact, id first as loaded
    assert json.loads(raw)["email"] == ["ada@quill.example", "joe.dorian@gmail.com"]


@respx.mock
def test_session_delete_sends_delete_without_body() -> None:
    respx.get(CONTACT_812).respond(json=envelope(SAMPLE_CONTACT))
    route = respx.delete(CONTACT_812).respond(json={"status": "OK"})
    contact = Contact(Session(api_key=KEY), key=812)
    contact.delete()
    assert route.calls.last.request.content == b"" and contact.key is None


@respx.mock
def test_session_endpoint_url_drops_a_trailing_slash() -> None:
    route = respx.get("https://eu.clevertim.example/api/contact/812").respond(
        json=envelope(SAMPLE_CONTACT)
    )
    session = Session(api_key=KEY, endpoint_url="https://eu.clevertim.example/api/")
    assert session.endpoint_url == "https://eu.clevertim.example/api"
    Contact(session, key=812)
    assert route.called


@respx.mock
def test_base_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRMKIT_CLEVERTIM_BASE_URL", "https://staging.clevertim.example/api")
    route = respx.get("https://staging.clevertim.example/api/contact/812").respond(
        json=envelope(SAMPLE_CONTACT)
    )
    assert Session(api_key=KEY).url == "https://staging.clevertim.example/api"
    with Client(KEY) as c:
        c.contacts.get(812)
    assert route.called


@respx.mock
def test_a_non_ascii_key_is_encoded_as_utf8() -> None:
    route = respx.get(CONTACT_812).respond(json=envelope(SAMPLE_CONTACT))
    with Client("clé-ünïcode") as c:
        c.contacts.get(812)
    expected = base64.b64encode("clé-ünïcode:X".encode()).decode()
    assert route.calls.last.request.headers["Authorization"] == f"Basic {expected}"
