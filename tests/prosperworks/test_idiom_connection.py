"""prospyr's connections and caches: connect(), get(), URL rules, InMemoryCache, NoOpCache."""

from __future__ import annotations

import pytest
from support.prosperworks import EMAIL, TOKEN

from crmkit import core
from crmkit.prosperworks import MisconfiguredError, connect, connection, disconnect
from crmkit.prosperworks.cache import InMemoryCache, NoOpCache, as_core_cache
from crmkit.prosperworks.connection import Connection, url_join, validate_url
from crmkit.prosperworks.emulator import ProsperWorksEmulator


@pytest.mark.parametrize(
    "url",
    [
        "/developer_api/",
        "ftp://api.copper.com/developer_api/",
        "http://:3000/path/somewhere",
        "https://api.copper.com/developer_api/v1/",
        "localhost:3000",
        "user@example.org",
        "http://remote.example.org/developer_api/",  # plain http to a remote host
    ],
)
def test_prospyr_s_rejected_urls_raise_misconfigured_error(url: str) -> None:
    with pytest.raises(MisconfiguredError):
        connect(EMAIL, TOKEN, url=url)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.copper.com/developer_api/",
        "https://api.prosperworks.com/developer_api",
        "http://127.0.0.1:8001/developer_api/",
        "http://localhost:9000/developer_api/",
    ],
)
def test_valid_roots_including_loopback_pass_and_get_a_trailing_slash(url: str) -> None:
    root = validate_url(url)
    assert root.endswith("/")
    conn = connect(EMAIL, TOKEN, url=url)
    assert conn.api_url == root + "v1/"


def test_misconfigured_error_is_a_core_configuration_error() -> None:
    with pytest.raises(core.ConfigurationError):
        validate_url("ftp://x")


def test_connect_makes_no_request_and_defaults_to_copper() -> None:
    conn = connect(EMAIL, TOKEN)
    assert conn.base_url == "https://api.copper.com/developer_api/"
    assert conn.build_absolute_url("people/1") == "https://api.copper.com/developer_api/v1/people/1"
    assert conn._client is None  # nothing built, nothing sent


def test_the_environment_supplies_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRMKIT_PROSPERWORKS_BASE_URL", "http://127.0.0.1:8123/developer_api/")
    assert connect(EMAIL, TOKEN).api_url == "http://127.0.0.1:8123/developer_api/v1/"


def test_url_join_appends_relative_paths_and_resets_on_a_leading_slash() -> None:
    base = "https://api.copper.com/developer_api/v1/"
    assert url_join(base, "people/") == base + "people/"
    assert url_join(base, "/other") == "https://api.copper.com/other"


def test_get_returns_the_named_connection_or_explains() -> None:
    conn = connect(EMAIL, TOKEN, name="jon")
    assert connection.get("jon") is conn
    with pytest.raises(MisconfiguredError, match=r"name='nobody'"):
        connection.get("nobody")
    with pytest.raises(MisconfiguredError, match=r"connect\(email=\.\.\., token=\.\.\.\)"):
        connection.get()


def test_reconnecting_with_the_same_credentials_replaces_the_registration() -> None:
    connect(EMAIL, TOKEN, cache=InMemoryCache(size=1))
    second = connect(EMAIL, TOKEN, cache=NoOpCache())
    assert connection.get() is second
    assert isinstance(connection.get().cache, NoOpCache)


def test_reusing_a_name_with_other_credentials_is_a_value_error() -> None:
    connect(EMAIL, TOKEN)
    with pytest.raises(ValueError, match="already exists"):
        connect("someone@else.tld", TOKEN)


def test_disconnect_forgets_a_connection() -> None:
    connect(EMAIL, TOKEN, name="temp")
    disconnect("temp")
    with pytest.raises(MisconfiguredError):
        connection.get("temp")


@pytest.mark.parametrize("page_size", [0, 201, "200"])
def test_page_size_must_be_1_to_200(page_size: object) -> None:
    with pytest.raises(ValueError):
        connect(EMAIL, TOKEN, page_size=page_size)


