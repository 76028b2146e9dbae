"""Emulator fidelity: paths, the success envelope and every key with defaults (§1, §2, §8.1,
§8.7, §8.11)."""

from __future__ import annotations

from support.clevertim import emulator, error, ok, raw_client

from crmkit.clevertim.emulator import ClevertimEmulator


def test_collection_get_is_every_item_in_ascending_id_order(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        items = ok(c.get("contact"))
    ids = [i["id"] for i in items]
    assert len(ids) == 20 and ids == sorted(ids) and ids[0] == 1234


def test_empty_collection_is_an_empty_content_list() -> None:
    with raw_client(emulator(0)) as c:
        assert ok(c.get("contact")) == []


def test_item_get_is_a_one_element_list_with_the_int_id(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        content = ok(c.get("contact/1234"))
    assert len(content) == 1 and content[0]["id"] == 1234 and isinstance(content[0]["id"], int)


def test_answers_are_json_with_a_json_content_type(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        response = c.get("contact/1234")
    assert response.headers["content-type"].startswith("application/json")


def test_every_contact_key_is_present_with_defaults_after_a_minimal_create() -> None:
    with raw_client(emulator(0)) as c:
        created = ok(c.post("contact", json={"fn": "Mike"}))[0]
    expected_defaults = {
        "ln": "",
        "title": "",
        "is_company": False,
        "companyId": None,
        "email": [],
        "phones": [],
        "smids": [],
        "cf": {},
        "tags": [],
        "notes": [],
        "opportunities": [],
        "tasks": [],
        "cases": [],
        "files": [],
        "lfiles": [],
        "lc": None,
        "cphoto": None,
        "is_private": False,
        "gid": 0,
        "puser": None,
    }
    for key, value in expected_defaults.items():
        assert created[key] == value, key
    assert next(iter(created)) == "id"


def test_task_and_note_defaults() -> None:
    with raw_client(emulator(0)) as c:
        task = ok(c.post("task", json={}))[0]
        note = ok(c.post("note", json={"desc": "hi"}))[0]
    assert (task["atype"], task["rec"], task["recevery"], task["recopts"]) == (
        "Not set",
        "N",
        1,
        {},
    )
    assert (task["is_completed"], task["is_deleted"], task["comments"]) == (False, False, [])
    assert (note["type"], note["delvry"], note["cust"], note["comments"]) == ("N", "N", [], [])


def test_create_answers_200_with_the_created_object(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        response = c.post(
            "contact", content=b'{"is_company":false,"cf":{},"fn":"Mike","ln":"Johnson"}'
        )
    created = ok(response)
    assert len(created) == 1 and created[0]["fn"] == "Mike" and isinstance(created[0]["id"], int)


def test_update_answers_the_updated_object(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        updated = ok(c.put("contact/1234", json={"title": "CTO"}))[0]
    assert updated["title"] == "CTO" and updated["fn"] == "Joe"


def test_delete_answers_exactly_status_ok(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        response = c.delete("contact/1234")
        assert response.status_code == 200 and response.json() == {"status": "OK"}
        error(c.get("contact/1234"), 404)


def test_delete_ignores_a_body(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        response = c.request("DELETE", "contact/1234", content=b'{"whatever": true}')
    assert response.json() == {"status": "OK"}


def test_query_strings_are_ignored(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        assert ok(c.get("contact", params={"page": 2, "size": 1, "q": "x"})) == ok(c.get("contact"))


def test_content_type_is_ignored_on_get(emu: ClevertimEmulator) -> None:
    with raw_client(emu, **{"Content-Type": "text/plain"}) as c:
        assert ok(c.get("contact/1234"))


def test_every_documented_resource_is_served(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        for resource in (
            "contact",
            "company",
            "case",
            "opportunity",
            "task",
            "note",
            "comment",
            "customfield",
            "user",
            "group",
            "folder",
            "file",
            "linkedfile",
        ):
            assert isinstance(ok(c.get(resource)), list), resource
