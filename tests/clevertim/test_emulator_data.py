"""Emulator fidelity: ids, read-only keys, derived lists, deletes, visibility and seeding
(§3, §8.4-§8.13)."""

from __future__ import annotations

from support.clevertim import FIXED_NOW, emulator, error, ok, raw_client

from crmkit.clevertim.emulator import ClevertimEmulator


def test_contacts_and_companies_share_one_id_sequence() -> None:
    with raw_client(emulator(0)) as c:
        first = ok(c.post("contact", json={"fn": "A"}))[0]["id"]
        second = ok(c.post("company", json={"cn": "B"}))[0]["id"]
        third = ok(c.post("contact", json={"fn": "C"}))[0]["id"]
        case = ok(c.post("case", json={"name": "x"}))[0]["id"]
    assert (first, second, third, case) == (1, 2, 3, 1)


def test_seeded_ids_advance_the_counters(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        new_id = ok(c.post("contact", json={"fn": "Late"}))[0]["id"]
        all_ids = [x["id"] for x in ok(c.get("contact"))] + [x["id"] for x in ok(c.get("company"))]
    assert new_id > max(i for i in all_ids if i != new_id)


def test_folder_ids_are_f_strings() -> None:
    with raw_client(emulator(0)) as c:
        folder = ok(c.post("folder", json={"name": "Docs"}))[0]
        child = ok(c.post("folder", json={"name": "Sub", "parentId": folder["id"]}))[0]
        assert folder["id"] == "f1" and child["parentId"] == "f1" and child["is_dir"] is True
        assert ok(c.get("folder/f1"))[0]["name"] == "Docs"


def test_post_ignores_a_client_id_and_read_only_keys() -> None:
    with raw_client(emulator(0)) as c:
        created = ok(
            c.post(
                "contact",
                json={"id": 555, "fn": "A", "notes": [1], "lm": "x", "is_company": True, "lc": "y"},
            )
        )[0]
    assert created["id"] == 1 and created["notes"] == [] and created["is_company"] is False
    assert created["lc"] is None and created["lm"] == "2024-06-01T12:00:00Z"


def test_put_merges_keys_and_the_path_id_wins(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        updated = ok(c.put("contact/1234", json={"id": 1, "title": "CTO"}))[0]
    assert updated["id"] == 1234 and updated["title"] == "CTO" and updated["fn"] == "Joe"


def test_timestamps_come_from_the_injected_clock() -> None:
    with raw_client(emulator(0, clock=lambda: FIXED_NOW)) as c:
        created = ok(c.post("note", json={"desc": "x"}))[0]
    assert created["ao"] == created["lm"] == "2024-06-01T12:00:00Z"


def test_user_id_is_set_on_created_tasks_notes_comments_opportunities(
    emu: ClevertimEmulator,
) -> None:
    with raw_client(emu) as c:
        for resource, body in (
            ("task", {"name": "t"}),
            ("note", {"desc": "n"}),
            ("comment", {"comment": "c", "tid": 1}),
            ("opportunity", {"name": "o"}),
        ):
            assert ok(c.post(resource, json={**body, "userId": 99}))[0]["userId"] == 1


def test_derived_lists_follow_the_childs_links(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        note = ok(c.post("note", json={"desc": "x", "cust": 1233, "case": 1}))[0]
        assert note["cust"] == [1233]  # a single id is stored as a list
        assert note["id"] in ok(c.get("company/1233"))[0]["notes"]
        assert note["id"] in ok(c.get("case/1"))[0]["notes"]
        ok(c.put(f"note/{note['id']}", json={"cust": [1234], "case": None}))
        assert note["id"] not in ok(c.get("company/1233"))[0]["notes"]
        assert note["id"] in ok(c.get("contact/1234"))[0]["notes"]
        assert note["id"] not in ok(c.get("case/1"))[0]["notes"]


def test_derived_lists_in_bodies_are_ignored(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        before = ok(c.get("contact/1234"))[0]
        after = ok(c.put("contact/1234", json={"notes": [], "tasks": [99]}))[0]
    assert after["notes"] == before["notes"] and after["tasks"] == before["tasks"]


def test_comments_feed_their_note_or_task(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        comment = ok(c.post("comment", json={"comment": "hi", "nid": 2}))[0]
        assert comment["id"] in ok(c.get("note/2"))[0]["comments"]


def test_deleting_a_contact_repairs_links(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        assert c.delete("contact/1234").json() == {"status": "OK"}
        assert ok(c.get("note/1"))[0]["cust"] == []
        assert ok(c.get("task/1"))[0]["cust"] is None
        assert ok(c.get("opportunity/1"))[0]["cust"] is None


def test_deleting_a_company_nulls_company_id(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        c.delete("company/1233")
        assert ok(c.get("contact/1234"))[0]["companyId"] is None


def test_deleting_a_task_deletes_its_comments(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        assert ok(c.get("comment/1"))[0]["tid"] == 1
        c.delete("task/1")
        error(c.get("comment/1"), 404)
        assert ok(c.get("opportunity/1"))[0]["tasks"] == []


def test_soft_deleted_and_completed_tasks_stay_listed(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        ok(c.put("task/1", json={"is_deleted": True}))
        ok(c.put("task/2", json={"is_completed": True}))
        listed = {t["id"]: t for t in ok(c.get("task"))}
    assert listed[1]["is_deleted"] is True and listed[2]["is_completed"] is True


def test_linked_file_put_changes_only_the_name(emu: ClevertimEmulator) -> None:
    emu.account.insert("linkedfile", {"name": "a.pdf", "sys": "D", "size": 10, "link": "u"})
    with raw_client(emu) as c:
        updated = ok(c.put("linkedfile/1", json={"name": "b.pdf", "size": 99, "sys": "G"}))[0]
    assert (updated["name"], updated["size"], updated["sys"]) == ("b.pdf", 10, "D")


def test_private_and_group_records_are_visible_only_to_their_users() -> None:
    emu = emulator(3, credentials=["ADMIN", "READER:2", "ALEX:3"])
    with raw_client(emu, key="READER") as c:
        ids = [x["id"] for x in ok(c.get("contact"))]
        assert ids == [1234]
        error(c.get("contact/1235"), 404)  # private to user 3
        error(c.get("contact/1236"), 404)  # restricted to group 64 (user 3's)
    with raw_client(emu, key="ALEX") as c:
        assert [x["id"] for x in ok(c.get("contact"))] == [1234, 1235, 1236]
    with raw_client(emu, key="ADMIN") as c:
        assert len(ok(c.get("contact"))) == 3


def test_visibility_can_be_switched_off() -> None:
    emu = emulator(3, credentials=["READER:2"])
    emu.visibility = False
    with raw_client(emu, key="READER") as c:
        assert len(ok(c.get("contact"))) == 3


def test_seeding_is_deterministic_and_counts_contacts() -> None:
    first, second = emulator(50, seed=7), emulator(50, seed=7)
    with raw_client(first) as a, raw_client(second) as b:
        assert ok(a.get("contact")) == ok(b.get("contact"))
        assert len(ok(a.get("contact"))) == 50
        assert len(ok(a.get("company"))) >= 13
        assert len(ok(a.get("opportunity"))) == 1 + (50 - 3) // 10  # demo + a tenth of the rest


def test_demo_records_match_the_vendor_notes(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        users = ok(c.get("user"))
        groups = ok(c.get("group"))
        sent = ok(c.get("note/2"))[0]
        contact = ok(c.get("contact/1234"))[0]
    assert users[0]["is_owner"] and users[0]["is_admin"]
    assert any(u["permissions"] == ["canexport"] for u in users)  # a read-only user
    assert sorted(g["gid"] for g in groups) == [2, 4, 16, 64]
    assert sent["type"] == "S" and sent["email"]["c"][0]["s"] == "b"
    assert contact["email"] and contact["companyId"] == 1233


def test_no_rate_limit_by_default(emu: ClevertimEmulator) -> None:
    with raw_client(emu) as c:
        assert all(c.get("contact/1234").status_code == 200 for _ in range(200))


def test_a_rate_limit_answers_429_in_the_envelope_with_retry_after() -> None:
    emu = emulator(1, rate_limit=2)
    with raw_client(emu) as c:
        c.get("contact/1234")
        c.get("contact/1234")
        response = c.get("contact/1234")
    assert error(response, 429) and int(response.headers["Retry-After"]) >= 1
