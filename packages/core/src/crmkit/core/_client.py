"""The one request path: a sans-IO flow shared by the sync and the async API client.

:class:`BaseAPIClient` holds the configuration and every decision: building the request, the read
cache, the rate limiter, retries (tenacity), redirects, error mapping and parsing. It expresses a
call as a generator that yields two kinds of action, :class:`Send` and :class:`Sleep`, and
receives responses. :class:`SyncAPIClient` and :class:`AsyncAPIClient` only run that generator:
one with ``httpx.Client.send`` and ``time.sleep``, the other with ``await``.

Vendor packages build their typed clients on these two classes; application code normally uses
those, or ``raw_request`` for anything a vendor client does not cover.
"""

from __future__ import annotations

import platform
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable, Generator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from ._auth import CredentialAuth
from ._cache import Cache, CachedResponse, CacheLayer
from ._endpoint import (
    Endpoint,
    ErrorDetails,
    Flow,
    body_snippet,
    default_error_details,
)
from ._errors import (
    AmbiguousWriteError,
    APIError,
    ConfigurationError,
    ConnectError,
    CrmError,
    InvalidArgument,
    MalformedResponse,
    RateLimited,
    RemoteProtocolError,
    TransportError,
    TransportTimeout,
    UnsafeRedirect,
    ValidationError,
    advice_for,
    error_class_for_status,
)
from ._logging import get_logger
from ._options import DEFAULT_TIMEOUT, Hooks, RequestOptions, RetryEvent, TimeoutTypes, to_timeout
from ._ratelimit import TokenBucket
from ._retry import IDEMPOTENT_METHODS, RetryPolicy, parse_retry_after
from ._secrets import redact, redact_data, redact_url, sensitive_values
from ._urls import resolve_base_url
from ._version import __version__

__all__ = ["AsyncAPIClient", "BaseAPIClient", "Read", "Send", "Sleep", "SyncAPIClient"]

T = TypeVar("T")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)

log = get_logger("crmkit.transport")

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")


@dataclass(frozen=True)
class Send:
    """Action: send ``request`` (auth applied by the driver) and resume with the response."""

    request: httpx.Request
    stream: bool = False


@dataclass(frozen=True)
class Sleep:
    """Action: sleep ``seconds`` and resume."""

    seconds: float


@dataclass(frozen=True)
class Read:
    """Action: read (and close) a streamed ``response``'s body, then resume."""

    response: httpx.Response


Action = Send | Sleep | Read


# A relative path that RFC 3986 resolution against a base ending in "/" leaves unchanged: no
# scheme-like first segment, no dot segments, no query, fragment or percent-escapes.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_~!$&'()*+,;=@-][A-Za-z0-9._~!$&'()*+,;=@:/-]*")


def _join(base: httpx.URL, base_str: str, path: str) -> str:
    """``str(base.join(path))``, without parsing anything when the base's text ends in ``/``
    (httpx parses the result once, when it builds the request).

    (An empty path prints without its slash: ``https://host``, whose join still adds one.)
    """
    if (
        base_str.endswith("/")
        and _PLAIN_PATH.fullmatch(path)
        and ":" not in path.partition("/")[0]
        and "/." not in path
        and "//" not in path
    ):
        return base_str + path
    return str(base.join(path))


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


def user_agent(vendor: str, vendor_version: str) -> str:
    """``crmkit/<v> <vendor>/<v> python/<x.y>``."""
    py = ".".join(platform.python_version_tuple()[:2])
    return f"crmkit/{__version__} {vendor}/{vendor_version} python/{py}"


