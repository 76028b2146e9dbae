"""pyspreedly's API, on crmkit: ``from crmkit.spreedly.api import Client``.

Code written for pyspreedly 2.0.1 runs with only its import line changed::

    from crmkit.spreedly.api import Client        # was: from pyspreedly.api import Client

    c = Client('TOKEN', 'mysite-test')
    c.create_subscriber(1, 'test')                # -> dict, customer_id == 1
    c.subscribe(1, 21431)['on_trial']             # -> True

Methods, argument names and return shapes are pyspreedly's (dicts with underscored keys,
arrays as lists of one-key dicts, ``None`` where it returned nothing). What changed is listed in
the migration guide; in short: errors are :class:`HTTPError` subclasses that are also crmkit's
core errors, request bodies are built and escaped by ElementTree, responses are parsed safely,
``set_info(get_info(...))`` works, and ``query`` cannot leave the site.

:class:`AsyncClient` has the same methods as coroutines. Both run the same sans-IO operations
(:class:`_CompatOperations`).
"""

from __future__ import annotations

import asyncio
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from crmkit.core import (
    DEFAULT_TIMEOUT,
    APIError,
    AsyncAPIClient,
    Cache,
    Endpoint,
    Flow,
    Hooks,
    InvalidArgument,
    NotFound,
    RetryPolicy,
    Secret,
    SyncAPIClient,
    get_logger,
)

from . import _endpoints as ep
from . import _urls as urls
from ._client import core_client_options
from ._response import Response
from ._xml import dasherize, to_compat
from .errors import HTTPError, from_api_error
from .models import WRITABLE_SUBSCRIBER_FIELDS, Subscriber

__all__ = ["API_VERSION", "AsyncClient", "Client", "HTTPError", "Response"]

API_VERSION = "v4"

T = TypeVar("T")

log = get_logger("crmkit.spreedly")

# Every subscriber field the server sets: set_info drops these instead of sending them.
_READ_ONLY = (frozenset(Subscriber.model_fields) - WRITABLE_SUBSCRIBER_FIELDS - {"customer_id"}) | {
    "invoices",
    "subscription_plan_version",
}

_dict_reader: ep.Reader[Any] = to_compat


