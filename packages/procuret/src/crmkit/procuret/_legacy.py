"""The old library's calls, run on a shared, lazily built connection.

The idiom (``InstalmentLink.create(..., session=session)``) passes a session to every call and
no client, so this module keeps one :class:`~crmkit.procuret.Client` per (configuration,
session), built on first use. Where requests go is decided at call time, in this order:

1. :func:`configure` (``base_url=`` or ``environment=``);
2. the environment variable ``CRMKIT_PROCURET_BASE_URL``;
3. the old ``./procuret_configuration`` JSON file (``{"api_endpoint", "agent_prefix"}``),
   read when a call is made rather than at import (quirk #4: the import-time ``sys.argv`` flag
   ``--procuret-api-endpoint`` is gone);
4. ``https://procuret.com/api``.

Error behaviour is the old client's (vendor file §5): a 404 becomes None, ``[]`` or
:class:`~crmkit.procuret.errors.InconsistentState`; any other error status raises
:class:`~crmkit.procuret.errors.ProcuretApiError` (a core ``APIError`` too); a wrong argument
type raises :class:`~crmkit.procuret.errors.ProcuretTypeError` before any request.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import httpx

from crmkit.core import APIError, ConfigurationError, Endpoint, NotFound, base_url_env_var

from . import _endpoints as ep
from ._auth import AUTH_MODES
from ._client import DEFAULT_BASE_URL, DEMO_BASE_URL, Client
from .enums import (
    CommunicationOption,
    InstalmentLinkOrderBy,
    Lifecycle,
    Order,
    PaymentSeriesOrderBy,
    Perspective,
)
from .errors import InconsistentState, ProcuretTypeError, api_error_from
from .models import (
    Commitment,
    Entity,
    EntityHeadline,
    Human,
    InstalmentLink,
    InstalmentSchedule,
    PaymentSeries,
    TermRateGroup,
    XeroEntityMap,
    XeroOrganisation,
)
from .session import Session

__all__ = ["CONFIGURATION_FILE", "configure", "configured_base_url", "reset"]

T = TypeVar("T")

CONFIGURATION_FILE = "procuret_configuration"
"""The old library's configuration file, looked up in the current directory."""

_MAX_CLIENTS = 32

_lock = threading.RLock()
_settings: dict[str, Any] = {}
_clients: OrderedDict[tuple[Any, ...], Client] = OrderedDict()
_generation = 0


def configure(
    *,
    base_url: str | None = None,
    environment: str | None = None,
    transport: httpx.BaseTransport | None = None,
    agent_prefix: str | None = None,
    auth_mode: str | None = None,
    **client_options: Any,
) -> None:
    """Configure the connection the old idiom's calls use (replaces earlier settings).

    Args:
        base_url: the API root, e.g. ``"https://procuret.com/api"`` or an emulator's URL.
        environment: ``"production"`` or ``"demo"`` (``https://demo.procuret.com/api``).
        transport: an httpx transport (e.g. ``emulator.transport()``).
        agent_prefix: prepended to the User-Agent.
        auth_mode: ``"auto"`` (default), ``"signature"`` or ``"api_key"``.
        **client_options: core client options (``timeout``, ``max_retries``, ``clock``,
            ``sleep``, ``hooks``, ``proxy``...).
    """
    global _generation
    if auth_mode is not None and auth_mode not in AUTH_MODES:
        raise ConfigurationError(
            f"auth_mode must be one of {', '.join(AUTH_MODES)}, not {auth_mode!r}",
            vendor="procuret",
        )
    if environment is not None and environment not in ("production", "demo"):
        raise ConfigurationError(
            f"environment must be 'production' or 'demo', not {environment!r}", vendor="procuret"
        )
    with _lock:
        _close_all()
        _settings.clear()
        values = {
            "base_url": base_url,
            "environment": environment,
            "transport": transport,
            "agent_prefix": agent_prefix,
            "auth_mode": auth_mode,
        }
        _settings.update({k: v for k, v in values.items() if v is not None})
        _settings.update(client_options)
        _generation += 1