class BaseAPIClient(Generic[HttpT]):
    """Configuration and the shared request flow of one connection to one vendor.

    Args:
        vendor: the vendor name (``"prosperworks"``); used in errors, logs and the User-Agent.
        vendor_version: the vendor package's version, for the User-Agent.
        default_base_url: the vendor's production API root.
        base_url: overrides the root; else ``CRMKIT_<VENDOR>_BASE_URL``; else the default.
        auth: the auth strategy (an :class:`httpx.Auth`, usually a crmkit one).
        timeout: default timeout; ``None`` disables timeouts (explicitly only).
        max_retries: retries after the first attempt (default 2); overrides ``retry``'s.
        retry: the full retry policy.
        cache: a read cache (``TTLCache()``, ``InMemoryCache(size)``, ``NoOpCache()``, or any
            object with the cache protocol); None disables caching.
        rate_limit: a :class:`TokenBucket` shared by this client's requests, or None.
        hooks: request/response/retry callbacks.
        headers: headers sent on every request.
        error_details: parses the vendor's error bodies.
        error_hook: receives every error a call raises and returns the one to raise instead
            (vendor packages turn core classes into their own, e.g. with
            ``VendorNotFound.from_error(exc)``); flows see the converted error.
        idempotency_header: the header the vendor reads idempotency keys from, if any.
        allow_insecure_http: allow ``http://`` to a non-loopback host.
        http_client: an httpx client to use (you keep ownership: crmkit will not close it).
        transport: an httpx transport (e.g. an emulator's) for the client crmkit creates.
        proxy: a proxy URL; by default proxies come from the environment (``HTTPS_PROXY``...).
        verify: TLS verification (on by default); a path or SSL context is passed to httpx.
        max_redirects: same-origin redirects followed per attempt.
        sleep: replaces the sleep function (tests inject a fake clock here).
    """

    _http: HttpT
    _base_seen: httpx.URL | None = None
    _base_str: str = ""

    def __init__(
        self,
        *,
        vendor: str,
        vendor_version: str = __version__,
        default_base_url: str,
        base_url: str | httpx.URL | None = None,
        auth: httpx.Auth | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        cache: Cache | None = None,
        rate_limit: TokenBucket | None = None,
        hooks: Hooks | None = None,
        headers: Mapping[str, str] | None = None,
        error_details: Callable[[httpx.Response], ErrorDetails] | None = None,
        error_hook: Callable[[CrmError], CrmError] | None = None,
        idempotency_header: str | None = None,
        allow_insecure_http: bool = False,
        max_redirects: int = 5,
    ) -> None:
        self.vendor = vendor
        self.vendor_version = vendor_version
        self.base_url = resolve_base_url(
            vendor, base_url, default=default_base_url, allow_insecure_http=allow_insecure_http
        )
        self.auth = auth
        self.timeout = to_timeout(timeout)
        policy = retry or RetryPolicy()
        if max_retries is not None:
            policy = policy.with_(max_retries=max_retries)
        self.retry = policy
        self.rate_limit = rate_limit
        self.hooks = hooks or Hooks()
        self.headers = {"User-Agent": user_agent(vendor, vendor_version), **(headers or {})}
        self.error_details = error_details or default_error_details
        self.error_hook = error_hook
        self.idempotency_header = idempotency_header
        self.max_redirects = max_redirects
        identity = auth.identity if isinstance(auth, CredentialAuth) else "anonymous"
        self.connection_identity = f"{vendor}|{self.base_url}|{identity}"
        self.cache = CacheLayer(cache, self.connection_identity) if cache is not None else None

    # -- request building -------------------------------------------------------------------------

    def _build_request(self, endpoint: Endpoint[Any], options: RequestOptions) -> httpx.Request:
        path = endpoint.path.lstrip("/")
        base = self.base_url
        if base is not self._base_seen:  # base_url may be replaced after construction
            self._base_seen, self._base_str = base, str(base)
        url = _join(base, self._base_str, path) if path else self._base_str
        params: dict[str, Any] = dict(endpoint.params or {})
        params.update(options.get("extra_query") or {})
        headers: dict[str, str] = dict(self.headers)
        headers.update(endpoint.headers or {})
        headers.update(options.get("extra_headers") or {})
        if self.idempotency_header and endpoint.method.upper() not in IDEMPOTENT_METHODS:
            headers.setdefault(
                self.idempotency_header, options.get("idempotency_key") or str(uuid.uuid4())
            )
        timeout = to_timeout(options["timeout"]) if "timeout" in options else self.timeout
        kwargs: dict[str, Any] = {}
        if endpoint.has_json:
            kwargs["json"] = endpoint.json
        elif endpoint.content is not None:
            kwargs["content"] = endpoint.content
        try:
            return self._http.build_request(
                endpoint.method.upper(),
                url,
                params={k: v for k, v in params.items() if v is not None} or None,
                headers=headers,
                timeout=timeout,
                **kwargs,
            )
        except (ValueError, TypeError, httpx.InvalidURL) as exc:
            # Arguments no request can carry (bytes or lone surrogates in a JSON body, a query
            # too long for a URL...): a clear InvalidArgument, and nothing was sent.
            raise InvalidArgument(
                f"{self.vendor}: cannot build the {endpoint.method.upper()} {endpoint.path} "
                f"request from these arguments ({type(exc).__name__}: {str(exc)[:200]}); "
                "nothing was sent. Pass text as str, valid Unicode and of a reasonable size."
            ) from exc

    def _is_idempotent(self, endpoint: Endpoint[Any], request: httpx.Request) -> bool:
        if endpoint.idempotent is not None:
            return endpoint.idempotent
        if self.idempotency_header and self.idempotency_header in request.headers:
            return True
        return request.method in IDEMPOTENT_METHODS

    # -- the flow ---------------------------------------------------------------------------------

    def _call_flow(
        self, endpoint: Endpoint[T], options: RequestOptions
    ) -> Generator[Action, Any, T]:
        try:
            return (yield from self._plain_call_flow(endpoint, options))
        except CrmError as exc:
            raise self._mapped(exc) from exc.__cause__

    def _mapped(self, exc: CrmError) -> CrmError:
        if self.error_hook is None:
            return exc
        return self.error_hook(exc)

    def _plain_call_flow(
        self, endpoint: Endpoint[T], options: RequestOptions
    ) -> Generator[Action, Any, T]:
        request = self._build_request(endpoint, options)
        cache_key: str | None = None
        use_cache = options.get("use_cache", True)
        if self.cache is not None and endpoint.cache_tags and use_cache:
            cache_key = self.cache.key(
                request.method, str(request.url), request.content, endpoint.cache_tags
            )
            hit = None if use_cache == "refresh" else self.cache.get(cache_key)
            if hit is not None:
                log.debug("cache hit %s %s", request.method, redact_url(str(request.url)))
                cached = httpx.Response(
                    hit.status_code, headers=list(hit.headers), content=hit.content, request=request
                )
                return self._parse(endpoint, cached)
        try:
            response = yield from self._send_flow(endpoint, request, options)
        finally:
            if self.cache is not None and endpoint.invalidates:
                self.cache.invalidate(endpoint.invalidates)
        if not endpoint.is_success(response.status_code):
            raise self._api_error(endpoint, response)
        try:
            result = self._parse(endpoint, response)
        except (MalformedResponse, ValidationError) as exc:
            if not self._is_idempotent(endpoint, request):
                _note_unreadable_write(exc, endpoint, response)
            raise
        if cache_key is not None and self.cache is not None:
            self.cache.set(
                cache_key,
                CachedResponse(
                    response.status_code, tuple(response.headers.multi_items()), response.content
                ),
            )
        return result

    def _flow(
        self, op: Endpoint[T] | Flow[T], options: RequestOptions
    ) -> Generator[Action, Any, T]:
        """Run one endpoint, or a multi-request flow of endpoints, as one action generator."""
        if isinstance(op, Endpoint):
            return self._call_flow(op, options)  # one generator layer less on the hot path
        return self._multi_flow(op, options)

    def _multi_flow(self, op: Flow[T], options: RequestOptions) -> Generator[Action, Any, T]:
        try:
            step = next(op)
            while True:
                try:
                    result = yield from self._call_flow(step, options)
                except CrmError as exc:
                    step = op.throw(exc)
                else:
                    step = op.send(result)
        except StopIteration as stop:
            return cast(T, stop.value)

    def _stream_flow(
        self, endpoint: Endpoint[Any], options: RequestOptions
    ) -> Generator[Action, Any, httpx.Response]:
        try:
            request = self._build_request(endpoint, options)
            response = yield from self._send_flow(endpoint, request, options, stream=True)
            if not endpoint.is_success(response.status_code):
                raise self._api_error(endpoint, response)
        except CrmError as exc:
            raise self._mapped(exc) from exc.__cause__
        return response

    def _send_flow(
        self,
        endpoint: Endpoint[Any],
        request: httpx.Request,
        options: RequestOptions,
        *,
        stream: bool = False,
    ) -> Generator[Action, Any, httpx.Response]:
        idempotent = self._is_idempotent(endpoint, request)

        def before_sleep(state: Any) -> None:
            outcome = state.outcome
            assert outcome is not None
            if outcome.failed:
                reason = type(outcome.exception()).__name__
            else:
                reason = str(outcome.result().status_code)
            wait = state.upcoming_sleep
            log.info(
                "retrying %s %s after %s in %.2fs (attempt %d)",
                request.method,
                redact_url(str(request.url)),
                reason,
                wait,
                state.attempt_number,
            )
            event = RetryEvent(
                request=request, attempt=state.attempt_number, wait=wait, reason=reason
            )
            for hook in self.hooks.on_retry:
                hook(event)

        policy = self.retry
        if endpoint.retry_statuses is not None:
            policy = policy.with_(retry_statuses=frozenset(endpoint.retry_statuses))

        def attempt() -> Generator[Action, Any, httpx.Response | httpx.TransportError]:
            """One attempt: wait for the rate limiter, send; the outcome, not raised."""
            if self.rate_limit is not None:
                wait = self.rate_limit.reserve()
                if wait > 0:
                    yield Sleep(wait)
            try:
                response = yield from self._attempt_flow(request, stream=stream)
            except httpx.TransportError as exc:
                return exc
            if response.status_code == 429 and self.rate_limit is not None:
                pause = parse_retry_after(response.headers)
                self.rate_limit.pause(pause if pause is not None else policy.backoff(1))
            return response

        # The first attempt runs without tenacity: most requests succeed, and building the
        # retry state machine for them would cost more than the rest of the request flow.
        first = yield from attempt()
        if isinstance(first, httpx.Response) and first.status_code not in policy.retry_statuses:
            return first
        import tenacity  # only now: most requests never need the retry machinery

        retrying = policy.retrying(
            idempotent=idempotent, max_retries=options.get("max_retries"), before_sleep=before_sleep
        )
        retrying.begin()
        state = tenacity.RetryCallState(retrying, fn=None, args=(), kwargs={})
        outcome: httpx.Response | httpx.TransportError = first
        try:
            while True:
                if isinstance(outcome, httpx.TransportError):
                    state.set_exception((type(outcome), outcome, outcome.__traceback__))
                else:
                    state.set_result(outcome)
                do = retrying.iter(state)
                while isinstance(do, tenacity.DoSleep):
                    state.prepare_for_next_attempt()
                    yield Sleep(float(do))
                    do = retrying.iter(state)
                if isinstance(do, tenacity.DoAttempt):
                    outcome = yield from attempt()
                else:
                    return cast(httpx.Response, do)
        except httpx.TransportError as exc:
            raise self._transport_error(exc, request, idempotent, endpoint) from exc

    def _attempt_flow(
        self, request: httpx.Request, *, stream: bool = False
    ) -> Generator[Action, Any, httpx.Response]:
        current = request
        for _ in range(self.max_redirects + 1):
            for hook in self.hooks.on_request:
                hook(current)
            started = time.perf_counter()
            response: httpx.Response = yield Send(current, stream=stream)
            if stream and not 200 <= response.status_code < 300:
                # Errors and redirects are small: load them so they can be inspected.
                yield Read(response)
            if log.isEnabledFor(10):
                log.debug(
                    "%s %s -> %d (%.1f ms)",
                    current.method,
                    redact_url(str(current.url)),
                    response.status_code,
                    (time.perf_counter() - started) * 1000,
                )
            for rhook in self.hooks.on_response:
                rhook(response)
            if not response.is_redirect:
                return response
            target = current.url.join(response.headers["location"])
            if not _same_origin(target, current.url):
                raise UnsafeRedirect(str(target), vendor=self.vendor)
            current = self._redirected(current, response, target)
        raise RemoteProtocolError(
            f"More than {self.max_redirects} redirects for {request.method} "
            f"{redact_url(str(request.url))}; check base_url.",
            method=request.method,
            url=str(request.url),
            vendor=self.vendor,
        )

    @staticmethod
    def _redirected(
        request: httpx.Request, response: httpx.Response, target: httpx.URL
    ) -> httpx.Request:
        method = request.method
        keep_body = response.status_code in (307, 308)
        if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
            method = "GET"
        headers = httpx.Headers(request.headers)
        if not keep_body or method == "GET":
            for name in ("content-length", "content-type", "transfer-encoding"):
                headers.pop(name, None)
            content = None
        else:
            content = request.content
        return httpx.Request(
            method, target, headers=headers, content=content, extensions=request.extensions
        )

    # -- results and errors ---------------------------------------------------------------------

    def _parse(self, endpoint: Endpoint[T], response: httpx.Response) -> T:
        try:
            return endpoint.parse(response)
        except CrmError as exc:
            if exc.vendor is None:
                exc.vendor = self.vendor
            raise
        except pydantic.ValidationError as exc:
            raise ValidationError(
                f"The {self.vendor} response to {response.request.method} "
                f"{response.request.url.path} does not fit the {exc.title} model: "
                f"{exc.error_count()} error(s), first: {_first_error(exc)}",
                errors=exc.errors(include_input=False, include_url=False),
                raw_data=_safe_json(response),
                model=None,
                vendor=self.vendor,
            ) from exc
        except Exception as exc:
            raise MalformedResponse(
                f"Could not decode the {self.vendor} response to {response.request.method} "
                f"{response.request.url.path} (HTTP {response.status_code}): "
                f"{type(exc).__name__}: {exc}",
                status_code=response.status_code,
                content_type=response.headers.get("content-type"),
                snippet=body_snippet(response),
                vendor=self.vendor,
            ) from exc

    def _api_error(self, endpoint: Endpoint[Any], response: httpx.Response) -> APIError:
        parser = endpoint.error_details or self.error_details
        try:
            details = parser(response)
        except Exception:  # a broken error body must still produce a typed error
            details = ErrorDetails(message=None, body=body_snippet(response))
        status = response.status_code
        cls = error_class_for_status(status)
        request = response.request
        what = f"{request.method} {request.url.path}"
        # What this request carried (a per-request signature too) never comes back in an error,
        # even from a server or gateway that quotes the request in its answer.
        carried = sensitive_values(request.headers)
        vendor_message = redact_data(details.message or _describe_status(response), carried)
        advice = advice_for(cls)
        message = f"{self.vendor} {what} failed with HTTP {status}: {vendor_message}"
        if advice:
            message += f". {advice}"
        request_id = next(
            (response.headers[h] for h in _REQUEST_ID_HEADERS if h in response.headers), None
        )
        kwargs: dict[str, Any] = {
            "status_code": status,
            "errors": redact_data(details.errors, carried),
            "body": redact_data(details.body, carried),
            "request_id": request_id,
            "method": request.method,
            "url": str(request.url),
            "vendor": self.vendor,
            "response": response,
        }
        if cls is RateLimited:
            return RateLimited(message, retry_after=parse_retry_after(response.headers), **kwargs)
        return cls(message, **kwargs)

    def _transport_error(
        self,
        exc: httpx.TransportError,
        request: httpx.Request,
        idempotent: bool,
        endpoint: Endpoint[Any],
    ) -> CrmError:
        where = f"{request.method} {redact_url(str(request.url))}"
        common = {"method": request.method, "url": str(request.url), "vendor": self.vendor}
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
            return ConnectError(
                f"Could not connect for {where}: {type(exc).__name__}: {exc}. Check the network, "
                "base_url and any proxy settings; nothing was sent.",
                **common,
            )
        if not idempotent:
            key = f" by {endpoint.natural_key}" if endpoint.natural_key else ""
            return AmbiguousWriteError(
                f"{where} failed after it may have reached the server ({type(exc).__name__}: "
                f"{exc}). It was not retried because {self.vendor} offers no way to make it "
                f"idempotent; look the record up{key} before trying again.",
                method=request.method,
                url=str(request.url),
                vendor=self.vendor,
            )
        if isinstance(exc, httpx.TimeoutException):
            return TransportTimeout(
                f"{where} timed out ({type(exc).__name__}) after all retries. Raise the timeout "
                "or try again later.",
                **common,
            )
        if isinstance(exc, (httpx.RemoteProtocolError, httpx.NetworkError, httpx.ReadError)):
            return RemoteProtocolError(
                f"The connection broke during {where} ({type(exc).__name__}: {exc}) after all "
                "retries. Try again later.",
                **common,
            )
        return TransportError(f"{where} failed: {type(exc).__name__}: {exc}", **common)