class _CompatOperations:
    """pyspreedly's operations as sans-IO endpoints and flows (shared by both clients).

    Args:
        site_name: the site's short name.
        service_root: the service root (``https://spreedly.com/``).
        legacy_signup_url: build signup URLs under ``/api/v4/`` as pyspreedly 2.0.1 did.
    """

    def __init__(
        self, site_name: str, service_root: httpx.URL, *, legacy_signup_url: bool = False
    ) -> None:
        self.site_name = site_name
        self.service_root = service_root
        self.base_path = f"/api/{API_VERSION}/{urls.site_segment(site_name)}/"
        self.legacy_signup_url = legacy_signup_url

    @property
    def is_test_site(self) -> bool:
        """pyspreedly's guard: deletes are only sent when ``test`` occurs in the site path."""
        return "test" in self.base_path

    def get_plans(self) -> Endpoint[Any]:
        return ep.list_plans(_dict_reader)

    def get_subscribers(self) -> Endpoint[Any]:
        return ep.list_subscribers(_dict_reader)

    def create_subscriber(self, customer_id: Any, screen_name: Any) -> Flow[Any]:
        body = ep.create_subscriber_body(customer_id, screen_name)
        return ep.create_subscriber_flow(customer_id, body, _dict_reader)

    def get_info(self, subscriber_id: Any) -> Endpoint[Any]:
        return ep.get_subscriber(subscriber_id, _dict_reader)

    def get_or_create_subscriber(self, subscriber_id: Any, screen_name: Any) -> Flow[Any]:
        try:
            result: Any = yield self.get_info(subscriber_id)
            return result
        except NotFound:
            pass  # only a 404 means "create it"; any other error propagates (2.0.1 hid them)
        return (yield from self.create_subscriber(subscriber_id, screen_name))

    def subscribe(self, subscriber_id: Any, plan_id: Any) -> Endpoint[Any]:
        return ep.subscribe_to_free_trial(subscriber_id, plan_id, _dict_reader)

    def allow_free_trial(self, subscriber_id: Any) -> Endpoint[Any]:
        return ep.allow_free_trial(subscriber_id, _dict_reader)

    def add_fee(
        self, subscriber_id: Any, name: Any, description: Any, group: Any, amount: Any
    ) -> Endpoint[Response]:
        body = ep.fee_body(name, description, group, amount)
        return ep.add_fee(
            subscriber_id,
            body,
            ep._response,
            success=ep.ALL_STATUSES,  # documented: unchecked
        )

    def create_complimentary_subscription(
        self,
        subscriber_id: Any,
        duration: Any,
        duration_units: Any,
        feature_level: Any,
        start_time: Any = None,
        amount: Any = None,
    ) -> Endpoint[None]:
        if (start_time is None) != (amount is None):
            warnings.warn(
                "create_complimentary_subscription: start_time and amount are only sent "
                "together; sending neither",
                UserWarning,
                stacklevel=3,
            )
        body = ep.complimentary_subscription_body(
            duration, duration_units, feature_level, start_time, amount
        )
        return ep.create_complimentary_subscription(subscriber_id, body, ep._no_result)

    def complimentary_time_extensions(
        self, subscriber_id: Any, duration: Any, duration_units: Any
    ) -> Endpoint[None]:
        body = ep.time_extension_body(duration, duration_units)
        return ep.create_complimentary_time_extension(subscriber_id, body, ep._no_result)

    def create_lifetime_complimentary_subscription(
        self, subscriber_id: Any, feature_level: Any
    ) -> Endpoint[None]:
        body = ep.lifetime_complimentary_body(feature_level)
        return ep.create_lifetime_complimentary_subscription(subscriber_id, body, ep._no_result)

    def stop_auto_renew(self, subscriber_id: Any) -> Endpoint[None]:
        return ep.stop_auto_renew(subscriber_id, ep._no_result)

    def add_store_credit(self, subscriber_id: Any, amount: Any) -> Endpoint[None]:
        return ep.add_store_credit(subscriber_id, ep.credit_body(amount), ep._no_result)

    def change_plan(self, subscriber_id: Any, plan_id: Any) -> Flow[int]:
        try:
            result: int = yield ep.change_subscription_plan(subscriber_id, plan_id, ep._status)
            return result
        except APIError as exc:
            return exc.status_code

    def set_info(self, subscriber_id: Any, kw: Mapping[str, Any]) -> Flow[None]:
        """The update described in the vendor file (section 4); see :meth:`Client.set_info`."""
        fields = dict(kw)
        if isinstance(subscriber_id, Mapping):
            fields = {**subscriber_id, **fields}
            if fields.get("customer_id", fields.get("customer-id")) is None:
                raise InvalidArgument(
                    "set_info was given a subscriber dict without customer_id; pass the id "
                    "first: set_info(customer_id, **fields)"
                )
            subscriber_id = fields.get("customer_id", fields.get("customer-id"))
        body: dict[str, Any] = {}
        for name, value in fields.items():
            key = name.replace("-", "_")
            if key == "customer_id":
                if str(value) == str(subscriber_id):
                    continue
                raise InvalidArgument(
                    f"set_info cannot change customer_id ({subscriber_id!r} -> {value!r}) "
                    "that way; pass new_customer_id=... to rename a subscriber"
                )
            if key in _READ_ONLY:
                log.debug("set_info: not sending read-only field %s", key)
                continue
            if value is None:
                continue  # None means "leave it"; "" clears a field
            if isinstance(value, list | tuple | set):
                raise InvalidArgument(f"set_info: {key} is a list; Spreedly takes no lists")
            body[dasherize(key)] = value
        if not body:
            return None
        element = ep.update_subscriber_body(body)
        yield ep.update_subscriber(subscriber_id, element, renames="new-customer-id" in body)
        return None

    def get_signup_url(
        self, subscriber_id: Any, plan_id: Any, screen_name: Any, token: Any, **query: Any
    ) -> str:
        return urls.signup_url(
            self.service_root,
            self.site_name,
            subscriber_id,
            plan_id,
            screen_name,
            token=token,
            legacy=self.legacy_signup_url,
            **query,
        )

    def delete_subscriber(self, subscriber_id: Any) -> Flow[int | None]:
        ep.subscriber_path(subscriber_id)  # a bad id is an error, even where nothing is sent
        if not self.is_test_site:
            return None
        try:
            result: int | None = yield ep.delete_subscriber(subscriber_id)
            return result
        except APIError as exc:
            return exc.status_code  # documented "returns: status code", never raises

    def cleanup(self) -> Flow[int | None]:
        if not self.is_test_site:
            return None
        try:
            result: int | None = yield ep.delete_all_subscribers()
            return result
        except APIError as exc:
            return exc.status_code

    def query(
        self, url: str, data: Any = None, action: str = "get", put: str | None = None
    ) -> Endpoint[Response]:
        return ep.query(url, data, put if put is not None else action)


