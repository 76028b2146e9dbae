"""The request flow: retries, Retry-After, idempotency, redirects, errors, hooks, options.

Wire behaviour is pinned with respx; sleeps go to a recorder, so no test waits.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
import pytest
import respx
from support.notes import BASE, create_note, get_note, make_async_client, make_client

from crmkit.core import (
    AmbiguousWriteError,
    APIError,
    AuthenticationError,
    BadRequest,
    Conflict,
    ConnectError,
    Endpoint,
    Hooks,
    MalformedResponse,
    NotFound,
    PermissionDenied,
    RateLimited,
    RemoteProtocolError,
    RetryPolicy,
    ServerError,
    TransportTimeout,
    UnprocessableEntity,
    UnsafeRedirect,
    ValidationError,
    read_json,
)

NOTE = BASE + "notes/1"


def _policy() -> RetryPolicy:
    # Deterministic jitter: always the ceiling.
    return RetryPolicy(jitter=lambda low, high: high)


@pytest.fixture
def client(fake_sleep: Any) -> Any:
    with make_client(sleep=fake_sleep, retry=_policy()) as c:
        yield c


@respx.mock
def test_get_sends_auth_user_agent_and_parses(client: Any) -> None:
    route = respx.get(NOTE).respond(json={"id": 1})
    assert client.send(get_note(1)) == {"id": 1}
    request = route.calls.last.request
    assert request.headers["X-Token"] == "notes-token-8f3a2c"
    ua = request.headers["User-Agent"]
    assert ua.startswith("crmkit/") and " notes/" in ua and " python/3." in ua


@respx.mock
@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_for_get(client: Any, fake_sleep: Any, status: int) -> None:
    route = respx.get(NOTE).mock(
        side_effect=[httpx.Response(status), httpx.Response(200, json={"id": 1})]
    )
    assert client.send(get_note(1)) == {"id": 1}
    assert route.call_count == 2
    assert len(fake_sleep.calls) == 1


@respx.mock
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_client_errors_are_not_retried(client: Any, status: int) -> None:
    route = respx.get(NOTE).respond(status, json={"message": "nope"})
    with pytest.raises(APIError):
        client.send(get_note(1))
    assert route.call_count == 1


@respx.mock
def test_retries_stop_after_max_retries(client: Any, fake_sleep: Any) -> None:
    route = respx.get(NOTE).respond(503)
    with pytest.raises(ServerError) as info:
        client.send(get_note(1))
    assert route.call_count == 3  # 1 + max_retries(2)
    assert info.value.status_code == 503
    assert fake_sleep.calls == [0.5, 1.0]


@respx.mock
def test_max_retries_per_call_overrides_client(client: Any) -> None:
    route = respx.get(NOTE).respond(503)
    with pytest.raises(ServerError):
        client.send(get_note(1), max_retries=0)
    assert route.call_count == 1


@respx.mock
def test_backoff_is_exponential_and_capped(fake_sleep: Any) -> None:
    policy = RetryPolicy(
        max_retries=6, initial_backoff=1.0, max_backoff=5.0, jitter=lambda lo, hi: hi
    )
    route = respx.get(NOTE).respond(500)
    with make_client(sleep=fake_sleep, retry=policy) as c, pytest.raises(ServerError):
        c.send(get_note(1))
    assert route.call_count == 7
    assert fake_sleep.calls == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_full_jitter_stays_within_bounds() -> None:
    policy = RetryPolicy(initial_backoff=1.0, max_backoff=8.0)
    for n in range(1, 8):
        for _ in range(50):
            assert policy.min_backoff <= policy.backoff(n) <= min(8.0, 2 ** (n - 1))


@respx.mock
@pytest.mark.parametrize(("header", "expected"), [("7", 7.0), ("0", 0.0), ("1.5", 1.5)])
def test_retry_after_seconds_is_honoured(
    client: Any, fake_sleep: Any, header: str, expected: float
) -> None:
    respx.get(NOTE).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": header}),
            httpx.Response(200, json={}),
        ]
    )
    client.send(get_note(1))
    assert fake_sleep.calls == [expected]


@respx.mock
def test_retry_after_http_date_is_honoured(client: Any, fake_sleep: Any) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    respx.get(NOTE).mock(
        side_effect=[
            httpx.Response(503, headers={"Retry-After": when}),
            httpx.Response(200, json={}),
        ]
    )
    client.send(get_note(1))
    assert 27 <= fake_sleep.calls[0] <= 31


@respx.mock
def test_retry_after_ms_is_honoured(client: Any, fake_sleep: Any) -> None:
    respx.get(NOTE).mock(
        side_effect=[
            httpx.Response(429, headers={"retry-after-ms": "250"}),
            httpx.Response(200, json={}),
        ]
    )
    client.send(get_note(1))
    assert fake_sleep.calls == [0.25]


@respx.mock
def test_retry_after_beyond_cap_raises_rate_limited_at_once(client: Any, fake_sleep: Any) -> None:
    route = respx.get(NOTE).respond(
        429, headers={"Retry-After": "3600"}, json={"message": "slow down"}
    )
    with pytest.raises(RateLimited) as info:
        client.send(get_note(1))
    assert route.call_count == 1
    assert fake_sleep.calls == []
    assert info.value.retry_after == 3600
    assert "slow down" in str(info.value)


@respx.mock
def test_post_is_not_retried_after_a_5xx(client: Any) -> None:
    route = respx.post(BASE + "notes").respond(503)
    with pytest.raises(ServerError):
        client.send(create_note("x"))
    assert route.call_count == 1


@respx.mock
def test_post_is_retried_after_429(client: Any) -> None:
    route = respx.post(BASE + "notes").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "1"}),
            httpx.Response(201, json={"id": 9}),
        ]
    )
    assert client.send(create_note("x")) == {"id": 9}
    assert route.call_count == 2


@respx.mock
def test_post_is_retried_when_the_connection_never_opened(client: Any) -> None:
    route = respx.post(BASE + "notes").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(201, json={"id": 9})]
    )
    assert client.send(create_note("x")) == {"id": 9}
    assert route.call_count == 2


@respx.mock
@pytest.mark.parametrize(
    "exc",
    [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"), httpx.ReadError("reset")],
)
def test_post_after_ambiguous_failure_raises_ambiguous_write(client: Any, exc: Exception) -> None:
    route = respx.post(BASE + "notes").mock(side_effect=exc)
    with pytest.raises(AmbiguousWriteError) as info:
        client.send(create_note("x"))
    assert route.call_count == 1
    assert "look the record up" in str(info.value)


@respx.mock
def test_post_marked_idempotent_is_retried_after_timeout(client: Any) -> None:
    route = respx.post(BASE + "search").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json=[])]
    )
    search = Endpoint(method="POST", path="search", json={}, parse=read_json, idempotent=True)
    assert client.send(search) == []
    assert route.call_count == 2


@respx.mock
def test_get_read_timeout_retried_then_typed(client: Any) -> None:
    route = respx.get(NOTE).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(TransportTimeout):
        client.send(get_note(1))
    assert route.call_count == 3


@respx.mock
def test_connect_error_is_typed_and_says_nothing_was_sent(client: Any) -> None:
    respx.get(NOTE).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(ConnectError, match="nothing was sent"):
        client.send(get_note(1))


@respx.mock
def test_dropped_connection_on_get_is_typed(client: Any) -> None:
    respx.get(NOTE).mock(side_effect=httpx.RemoteProtocolError("dropped"))
    with pytest.raises(RemoteProtocolError):
        client.send(get_note(1))


@respx.mock
@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequest),
        (401, AuthenticationError),
        (402, PermissionDenied),
        (403, PermissionDenied),
        (404, NotFound),
        (409, Conflict),
        (413, BadRequest),
        (422, UnprocessableEntity),
        (429, RateLimited),
        (500, ServerError),
        (418, APIError),
    ],
)
def test_status_maps_to_error_class(status: int, cls: type[APIError]) -> None:
    respx.get(NOTE).respond(
        status, json={"message": "vendor says no"}, headers={"X-Request-Id": "req-1"}
    )
    with make_client(max_retries=0) as c, pytest.raises(cls) as info:
        c.send(get_note(1))
    err = info.value
    assert type(err) is cls
    assert err.status_code == status
    assert err.request_id == "req-1"
    assert err.vendor == "notes"
    assert "vendor says no" in str(err)
    assert err.body == {"message": "vendor says no"}


@respx.mock
def test_html_error_page_from_proxy_is_described(client: Any) -> None:
    respx.get(NOTE).respond(
        404, headers={"Content-Type": "text/html"}, content=b"<html><body>Not Found</body></html>"
    )
    with pytest.raises(NotFound, match="HTML"):
        client.send(get_note(1))


@respx.mock
@pytest.mark.parametrize(
    ("content", "ctype", "hint"),
    [
        (b"", "application/json", "empty"),
        (b'{"id": 1', "application/json", "not valid JSON"),
        (b"<html>gateway</html>", "text/html", "HTML"),
    ],
)
def test_undecodable_success_body_is_malformed_response(
    client: Any, content: bytes, ctype: str, hint: str
) -> None:
    respx.get(NOTE).respond(200, content=content, headers={"Content-Type": ctype})
    with pytest.raises(MalformedResponse, match=hint):
        client.send(get_note(1))


@respx.mock
def test_parser_bug_becomes_malformed_response(client: Any) -> None:
    respx.get(NOTE).respond(200, json=[1, 2])
    ep = Endpoint(method="GET", path="notes/1", parse=lambda r: read_json(r)["id"])
    with pytest.raises(MalformedResponse, match="TypeError"):
        client.send(ep)


@respx.mock
def test_pydantic_error_in_parser_becomes_validation_error(client: Any) -> None:
    import pydantic

    class Note(pydantic.BaseModel):
        id: int

    respx.get(NOTE).respond(200, json={"id": "not-an-int"})
    ep = Endpoint(method="GET", path="notes/1", parse=lambda r: Note.model_validate(read_json(r)))
    with pytest.raises(ValidationError) as info:
        client.send(ep)
    assert info.value.raw_data == {"id": "not-an-int"}
    assert info.value.errors[0]["loc"] == ("id",)


@respx.mock
def test_same_origin_redirect_is_followed_with_credentials(client: Any) -> None:
    respx.get(NOTE).respond(301, headers={"Location": "/api/v1/notes/2"})
    target = respx.get(BASE + "notes/2").respond(json={"id": 2})
    assert client.send(get_note(1)) == {"id": 2}
    assert target.calls.last.request.headers["X-Token"] == "notes-token-8f3a2c"


@respx.mock
def test_cross_origin_redirect_is_refused_and_not_sent(client: Any) -> None:
    respx.get(NOTE).respond(302, headers={"Location": "https://evil.example/steal"})
    evil = respx.get("https://evil.example/steal").respond(200, json={})
    with pytest.raises(UnsafeRedirect, match=r"evil\.example"):
        client.send(get_note(1))
    assert evil.call_count == 0


@respx.mock
def test_redirect_303_turns_post_into_get(client: Any) -> None:
    respx.post(BASE + "notes").respond(303, headers={"Location": "/api/v1/notes/5"})
    target = respx.get(BASE + "notes/5").respond(json={"id": 5})
    assert client.send(create_note("x")) == {"id": 5}
    assert target.calls.last.request.content == b""


@respx.mock
def test_hooks_see_every_attempt_and_retry(fake_sleep: Any) -> None:
    seen: dict[str, list[Any]] = {"req": [], "resp": [], "retry": []}
    hooks = Hooks(
        on_request=(seen["req"].append,),
        on_response=(seen["resp"].append,),
        on_retry=(seen["retry"].append,),
    )
    respx.get(NOTE).mock(side_effect=[httpx.Response(503), httpx.Response(200, json={})])
    with make_client(hooks=hooks, sleep=fake_sleep, retry=_policy()) as c:
        c.send(get_note(1))
    assert len(seen["req"]) == 2
    assert [r.status_code for r in seen["resp"]] == [503, 200]
    assert seen["retry"][0].reason == "503" and seen["retry"][0].attempt == 1


@respx.mock
def test_per_call_timeout_and_extra_headers_and_query(client: Any) -> None:
    route = respx.get(NOTE).respond(json={})
    client.send(
        get_note(1), timeout=3.0, extra_headers={"X-Trace": "t1"}, extra_query={"expand": "all"}
    )
    request = route.calls.last.request
    assert request.headers["X-Trace"] == "t1"
    assert request.url.params["expand"] == "all"
    assert request.extensions["timeout"]["read"] == 3.0


def test_default_timeouts_are_explicit() -> None:
    with make_client() as c:
        assert c.timeout.connect == 5.0 and c.timeout.read == 30.0


@respx.mock
def test_raw_request_uses_auth_and_raises_typed_errors(client: Any) -> None:
    respx.get(BASE + "anything").respond(json={"ok": True})
    respx.get(BASE + "missing").respond(404)
    assert client.raw_request("GET", "anything").json() == {"ok": True}
    with pytest.raises(NotFound):
        client.raw_request("GET", "missing")


def test_raw_request_refuses_absolute_urls(client: Any) -> None:
    from crmkit.core import ConfigurationError

    with pytest.raises(ConfigurationError):
        client.raw_request("GET", "https://elsewhere.example/x")


@respx.mock
def test_idempotency_key_is_reused_on_every_retry(fake_sleep: Any) -> None:
    route = respx.post(BASE + "notes").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(201, json={"id": 1})]
    )
    with make_client(idempotency_header="Idempotency-Key", sleep=fake_sleep) as c:
        c.send(create_note("x"))
    keys = {call.request.headers["Idempotency-Key"] for call in route.calls}
    assert route.call_count == 2 and len(keys) == 1


def test_proxy_with_own_http_client_is_refused() -> None:
    from crmkit.core import ConfigurationError

    with pytest.raises(ConfigurationError):
        make_client(http_client=httpx.Client(), proxy="http://127.0.0.1:3128")


@respx.mock
async def test_async_client_shares_the_retry_logic(fake_sleep: Any) -> None:
    route = respx.get(NOTE).mock(
        side_effect=[httpx.Response(503), httpx.Response(429), httpx.Response(200, json={"id": 1})]
    )
    async with make_async_client(sleep=fake_sleep.async_sleep, retry=_policy()) as c:
        assert await c.send(get_note(1)) == {"id": 1}
    assert route.call_count == 3
    assert fake_sleep.calls == [0.5, 1.0]


@respx.mock
async def test_async_post_ambiguous_failure_is_not_retried(fake_sleep: Any) -> None:
    route = respx.post(BASE + "notes").mock(side_effect=httpx.ReadTimeout("slow"))
    async with make_async_client(sleep=fake_sleep.async_sleep) as c:
        with pytest.raises(AmbiguousWriteError):
            await c.send(create_note("x"))
    assert route.call_count == 1


@respx.mock
def test_flow_runs_several_endpoints_and_can_catch_errors(client: Any) -> None:
    respx.get(BASE + "notes/1").respond(404, json={"message": "gone"})
    respx.post(BASE + "notes").respond(201, json={"id": 7})

    def get_or_create() -> Any:
        try:
            return (yield get_note(1))
        except NotFound:
            return (yield create_note("fresh"))

    assert client.send(get_or_create()) == {"id": 7}


@respx.mock
def test_stream_yields_unread_body_and_raises_on_error(client: Any) -> None:
    respx.get(BASE + "big").respond(200, content=b"x" * 10000)
    respx.get(BASE + "bad").respond(500, json={"message": "boom"})
    ep = Endpoint(method="GET", path="big", parse=lambda r: r)
    with client.stream(ep) as response:
        assert sum(len(chunk) for chunk in response.iter_bytes()) == 10000
    with (
        pytest.raises(ServerError, match="boom"),
        client.stream(Endpoint(method="GET", path="bad", parse=lambda r: r), max_retries=0),
    ):
        pass


class VendorNotFound(NotFound):
    """A vendor package's own class, subclassing the core one."""


