"""The typed clients, :class:`Spreedly` and :class:`AsyncSpreedly`, with their resource groups.

Both wrap one core client (:class:`crmkit.core.SyncAPIClient` / ``AsyncAPIClient``) whose base
URL is the site's API root, and run the sans-IO operations of :mod:`crmkit.spreedly._ops`; the
two differ only in ``def`` versus ``async def`` one-line delegations. Error statuses come back
as :class:`crmkit.spreedly.HTTPError` subclasses (which are also the core classes).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, MutableSequence
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, TypeVar, cast

import httpx

from crmkit.core import (
    DEFAULT_TIMEOUT,
    APIError,
    AsyncAPIClient,
    AsyncPager,
    BasicAuth,
    Cache,
    ConfigurationError,
    Endpoint,
    Flow,
    Hooks,
    Pager,
    RetryPolicy,
    Secret,
    SyncAPIClient,
    TokenBucket,
    ValidationError,
)

from . import _ops
from . import _urls as urls
from ._endpoints import error_details
from ._version import __version__
from .errors import from_api_error
from .models import CreditCard, Invoice, Subscriber, SubscriptionPlan, Transaction

__all__ = [
    "AsyncInvoices",
    "AsyncPlans",
    "AsyncSpreedly",
    "AsyncSubscribers",
    "AsyncTransactions",
    "Invoices",
    "Plans",
    "Spreedly",
    "Subscribers",
    "Transactions",
    "core_client_options",
]

T = TypeVar("T")


def _token(token: Any) -> Secret:
    if isinstance(token, Secret):
        raw = token.reveal()
    elif isinstance(token, str):
        raw = token
    else:
        raise ConfigurationError(
            "spreedly: the API token must be a string (the site's API token)", vendor="spreedly"
        )
    if not raw or raw.strip() != raw or ":" in raw or any(ord(c) < 32 for c in raw):
        raise ConfigurationError(
            "spreedly: the API token must be a non-empty string without spaces or ':'",
            vendor="spreedly",
        )
    return token if isinstance(token, Secret) else Secret(raw)


def core_client_options(
    token: Any,
    site_name: str,
    *,
    base_url: str | httpx.URL | None = None,
    allow_insecure_http: bool = False,
) -> tuple[dict[str, Any], httpx.URL]:
    """Arguments for a core client of one site, and the service root.

    Auth is HTTP Basic with the token as user name and ``X`` as password; the core client's
    base URL is the site's API root ``{root}api/v4/{site_name}/``.

    Raises:
        ConfigurationError: for a missing or malformed token or base URL.
        InvalidArgument: for a site name that cannot be a URL segment.
    """
    secret = _token(token)
    root = urls.resolve_service_root(base_url, site_name, allow_insecure_http=allow_insecure_http)
    options: dict[str, Any] = {
        "vendor": "spreedly",
        "vendor_version": __version__,
        "default_base_url": urls.DEFAULT_BASE_URL,
        "base_url": urls.api_root(root, site_name),
        "auth": BasicAuth(secret, "X"),
        "error_details": error_details,
        "allow_insecure_http": allow_insecure_http,
    }
    return options, root


def _service_root_of(api: SyncAPIClient | AsyncAPIClient, site_name: str) -> httpx.URL:
    return urls.resolve_service_root(api.base_url, site_name, allow_insecure_http=True)


class _ErrorMappingSender:
    """Gives pagers a ``send`` that raises crmkit.spreedly's error classes.

    Workaround: core has no hook for a vendor's error classes yet (see core-requests.md), so
    the typed clients re-issue core ``APIError``s as :class:`~crmkit.spreedly.HTTPError`s.
    """

    def __init__(self, api: SyncAPIClient | AsyncAPIClient) -> None:
        self._api = api

    def send(self, op: Any, **options: Any) -> Any:
        if isinstance(self._api, AsyncAPIClient):
            return self._send_async(op, options)
        try:
            return self._api.send(op, **options)
        except APIError as exc:
            raise from_api_error(exc) from exc

    async def _send_async(self, op: Any, options: dict[str, Any]) -> Any:
        assert isinstance(self._api, AsyncAPIClient)
        try:
            return await self._api.send(op, **options)
        except APIError as exc:
            raise from_api_error(exc) from exc


# -- shared client behaviour ------------------------------------------------------------------


class _ClientBase:
    """What both typed clients share: configuration, hosted URLs, repr."""

    site_name: str
    service_root: httpx.URL

    def _init_common(self, site_name: str, service_root: httpx.URL) -> None:
        urls.site_segment(site_name)
        self.site_name = site_name
        self.service_root = service_root

    def signup_url(
        self,
        customer_id: str | int,
        plan_id: int,
        screen_name: str | None = None,
        *,
        token: str | None = None,
        return_url: str | None = None,
        email: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> str:
        """The hosted subscribe page URL (no request is made).

        With the subscriber's ``token`` the page is pre-filled and ``screen_name`` is unused.

        Example:
            >>> client.signup_url(44763, 41, "Joe Bob")  # doctest: +SKIP
            'https://spreedly.com/mysite/subscribers/44763/subscribe/41/Joe%20Bob'
        """
        return urls.signup_url(
            self.service_root,
            self.site_name,
            customer_id,
            plan_id,
            screen_name,
            token=token,
            return_url=return_url,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )

    def account_url(self, token: str, return_url: str | None = None) -> str:
        """The hosted page where the subscriber with ``token`` manages their subscription."""
        return urls.account_url(self.service_root, self.site_name, token, return_url)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} site={self.site_name!r} base_url={str(self.service_root)!r}>"
        )


# -- sync ---------------------------------------------------------------------------------------


class _SyncResource:
    def __init__(self, client: Spreedly) -> None:
        self._client = client

    def _send(self, op: Endpoint[T] | Flow[T], options: Mapping[str, Any]) -> T:
        return self._client._send(op, options)


class Plans(_SyncResource):
    """``client.plans``: the site's subscription plans."""

    def list(self, **options: Any) -> list[SubscriptionPlan]:
        """Every plan (``GET subscription_plans.xml``)."""
        return self._send(_ops.list_plans(), options)

    def get(self, plan_id: int, **options: Any) -> SubscriptionPlan:
        """One plan by id (read from the listing); ``NotFound`` when absent."""
        return self._send(_ops.get_plan(plan_id), options)