class _CompatBase:
    """Configuration and the pure (no request) methods both compat clients share."""

    _ops: _CompatOperations

    def _setup(
        self,
        token: Any,
        site_name: str,
        base_host: str | httpx.URL | None,
        legacy_signup_url: bool,
        allow_insecure_http: bool,
    ) -> dict[str, Any]:
        if not isinstance(site_name, str):
            raise InvalidArgument(f"site_name must be a string, not {type(site_name).__name__}")
        options, root = core_client_options(
            token, site_name, base_url=base_host, allow_insecure_http=allow_insecure_http
        )
        self.auth: Secret = token if isinstance(token, Secret) else Secret(token)
        self.site_name = site_name
        self._ops = _CompatOperations(site_name, root, legacy_signup_url=legacy_signup_url)
        self.base_host = str(root).rstrip("/")
        self.base_path = self._ops.base_path
        self.base_url = self.base_host + self.base_path
        self.url: str | None = None
        return options

    def get_signup_url(
        self,
        subscriber_id: Any,
        plan_id: Any,
        screen_name: Any = None,
        token: Any = None,
        *,
        return_url: str | None = None,
        email: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> str:
        """The hosted subscribe page for a subscriber and plan (no request is made).

        Without ``token``: ``{host}/{site}/subscribers/{id}/subscribe/{plan}/{screen_name}``;
        with it: ``{host}/{site}/subscribers/{id}/{token}/subscribe/{plan}``. Segments are
        percent-encoded. ``legacy_signup_url=True`` on the client gives 2.0.1's ``/api/v4/``
        form.
        """
        return self._ops.get_signup_url(
            subscriber_id,
            plan_id,
            screen_name,
            token,
            return_url=return_url,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )

    def get_account_url(self, token: str, return_url: str | None = None) -> str:
        """The hosted page where the subscriber with ``token`` manages their subscription."""
        return urls.account_url(self._ops.service_root, self.site_name, token, return_url)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} site_name={self.site_name!r} base_url={self.base_url!r}>"