def reset() -> None:
    """Forget :func:`configure`'s settings and close the cached connections."""
    configure()


def _close_all() -> None:
    while _clients:
        _, client = _clients.popitem()
        client.close()


def _file_settings() -> dict[str, Any]:
    try:
        with open(CONFIGURATION_FILE, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            f"./{CONFIGURATION_FILE} is not readable JSON: {exc}", vendor="procuret"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"./{CONFIGURATION_FILE} must hold a JSON object")
    return data


def configured_base_url() -> tuple[str, str | None]:
    """The base URL and agent prefix the next legacy call uses (see the module docstring)."""
    with _lock:
        settings = dict(_settings)
    prefix = settings.get("agent_prefix")
    if settings.get("base_url"):
        return str(settings["base_url"]), prefix
    if settings.get("environment"):
        return (DEMO_BASE_URL if settings["environment"] == "demo" else DEFAULT_BASE_URL), prefix
    env = os.environ.get(base_url_env_var("procuret"))
    if env:
        return env, prefix
    from_file = _file_settings()
    if from_file.get("api_endpoint"):
        return str(from_file["api_endpoint"]), prefix or from_file.get("agent_prefix")
    return DEFAULT_BASE_URL, prefix or from_file.get("agent_prefix")


def _client_for(session: Session | None) -> Client:
    base_url, prefix = configured_base_url()
    identity: tuple[Any, ...] = ()
    if session is not None:
        identity = (
            session.session_id,
            session.secret_api_key.fingerprint(),
            session.lifecycle,
            session.on_behalf_of,
        )
    with _lock:
        key = (_generation, base_url, prefix, identity)
        client = _clients.get(key)
        if client is not None:
            _clients.move_to_end(key)
            return client
        options = {
            k: v
            for k, v in _settings.items()
            if k not in ("base_url", "environment", "agent_prefix")
        }
        client = Client(session=session, base_url=base_url, agent_prefix=prefix, **options)
        _clients[key] = client
        while len(_clients) > _MAX_CLIENTS:
            _, old = _clients.popitem(last=False)
            old.close()
        return client


class _Missing:
    """404: the old client's ``None`` result."""


_NOT_FOUND = _Missing()


def _lenient(endpoint: Endpoint[T]) -> Endpoint[T | None]:
    """The old client ``json.loads``-ed every 2xx body; an empty one now gives None (#19)."""
    parse = endpoint.parse

    def tolerant(response: httpx.Response) -> T | None:
        return None if not response.content.strip() else parse(response)

    return dataclasses.replace(endpoint, parse=tolerant)  # type: ignore[arg-type,return-value]


def _send(session: Session | None, endpoint: Endpoint[T]) -> T | _Missing | None:
    client = _client_for(session)
    try:
        return client.api.send(_lenient(endpoint))
    except NotFound:
        return _NOT_FOUND
    except APIError as exc:
        raise api_error_from(exc) from exc


def _check(
    value: Any, kinds: type | tuple[type, ...], names: str | tuple[str, ...], var: str
) -> None:
    bad_bool = isinstance(value, bool) and bool not in (
        kinds if isinstance(kinds, tuple) else (kinds,)
    )
    if bad_bool or not isinstance(value, kinds):
        raise ProcuretTypeError(names, value, var)


def _check_session(session: Any) -> Session:
    _check(session, Session, "Session", "session")
    return session  # type: ignore[no-any-return]


def _optional(value: Any, kinds: type | tuple[type, ...], names: str, var: str) -> None:
    if value is not None:
        _check(value, kinds, names, var)


# -- sessions and codes -----------------------------------------------------------------------


