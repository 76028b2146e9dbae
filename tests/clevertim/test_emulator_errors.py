"""Emulator fidelity: 404 rules, 501 cases, 500 for unparseable bodies and 400 validation, each
in the error envelope (§2, §5, §8.1, §8.3, §8.8)."""

from __future__ import annotations

from typing import Any

import pytest
from support.clevertim import emulator, error, ok, raw_client

from crmkit.clevertim.emulator import ClevertimEmulator


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nosuchthing", "No such resource."),
        ("nosuchthing/1", "No such resource."),
        ("contact/99999", "No such contact."),
        ("contact/abc", "No such contact."),
        ("contact/1233", "No such contact."),  # 1233 is a company: one id sequence, two paths
        ("company/1234", "No such company."),
        ("contact/1234/notes", "Not found."),
    ],
)
def test_unknown_paths_and_ids_are_404(emu: ClevertimEmulator, path: str, message: str) -> None:
    with raw_client(emu) as c:
        assert error(c.get(path), 404) == message


def test_paths_outside_api_are_404(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        assert error(c.get("https://www.clevertim.com/contact/1234"), 404) == "Not found."


def test_a_trailing_slash_is_not_a_resource_path(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        assert c.get("contact/").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "contact/1234"),
        ("PUT", "contact"),
        ("DELETE", "contact"),
        ("PUT", "comment/1"),
        ("POST", "user"),
        ("PUT", "user/1"),
        ("DELETE", "user/1"),
        ("POST", "group"),
        ("PUT", "group/1"),
        ("DELETE", "group/1"),
        ("POST", "linkedfile"),
        ("PATCH", "contact/1234"),
    ],
)
def test_unsupported_operations_are_501(emu: ClevertimEmulator, method: str, path: str) -> None:
    with raw_client(emu) as c:
        response = c.request(method, path, json={"name": "x"})
    assert error(response, 501) == "Operation not supported."


@pytest.mark.parametrize("body", [b"{not json", b'{"fn": "Caf\xe9"}'])
def test_unparseable_or_non_utf8_bodies_are_500(emu: ClevertimEmulator, body: bytes) -> None:
    with raw_client(emu) as c:
        assert error(c.post("contact", content=body), 500) == "Could not parse the request JSON."
        assert error(c.put("contact/1234", content=body), 500)


def test_a_json_body_that_is_not_an_object_is_400(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        assert (
            error(c.post("contact", json=[1, 2]), 400) == "The request body must be a JSON object."
        )


def test_an_empty_body_creates_a_task() -> None:
    with raw_client(emulator(0)) as c:
        assert ok(c.post("task", content=b""))[0]["id"] == 1


@pytest.mark.parametrize(
    ("resource", "body", "needle"),
    [
        ("contact", {"title": "no name"}, "first name or a last name"),
        ("company", {"city": "Leeds"}, "needs a name"),
        ("opportunity", {"value": "10"}, "needs a name"),
        ("contact", {"fn": "A", "ctype": "Q"}, "ctype"),
        ("contact", {"fn": "A", "phones": [{"type": "Cell", "no": "1"}]}, "phones"),
        ("contact", {"fn": "A", "phones": [{"type": "Work", "no": ""}]}, "phones"),
        ("contact", {"fn": "A", "smids": [{"type": "Myspace", "smid": "x"}]}, "smids"),
        ("contact", {"fn": "A", "email": "a@b.example"}, "list of strings"),
        ("contact", {"fn": 5}, "string"),
        ("contact", {"fn": "A", "companyId": 99999}, "companyId"),
        ("contact", {"fn": "A", "companyId": 1234}, "companyId"),  # a contact, not a company
        ("contact", {"fn": "A", "gid": -1}, "gid"),
        ("contact", {"fn": "A", "cf": {"77": "x"}}, "No such custom field"),
        ("contact", {"fn": "A", "cf": {"2": "Platinum"}}, "allowed value"),
        ("contact", {"fn": "A", "cf": {"1": "2024-02-30"}}, "date"),
        ("contact", {"fn": "A", "cf": {"3": "Sam"}}, "user id"),
        ("contact", {"fn": "A", "cf": {"5": ["1"]}}, "does not apply"),
        ("case", {"name": "c", "cf": {"5": "1"}}, "list of values"),
        ("task", {"atype": "Lunch"}, "atype"),
        ("task", {"rec": "Q"}, "rec"),
        ("task", {"recevery": 0}, "recevery"),
        ("task", {"recopts": {"type": "weekend"}}, "recopts"),
        ("task", {"startDate": {"y": 2024, "mo": 2, "d": 30}}, "real date"),
        ("task", {"startDate": {"y": 2024, "mo": 2, "d": 3, "h": 24, "mi": 0}}, "hour"),
        ("task", {"startDate": {"y": 2024, "mo": 2, "d": 3, "h": 1, "mi": 60}}, "minute"),
        ("task", {"startDate": {"y": 2024}}, "all of y, mo and d"),
        ("task", {"cust": 99999}, "cust"),
        ("task", {"opp": 99}, "opp"),
        ("task", {"aUserId": 42}, "aUserId"),
        ("note", {"desc": "x", "type": "E"}, "type"),
        ("note", {"desc": "x", "cust": [1234, 99999]}, "cust"),
        ("comment", {"comment": "x"}, "exactly one"),
        ("comment", {"comment": "x", "nid": 1, "tid": 1}, "exactly one"),
        ("comment", {"nid": 1}, "needs a text"),
        ("comment", {"comment": "x", "nid": 999}, "nid"),
        ("customfield", {"name": "x", "elemType": "colour", "modelType": ["cases"]}, "elemType"),
        ("customfield", {"name": "x", "elemType": "input", "modelType": []}, "modelType"),
        ("customfield", {"name": "x", "elemType": "input", "modelType": ["people"]}, "modelType"),
        ("customfield", {"name": "x", "elemType": "select", "modelType": ["cases"]}, "values"),
        ("customfield", {"elemType": "input", "modelType": ["cases"]}, "needs a name"),
        ("folder", {}, "needs a name"),
        ("folder", {"name": "x", "parentId": "f999"}, "parentId"),
        ("file", {"name": "x", "parentId": 3}, "parentId"),
    ],
)
def test_validation_failures_are_400_naming_the_problem(
    emu: ClevertimEmulator, resource: str, body: dict[str, Any], needle: str
) -> None:
    with raw_client(emu) as c:
        assert needle in error(c.post(resource, json=body), 400)


def test_a_put_that_breaks_a_rule_is_400_and_changes_nothing(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        assert "first name" in error(c.put("contact/1234", json={"fn": "", "ln": ""}), 400)
        assert ok(c.get("contact/1234"))[0]["fn"] == "Joe"


def test_a_dropbox_note_may_be_saved_with_its_type_unchanged(emu: ClevertimEmulator) -> None:
    emu.account.tables["note"].get(1)["type"] = "E"
    with raw_client(emu) as c:
        note = ok(c.get("note/1"))[0]
        note["desc"] = "edited"
        assert ok(c.put("note/1", json=note))[0]["desc"] == "edited"