@pytest.mark.parametrize(("email", "token"), [("", TOKEN), (EMAIL, ""), (EMAIL, "  ")])
def test_bad_credentials_are_refused_at_connect(email: str, token: str) -> None:
    with pytest.raises(MisconfiguredError):
        connect(email, token)


def test_the_default_cache_is_prospyr_s_500_entries() -> None:
    cache = connect(EMAIL, TOKEN).cache
    assert isinstance(cache, InMemoryCache) and cache.size == 500


def test_connection_verbs_return_responses_whatever_the_status(
    emu: ProsperWorksEmulator,
) -> None:
    conn = connect(EMAIL, TOKEN, transport=emu.transport(), rate_limit=None)
    assert conn.get(conn.build_absolute_url("account")).json()["id"] == 100624
    assert conn.get("people/99").status_code == 404
    created = conn.post("people", json={"name": "Ann Example"})
    assert created.status_code == 200
    assert (
        conn.put(f"people/{created.json()['id']}", json={"title": "CTO"}).json()["title"] == "CTO"
    )
    assert conn.delete(f"people/{created.json()['id']}").json()["is_deleted"] is True
    with pytest.raises(MisconfiguredError):
        conn.get("https://elsewhere.example/v1/people")


def test_connection_repr_never_shows_the_token() -> None:
    conn = connect(EMAIL, TOKEN)
    assert TOKEN not in repr(conn) and TOKEN not in str(conn.token)
    assert conn.token.reveal() == TOKEN


def test_connection_rejects_other_api_versions() -> None:
    with pytest.raises(MisconfiguredError):
        Connection(None, EMAIL, TOKEN, version="v2")


# -- caches ----------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_in_memory_cache_keeps_the_newest_size_entries() -> None:
    clock = Clock()
    cache = InMemoryCache(size=1, clock=clock)
    assert cache.set("a", 1) is True
    clock.now += 1
    cache.set("b", 2)
    assert (cache.get("a"), cache.get("b")) == (None, 2)


def test_in_memory_cache_entries_expire_after_max_age() -> None:
    clock = Clock()
    cache = InMemoryCache(clock=clock)
    cache.set("short", 1, max_age=300)
    cache.set("forever", 2, max_age=0)
    clock.now += 299
    assert cache.get("short") == 1
    clock.now += 1
    assert cache.get("short") is None and cache.get("forever") == 2


def test_in_memory_cache_clear_removes_one_key_and_meta_reports() -> None:
    clock = Clock()
    cache = InMemoryCache(clock=clock)
    cache.set("a", 1, max_age=5)
    cache.set("b", 2)
    assert cache.meta("a").created == 1000.0 and cache.meta("a").max_age == 5
    assert cache.clear("a") is True
    assert (cache.get("a"), cache.get("b")) == (None, 2)
    assert cache.meta("a") is None


def test_no_op_cache_stores_nothing() -> None:
    cache = NoOpCache()
    assert cache.set("a", 1) is True and cache.get("a") is None
    assert cache.clear("a") is True and cache.meta("a") is None


def test_prospyr_caches_are_adapted_with_a_five_minute_max_age() -> None:
    clock = Clock()
    inner = InMemoryCache(clock=clock)
    adapted = as_core_cache(inner)
    assert adapted is not None
    adapted.set("k", "v")
    assert inner.meta("k").max_age == 300
    adapted.delete("k")
    assert inner.get("k") is None


def test_a_user_cache_with_get_set_clear_key_works() -> None:
    class Redisish:
        def __init__(self) -> None:
            self.data: dict[str, object] = {}

        def get(self, key: str) -> object:
            return self.data.get(key)

        def set(self, key: str, value: object) -> None:
            self.data[key] = value

        def clear(self, key: str) -> None:
            self.data.pop(key, None)

    store = Redisish()
    adapted = as_core_cache(store)
    assert adapted is not None
    adapted.set("k", 1)
    assert adapted.get("k") == 1
    adapted.delete("k")
    assert store.data == {}


def test_something_without_cache_methods_is_refused() -> None:
    with pytest.raises(TypeError, match="get/set/clear"):
        as_core_cache(object())


def test_core_caches_pass_through() -> None:
    ttl = core.TTLCache()
    assert as_core_cache(ttl) is ttl