def _note_unreadable_write(
    exc: MalformedResponse | ValidationError, endpoint: Endpoint[Any], response: httpx.Response
) -> None:
    """Say in ``exc`` that the write happened although its answer could not be read.

    A retry would write again (a create would duplicate), so the advice is to look first.
    """
    request = response.request
    key = f" by {endpoint.natural_key}" if endpoint.natural_key else ""
    note = (
        f"The {request.method} itself succeeded (HTTP {response.status_code}): the vendor "
        f"processed it, so do not simply send it again; look the record up{key} before "
        "trying again."
    )
    if note not in exc.message:
        exc.message = redact(f"{exc.message} {note}")
        exc.args = (exc.message,)


def _describe_status(response: httpx.Response) -> str:
    ctype = response.headers.get("content-type", "")
    if "html" in ctype:
        return f"{response.reason_phrase or 'error'} (an HTML error page, probably from a proxy)"
    return response.reason_phrase or "error"


def _first_error(exc: pydantic.ValidationError) -> str:
    first = exc.errors(include_input=False, include_url=False)[0]
    loc = ".".join(str(p) for p in first.get("loc", ()))
    return f"{loc}: {first.get('msg')}"


def _safe_json(response: httpx.Response) -> Any:
    import json

    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return body_snippet(response)