class Client(_CompatBase):
    """pyspreedly's ``Client(token, site_name)``: manage one Spreedly site.

    Args:
        token: API access token for authorization (never shown in repr, logs or errors).
        site_name: the site_name registered with Spreedly.
        base_host: the service root; default ``CRMKIT_SPREEDLY_BASE_URL`` or
            ``https://spreedly.com``.
        http_client, timeout, cache, transport, max_retries, retry, hooks, sleep, proxy,
        verify, allow_insecure_http: passed to :class:`crmkit.core.SyncAPIClient`.
        legacy_signup_url: signup URLs in 2.0.1's (wrong) ``/api/v4/`` form.

    Attributes:
        auth: the token, as a :class:`~crmkit.core.Secret`.
        base_host, base_path, base_url: where the site's API is (``base_path`` is
            ``/api/v4/<site_name>/``).
        site_name: the site.
        api: the underlying core client.

    Example:
        >>> c = Client('TOKEN', 'mysite-test')          # doctest: +SKIP
        >>> c.get_info(1)['customer_id']                 # doctest: +SKIP
        1
    """

    def __init__(
        self,
        token: str | Secret,
        site_name: str,
        *,
        base_host: str | httpx.URL | None = None,
        http_client: httpx.Client | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        cache: Cache | None = None,
        legacy_signup_url: bool = False,
        transport: httpx.BaseTransport | None = None,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        hooks: Hooks | None = None,
        sleep: Callable[[float], None] = time.sleep,
        proxy: str | None = None,
        verify: Any = True,
        allow_insecure_http: bool = False,
    ) -> None:
        options = self._setup(token, site_name, base_host, legacy_signup_url, allow_insecure_http)
        self.api = SyncAPIClient(
            http_client=http_client,
            transport=transport,
            timeout=timeout,
            cache=cache,
            max_retries=max_retries,
            retry=retry,
            hooks=hooks,
            sleep=sleep,
            proxy=proxy,
            verify=verify,
            **options,
        )

    def _run(self, op: Endpoint[T] | Flow[T]) -> T:
        try:
            return self.api.send(op)
        except APIError as exc:
            raise from_api_error(exc) from exc

    def query(
        self, url: str, data: str | bytes | None = None, action: str = "get", put: str | None = None
    ) -> Response:
        """Send any request below the site's API root; the status is **not** checked.

        Args:
            url: the API path, not including site/version (``'subscribers/1.xml'``).
            data: UTF-8 XML (str or bytes) or None.
            action: ``get``, ``post``, ``put`` or ``delete``, any case (``put=`` is accepted
                as an alias, as the old docs spell it).

        Returns:
            the :class:`Response`.
        """
        return self._run(self._ops.query(url, data, action, put))

    def get_plans(self) -> list[dict[str, Any]]:
        """The site's plans: ``[{'subscription_plan': {...}}, ...]``.

        Raises:
            HTTPError: for an error status.
        """
        return self._run(self._ops.get_plans())

    def get_subscribers(self) -> list[dict[str, Any]]:
        """Every subscriber: ``[{'subscriber': {...}}, ...]`` (not in 2.0.1)."""
        return self._run(self._ops.get_subscribers())

    def create_subscriber(self, customer_id: Any, screen_name: Any) -> dict[str, Any]:
        """Create a subscriber; returns its data.

        Raises:
            HTTPError: if the status is not 2xx (403 when the customer id exists).
        """
        return self._run(self._ops.create_subscriber(customer_id, screen_name))

    def get_info(self, subscriber_id: Any) -> dict[str, Any]:
        """A subscriber's data as a dict.

        Raises:
            HTTPError: if not 200 (``.code == 404`` for an unknown subscriber).
        """
        return self._run(self._ops.get_info(subscriber_id))

    def get_or_create_subscriber(self, subscriber_id: Any, screen_name: Any) -> dict[str, Any]:
        """The subscriber's data, creating it on a 404 (other errors raise)."""
        return self._run(self._ops.get_or_create_subscriber(subscriber_id, screen_name))

    def subscribe(self, subscriber_id: Any, plan_id: Any = None) -> dict[str, Any]:
        """Subscribe a user to a free-trial plan; returns the subscriber's data.

        Raises:
            HTTPError: for an error status (422 when ``plan_id`` is None).
        """
        return self._run(self._ops.subscribe(subscriber_id, plan_id))

    def allow_free_trial(self, subscriber_id: Any) -> dict[str, Any]:
        """Programmatically allow a new free trial; returns the subscriber's data."""
        return self._run(self._ops.allow_free_trial(subscriber_id))

    def add_fee(
        self, subscriber_id: Any, name: Any, description: Any, group: Any, amount: Any
    ) -> Response:
        """Add a fee; returns the response **unchecked** (201, or 422 if not allowed)."""
        return self._run(self._ops.add_fee(subscriber_id, name, description, group, amount))

    def create_complimentary_subscription(
        self,
        subscriber_id: Any,
        duration: Any,
        duration_units: Any,
        feature_level: Any,
        start_time: Any = None,
        amount: Any = None,
    ) -> None:
        """Give a complimentary subscription (``start_time`` and ``amount`` only together).

        Raises:
            HTTPError: for an error status (2.0.1 ignored it).
        """
        self._run(
            self._ops.create_complimentary_subscription(
                subscriber_id, duration, duration_units, feature_level, start_time, amount
            )
        )

    def complimentary_time_extensions(
        self, subscriber_id: Any, duration: Any, duration_units: Any
    ) -> None:
        """Add complimentary time to an active subscriber.

        Raises:
            HTTPError: for an error status.
        """
        self._run(self._ops.complimentary_time_extensions(subscriber_id, duration, duration_units))

    complimentary_time_extension = complimentary_time_extensions
    """The spelling pyspreedly's docs used."""

    def create_lifetime_complimentary_subscription(
        self, subscriber_id: Any, feature_level: Any
    ) -> None:
        """A complimentary subscription that never expires (not in 2.0.1)."""
        self._run(
            self._ops.create_lifetime_complimentary_subscription(subscriber_id, feature_level)
        )

    def stop_auto_renew(self, subscriber_id: Any) -> None:
        """Stop the subscriber's auto-renewal (not in 2.0.1)."""
        self._run(self._ops.stop_auto_renew(subscriber_id))

    def add_store_credit(self, subscriber_id: Any, amount: Any) -> None:
        """Add store credit (not in 2.0.1)."""
        self._run(self._ops.add_store_credit(subscriber_id, amount))

    def change_plan(self, subscriber_id: Any, plan_id: Any) -> int:
        """Switch the subscriber's plan; returns the status code (as later pyspreedly did)."""
        return self._run(self._ops.change_plan(subscriber_id, plan_id))

    def set_info(self, subscriber_id: Any, **kw: Any) -> None:
        """Update a subscriber (the update-subscriber action).

        Only writable fields are sent, dasherized; read-only fields (as returned by
        :meth:`get_info`) and ``None`` values are dropped, so ``set_info(get_info(123))`` and
        ``set_info(123, **get_info(123))`` now work. ``new_customer_id=`` renames. Nothing
        to send: no request.

        Raises:
            HTTPError: for an error status.
            InvalidArgument: (a ValueError) for a changed ``customer_id`` or a list value.
        """
        self._run(self._ops.set_info(subscriber_id, kw))

    def delete_subscriber(self, id: Any) -> int | None:
        """Delete a test subscriber; returns the status code (None, unsent, unless the site
        name contains ``test``). Never raises for an error status."""
        return self._run(self._ops.delete_subscriber(id))

    def cleanup(self) -> int | None:
        """Remove ALL subscribers of a test site; returns the status code (None, unsent, on a
        site whose name lacks ``test``)."""
        return self._run(self._ops.cleanup())

    def close(self) -> None:
        """Close the connection pool."""
        self.api.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient(_CompatBase):
    """pyspreedly's API as coroutines (new in crmkit); same arguments as :class:`Client`."""

    def __init__(
        self,
        token: str | Secret,
        site_name: str,
        *,
        base_host: str | httpx.URL | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        cache: Cache | None = None,
        legacy_signup_url: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        hooks: Hooks | None = None,
        sleep: Callable[[float], Any] = asyncio.sleep,
        proxy: str | None = None,
        verify: Any = True,
        allow_insecure_http: bool = False,
    ) -> None:
        options = self._setup(token, site_name, base_host, legacy_signup_url, allow_insecure_http)
        self.api = AsyncAPIClient(
            http_client=http_client,
            transport=transport,
            timeout=timeout,
            cache=cache,
            max_retries=max_retries,
            retry=retry,
            hooks=hooks,
            sleep=sleep,
            proxy=proxy,
            verify=verify,
            **options,
        )

    async def _run(self, op: Endpoint[T] | Flow[T]) -> T:
        try:
            return await self.api.send(op)
        except APIError as exc:
            raise from_api_error(exc) from exc

    async def query(
        self, url: str, data: str | bytes | None = None, action: str = "get", put: str | None = None
    ) -> Response:
        """See :meth:`Client.query`."""
        return await self._run(self._ops.query(url, data, action, put))

    async def get_plans(self) -> list[dict[str, Any]]:
        """See :meth:`Client.get_plans`."""
        return await self._run(self._ops.get_plans())

    async def get_subscribers(self) -> list[dict[str, Any]]:
        """See :meth:`Client.get_subscribers`."""
        return await self._run(self._ops.get_subscribers())

    async def create_subscriber(self, customer_id: Any, screen_name: Any) -> dict[str, Any]:
        """See :meth:`Client.create_subscriber`."""
        return await self._run(self._ops.create_subscriber(customer_id, screen_name))

    async def get_info(self, subscriber_id: Any) -> dict[str, Any]:
        """See :meth:`Client.get_info`."""
        return await self._run(self._ops.get_info(subscriber_id))

    async def get_or_create_subscriber(
        self, subscriber_id: Any, screen_name: Any
    ) -> dict[str, Any]:
        """See :meth:`Client.get_or_create_subscriber`."""
        return await self._run(self._ops.get_or_create_subscriber(subscriber_id, screen_name))

    async def subscribe(self, subscriber_id: Any, plan_id: Any = None) -> dict[str, Any]:
        """See :meth:`Client.subscribe`."""
        return await self._run(self._ops.subscribe(subscriber_id, plan_id))

    async def allow_free_trial(self, subscriber_id: Any) -> dict[str, Any]:
        """See :meth:`Client.allow_free_trial`."""
        return await self._run(self._ops.allow_free_trial(subscriber_id))

    async def add_fee(
        self, subscriber_id: Any, name: Any, description: Any, group: Any, amount: Any
    ) -> Response:
        """See :meth:`Client.add_fee`."""
        return await self._run(self._ops.add_fee(subscriber_id, name, description, group, amount))

    async def create_complimentary_subscription(
        self,
        subscriber_id: Any,
        duration: Any,
        duration_units: Any,
        feature_level: Any,
        start_time: Any = None,
        amount: Any = None,
    ) -> None:
        """See :meth:`Client.create_complimentary_subscription`."""
        await self._run(
            self._ops.create_complimentary_subscription(
                subscriber_id, duration, duration_units, feature_level, start_time, amount
            )
        )

    async def complimentary_time_extensions(
        self, subscriber_id: Any, duration: Any, duration_units: Any
    ) -> None:
        """See :meth:`Client.complimentary_time_extensions`."""
        await self._run(
            self._ops.complimentary_time_extensions(subscriber_id, duration, duration_units)
        )

    complimentary_time_extension = complimentary_time_extensions

    async def create_lifetime_complimentary_subscription(
        self, subscriber_id: Any, feature_level: Any
    ) -> None:
        """See :meth:`Client.create_lifetime_complimentary_subscription`."""
        await self._run(
            self._ops.create_lifetime_complimentary_subscription(subscriber_id, feature_level)
        )

    async def stop_auto_renew(self, subscriber_id: Any) -> None:
        """See :meth:`Client.stop_auto_renew`."""
        await self._run(self._ops.stop_auto_renew(subscriber_id))

    async def add_store_credit(self, subscriber_id: Any, amount: Any) -> None:
        """See :meth:`Client.add_store_credit`."""
        await self._run(self._ops.add_store_credit(subscriber_id, amount))

    async def change_plan(self, subscriber_id: Any, plan_id: Any) -> int:
        """See :meth:`Client.change_plan`."""
        return await self._run(self._ops.change_plan(subscriber_id, plan_id))

    async def set_info(self, subscriber_id: Any, **kw: Any) -> None:
        """See :meth:`Client.set_info`."""
        await self._run(self._ops.set_info(subscriber_id, kw))

    async def delete_subscriber(self, id: Any) -> int | None:
        """See :meth:`Client.delete_subscriber`."""
        return await self._run(self._ops.delete_subscriber(id))

    async def cleanup(self) -> int | None:
        """See :meth:`Client.cleanup`."""
        return await self._run(self._ops.cleanup())

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