class VendorTransportError(ConnectError):
    pass


def _hook(exc: Any) -> Any:
    if isinstance(exc, NotFound):
        return VendorNotFound.from_error(exc)
    if isinstance(exc, ConnectError):
        return VendorTransportError.from_error(exc)
    return exc


@respx.mock
def test_error_hook_converts_api_errors_and_keeps_attributes() -> None:
    respx.get(NOTE).respond(404, json={"message": "gone"}, headers={"X-Request-Id": "r9"})
    with make_client(error_hook=_hook) as c, pytest.raises(VendorNotFound) as info:
        c.send(get_note(1))
    err = info.value
    assert err.status_code == 404 and err.request_id == "r9" and "gone" in str(err)
    assert err.response is not None and err.response.json() == {"message": "gone"}


@respx.mock
def test_error_hook_converts_transport_errors() -> None:
    respx.get(NOTE).mock(side_effect=httpx.ConnectError("refused"))
    with make_client(error_hook=_hook, max_retries=0) as c, pytest.raises(VendorTransportError):
        c.send(get_note(1))


@respx.mock
def test_flows_see_the_converted_error() -> None:
    respx.get(NOTE).respond(404)
    seen: list[type[Exception]] = []

    def flow() -> Any:
        try:
            yield get_note(1)
        except NotFound as exc:
            seen.append(type(exc))
            return "handled"

    with make_client(error_hook=_hook) as c:
        assert c.send(flow()) == "handled"
    assert seen == [VendorNotFound]


@respx.mock
def test_endpoint_can_narrow_retryable_statuses(client: Any) -> None:
    route = respx.put(NOTE).respond(500)
    ep = Endpoint(method="PUT", path="notes/1", json={}, parse=read_json, retry_statuses=(502, 503))
    with pytest.raises(ServerError):
        client.send(ep)
    assert route.call_count == 1


def test_unprocessable_entity_is_a_bad_request() -> None:
    assert issubclass(UnprocessableEntity, BadRequest)