class Subscribers(_SyncResource):
    """``client.subscribers``: create, read, update and manage subscribers."""

    def list(
        self, *, invalid: MutableSequence[ValidationError] | None = None, **options: Any
    ) -> Pager[Subscriber]:
        """Every subscriber, lazily (one unpaged request).

        Args:
            invalid: collects records that do not fit the model instead of raising.
        """
        sender = cast(SyncAPIClient, _ErrorMappingSender(self._client.api))
        return Pager(sender, _ops.list_subscribers(invalid=invalid), options=options)

    def get(self, customer_id: str | int, **options: Any) -> Subscriber:
        """One subscriber (with invoices); ``NotFound`` when unknown."""
        return self._send(_ops.get_subscriber(customer_id), options)

    def create(
        self, customer_id: str | int, screen_name: str | None = None, **fields: Any
    ) -> Subscriber:
        """Create a subscriber with the app's own ``customer_id``.

        Keyword arguments are writable fields (``email``, ``billing_first_name``...). A
        customer id that exists raises ``PermissionDenied`` (403); an ambiguous failure is
        reconciled by looking the id up.
        """
        return self._send(_ops.create_subscriber(customer_id, screen_name, **fields), {})

    def get_or_create(
        self, customer_id: str | int, screen_name: str | None = None, **fields: Any
    ) -> Subscriber:
        """The existing subscriber (unchanged), or a new one."""
        return self._send(_ops.get_or_create_subscriber(customer_id, screen_name, **fields), {})

    def update(
        self, customer_id: str | int, *, new_customer_id: str | int | None = None, **fields: Any
    ) -> Subscriber:
        """Set writable fields (``""`` clears one), optionally rename; returns the result."""
        return self._send(
            _ops.update_subscriber(customer_id, new_customer_id=new_customer_id, **fields), {}
        )

    def save(self, subscriber: Subscriber) -> Subscriber:
        """Send the writable fields changed on ``subscriber`` since it was loaded."""
        return self._send(_ops.save_subscriber(subscriber), {})

    def delete(self, customer_id: str | int) -> None:
        """Delete a subscriber (test sites only; production answers 403)."""
        self._send(_ops.delete_subscriber(customer_id), {})

    def delete_all(self, *, confirm: bool = False) -> None:
        """Delete every subscriber of a test site (requires ``confirm=True``)."""
        self._send(_ops.delete_all_subscribers(confirm=confirm), {})

    def subscribe_to_free_trial(self, customer_id: str | int, plan_id: int) -> Subscriber:
        """Put the subscriber on a free-trial plan."""
        return self._send(_ops.subscribe_to_free_trial(customer_id, plan_id), {})

    def allow_free_trial(self, customer_id: str | int) -> Subscriber:
        """Make the subscriber eligible for a free trial again."""
        return self._send(_ops.allow_free_trial(customer_id), {})

    def add_fee(
        self,
        customer_id: str | int,
        *,
        name: str,
        amount: Decimal | int | str,
        group: str,
        description: str = "",
    ) -> None:
        """Bill a fee at the next renewal (the subscriber must be active and recurring)."""
        self._send(
            _ops.add_fee(
                customer_id, name=name, amount=amount, group=group, description=description
            ),
            {},
        )

    def create_complimentary_subscription(
        self,
        customer_id: str | int,
        *,
        duration_quantity: int,
        duration_units: str,
        feature_level: str,
        start_time: datetime | None = None,
        amount: Decimal | None = None,
    ) -> Subscriber:
        """Give an inactive subscriber free time (units ``days`` or ``months``)."""
        return self._send(
            _ops.create_complimentary_subscription(
                customer_id,
                duration_quantity=duration_quantity,
                duration_units=duration_units,
                feature_level=feature_level,
                start_time=start_time,
                amount=amount,
            ),
            {},
        )

    def create_complimentary_time_extension(
        self, customer_id: str | int, *, duration_quantity: int, duration_units: str
    ) -> Subscriber:
        """Extend an active subscriber's time."""
        return self._send(
            _ops.create_complimentary_time_extension(
                customer_id, duration_quantity=duration_quantity, duration_units=duration_units
            ),
            {},
        )

    def create_lifetime_complimentary_subscription(
        self, customer_id: str | int, *, feature_level: str
    ) -> Subscriber:
        """A complimentary subscription that never expires."""
        return self._send(
            _ops.create_lifetime_complimentary_subscription(
                customer_id, feature_level=feature_level
            ),
            {},
        )

    def stop_auto_renew(self, customer_id: str | int) -> Subscriber:
        """Stop renewing; the subscriber stays active until ``active_until``."""
        return self._send(_ops.stop_auto_renew(customer_id), {})

    def change_plan(self, customer_id: str | int, plan_id: int) -> Subscriber:
        """Switch plan and feature level at once."""
        return self._send(_ops.change_plan(customer_id, plan_id), {})

    def add_store_credit(self, customer_id: str | int, amount: Decimal | int | str) -> Subscriber:
        """Add (or, negative, remove) store credit."""
        return self._send(_ops.add_store_credit(customer_id, amount), {})