def create_second_factor_code(
    *,
    email: str | None,
    agent_id: int | None,
    plaintext_secret: str,
    perspective: Perspective | int | None,
) -> None:
    """``SecondFactorCode.create_with_*``: returns None whatever Procuret answers on 2xx/404."""
    _optional(email, str, "str", "email")
    _optional(agent_id, int, "int", "agent_id")
    _check(plaintext_secret, str, "str", "plaintext_secret")
    _optional(perspective, int, "Perspective", "perspective")
    _send(
        None,
        ep.create_second_factor_code(
            email=email,
            agent_id=agent_id,
            plaintext_secret=plaintext_secret,
            perspective=perspective,
        ),
    )


def create_session(
    *,
    email: str,
    plaintext_secret: str,
    perspective: Perspective | int,
    code: str,
    lifecycle: Lifecycle | int,
) -> Session:
    """``Session.create_with_email``."""
    _check(email, str, "str", "email")
    _check(plaintext_secret, str, "str", "plaintext_secret")
    _check(perspective, int, "Perspective", "perspective")
    _check(code, str, "str", "code")
    _check(lifecycle, int, "Lifecycle", "lifecycle")
    result = _send(
        None,
        ep.create_session(
            email=email,
            secret=plaintext_secret,
            perspective=perspective,
            code=code,
            lifecycle=lifecycle,
        ),
    )
    if not isinstance(result, Session):
        raise InconsistentState("POST /session answered 404 or an empty body")
    return result


# -- instalment links -------------------------------------------------------------------------


def create_instalment_link(
    *,
    supplier: int | EntityHeadline,
    invoice_amount: Decimal,
    invitee_email: str,
    invoice_identifier: str,
    communication: CommunicationOption,
    session: Session,
) -> InstalmentLink:
    """``InstalmentLink.create``."""
    _check(supplier, (int, EntityHeadline), ("int", "EntityHeadline"), "supplier")
    _check(invoice_amount, Decimal, "Decimal", "invoice_amount")
    _check(invitee_email, str, "str", "invitee_email")
    _check(invoice_identifier, str, "str", "invoice_identifier")
    _check(communication, CommunicationOption, "CommunicationOption", "communication")
    _check_session(session)
    result = _send(
        session,
        ep.create_instalment_link(
            supplier=supplier,
            invoice_amount=invoice_amount,
            invitee_email=invitee_email,
            invoice_identifier=invoice_identifier,
            communication=communication,
        ),
    )
    if not isinstance(result, InstalmentLink):
        raise InconsistentState("POST /instalment-link answered 404 or an empty body")
    return result


def retrieve_instalment_links(
    *,
    session: Session,
    public_id: str | None,
    limit: int,
    offset: int,
    order: Order,
    order_by: InstalmentLinkOrderBy,
    opened: bool | None,
) -> list[InstalmentLink]:
    """``InstalmentLink.retrieve_many``."""
    _check(limit, int, "int", "limit")
    _check(offset, int, "int", "offset")
    _check(order, Order, "Order", "order")
    _check(order_by, InstalmentLinkOrderBy, "InstalmentLinkOrderBy", "order_by")
    _optional(opened, bool, "bool", "opened")
    _optional(public_id, str, "str", "public_id")
    _check_session(session)
    result = _send(
        session,
        ep.list_instalment_links(
            limit=limit,
            offset=offset,
            order=order,
            order_by=order_by,
            opened=opened,
            public_id=public_id,
        ),
    )
    return [] if result is None or isinstance(result, _Missing) else result.items


def retrieve_instalment_link(public_id: str, session: Session) -> InstalmentLink | None:
    """``InstalmentLink.retrieve``: the first row of the list filtered by ``public_id``."""
    _check(public_id, str, "str", "public_id")
    found = retrieve_instalment_links(
        session=session,
        public_id=public_id,
        limit=20,
        offset=0,
        order=Order.ASCENDING,
        order_by=InstalmentLinkOrderBy.CREATED,
        opened=None,
    )
    return found[0] if found else None


def open_instalment_link(link_id: str, session: Session) -> None:
    """``InstalmentLinkOpen.create``."""
    _check(link_id, str, "str", "link_id")
    _check_session(session)
    _send(session, ep.open_instalment_link(link_id))


# -- payment series -----------------------------------------------------------------------------


