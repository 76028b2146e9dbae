"""The read cache: TTL, size, isolation per connection, invalidation on write, no cached errors."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from support.notes import NotesEmulator, create_note, get_note, make_client, update_note

from crmkit.core import Cache, InMemoryCache, NoOpCache, NotFound, TTLCache


def _gets(emulator: NotesEmulator) -> int:
    return len(emulator.requests_to("GET", "/notes"))


def test_ttl_cache_serves_repeat_reads_from_memory(emulator: NotesEmulator) -> None:
    with make_client(emulator, cache=TTLCache()) as c:
        assert c.send(get_note(1)) == c.send(get_note(1))
    assert _gets(emulator) == 1


def test_ttl_cache_entries_expire() -> None:
    now = [0.0]
    cache = TTLCache(ttl=300, timer=lambda: now[0])
    cache.set("k", 1)
    now[0] = 299
    assert cache.get("k") == 1
    now[0] = 301
    assert cache.get("k") is None


def test_in_memory_cache_keeps_only_size_entries() -> None:
    cache = InMemoryCache(size=1)
    cache.set("a", 1)
    cache.set("b", 2)
    assert cache.get("a") is None and cache.get("b") == 2


def test_noop_cache_caches_nothing(emulator: NotesEmulator) -> None:
    with make_client(emulator, cache=NoOpCache()) as c:
        c.send(get_note(1))
        c.send(get_note(1))
    assert _gets(emulator) == 2


def test_write_invalidates_cached_reads(emulator: NotesEmulator) -> None:
    with make_client(emulator, cache=TTLCache()) as c:
        assert c.send(get_note(1))["text"] == "note 0"
        c.send(update_note(1, "changed"))
        assert c.send(get_note(1))["text"] == "changed"


def test_errors_are_never_cached(emulator: NotesEmulator) -> None:
    with make_client(emulator, cache=TTLCache()) as c:
        for _ in range(2):
            with pytest.raises(NotFound):
                c.send(get_note(999))
        c.send(create_note("x"))  # creates id 26
        assert c.send(get_note(26))["text"] == "x"
    assert len(emulator.requests_to("GET", "/notes/999")) == 2


def test_two_accounts_never_share_entries() -> None:
    from crmkit.core import HeaderAuth, Secret

    shared = TTLCache()
    a_emu, b_emu = NotesEmulator(records=1), NotesEmulator(records=1)
    b_emu.notes.get(1)["text"] = "other account"  # type: ignore[index]
    with (
        make_client(a_emu, cache=shared) as a,
        make_client(
            b_emu, cache=shared, auth=HeaderAuth({"X-Token": Secret("second-account-token")})
        ) as b,
    ):
        assert a.send(get_note(1))["text"] == "note 0"
        assert b.send(get_note(1))["text"] == "other account"


def test_cached_result_is_a_fresh_object(emulator: NotesEmulator) -> None:
    with make_client(emulator, cache=TTLCache()) as c:
        first = c.send(get_note(1))
        first["text"] = "mutated by caller"
        assert c.send(get_note(1))["text"] == "note 0"


def test_use_cache_false_bypasses(emulator: NotesEmulator) -> None:
    with make_client(emulator, cache=TTLCache()) as c:
        c.send(get_note(1))
        c.send(get_note(1), use_cache=False)
    assert _gets(emulator) == 2


def test_custom_cache_object_plugs_in(emulator: NotesEmulator) -> None:
    class DictCache:
        def __init__(self) -> None:
            self.data: dict[str, Any] = {}

        def get(self, key: str) -> Any:
            return self.data.get(key)

        def set(self, key: str, value: Any) -> None:
            self.data[key] = value

        def delete(self, key: str) -> None:
            self.data.pop(key, None)

        def clear(self) -> None:
            self.data.clear()

    custom = DictCache()
    assert isinstance(custom, Cache)
    with make_client(emulator, cache=custom) as c:
        c.send(get_note(1))
        c.send(get_note(1))
    assert len(custom.data) == 1 and _gets(emulator) == 1


def test_cache_is_consistent_under_threads(emulator: NotesEmulator) -> None:
    errors: list[BaseException] = []
    with make_client(emulator, cache=TTLCache()) as c:

        def work() -> None:
            try:
                for i in range(1, 20):
                    assert c.send(get_note(i))["id"] == i
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors


def test_refresh_skips_the_lookup_but_stores(emulator: NotesEmulator) -> None:
    with make_client(emulator, cache=TTLCache()) as c:
        c.send(get_note(1))
        emulator.notes.get(1)["text"] = "changed behind the cache"  # type: ignore[index]
        assert c.send(get_note(1))["text"] == "note 0"
        assert c.send(get_note(1), use_cache="refresh")["text"] == "changed behind the cache"
        assert c.send(get_note(1))["text"] == "changed behind the cache"
    assert _gets(emulator) == 2
