"""The emulator's fidelity, checked with raw httpx requests written from the vendor file.

No crmkit client code is used here (XML is read with the standard library), so a mistake the
client and the emulator shared would still show.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support.spreedly import TOKEN, FakeClock, basic, make_emulator, sample

from crmkit.core.emulator import EmulatorOptions
from crmkit.spreedly.emulator import (
    CARD_DECLINED,
    CARD_GATEWAY_TIMEOUT,
    SpreedlyEmulator,
    create_emulator,
)

XML = {"Content-Type": "application/xml"}


@pytest.fixture
def http(emulator: SpreedlyEmulator) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=emulator.transport(),
        base_url="https://spreedly.com/api/v4/",
        headers={"Authorization": basic(TOKEN)},
    ) as c:
        yield c


def post(http: httpx.Client, path: str, body: str) -> httpx.Response:
    return http.post(f"demo-test/{path}", content=body, headers=XML)


def put(http: httpx.Client, path: str, body: str) -> httpx.Response:
    return http.put(f"demo-test/{path}", content=body, headers=XML)


def root(response: httpx.Response) -> ET.Element:
    return ET.fromstring(response.content)


def field(element: ET.Element, tag: str) -> str | None:
    found = element.find(tag)
    assert found is not None, f"<{tag}> missing"
    return None if found.get("nil") == "true" else (found.text or "")


def create(http: httpx.Client, cid: str, site: str = "demo-test", **extra: str) -> httpx.Response:
    parts = "".join(f"<{k}>{v}</{k}>" for k, v in extra.items())
    body = (
        f"<subscriber><customer-id>{cid}</customer-id>"
        f"<screen-name>s{cid}</screen-name>{parts}</subscriber>"
    )
    return http.post(f"{site}/subscribers.xml", content=body, headers=XML)


def make_active_recurring(emulator: SpreedlyEmulator, cid: str, clock: FakeClock) -> None:
    from datetime import UTC, datetime, timedelta

    until = datetime.fromtimestamp(clock(), UTC) + timedelta(days=10)
    emulator.update_subscriber_state("demo-test", cid, active_until=until, recurring=True)


# -- auth -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic !!!"},
        {"Authorization": "Bearer x"},
        {"Authorization": basic("")},
    ],
)
def test_missing_or_malformed_auth_is_401_with_the_rails_text(
    emulator: SpreedlyEmulator, headers: dict[str, str]
) -> None:
    r = httpx.Client(transport=emulator.transport()).get(
        "https://spreedly.com/api/v4/demo/subscription_plans.xml", headers=headers
    )
    assert r.status_code == 401
    assert r.text == "HTTP Basic: Access denied."
    assert r.headers["WWW-Authenticate"] == 'Basic realm="Application"'


def test_the_password_is_ignored(http: httpx.Client) -> None:
    r = http.get("demo/subscription_plans.xml", headers={"Authorization": basic(TOKEN, "anything")})
    assert r.status_code == 200


def test_a_site_with_its_own_token_refuses_others(
    emulator: SpreedlyEmulator, http: httpx.Client
) -> None:
    emulator.add_site("locked", token="right-token")
    assert http.get("locked/subscribers.xml").status_code == 401
    ok = http.get("locked/subscribers.xml", headers={"Authorization": basic("right-token")})
    assert ok.status_code == 200


def test_restricted_credentials_accept_token_or_site_token() -> None:
    emu = create_emulator(EmulatorOptions(credentials=["tok-a", "other:tok-b"], clock=FakeClock()))
    c = httpx.Client(transport=emu.transport(), base_url="https://x/api/v4/")
    assert (
        c.get("demo/subscribers.xml", headers={"Authorization": basic("tok-a")}).status_code == 200
    )
    assert (
        c.get("demo/subscribers.xml", headers={"Authorization": basic("tok-b")}).status_code == 401
    )
    assert (
        c.get("other/subscribers.xml", headers={"Authorization": basic("tok-b")}).status_code == 200
    )


# -- plans ----------------------------------------------------------------------------------------


def test_demo_plans_include_the_old_tests_free_trial(http: httpx.Client) -> None:
    r = http.get("demo/subscription_plans.xml")
    assert r.status_code == 200
    assert r.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    plans = root(r)
    assert plans.tag == "subscription-plans" and plans.get("type") == "array"
    trial = next(p for p in plans if field(p, "id") == "21431")
    assert len(list(trial)) == 26
    assert field(trial, "plan-type") == "free_trial"
    assert field(trial, "duration-quantity") == "0"
    assert field(trial, "terms") == "Lifetime"
    assert trial.find("id").get("type") == "integer"  # type: ignore[union-attr]
    assert trial.find("price").get("type") == "decimal"  # type: ignore[union-attr]
    version = trial.find("versions/version")
    assert version is not None and field(version, "subscription-plan-id") == "21431"


def test_catalogue_has_monthly_and_disabled_plans(http: httpx.Client) -> None:
    plans = root(http.get("demo-test/subscription_plans.xml"))
    monthly = [
        p
        for p in plans
        if field(p, "feature-level") == "Standard" and field(p, "terms") == "1 month"
    ]
    assert monthly and field(monthly[0], "amount") == "29.0"
    assert field(monthly[0], "currency-code") == "USD"
    disabled = [p for p in plans if field(p, "enabled") == "false"]
    assert {field(p, "plan-type") for p in disabled} == {"regular", "free_trial"}


def test_other_sites_start_empty(http: httpx.Client) -> None:
    r = http.get("brand-new-site/subscription_plans.xml")
    assert r.status_code == 200
    assert r.content == b'<?xml version="1.0" encoding="UTF-8"?>\n<nil-classes type="array"/>\n'
    assert http.get("brand-new-site/subscribers.xml").content.endswith(
        b'<nil-classes type="array"/>\n'
    )


# -- create and read ------------------------------------------------------------------------------


def test_create_answers_201_with_the_new_subscriber_state(
    http: httpx.Client, clock: FakeClock
) -> None:
    r = create(http, "3")
    assert r.status_code == 201
    assert r.headers["Location"].endswith("/api/v4/demo-test/subscribers/3.xml")
    s = root(r)
    expected_order = [el.tag for el in ET.fromstring(sample("create_reply"))]
    assert [el.tag for el in s] == expected_order
    assert field(s, "customer-id") == "3"
    assert field(s, "email") is None
    assert s.find("recurring").attrib == {"type": "boolean", "nil": "true"}  # type: ignore[union-attr]
    assert field(s, "active") == "false"
    assert field(s, "eligible-for-free-trial") == "true"
    assert field(s, "store-credit") == "0.0"
    assert len(field(s, "token") or "") == 40
    assert field(s, "created-at") == "2024-03-10T12:00:00Z"
    assert s.find("invoices") is None


def test_pagination_ids_increase_per_site(http: httpx.Client) -> None:
    first = field(root(create(http, "a")), "pagination-id")
    second = field(root(create(http, "b")), "pagination-id")
    assert int(second or 0) == int(first or 0) + 1


def test_duplicate_customer_id_is_403_text(http: httpx.Client) -> None:
    create(http, "8889")
    r = create(http, "8889")
    assert r.status_code == 403
    assert r.text == "A subscriber with a customer-id of 8889 already exists."


def test_blank_customer_id_is_422_errors(http: httpx.Client) -> None:
    r = http.post(
        "demo-test/subscribers.xml",
        content="<subscriber><customer-id> </customer-id></subscriber>",
        headers=XML,
    )
    assert r.status_code == 422
    assert [e.text for e in root(r)] == ["Customer id can't be blank"]


def test_underscored_request_names_are_accepted(http: httpx.Client) -> None:
    body = (
        "<subscriber><customer_id>u1</customer_id><screen_name>under</screen_name>"
        "<billing_first_name>U</billing_first_name></subscriber>"
    )
    s = root(post(http, "subscribers.xml", body))
    assert field(s, "screen-name") == "under" and field(s, "billing-first-name") == "U"


@pytest.mark.parametrize("ctype", ["text/xml", None])
def test_text_xml_and_no_content_type_are_accepted(http: httpx.Client, ctype: str | None) -> None:
    headers = {"Content-Type": ctype} if ctype else {}
    body = "<subscriber><customer-id>ct</customer-id><screen-name>x</screen-name></subscriber>"
    assert http.post("demo-test/subscribers.xml", content=body, headers=headers).status_code == 201


@pytest.mark.parametrize("name", ["billion_laughs", "xxe"])
def test_unsafe_request_bodies_are_refused_with_422(
    http: httpx.Client, emulator: SpreedlyEmulator, name: str
) -> None:
    r = post(http, "subscribers.xml", sample(name))
    assert r.status_code == 422
    assert r.text == "Unable to parse request body"
    assert emulator.site("demo-test").subscribers == {}


@pytest.mark.parametrize("body", [b"", b"not xml", b"<subscriber><customer-id>1</subscriber>"])
def test_missing_or_broken_bodies_are_422(http: httpx.Client, body: bytes) -> None:
    assert post(http, "subscribers.xml", body).status_code == 422


def test_get_adds_invoices_and_unknown_is_404_text(http: httpx.Client) -> None:
    create(http, "g1")
    s = root(http.get("demo-test/subscribers/g1.xml"))
    invoices = s.find("invoices")
    assert invoices is not None and invoices.get("type") == "array"
    r = http.get("demo-test/subscribers/401.xml")
    assert r.status_code == 404
    assert r.text == "There is no subscriber with a customer id of 401"


def test_non_numeric_and_escaped_customer_ids(http: httpx.Client) -> None:
    create(http, "Joe Bob")
    assert http.get("demo-test/subscribers/Joe%20Bob.xml").status_code == 200


def test_list_is_unpaged_in_creation_order(http: httpx.Client) -> None:
    subs = root(http.get("demo/subscribers.xml"))
    assert subs.tag == "subscribers" and subs.get("type") == "array"
    assert [field(s, "customer-id") for s in subs] == [str(n) for n in range(1, 11)]
    assert all(s.find("invoices") is None for s in subs)


def test_seeded_data_is_deterministic_for_a_seed(clock: FakeClock) -> None:
    def listing(emu: SpreedlyEmulator) -> bytes:
        c = httpx.Client(transport=emu.transport(), headers={"Authorization": basic()})
        return c.get("https://x/api/v4/demo/subscribers.xml").content

    assert listing(make_emulator(5, clock)) == listing(make_emulator(5, clock))


# -- update ---------------------------------------------------------------------------------------


def test_put_sets_writable_fields_ignores_others_and_answers_200_empty(
    http: httpx.Client, clock: FakeClock
) -> None:
    create(http, "p1")
    clock.advance(60)
    body = (
        "<subscriber><email>jack@bauer.com</email><screen-name>jb</screen-name>"
        "<active>true</active><token>zzz</token></subscriber>"
    )
    r = put(http, "subscribers/p1.xml", body)
    assert r.status_code == 200 and r.content == b""
    s = root(http.get("demo-test/subscribers/p1.xml"))
    assert field(s, "email") == "jack@bauer.com" and field(s, "screen-name") == "jb"
    assert field(s, "active") == "false" and field(s, "token") != "zzz"
    assert field(s, "updated-at") == "2024-03-10T12:01:00Z"


def test_put_new_customer_id_renames_and_403_when_taken(http: httpx.Client) -> None:
    create(http, "r1")
    create(http, "r2")
    taken = http.put(
        "demo-test/subscribers/r1.xml",
        content="<subscriber><new-customer-id>r2</new-customer-id></subscriber>",
        headers=XML,
    )
    assert taken.status_code == 403
    assert taken.text == "A subscriber with a customer-id of r2 already exists."
    ok = http.put(
        "demo-test/subscribers/r1.xml",
        content="<subscriber><new-customer-id>r9</new-customer-id></subscriber>",
        headers=XML,
    )
    assert ok.status_code == 200
    assert http.get("demo-test/subscribers/r1.xml").status_code == 404
    assert field(root(http.get("demo-test/subscribers/r9.xml")), "customer-id") == "r9"


def test_put_without_parameters_is_422_text(http: httpx.Client) -> None:
    create(http, "e1")
    r = put(http, "subscribers/e1.xml", "<subscriber></subscriber>")
    assert r.status_code == 422 and r.text == "You must specify subscriber parameters"


def test_put_unknown_is_404(http: httpx.Client) -> None:
    assert (
        http.put(
            "demo-test/subscribers/nope.xml",
            content="<subscriber><email>a</email></subscriber>",
            headers=XML,
        ).status_code
        == 404
    )


def test_put_payment_method_sets_the_account_on_file(http: httpx.Client) -> None:
    create(http, "pm")
    body = (
        "<subscriber><payment-method><credit-card><number>4222222222220629</number>"
        "</credit-card></payment-method></subscriber>"
    )
    put(http, "subscribers/pm.xml", body)
    s = root(http.get("demo-test/subscribers/pm.xml"))
    assert field(s, "payment-account-on-file") == "true"
    assert field(s, "payment-account-display") == "Visa ending in 0629"


# -- free trials ----------------------------------------------------------------------------------

TRIAL = "<subscription-plan><id>{}</id></subscription-plan>"
NO_PLAN_9 = "There is no subscription plan with an ID of 9 for the site you're accessing"


def test_lifetime_free_trial(http: httpx.Client) -> None:
    create(http, "t1")
    r = http.post(
        "demo-test/subscribers/t1/subscribe_to_free_trial.xml",
        content=TRIAL.format(21431),
        headers=XML,
    )
    assert r.status_code == 200
    assert "Location" in r.headers
    s = root(r)
    assert field(s, "on-trial") == "true" and field(s, "active") == "true"
    assert field(s, "eligible-for-free-trial") == "false"
    assert field(s, "recurring") == "false"
    assert field(s, "lifetime-subscription") == "true" and field(s, "active-until") is None
    assert field(s, "subscription-plan-name") == "Free Trial"
    version = s.find("subscription-plan-version")
    assert version is not None and field(version, "subscription-plan-id") == "21431"


def test_timed_free_trial_ends_with_the_clock(http: httpx.Client, clock: FakeClock) -> None:
    create(http, "t2")
    s = root(
        http.post(
            "demo-test/subscribers/t2/subscribe_to_free_trial.xml",
            content=TRIAL.format(21434),
            headers=XML,
        )
    )
    assert field(s, "active-until") == "2024-03-24T12:00:00Z"
    clock.advance(15 * 86400)
    assert field(root(http.get("demo-test/subscribers/t2.xml")), "active") == "false"


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        (
            "<subscription-plan></subscription-plan>",
            422,
            "You must specify the subscription plan id",
        ),
        (
            TRIAL.format(9),
            404,
            NO_PLAN_9,
        ),
        (TRIAL.format(21436), 403, "The subscription plan is disabled."),
        (TRIAL.format(21432), 403, "The subscription plan must be a free trial plan."),
    ],
)
def test_free_trial_refusals(http: httpx.Client, body: str, status: int, text: str) -> None:
    create(http, "t3")
    r = post(http, "subscribers/t3/subscribe_to_free_trial.xml", body)
    assert (r.status_code, r.text) == (status, text)


def test_second_trial_is_refused_until_allowed_again(http: httpx.Client) -> None:
    create(http, "t4")
    url = "demo-test/subscribers/t4/subscribe_to_free_trial.xml"
    http.post(url, content=TRIAL.format(21434), headers=XML)
    again = http.post(url, content=TRIAL.format(21434), headers=XML)
    assert (again.status_code, again.text) == (
        403,
        "The subscriber is not eligible for a free trial",
    )
    allowed = http.post("demo-test/subscribers/t4/allow_free_trial.xml")
    assert allowed.status_code == 200
    assert field(root(allowed), "eligible-for-free-trial") == "true"
    assert http.post(url, content=TRIAL.format(21434), headers=XML).status_code == 200


def test_free_trial_for_unknown_subscriber_is_404_first(http: httpx.Client) -> None:
    r = http.post(
        "demo-test/subscribers/ghost/subscribe_to_free_trial.xml",
        content="<subscription-plan/>",
        headers=XML,
    )
    assert r.status_code == 404


# -- complimentary time ---------------------------------------------------------------------------

COMP = (
    "<complimentary-subscription><duration-quantity>{}</duration-quantity>"
    "<duration-units>{}</duration-units><feature-level>Pro</feature-level>"
    "</complimentary-subscription>"
)
EXT = (
    "<complimentary-time-extension><duration-quantity>{}</duration-quantity>"
    "<duration-units>{}</duration-units></complimentary-time-extension>"
)


def test_complimentary_subscription_then_extension(http: httpx.Client) -> None:
    create(http, "c1")
    r = http.post(
        "demo-test/subscribers/c1/complimentary_subscriptions.xml",
        content=COMP.format(2, "months"),
        headers=XML,
    )
    assert r.status_code == 201 and "Location" in r.headers
    s = root(r)
    assert field(s, "active") == "true" and field(s, "feature-level") == "Pro"
    assert field(s, "active-until") == "2024-05-10T12:00:00Z"
    again = http.post(
        "demo-test/subscribers/c1/complimentary_subscriptions.xml",
        content=COMP.format(2, "months"),
        headers=XML,
    )
    assert (again.status_code, again.text) == (
        403,
        "Complimentary subscriptions cannot be given to active subscribers.",
    )
    ext = http.post(
        "demo-test/subscribers/c1/complimentary_time_extensions.xml",
        content=EXT.format(10, "days"),
        headers=XML,
    )
    assert ext.status_code == 201
    assert field(root(ext), "active-until") == "2024-05-20T12:00:00Z"


def test_extension_singular_path_is_accepted(http: httpx.Client) -> None:
    create(http, "c2")
    http.post(
        "demo-test/subscribers/c2/complimentary_subscriptions.xml",
        content=COMP.format(1, "days"),
        headers=XML,
    )
    r = http.post(
        "demo-test/subscribers/c2/complimentary_time_extension.xml",
        content=EXT.format(1, "days"),
        headers=XML,
    )
    assert r.status_code == 201


def test_extension_for_inactive_is_403(http: httpx.Client) -> None:
    create(http, "c3")
    r = http.post(
        "demo-test/subscribers/c3/complimentary_time_extensions.xml",
        content=EXT.format(1, "days"),
        headers=XML,
    )
    assert (r.status_code, r.text) == (
        403,
        "Complimentary time extensions can only be given to active subscribers.",
    )


@pytest.mark.parametrize(
    ("quantity", "units", "errors"),
    [
        (2, "weeks", ["Duration units must be either 'days' or 'months'"]),
        ("", "days", ["Duration quantity can't be blank"]),
        ("two", "days", ["Duration quantity is not a number"]),
    ],
)
def test_complimentary_validation_is_422_errors(
    http: httpx.Client, quantity: Any, units: str, errors: list[str]
) -> None:
    create(http, "c4")
    r = http.post(
        "demo-test/subscribers/c4/complimentary_subscriptions.xml",
        content=COMP.format(quantity, units),
        headers=XML,
    )
    assert r.status_code == 422
    assert [e.text for e in root(r)] == errors


LIFE = (
    "<lifetime-complimentary-subscription><feature-level>Pro</feature-level>"
    "</lifetime-complimentary-subscription>"
)


def test_lifetime_complimentary(http: httpx.Client) -> None:
    create(http, "l1")
    blank = http.post(
        "demo-test/subscribers/l1/lifetime_complimentary_subscriptions.xml",
        content="<lifetime-complimentary-subscription/>",
        headers=XML,
    )
    assert blank.status_code == 422 and [e.text for e in root(blank)] == [
        "Feature level can't be blank"
    ]
    r = http.post(
        "demo-test/subscribers/l1/lifetime_complimentary_subscriptions.xml",
        content=LIFE,
        headers=XML,
    )
    assert r.status_code == 201
    s = root(r)
    assert field(s, "lifetime-subscription") == "true" and field(s, "active") == "true"


# -- fees, credits, renewals ----------------------------------------------------------------------

FEE = (
    "<fee><name>Overage</name><description>Used 20 GB over</description>"
    "<group>Bandwidth</group><amount>{}</amount></fee>"
)


def test_fee_refused_unless_active_and_recurring(http: httpx.Client) -> None:
    create(http, "f1")
    r = post(http, "subscribers/f1/fees.xml", FEE.format("24.0"))
    assert r.status_code == 422
    assert [e.text for e in root(r)] == ["Fees can only be added to active, recurring subscribers"]


def test_fee_is_pending_and_not_in_the_subscriber(
    http: httpx.Client, emulator: SpreedlyEmulator, clock: FakeClock
) -> None:
    create(http, "f2")
    make_active_recurring(emulator, "f2", clock)
    r = post(http, "subscribers/f2/fees.xml", FEE.format("24.0"))
    assert r.status_code == 201 and r.content == b""
    [fee] = emulator.pending_fees("demo-test", "f2")
    assert (fee["name"], str(fee["amount"]), fee["group"]) == ("Overage", "24.0", "Bandwidth")
    assert b"Overage" not in http.get("demo-test/subscribers/f2.xml").content


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ("<fee><name>x</name></fee>", ["Group can't be blank", "Amount can't be blank"]),
        (FEE.format("lots"), ["Amount is not a number"]),
    ],
)
def test_fee_validation(
    http: httpx.Client, emulator: SpreedlyEmulator, clock: FakeClock, body: str, errors: list[str]
) -> None:
    create(http, "f3")
    make_active_recurring(emulator, "f3", clock)
    r = post(http, "subscribers/f3/fees.xml", body)
    assert r.status_code == 422 and [e.text for e in root(r)] == errors


def test_stop_auto_renew(http: httpx.Client, emulator: SpreedlyEmulator, clock: FakeClock) -> None:
    create(http, "s1")
    make_active_recurring(emulator, "s1", clock)
    assert http.post("demo-test/subscribers/s1/stop_auto_renew.xml").status_code == 200
    s = root(http.get("demo-test/subscribers/s1.xml"))
    assert field(s, "recurring") == "false" and field(s, "active") == "true"


def test_change_plan_switches_plan_and_feature_level(http: httpx.Client) -> None:
    create(http, "cp")
    r = http.put(
        "demo-test/subscribers/cp/change_subscription_plan.xml",
        content=TRIAL.format(21433),
        headers=XML,
    )
    assert r.status_code == 200
    s = root(http.get("demo-test/subscribers/cp.xml"))
    assert field(s, "subscription-plan-name") == "Pro Yearly" and field(s, "feature-level") == "Pro"


def test_store_credit_never_goes_negative(http: httpx.Client) -> None:
    create(http, "sc")
    ok = http.post(
        "demo-test/subscribers/sc/credits.xml",
        content="<credit><amount>2.34</amount></credit>",
        headers=XML,
    )
    assert ok.status_code == 201
    too_much = http.post(
        "demo-test/subscribers/sc/credits.xml",
        content="<credit><amount>-5</amount></credit>",
        headers=XML,
    )
    assert too_much.status_code == 422
    assert field(root(http.get("demo-test/subscribers/sc.xml")), "store-credit") == "2.34"


# -- invoices and transactions --------------------------------------------------------------------

CARD = (
    "<payment><credit-card><number>{}</number><verification-value>123</verification-value>"
    "<month>1</month><year>2030</year><first-name>A</first-name><last-name>B</last-name>"
    "</credit-card></payment>"
)


def _invoice(http: httpx.Client, cid: str, plan: int = 21432) -> httpx.Response:
    body = (
        f"<invoice><subscription-plan-id>{plan}</subscription-plan-id><subscriber>"
        f"<customer-id>{cid}</customer-id><screen-name>{cid}</screen-name>"
        f"<email>{cid}@example.com</email></subscriber></invoice>"
    )
    return post(http, "invoices.xml", body)


def test_invoice_creates_the_subscriber_and_is_open(http: httpx.Client) -> None:
    r = _invoice(http, "inv1")
    assert r.status_code == 201
    invoice = root(r)
    assert field(invoice, "closed") == "false"
    assert len(field(invoice, "token") or "") == 40
    assert field(invoice, "price") == "$29.00"
    assert field(invoice, "subscriber-store-credit") == "$0.00"
    assert field(invoice.find("subscriber"), "email") == "inv1@example.com"  # type: ignore[arg-type]
    line = invoice.find("line-items/line-item")
    assert line is not None and field(line, "description") == "Every 1 month"


@pytest.mark.parametrize(("plan", "status"), [(9, 404), (21435, 403)])
def test_invoice_for_unknown_or_disabled_plan(http: httpx.Client, plan: int, status: int) -> None:
    assert _invoice(http, "inv2", plan).status_code == status


def test_paying_closes_the_invoice_and_activates_the_subscriber(http: httpx.Client) -> None:
    token = field(root(_invoice(http, "pay1")), "token")
    r = http.put(
        f"demo-test/invoices/{token}/pay.xml", content=CARD.format("4111111111111111"), headers=XML
    )
    assert r.status_code == 200 and field(root(r), "closed") == "true"
    s = root(http.get("demo-test/subscribers/pay1.xml"))
    assert field(s, "active") == "true" and field(s, "recurring") == "true"
    assert field(s, "active-until") == "2024-04-10T12:00:00Z"
    assert field(s, "payment-account-display") == "Visa ending in 1111"
    assert len(list(s.find("invoices") or [])) == 1
    again = http.put(
        f"demo-test/invoices/{token}/pay.xml", content=CARD.format("4111111111111111"), headers=XML
    )
    assert again.status_code == 403


@pytest.mark.parametrize(("card", "status"), [(CARD_DECLINED, 422), (CARD_GATEWAY_TIMEOUT, 504)])
def test_declined_and_timed_out_payments(http: httpx.Client, card: str, status: int) -> None:
    token = field(root(_invoice(http, "pay2")), "token")
    r = put(http, f"invoices/{token}/pay.xml", CARD.format(card))
    assert r.status_code == status
    assert field(root(http.get("demo-test/subscribers/pay2.xml")), "active") == "false"


def test_pay_unknown_invoice_is_404(http: httpx.Client) -> None:
    assert (
        http.put(
            "demo-test/invoices/nope/pay.xml", content=CARD.format("4111111111111111"), headers=XML
        ).status_code
        == 404
    )


def test_transactions_page_after_since_id(http: httpx.Client) -> None:
    for n in range(3):
        token = field(root(_invoice(http, f"tx{n}")), "token")
        http.put(
            f"demo-test/invoices/{token}/pay.xml",
            content="<payment><account-type>general-credit</account-type></payment>",
            headers=XML,
        )
    txs = root(http.get("demo-test/transactions.xml"))
    assert [field(t, "id") for t in txs] == ["1", "2", "3"]
    later = root(http.get("demo-test/transactions.xml", params={"since_id": 2}))
    assert [field(t, "subscriber-customer-id") for t in later] == ["tx2"]
    assert root(http.get("demo-test/transactions.xml", params={"since_id": 3})).tag == "nil-classes"


# -- deletes --------------------------------------------------------------------------------------


def test_deletes_on_a_test_site(http: httpx.Client) -> None:
    create(http, "d1")
    r = http.delete("demo-test/subscribers/d1.xml")
    assert r.status_code == 200 and r.content == b""
    assert http.delete("demo-test/subscribers/d1.xml").status_code == 404
    create(http, "d2")
    assert http.delete("demo-test/subscribers.xml").status_code == 200
    assert root(http.get("demo-test/subscribers.xml")).tag == "nil-classes"
    assert len(root(http.get("demo-test/subscription_plans.xml"))) == 6  # plans stay


def test_deletes_on_production_are_403(http: httpx.Client) -> None:
    r = http.delete("demo/subscribers/1.xml")
    assert (r.status_code, r.text) == (403, "Subscribers can only be deleted on test sites.")
    assert http.delete("demo/subscribers.xml").status_code == 403
    assert http.get("demo/subscribers/1.xml").status_code == 200


# -- routing, hosted pages, serving ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "demo/nothing.xml"),
        ("PATCH", "demo/subscribers/1.xml"),
        ("GET", "demo/subscribers/1"),
    ],
)
def test_unknown_routes_and_methods_are_404_empty(
    http: httpx.Client, method: str, path: str
) -> None:
    r = http.request(method, path)
    assert r.status_code == 404 and r.content == b""


def test_hosted_signup_and_account_pages(emulator: SpreedlyEmulator, http: httpx.Client) -> None:
    token = field(root(create(http, "h1", site="demo")), "token")
    web = httpx.Client(transport=emulator.transport(), base_url="https://spreedly.com/")
    assert web.get("demo/subscribers/h1/subscribe/21432/Joe%20Bob").status_code == 200
    assert web.get(f"demo/subscribers/h1/{token}/subscribe/21432").status_code == 200
    assert web.get("demo/subscribers/h1/wrongtoken/subscribe/21432").status_code == 404
    assert web.get(f"demo/subscriber_accounts/{token}").status_code == 200
    assert web.get("demo/subscribers/h1/subscribe/999").status_code == 404


def test_loopback_server_prints_a_service_root(emulator: SpreedlyEmulator) -> None:
    with emulator.serve(port=0) as server:
        assert server.base_url.endswith("/") and server.base_url.count("/") == 3
        r = httpx.get(
            server.base_url + "api/v4/demo/subscription_plans.xml",
            headers={"Authorization": basic()},
        )
        assert r.status_code == 200 and b"21431" in r.content


def test_injected_429_uses_the_text_body(emulator: SpreedlyEmulator) -> None:
    from support.spreedly import ScriptedFaults

    from crmkit.core.emulator import FaultDecision

    emulator.faults = ScriptedFaults(FaultDecision(status=429))
    r = httpx.Client(transport=emulator.transport()).get(
        "https://x/api/v4/demo/subscribers.xml", headers={"Authorization": basic()}
    )
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