def retrieve_payment_series_many(
    *,
    session: Session,
    public_id: str | None,
    text_fragment: str | None,
    business_id: int | str | None,
    method_id: str | None,
    limit: int,
    offset: int,
    order: Order,
    order_by: PaymentSeriesOrderBy,
) -> list[PaymentSeries]:
    """``PaymentSeries.retrieve_many``; a 404 gives ``[]`` (bug #11 fixed)."""
    _check(limit, int, "int", "limit")
    _check(offset, int, "int", "offset")
    _check(order, Order, "Order", "order")
    _check(order_by, PaymentSeriesOrderBy, "PaymentSeries.OrderBy", "order_by")
    _optional(public_id, str, "str", "public_id")
    _optional(text_fragment, str, "str", "text_fragment")
    _optional(business_id, (int, str), "int", "business_id")
    _optional(method_id, str, "str", "method_id")
    _check_session(session)
    result = _send(
        session,
        ep.list_payment_series(
            limit=limit,
            offset=offset,
            order=order,
            order_by=order_by,
            text_fragment=text_fragment,
            business_id=business_id,
            method_id=method_id,
            public_id=public_id,
        ),
    )
    return [] if result is None or isinstance(result, _Missing) else result.items


def retrieve_payment_series(session: Session, public_id: str) -> PaymentSeries | None:
    """``PaymentSeries.retrieve`` (session first, as in the old signature)."""
    _check(public_id, str, "str", "public_id")
    found = retrieve_payment_series_many(
        session=session,
        public_id=public_id,
        text_fragment=None,
        business_id=None,
        method_id=None,
        limit=20,
        offset=0,
        order=Order.DESCENDING,
        order_by=PaymentSeriesOrderBy.CREATED,
    )
    return found[0] if found else None


# -- single reads --------------------------------------------------------------------------------


def _read(session: Session, build: Callable[[], Endpoint[T]]) -> T | None:
    _check_session(session)
    result = _send(session, build())
    return None if isinstance(result, _Missing) else result


def _numeric(value: Any, var: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    _check(value, int, "int", var)
    return int(value)


def retrieve_term_rate_group(public_id: str, session: Session) -> TermRateGroup | None:
    """``TermRateGroup.retrieve``."""
    _check(public_id, str, "str", "public_id")
    return _read(session, lambda: ep.retrieve_term_rate_group(public_id))


def retrieve_xero_entity_map(entity_id: int, session: Session) -> XeroEntityMap | None:
    """``XeroEntityMap.retrieve``."""
    _check(entity_id, int, "int", "entity_id")
    return _read(session, lambda: ep.retrieve_xero_entity_map(entity_id))


def retrieve_xero_organisation(entity_id: int, session: Session) -> XeroOrganisation | None:
    """``XeroOrganisation.retrieve``."""
    _check(entity_id, int, "int", "entity_id")
    return _read(session, lambda: ep.retrieve_xero_organisation(entity_id))


def retrieve_entity(public_id: int | str, session: Session) -> Entity | None:
    """``Entity.retrieve`` (query ``entity_id``)."""
    number = _numeric(public_id, "public_id")
    return _read(session, lambda: ep.retrieve_entity(number))


def retrieve_human(public_id: int | str, session: Session) -> Human | None:
    """``Human.retrieve`` (query ``human_id``)."""
    number = _numeric(public_id, "public_id")
    return _read(session, lambda: ep.retrieve_human(number))


def retrieve_commitment(exchange_id: str, session: Session) -> Commitment | None:
    """``Commitment.retrieve`` (query ``setup_id``)."""
    _check(exchange_id, str, "str", "exchange_id")
    return _read(session, lambda: ep.retrieve_commitment(exchange_id))


def retrieve_instalment_schedule(series_id: str, session: Session) -> InstalmentSchedule | None:
    """``InstalmentSchedule.retrieve`` (query ``series_id``)."""
    _check(series_id, str, "str", "series_id")
    return _read(session, lambda: ep.retrieve_instalment_schedule(series_id))