class Invoices(_SyncResource):
    """``client.invoices``: open and pay invoices."""

    def create(
        self,
        plan_id: int,
        customer_id: str | int,
        *,
        screen_name: str | None = None,
        email: str | None = None,
    ) -> Invoice:
        """Open an invoice for a plan (creates the subscriber if needed)."""
        return self._send(
            _ops.create_invoice(plan_id, customer_id, screen_name=screen_name, email=email), {}
        )

    def pay(
        self,
        token: str,
        *,
        credit_card: CreditCard | Mapping[str, Any] | None = None,
        account_type: str | None = None,
    ) -> Invoice:
        """Pay an invoice (never retried after it may have reached Spreedly)."""
        return self._send(
            _ops.pay_invoice(token, credit_card=credit_card, account_type=account_type), {}
        )


class Transactions(_SyncResource):
    """``client.transactions``: the payment log."""

    def list(self, *, since_id: int | None = None, **options: Any) -> Pager[Transaction]:
        """Transactions after ``since_id``, oldest first, read page by page."""
        sender = cast(SyncAPIClient, _ErrorMappingSender(self._client.api))
        return Pager(sender, _ops.list_transactions(since_id), options=options)


class Spreedly(_ClientBase):
    """The typed, blocking client for one Spreedly site.

    Args:
        token: the site's API token (held as a :class:`~crmkit.core.Secret`).
        site_name: the site's short name (``mysite`` or ``mysite-test``).
        base_url: the service root; default ``CRMKIT_SPREEDLY_BASE_URL`` or
            ``https://spreedly.com/``. The API is at ``{base_url}api/v4/{site_name}/``.
        api: an existing core client for this site (then the connection arguments are unused).
        timeout, max_retries, retry, cache, rate_limit, hooks, headers, http_client, transport,
        proxy, verify, sleep, allow_insecure_http: passed to :class:`crmkit.core.SyncAPIClient`.

    Example:
        >>> with Spreedly("TOKEN", "mysite-test") as client:  # doctest: +SKIP
        ...     sub = client.subscribers.create(42, "ada", email="ada@example.org")
        ...     client.subscribers.subscribe_to_free_trial(42, 21431).on_trial
        True
    """

    def __init__(
        self,
        token: str | Secret | None = None,
        site_name: str | None = None,
        *,
        base_url: str | httpx.URL | None = None,
        api: SyncAPIClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        cache: Cache | None = None,
        rate_limit: TokenBucket | None = None,
        hooks: Hooks | None = None,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        proxy: str | None = None,
        verify: Any = True,
        sleep: Callable[[float], None] = time.sleep,
        allow_insecure_http: bool = False,
    ) -> None:
        if site_name is None:
            raise ConfigurationError("spreedly: site_name is required", vendor="spreedly")
        if api is None:
            options, root = core_client_options(
                token, site_name, base_url=base_url, allow_insecure_http=allow_insecure_http
            )
            api = SyncAPIClient(
                timeout=timeout,
                max_retries=max_retries,
                retry=retry,
                cache=cache,
                rate_limit=rate_limit,
                hooks=hooks,
                headers=headers,
                http_client=http_client,
                transport=transport,
                proxy=proxy,
                verify=verify,
                sleep=sleep,
                **options,
            )
        else:
            root = _service_root_of(api, site_name)
        self._init_common(site_name, root)
        self.api = api

    def _send(self, op: Endpoint[T] | Flow[T], options: Mapping[str, Any]) -> T:
        try:
            return self.api.send(op, **options)
        except APIError as exc:
            raise from_api_error(exc) from exc

    @cached_property
    def plans(self) -> Plans:
        """The site's plans."""
        return Plans(self)

    @cached_property
    def subscribers(self) -> Subscribers:
        """The site's subscribers."""
        return Subscribers(self)

    @cached_property
    def invoices(self) -> Invoices:
        """Invoices."""
        return Invoices(self)

    @cached_property
    def transactions(self) -> Transactions:
        """The transaction log."""
        return Transactions(self)

    def raw_request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Any request below the site's API root, with this client's auth and retries."""
        try:
            return self.api.raw_request(method, path, **kwargs)
        except APIError as exc:
            raise from_api_error(exc) from exc

    def close(self) -> None:
        """Close the connection pool (unless an http_client or api was passed in)."""
        self.api.close()

    def __enter__(self) -> Spreedly:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- async ------------------------------------------------------------------------------------


class _AsyncResource:
    def __init__(self, client: AsyncSpreedly) -> None:
        self._client = client

    async def _send(self, op: Endpoint[T] | Flow[T], options: Mapping[str, Any]) -> T:
        return await self._client._send(op, options)


class AsyncPlans(_AsyncResource):
    """Async twin of :class:`Plans`."""

    async def list(self, **options: Any) -> list[SubscriptionPlan]:
        """Every plan."""
        return await self._send(_ops.list_plans(), options)

    async def get(self, plan_id: int, **options: Any) -> SubscriptionPlan:
        """One plan by id."""
        return await self._send(_ops.get_plan(plan_id), options)


class AsyncSubscribers(_AsyncResource):
    """Async twin of :class:`Subscribers`."""

    def list(
        self, *, invalid: MutableSequence[ValidationError] | None = None, **options: Any
    ) -> AsyncPager[Subscriber]:
        """Every subscriber, lazily (``async for``)."""
        sender = cast(AsyncAPIClient, _ErrorMappingSender(self._client.api))
        return AsyncPager(sender, _ops.list_subscribers(invalid=invalid), options=options)

    async def get(self, customer_id: str | int, **options: Any) -> Subscriber:
        """One subscriber."""
        return await self._send(_ops.get_subscriber(customer_id), options)

    async def create(
        self, customer_id: str | int, screen_name: str | None = None, **fields: Any
    ) -> Subscriber:
        """Create a subscriber."""
        return await self._send(_ops.create_subscriber(customer_id, screen_name, **fields), {})

    async def get_or_create(
        self, customer_id: str | int, screen_name: str | None = None, **fields: Any
    ) -> Subscriber:
        """The existing subscriber, or a new one."""
        return await self._send(
            _ops.get_or_create_subscriber(customer_id, screen_name, **fields), {}
        )

    async def update(
        self, customer_id: str | int, *, new_customer_id: str | int | None = None, **fields: Any
    ) -> Subscriber:
        """Set writable fields, optionally rename."""
        return await self._send(
            _ops.update_subscriber(customer_id, new_customer_id=new_customer_id, **fields), {}
        )

    async def save(self, subscriber: Subscriber) -> Subscriber:
        """Send the changed writable fields."""
        return await self._send(_ops.save_subscriber(subscriber), {})

    async def delete(self, customer_id: str | int) -> None:
        """Delete a subscriber (test sites only)."""
        await self._send(_ops.delete_subscriber(customer_id), {})

    async def delete_all(self, *, confirm: bool = False) -> None:
        """Delete every subscriber of a test site (requires ``confirm=True``)."""
        await self._send(_ops.delete_all_subscribers(confirm=confirm), {})

    async def subscribe_to_free_trial(self, customer_id: str | int, plan_id: int) -> Subscriber:
        """Put the subscriber on a free-trial plan."""
        return await self._send(_ops.subscribe_to_free_trial(customer_id, plan_id), {})

    async def allow_free_trial(self, customer_id: str | int) -> Subscriber:
        """Make the subscriber eligible for a free trial again."""
        return await self._send(_ops.allow_free_trial(customer_id), {})

    async def add_fee(
        self,
        customer_id: str | int,
        *,
        name: str,
        amount: Decimal | int | str,
        group: str,
        description: str = "",
    ) -> None:
        """Bill a fee at the next renewal."""
        await self._send(
            _ops.add_fee(
                customer_id, name=name, amount=amount, group=group, description=description
            ),
            {},
        )

    async def create_complimentary_subscription(
        self,
        customer_id: str | int,
        *,
        duration_quantity: int,
        duration_units: str,
        feature_level: str,
        start_time: datetime | None = None,
        amount: Decimal | None = None,
    ) -> Subscriber:
        """Give an inactive subscriber free time."""
        return await self._send(
            _ops.create_complimentary_subscription(
                customer_id,
                duration_quantity=duration_quantity,
                duration_units=duration_units,
                feature_level=feature_level,
                start_time=start_time,
                amount=amount,
            ),
            {},
        )

    async def create_complimentary_time_extension(
        self, customer_id: str | int, *, duration_quantity: int, duration_units: str
    ) -> Subscriber:
        """Extend an active subscriber's time."""
        return await self._send(
            _ops.create_complimentary_time_extension(
                customer_id, duration_quantity=duration_quantity, duration_units=duration_units
            ),
            {},
        )

    async def create_lifetime_complimentary_subscription(
        self, customer_id: str | int, *, feature_level: str
    ) -> Subscriber:
        """A complimentary subscription that never expires."""
        return await self._send(
            _ops.create_lifetime_complimentary_subscription(
                customer_id, feature_level=feature_level
            ),
            {},
        )

    async def stop_auto_renew(self, customer_id: str | int) -> Subscriber:
        """Stop renewing."""
        return await self._send(_ops.stop_auto_renew(customer_id), {})

    async def change_plan(self, customer_id: str | int, plan_id: int) -> Subscriber:
        """Switch plan and feature level."""
        return await self._send(_ops.change_plan(customer_id, plan_id), {})

    async def add_store_credit(
        self, customer_id: str | int, amount: Decimal | int | str
    ) -> Subscriber:
        """Add (or remove) store credit."""
        return await self._send(_ops.add_store_credit(customer_id, amount), {})