def _http_kwargs(
    transport: Any, proxy: str | None, verify: Any, http_client: Any
) -> dict[str, Any]:
    """httpx client arguments; refuses ``proxy``/``transport`` next to a ready ``http_client``."""
    if http_client is not None and (proxy is not None or transport is not None):
        raise ConfigurationError(
            "Pass either http_client or proxy/transport: a client you built carries its own."
        )
    kwargs: dict[str, Any] = {"follow_redirects": False, "verify": verify, "trust_env": True}
    if transport is not None:
        kwargs["transport"] = transport
    if proxy is not None:
        kwargs["proxy"] = proxy
    return kwargs


def _read_sync(response: httpx.Response) -> None:
    try:
        response.read()
    finally:
        response.close()


async def _read_async(response: httpx.Response) -> None:
    try:
        await response.aread()
    finally:
        await response.aclose()


class SyncAPIClient(BaseAPIClient[httpx.Client]):
    """The blocking client. See :class:`BaseAPIClient` for the arguments.

    Example:
        >>> client = SyncAPIClient(vendor="demo", default_base_url="https://api.example.com/v1/")
        >>> client.base_url
        URL('https://api.example.com/v1/')
        >>> client.close()
    """

    def __init__(
        self,
        *,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        proxy: str | None = None,
        verify: Any = True,
        sleep: Callable[[float], None] = time.sleep,
        **kwargs: Any,
    ) -> None:
        http_kwargs = _http_kwargs(transport, proxy, verify, http_client)
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(**http_kwargs)
        self._sleep = sleep

    def _drive(self, flow: Generator[Action, Any, T]) -> T:
        try:
            action = next(flow)
            while True:
                if isinstance(action, Sleep):
                    self._sleep(action.seconds)
                    action = flow.send(None)
                    continue
                try:
                    if isinstance(action, Read):
                        response = action.response
                        _read_sync(response)
                    else:
                        response = self._http.send(action.request, auth=self.auth, stream=True)
                        if not action.stream:
                            _read_sync(response)
                except httpx.TransportError as exc:
                    action = flow.throw(exc)
                else:
                    action = flow.send(response)
        except StopIteration as stop:
            return cast(T, stop.value)

    def send(self, op: Endpoint[T] | Flow[T], **options: Any) -> T:
        """Run an endpoint (or a multi-request flow) and return its parsed result.

        Keyword arguments are :class:`RequestOptions`.
        """
        return self._drive(self._flow(op, cast(RequestOptions, options)))

    def raw_request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        **options: Any,
    ) -> httpx.Response:
        """Send any request below the base URL with this client's auth, retries and errors.

        Returns the response (status 2xx); an error status raises the matching ``APIError``.
        """
        return self.send(_raw_endpoint(method, path, params, json, content, headers), **options)

    @contextmanager
    def stream(self, endpoint: Endpoint[Any], **options: Any) -> Iterator[httpx.Response]:
        """Send ``endpoint`` and yield the response with its body not yet read.

        Retries cover the phase before a status arrives; an error status is read and raised as
        the matching ``APIError``. Iterate ``response.iter_bytes()`` inside the ``with``.
        """
        response = self._drive(self._stream_flow(endpoint, cast(RequestOptions, options)))
        try:
            yield response
        finally:
            response.close()

    def close(self) -> None:
        """Close the connection pool (unless the httpx client was passed in)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> SyncAPIClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncAPIClient(BaseAPIClient[httpx.AsyncClient]):
    """The asyncio client; same arguments as :class:`SyncAPIClient` (``sleep`` is async)."""

    def __init__(
        self,
        *,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        proxy: str | None = None,
        verify: Any = True,
        sleep: Callable[[float], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        http_kwargs = _http_kwargs(transport, proxy, verify, http_client)
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(**http_kwargs)
        import asyncio  # here, not at module level: blocking programs never pay for it

        self._sleep = sleep or asyncio.sleep

    async def _drive(self, flow: Generator[Action, Any, T]) -> T:
        try:
            action = next(flow)
            while True:
                if isinstance(action, Sleep):
                    await self._sleep(action.seconds)
                    action = flow.send(None)
                    continue
                try:
                    if isinstance(action, Read):
                        response = action.response
                        await _read_async(response)
                    else:
                        response = await self._http.send(
                            action.request, auth=self.auth, stream=True
                        )
                        if not action.stream:
                            await _read_async(response)
                except httpx.TransportError as exc:
                    action = flow.throw(exc)
                else:
                    action = flow.send(response)
        except StopIteration as stop:
            return cast(T, stop.value)

    async def send(self, op: Endpoint[T] | Flow[T], **options: Any) -> T:
        """Run an endpoint (or a multi-request flow) and return its parsed result."""
        return await self._drive(self._flow(op, cast(RequestOptions, options)))

    async def raw_request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        **options: Any,
    ) -> httpx.Response:
        """Send any request below the base URL with this client's auth, retries and errors."""
        return await self.send(
            _raw_endpoint(method, path, params, json, content, headers), **options
        )

    @asynccontextmanager
    async def stream(
        self, endpoint: Endpoint[Any], **options: Any
    ) -> AsyncIterator[httpx.Response]:
        """Async twin of :meth:`SyncAPIClient.stream`."""
        response = await self._drive(self._stream_flow(endpoint, cast(RequestOptions, options)))
        try:
            yield response
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (unless the httpx client was passed in)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncAPIClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _raw_endpoint(
    method: str,
    path: str,
    params: Mapping[str, Any] | None,
    json: Any,
    content: bytes | None,
    headers: Mapping[str, str] | None,
) -> Endpoint[httpx.Response]:
    from ._endpoint import NO_BODY

    if path.startswith(("http://", "https://", "//")):
        raise ConfigurationError(
            "raw_request takes a path below the client's base_url, not an absolute URL"
        )
    return Endpoint(
        method=method,
        path=path,
        params=params,
        json=NO_BODY if json is None else json,
        content=content,
        headers=headers,
        parse=lambda r: r,
    )
