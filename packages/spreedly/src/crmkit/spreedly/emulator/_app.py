"""The Spreedly Subscriptions API v4 emulator: routes, auth, validation and state changes.

Serves ``/api/v4/<site_name>/...`` on any host, for any number of sites (each with its own
plans, subscribers and test flag), plus minimal HTML at the hosted signup and account pages.
It follows the vendor file's emulator checklist; where the real behaviour is UNCERTAIN the
choice made is the one the vendor file recommends and is marked so below.

Auth is HTTP Basic with the site's token as user name (password ignored). By default any
non-empty token opens any site ("open auth"); a site added with ``token=`` accepts only that
one, and ``EmulatorOptions(credentials=[...])`` restricts every site to the listed ``token`` or
``site:token`` strings. A refusal is 401 ``HTTP Basic: Access denied.``.

Test helpers (not HTTP): :meth:`SpreedlyEmulator.site`, :meth:`~SpreedlyEmulator.add_site`,
:meth:`~SpreedlyEmulator.add_plan`, :meth:`~SpreedlyEmulator.pending_fees` and
:meth:`~SpreedlyEmulator.update_subscriber_state`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar
from urllib.parse import quote

from crmkit.core.emulator import (
    EmuError,
    Emulator,
    EmulatorOptions,
    EmuRequest,
    EmuResponse,
    Router,
)

from .. import _xml
from ..errors import MalformedXML
from . import _data
from ._state import (
    NIL_CLASSES,
    WRITABLE,
    Site,
    add_duration,
    invoice_record,
    is_active,
    money,
    new_plan,
    new_subscriber,
    subscriber_record,
    xml,
)

__all__ = ["SpreedlyEmulator"]

_SITE_PATH = re.compile(r"^/api/v4/([^/]+)/")
_XML_TYPES = ("application/xml", "text/xml")

CARD_DECLINED = "4012888888881881"
"""Emulator test card: the gateway declines it (422)."""
CARD_GATEWAY_TIMEOUT = "4000000000000259"
"""Emulator test card: the gateway times out (504); the invoice stays open."""

_CARD_BRANDS = {"4": "Visa", "5": "MasterCard", "3": "American Express", "6": "Discover"}


def _errors(*messages: str) -> EmuError:
    return EmuError(422, "", errors=list(messages))


class SpreedlyEmulator(Emulator):
    """Spreedly Subscriptions API v4 from memory (see the module docstring).

    Its ``client_root`` is ``/``: a served emulator prints ``http://127.0.0.1:<port>/``, the
    service root a client takes as ``base_url`` (or ``CRMKIT_SPREEDLY_BASE_URL``); the client
    appends ``api/v4/<site_name>/`` itself.
    """

    vendor: ClassVar[str] = "spreedly"
    base_path = ""
    client_root: ClassVar[str | None] = "/"
    default_rate_limit: ClassVar[tuple[int, float] | None] = None  # none documented

    def __init__(self, options: EmulatorOptions | None = None, **kwargs: Any) -> None:
        super().__init__(options, **kwargs)

    # -- setup ------------------------------------------------------------------------------

    def setup_routes(self, router: Router) -> None:
        # Sites exist before seed_data runs (the base class calls this first).
        self.sites: dict[str, Site] = {}
        self._rng = random.Random(f"spreedly-emulator:{self.options.seed}")
        self._next_version_id = 30_000
        for name in ("demo", "demo-test"):
            site = self.add_site(name)
            _data.add_catalogue(self, site)

        api = "/api/v4/{site}"
        sub = api + "/subscribers/{cid}"
        routes: list[tuple[str, str, Callable[[EmuRequest, Site], EmuResponse]]] = [
            ("GET", api + "/subscription_plans.xml", self.list_plans),
            ("GET", api + "/subscribers.xml", self.list_subscribers),
            ("POST", api + "/subscribers.xml", self.create_subscriber),
            ("DELETE", api + "/subscribers.xml", self.delete_all_subscribers),
            ("GET", sub + ".xml", self.get_subscriber),
            ("PUT", sub + ".xml", self.update_subscriber),
            ("DELETE", sub + ".xml", self.delete_subscriber),
            ("POST", sub + "/subscribe_to_free_trial.xml", self.subscribe_to_free_trial),
            ("POST", sub + "/allow_free_trial.xml", self.allow_free_trial),
            ("POST", sub + "/fees.xml", self.add_fee),
            ("POST", sub + "/complimentary_subscriptions.xml", self.complimentary_subscription),
            ("POST", sub + "/complimentary_time_extensions.xml", self.time_extension),
            # The manual's URL list once spelled it singular: accept both.
            ("POST", sub + "/complimentary_time_extension.xml", self.time_extension),
            (
                "POST",
                sub + "/lifetime_complimentary_subscriptions.xml",
                self.lifetime_complimentary,
            ),
            ("POST", sub + "/stop_auto_renew.xml", self.stop_auto_renew),
            ("PUT", sub + "/change_subscription_plan.xml", self.change_plan),
            ("POST", sub + "/credits.xml", self.add_credit),
            ("POST", api + "/invoices.xml", self.create_invoice),
            ("PUT", api + "/invoices/{token}/pay.xml", self.pay_invoice),
            ("GET", api + "/transactions.xml", self.list_transactions),
        ]
        for method, template, handler in routes:
            router.add(method, template, self._with_site(handler))
        # Hosted pages (HTML, no auth), for the demo and for checking signup URLs.
        router.add("GET", "/{site}/subscribers/{cid}/subscribe/{plan}", self.hosted_signup)
        router.add("GET", "/{site}/subscribers/{cid}/subscribe/{plan}/{screen}", self.hosted_signup)
        router.add("GET", "/{site}/subscribers/{cid}/{token}/subscribe/{plan}", self.hosted_signup)
        router.add("GET", "/{site}/subscriber_accounts/{token}", self.hosted_account)

    def seed_data(self, records: int, seed: int) -> None:
        _data.seed_subscribers(self, self.sites["demo"], records, seed)

    def _with_site(
        self, handler: Callable[[EmuRequest, Site], EmuResponse]
    ) -> Callable[[EmuRequest], EmuResponse]:
        def run(request: EmuRequest) -> EmuResponse:
            with self.lock:
                return handler(request, self.site(request.path_params["site"]))

        return run

    # -- test helpers ------------------------------------------------------------------------

    def now(self) -> datetime:
        """The emulator's clock as an aware UTC datetime, to the second."""
        return datetime.fromtimestamp(self.clock(), UTC).replace(microsecond=0)

    def site(self, name: str) -> Site:
        """The site ``name``, created empty on first use (open auth: every name exists)."""
        with self.lock:
            found = self.sites.get(name)
            if found is None:
                found = self.add_site(name)
            return found

    def add_site(self, name: str, *, token: str | None = None, test: bool | None = None) -> Site:
        """Add (or replace) a site; ``test`` defaults to the name ending in ``-test``."""
        with self.lock:
            site = Site(name=name, test=name.endswith("-test") if test is None else test)
            site.token = token
            self.sites[name] = site
            return site

    def add_plan(self, site: str | Site, **fields: Any) -> dict[str, Any]:
        """Add a plan to a site (keyword arguments as :func:`._state.new_plan`)."""
        target = self.site(site) if isinstance(site, str) else site
        with self.lock:
            self._next_version_id += 1
            fields.setdefault("created_at", datetime(2012, 6, 1, tzinfo=UTC))
            plan = new_plan(fields.pop("id"), self._next_version_id, **fields)
            target.plans[plan["id"]] = plan
            return plan

    def pending_fees(self, site: str, customer_id: str) -> list[dict[str, Any]]:
        """Fees added to a subscriber and not yet billed (they are not in its XML)."""
        return [f for f in self.site(site).fees if f["customer-id"] == customer_id]

    def update_subscriber_state(self, site: str, customer_id: str, **fields: Any) -> None:
        """Change a stored subscriber directly (Python names: ``recurring=True``...)."""
        with self.lock:
            subscriber = self.site(site).subscribers[customer_id]
            for name, value in fields.items():
                subscriber[_xml.dasherize(name)] = value
            subscriber["updated-at"] = self.now()

    def new_token(self) -> str:
        """A fresh 40-hex token (deterministic for a given seed)."""
        return f"{self._rng.getrandbits(160):040x}"

    # -- the vendor's answers ---------------------------------------------------------------

    def authenticate(self, request: EmuRequest) -> str | EmuResponse:
        match = _SITE_PATH.match(request.path)
        if match is None:
            return "anonymous"  # hosted pages; anything else is a 404 anyway
        site_name = match.group(1)
        token = _basic_username(request.headers.get("authorization", ""))
        if not token:
            return self._denied()
        site = self.sites.get(site_name)
        if site is not None and site.token is not None:
            if token != site.token:
                return self._denied()
        elif self.allowed_credentials is not None and not (
            token in self.allowed_credentials or f"{site_name}:{token}" in self.allowed_credentials
        ):
            return self._denied()  # UNCERTAIN: an unknown site answers like a wrong token
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]
        return f"{site_name}:{digest}"

    def _denied(self) -> EmuResponse:
        response = _text(401, "HTTP Basic: Access denied.")
        # UNCERTAIN: Rails' default realm; clients must not rely on it.
        response.headers["WWW-Authenticate"] = 'Basic realm="Application"'
        return response

    def error_response(self, status: int, message: str, **extra: Any) -> EmuResponse:
        errors = extra.get("errors")
        if errors:
            body = _xml.to_bytes(_xml.Element("errors"))
            root = _xml.Element("errors")
            for text in errors:
                child = _xml.Element("error")
                child.text = text
                root.append(child)
            body = _xml.to_bytes(root)
            return EmuResponse(
                status=status,
                body=body,
                headers={"Content-Type": "application/xml; charset=utf-8"},
            )
        if not message:
            return EmuResponse(status=status)
        return _text(status, message)

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return EmuResponse(status=404)  # unknown route: 404, empty body

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return EmuResponse(status=404)  # Rails answers an unknown method like an unknown route

    # -- helpers ------------------------------------------------------------------------------

    def _body(self, request: EmuRequest, root_tag: str) -> dict[str, Any] | None:
        """The request's ``<root_tag>`` content (``_`` read as ``-``); None when absent.

        Raises:
            EmuError: 422 ``Unable to parse request body`` for a body that is not safe,
                well-formed XML (a DTD or entity declaration included) or has another type.
        """
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype and ctype not in _XML_TYPES:
            raise EmuError(422, "Unable to parse request body")
        if not request.body.strip():
            return None
        try:
            root = _xml.parse(request.body)
        except MalformedXML:
            raise EmuError(422, "Unable to parse request body") from None
        if root.tag != root_tag:
            return None
        value = _xml.decode(root)
        return value if isinstance(value, dict) else {}

    def _subscriber(self, request: EmuRequest, site: Site) -> dict[str, Any]:
        cid = request.path_params["cid"]
        found = site.subscribers.get(cid)
        if found is None:
            raise EmuError(404, f"There is no subscriber with a customer id of {cid}")
        return found

    def _plan(self, site: Site, body: dict[str, Any] | None, key: str = "id") -> dict[str, Any]:
        raw = None if body is None else body.get(key)
        if raw is None or str(raw).strip() == "":
            raise EmuError(422, "You must specify the subscription plan id")
        try:
            plan_id = int(str(raw).strip())
        except ValueError:
            plan_id = -1
        plan = site.plans.get(plan_id)
        if plan is None:
            raise EmuError(
                404,
                f"There is no subscription plan with an ID of {str(raw).strip()} for the site "
                "you're accessing",
            )
        return plan

    def _subscriber_reply(
        self, site: Site, subscriber: dict[str, Any], status: int, request: EmuRequest
    ) -> EmuResponse:
        record = subscriber_record(site, subscriber, self.now(), with_invoices=False)
        response = _xml_response(status, xml("subscriber", record))
        if status == 201 or request.path.endswith("subscribe_to_free_trial.xml"):
            response.headers["Location"] = _location(request, site, subscriber["customer-id"])
        return response

    def _touch(self, subscriber: dict[str, Any]) -> None:
        subscriber["updated-at"] = self.now()

    def _put_on_plan(self, subscriber: dict[str, Any], plan: dict[str, Any]) -> None:
        subscriber["subscription-plan-name"] = plan["name"]
        subscriber["feature-level"] = plan["feature-level"]
        subscriber["_version"] = plan["versions"][-1]

    # -- plans --------------------------------------------------------------------------------

    def list_plans(self, request: EmuRequest, site: Site) -> EmuResponse:
        if not site.plans:
            return _xml_response(200, NIL_CLASSES)
        plans = [site.plans[k] for k in sorted(site.plans)]
        return _xml_response(200, xml("subscription-plans", plans))

    # -- subscribers ------------------------------------------------------------------------

    def list_subscribers(self, request: EmuRequest, site: Site) -> EmuResponse:
        # UNCERTAIN paging: served whole, in creation (pagination-id) order.
        if not site.subscribers:
            return _xml_response(200, NIL_CLASSES)
        now = self.now()
        rows = [
            subscriber_record(site, s, now, with_invoices=False) for s in site.subscribers.values()
        ]
        return _xml_response(200, xml("subscribers", rows))

    def create_subscriber(self, request: EmuRequest, site: Site) -> EmuResponse:
        body = self._body(request, "subscriber")
        if body is None:
            raise EmuError(422, "You must specify subscriber parameters")
        cid = _text_of(body.get("customer-id")).strip()
        if not cid:
            raise _errors("Customer id can't be blank")
        if cid in site.subscribers:
            raise EmuError(403, f"A subscriber with a customer-id of {cid} already exists.")
        now = self.now()
        screen_name = body.get("screen-name")
        subscriber = new_subscriber(
            cid,
            screen_name=None if screen_name is None else _text_of(screen_name),
            token=self.new_token(),
            pagination_id=site.next_pagination_id,
            now=now,
        )
        site.next_pagination_id += 1
        # UNCERTAIN: the billing address on create; stored, as the vendor file recommends.
        for name in WRITABLE:
            if name in body and name != "screen-name":
                subscriber[name] = _nullable_text(body[name], name)
        site.subscribers[cid] = subscriber
        return self._subscriber_reply(site, subscriber, 201, request)

    def get_subscriber(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        record = subscriber_record(site, subscriber, self.now(), with_invoices=True)
        return _xml_response(200, xml("subscriber", record))

    def update_subscriber(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        body = self._body(request, "subscriber")
        if not body:
            raise EmuError(422, "You must specify subscriber parameters")
        new_id = body.get("new-customer-id")
        if new_id is not None and _text_of(new_id).strip():
            new_cid = _text_of(new_id).strip()
            if new_cid != subscriber["customer-id"] and new_cid in site.subscribers:
                raise EmuError(403, f"A subscriber with a customer-id of {new_cid} already exists.")
        for name in WRITABLE:  # anything else (read-only, unknown) is ignored
            if name in body:
                subscriber[name] = _nullable_text(body[name], name)
        card = (
            (body.get("payment-method") or {})
            if isinstance(body.get("payment-method"), dict)
            else {}
        )
        if isinstance(card.get("credit-card"), dict):
            number = _text_of(card["credit-card"].get("number", ""))
            subscriber["payment-account-on-file"] = True
            subscriber["payment-account-display"] = _card_display(number)
        if new_id is not None and _text_of(new_id).strip():
            new_cid = _text_of(new_id).strip()
            old_cid = subscriber["customer-id"]
            del site.subscribers[old_cid]
            subscriber["customer-id"] = new_cid
            site.subscribers[new_cid] = subscriber
            for fee in site.fees:
                if fee["customer-id"] == old_cid:
                    fee["customer-id"] = new_cid
        self._touch(subscriber)
        return EmuResponse(status=200)  # UNCERTAIN: empty body

    def delete_subscriber(self, request: EmuRequest, site: Site) -> EmuResponse:
        if not site.test:
            raise EmuError(403, "Subscribers can only be deleted on test sites.")
        subscriber = self._subscriber(request, site)
        del site.subscribers[subscriber["customer-id"]]
        site.fees = [f for f in site.fees if f["customer-id"] != subscriber["customer-id"]]
        return EmuResponse(status=200)

    def delete_all_subscribers(self, request: EmuRequest, site: Site) -> EmuResponse:
        if not site.test:
            raise EmuError(403, "Subscribers can only be deleted on test sites.")
        site.subscribers.clear()
        site.fees.clear()
        return EmuResponse(status=200)  # plans stay

    # -- trials and complimentary time ----------------------------------------------------------

    def subscribe_to_free_trial(self, request: EmuRequest, site: Site) -> EmuResponse:
        # Check order UNCERTAIN; the vendor file's: subscriber, plan id, plan, disabled,
        # not a trial plan, not eligible.
        subscriber = self._subscriber(request, site)
        plan = self._plan(site, self._body(request, "subscription-plan"))
        if not plan["enabled"]:
            raise EmuError(403, "The subscription plan is disabled.")
        if plan["plan-type"] != "free_trial":
            raise EmuError(403, "The subscription plan must be a free trial plan.")
        if not subscriber["eligible-for-free-trial"]:
            raise EmuError(403, "The subscriber is not eligible for a free trial")
        now = self.now()
        subscriber["on-trial"] = True
        subscriber["eligible-for-free-trial"] = False
        subscriber["recurring"] = False
        self._put_on_plan(subscriber, plan)
        if plan["duration-quantity"] == 0:
            subscriber["lifetime-subscription"] = True
            subscriber["active-until"] = None
        else:
            subscriber["active-until"] = add_duration(
                now, plan["duration-quantity"], plan["duration-units"]
            )
        self._touch(subscriber)
        return self._subscriber_reply(site, subscriber, 200, request)

    def allow_free_trial(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        subscriber["eligible-for-free-trial"] = True
        self._touch(subscriber)
        return self._subscriber_reply(site, subscriber, 200, request)

    def _duration(self, body: dict[str, Any]) -> tuple[int, str]:
        errors: list[str] = []
        raw_quantity = body.get("duration-quantity")
        quantity = 0
        if raw_quantity is None or _text_of(raw_quantity).strip() == "":
            errors.append("Duration quantity can't be blank")
        else:
            try:
                quantity = int(_text_of(raw_quantity).strip())
            except ValueError:
                errors.append("Duration quantity is not a number")
        units = _text_of(body.get("duration-units") or "").strip()
        if units not in ("days", "months"):
            errors.append("Duration units must be either 'days' or 'months'")
        if errors:
            raise _errors(*errors)
        return quantity, units

    def complimentary_subscription(self, request: EmuRequest, site: Site) -> EmuResponse:
        # Order UNCERTAIN: 404, then 403 when active, then 422.
        subscriber = self._subscriber(request, site)
        now = self.now()
        if is_active(subscriber, now):
            raise EmuError(
                403, "Complimentary subscriptions cannot be given to active subscribers."
            )
        body = self._body(request, "complimentary-subscription") or {}
        quantity, units = self._duration(body)
        feature_level = _text_of(body.get("feature-level") or "").strip()
        if not feature_level:
            raise _errors("Feature level can't be blank")
        if body.get("amount") is not None:
            # UNCERTAIN server support for start-time/amount: stored, ignored, amount checked.
            _decimal(body["amount"], "Amount is not a number")
            subscriber["_comp"] = {"start-time": body.get("start-time"), "amount": body["amount"]}
        subscriber["active-until"] = add_duration(now, quantity, units)
        subscriber["feature-level"] = feature_level
        subscriber["on-trial"] = False
        self._touch(subscriber)
        return self._subscriber_reply(site, subscriber, 201, request)

    def time_extension(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        now = self.now()
        if not is_active(subscriber, now):
            raise EmuError(
                403, "Complimentary time extensions can only be given to active subscribers."
            )
        body = self._body(request, "complimentary-time-extension") or {}
        quantity, units = self._duration(body)
        if not subscriber["lifetime-subscription"]:
            subscriber["active-until"] = add_duration(subscriber["active-until"], quantity, units)
        self._touch(subscriber)
        return self._subscriber_reply(site, subscriber, 201, request)

    def lifetime_complimentary(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        body = self._body(request, "lifetime-complimentary-subscription") or {}
        feature_level = _text_of(body.get("feature-level") or "").strip()
        if not feature_level:
            raise _errors("Feature level can't be blank")
        subscriber["lifetime-subscription"] = True
        subscriber["active-until"] = None
        subscriber["feature-level"] = feature_level
        subscriber["on-trial"] = False
        self._touch(subscriber)
        # UNCERTAIN 200 or 201: 201, with the subscriber.
        return self._subscriber_reply(site, subscriber, 201, request)

    def stop_auto_renew(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        subscriber["recurring"] = False
        self._touch(subscriber)
        return EmuResponse(status=200)

    def change_plan(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        plan = self._plan(site, self._body(request, "subscription-plan"))
        self._put_on_plan(subscriber, plan)  # no proration, invoice or active-until change
        self._touch(subscriber)
        return EmuResponse(status=200)

    # -- money --------------------------------------------------------------------------------

    def add_fee(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        body = self._body(request, "fee") or {}
        missing = [
            f"{label} can't be blank"
            for key, label in (("name", "Name"), ("group", "Group"), ("amount", "Amount"))
            if not _text_of(body.get(key) or "").strip()
        ]
        if missing:
            raise _errors(*missing)
        amount = _decimal(body["amount"], "Amount is not a number")
        if not is_active(subscriber, self.now()) or not subscriber["recurring"]:
            raise _errors("Fees can only be added to active, recurring subscribers")
        site.fees.append(
            {
                "customer-id": subscriber["customer-id"],
                "name": _text_of(body["name"]),
                "description": _text_of(body.get("description") or ""),
                "group": _text_of(body["group"]),
                "amount": amount,
            }
        )
        return EmuResponse(status=201)  # UNCERTAIN body: empty

    def add_credit(self, request: EmuRequest, site: Site) -> EmuResponse:
        subscriber = self._subscriber(request, site)
        body = self._body(request, "credit") or {}
        if not _text_of(body.get("amount") or "").strip():
            raise _errors("Amount can't be blank")
        amount = _decimal(body["amount"], "Amount is not a number")
        total = subscriber["store-credit"] + amount
        if total < 0:
            raise _errors("Store credit can't be less than zero")
        subscriber["store-credit"] = total
        self._touch(subscriber)
        return EmuResponse(status=201)

    def create_invoice(self, request: EmuRequest, site: Site) -> EmuResponse:
        body = self._body(request, "invoice")
        plan = self._plan(site, body, "subscription-plan-id")
        assert body is not None
        if not plan["enabled"]:
            raise EmuError(403, "The subscription plan is disabled.")
        given = body.get("subscriber") if isinstance(body.get("subscriber"), dict) else {}
        assert isinstance(given, dict)
        cid = _text_of(given.get("customer-id") or "").strip()
        if not cid:
            raise _errors("Customer id can't be blank")
        now = self.now()
        subscriber = site.subscribers.get(cid)
        if subscriber is None:
            subscriber = new_subscriber(
                cid,
                screen_name=_text_of(given.get("screen-name") or "") or None,
                token=self.new_token(),
                pagination_id=site.next_pagination_id,
                now=now,
            )
            site.next_pagination_id += 1
            if given.get("email") is not None:
                subscriber["email"] = _text_of(given["email"])
            site.subscribers[cid] = subscriber
        token = self.new_token()
        amount: Decimal = plan["amount"]
        invoice = {
            "token": token,
            "closed": False,
            "amount": amount,
            "price": money(amount),
            "currency-code": plan["currency-code"],
            "metadata": "",
            "gateway-transaction-reference": None,
            "response-message": None,
            "response-client-message": None,
            "response-customer-message": None,
            "created-at": now,
            "updated-at": now,
            "line-items": [
                {
                    "amount": amount,
                    "notes": None,
                    "currency-code": plan["currency-code"],
                    "description": f"Every {plan['terms']}",
                    "price": money(amount),
                    "feature-level": plan["feature-level"],
                    "metadata": "",
                }
            ],
            "_id": site.next_invoice_id,
            "_plan_id": plan["id"],
            "_customer_id": cid,
        }
        site.next_invoice_id += 1
        site.invoices[token] = invoice
        subscriber["_invoices"].append(token)
        record = invoice_record(site, invoice, now, with_subscriber=True)
        return _xml_response(201, xml("invoice", record))

    def pay_invoice(self, request: EmuRequest, site: Site) -> EmuResponse:
        token = request.path_params["token"]
        invoice = site.invoices.get(token)
        if invoice is None:
            raise EmuError(404, f"There is no invoice with a token of {token}")
        if invoice["closed"]:
            raise EmuError(403, "This invoice has already been paid.")
        body = self._body(request, "payment")
        if not body:
            raise EmuError(422, "You must specify payment parameters")
        subscriber = site.subscribers[invoice["_customer_id"]]
        plan = site.plans[invoice["_plan_id"]]
        now = self.now()
        card = body.get("credit-card")
        account_type = _text_of(body.get("account-type") or "").strip()
        if isinstance(card, dict):
            number = self._check_card(card)
            if number == CARD_GATEWAY_TIMEOUT:
                raise EmuError(504, "The payment gateway timed out.")
            if number == CARD_DECLINED:
                invoice["response-message"] = "Charge not authorized"
                invoice["response-customer-message"] = "Your card was declined."
                invoice["updated-at"] = now
                raise _errors("Charge not authorized")
            subscriber["payment-account-on-file"] = True
            subscriber["payment-account-display"] = _card_display(number)
            payment_kind = _card_display(number).split(" ending")[0].lower()
        elif account_type == "on-file":
            if not subscriber["payment-account-on-file"]:
                raise _errors("There is no payment account on file")
            payment_kind = "on-file"
        elif account_type == "store-credit":
            if subscriber["store-credit"] < invoice["amount"]:
                raise _errors("Not enough store credit to pay this invoice")
            subscriber["store-credit"] -= invoice["amount"]
            payment_kind = "store-credit"
        elif account_type == "general-credit":
            payment_kind = "general-credit"
        else:
            raise EmuError(422, "You must specify payment parameters")
        # Paid: the subscriber gets the plan.
        start = subscriber["active-until"] if is_active(subscriber, now) else now
        start = start or now
        expires = add_duration(start, plan["duration-quantity"], plan["duration-units"])
        subscriber["active-until"] = expires
        subscriber["on-trial"] = False
        subscriber["recurring"] = bool(plan["force-recurring"] or plan["needs-to-be-renewed"])
        subscriber["eligible-for-setup-fee"] = False
        self._put_on_plan(subscriber, plan)
        self._touch(subscriber)
        invoice["closed"] = True
        invoice["gateway-transaction-reference"] = self.new_token()[:20]
        invoice["response-message"] = "OK"
        invoice["updated-at"] = now
        site.transactions.append(
            {
                "id": site.next_transaction_id,
                "invoice-id": invoice["_id"],
                "amount": invoice["amount"],
                "currency-code": invoice["currency-code"],
                "description": "Subscription",
                "detail-type": "Subscription",
                "price": invoice["price"],
                "subscriber-customer-id": subscriber["customer-id"],
                "terms": plan["terms"],
                "created-at": now,
                "updated-at": now,
                "start-time": start,
                "expires-at": expires,
                "detail": {"payment-type": payment_kind},
            }
        )
        site.next_transaction_id += 1
        record = invoice_record(site, invoice, now, with_subscriber=True)
        return _xml_response(200, xml("invoice", record))

    def _check_card(self, card: dict[str, Any]) -> str:
        labels = (
            ("number", "Number"),
            ("verification-value", "Verification value"),
            ("month", "Month"),
            ("year", "Year"),
            ("first-name", "First name"),
            ("last-name", "Last name"),
        )
        missing = [
            f"{label} can't be blank"
            for key, label in labels
            if not _text_of(card.get(key) or "").strip()
        ]
        if missing:
            raise _errors(*missing)
        number = re.sub(r"\D", "", _text_of(card["number"]))
        if len(number) < 12:
            raise _errors("Number is not a valid credit card number")
        return number

    def list_transactions(self, request: EmuRequest, site: Site) -> EmuResponse:
        # UNCERTAIN paging: 50 per page, after since_id, oldest first.
        try:
            since = int(request.query.get("since_id", "0") or 0)
        except ValueError:
            since = 0
        rows = [t for t in site.transactions if t["id"] > since][:50]
        if not rows:
            return _xml_response(200, NIL_CLASSES)
        return _xml_response(200, xml("transactions", rows))

    # -- hosted pages ---------------------------------------------------------------------------

    def hosted_signup(self, request: EmuRequest) -> EmuResponse:
        params = request.path_params
        site = self.sites.get(params["site"])
        try:
            plan = site.plans.get(int(params["plan"])) if site is not None else None
        except ValueError:
            plan = None
        if site is None or plan is None:
            return _html(404, "Not found", "There is no such plan on this site.")
        subscriber = site.subscribers.get(params["cid"])
        if "token" in params and (subscriber is None or subscriber["token"] != params["token"]):
            return _html(404, "Not found", "There is no such subscriber.")
        who = params.get("screen") or (subscriber or {}).get("screen-name") or params["cid"]
        return _html(200, f"Subscribe to {plan['name']}", f"Subscribing {who} to {plan['name']}.")

    def hosted_account(self, request: EmuRequest) -> EmuResponse:
        site = self.sites.get(request.path_params["site"])
        token = request.path_params["token"]
        found = None
        if site is not None:
            found = next((s for s in site.subscribers.values() if s["token"] == token), None)
        if found is None:
            return _html(404, "Not found", "There is no such subscriber account.")
        return _html(200, "Your subscription", f"Account of {found['screen-name']}.")


# -- small helpers --------------------------------------------------------------------------------


def _basic_username(header: str) -> str:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return ""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[0]


def _text(status: int, message: str) -> EmuResponse:
    return EmuResponse(
        status=status,
        body=message.encode("utf-8"),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )


def _xml_response(status: int, body: bytes) -> EmuResponse:
    return EmuResponse(
        status=status, body=body, headers={"Content-Type": "application/xml; charset=utf-8"}
    )


def _html(status: int, title: str, text: str) -> EmuResponse:
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        f"{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(text)}</p></body></html>"
    )
    return EmuResponse(
        status=status,
        body=page.encode("utf-8"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )


def _location(request: EmuRequest, site: Site, customer_id: str) -> str:
    # UNCERTAIN value; clients ignore it.
    host = request.headers.get("host", "spreedly.com")
    return (
        f"http://{host}/api/v4/{quote(site.name, safe='')}/subscribers/"
        f"{quote(customer_id, safe='')}.xml"
    )


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise _errors("Unexpected nested value")
    if isinstance(value, datetime):
        return _xml.format_datetime(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _nullable_text(value: Any, name: str) -> str | None:
    if value is None:
        # nil: the contact fields become nil, the string-typed address fields empty.
        return None if name in ("email", "billing-first-name", "billing-last-name") else ""
    return _text_of(value)


def _decimal(value: Any, message: str) -> Decimal:
    try:
        number = Decimal(_text_of(value).strip())
    except InvalidOperation:
        raise _errors(message) from None
    if not number.is_finite():
        raise _errors(message)
    return number


def _card_display(number: str) -> str:
    brand = _CARD_BRANDS.get(number[:1], "Card")
    return f"{brand} ending in {number[-4:]}"