class AsyncInvoices(_AsyncResource):
    """Async twin of :class:`Invoices`."""

    async def create(
        self,
        plan_id: int,
        customer_id: str | int,
        *,
        screen_name: str | None = None,
        email: str | None = None,
    ) -> Invoice:
        """Open an invoice for a plan."""
        return await self._send(
            _ops.create_invoice(plan_id, customer_id, screen_name=screen_name, email=email), {}
        )

    async def pay(
        self,
        token: str,
        *,
        credit_card: CreditCard | Mapping[str, Any] | None = None,
        account_type: str | None = None,
    ) -> Invoice:
        """Pay an invoice."""
        return await self._send(
            _ops.pay_invoice(token, credit_card=credit_card, account_type=account_type), {}
        )


class AsyncTransactions(_AsyncResource):
    """Async twin of :class:`Transactions`."""

    def list(self, *, since_id: int | None = None, **options: Any) -> AsyncPager[Transaction]:
        """Transactions after ``since_id`` (``async for``)."""
        sender = cast(AsyncAPIClient, _ErrorMappingSender(self._client.api))
        return AsyncPager(sender, _ops.list_transactions(since_id), options=options)


class AsyncSpreedly(_ClientBase):
    """The typed asyncio client; same arguments as :class:`Spreedly` (``sleep`` is async).

    Example:
        >>> async with AsyncSpreedly("TOKEN", "mysite-test") as client:  # doctest: +SKIP
        ...     plans = await client.plans.list()
    """

    def __init__(
        self,
        token: str | Secret | None = None,
        site_name: str | None = None,
        *,
        base_url: str | httpx.URL | None = None,
        api: AsyncAPIClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        cache: Cache | None = None,
        rate_limit: TokenBucket | None = None,
        hooks: Hooks | None = None,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        proxy: str | None = None,
        verify: Any = True,
        sleep: Callable[[float], Any] = asyncio.sleep,
        allow_insecure_http: bool = False,
    ) -> None:
        if site_name is None:
            raise ConfigurationError("spreedly: site_name is required", vendor="spreedly")
        if api is None:
            options, root = core_client_options(
                token, site_name, base_url=base_url, allow_insecure_http=allow_insecure_http
            )
            api = AsyncAPIClient(
                timeout=timeout,
                max_retries=max_retries,
                retry=retry,
                cache=cache,
                rate_limit=rate_limit,
                hooks=hooks,
                headers=headers,
                http_client=http_client,
                transport=transport,
                proxy=proxy,
                verify=verify,
                sleep=sleep,
                **options,
            )
        else:
            root = _service_root_of(api, site_name)
        self._init_common(site_name, root)
        self.api = api

    async def _send(self, op: Endpoint[T] | Flow[T], options: Mapping[str, Any]) -> T:
        try:
            return await self.api.send(op, **options)
        except APIError as exc:
            raise from_api_error(exc) from exc

    @cached_property
    def plans(self) -> AsyncPlans:
        """The site's plans."""
        return AsyncPlans(self)

    @cached_property
    def subscribers(self) -> AsyncSubscribers:
        """The site's subscribers."""
        return AsyncSubscribers(self)

    @cached_property
    def invoices(self) -> AsyncInvoices:
        """Invoices."""
        return AsyncInvoices(self)

    @cached_property
    def transactions(self) -> AsyncTransactions:
        """The transaction log."""
        return AsyncTransactions(self)

    async def raw_request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Any request below the site's API root, with this client's auth and retries."""
        try:
            return await self.api.raw_request(method, path, **kwargs)
        except APIError as exc:
            raise from_api_error(exc) from exc

    async def aclose(self) -> None:
        """Close the connection pool (unless an http_client or api was passed in)."""
        await self.api.aclose()

    async def __aenter__(self) -> AsyncSpreedly:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
