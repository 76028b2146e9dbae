"""respx: the exact requests both clients send, and how they read the vendor's samples."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
import respx
from support.spreedly import TOKEN, basic, sample

from crmkit.core import InvalidArgument
from crmkit.spreedly import (
    AuthenticationError,
    HTTPError,
    MalformedXML,
    NotFound,
    PermissionDenied,
    ServerError,
    Spreedly,
    UnprocessableEntity,
    UnsafeXML,
)
from crmkit.spreedly.api import Client

API = "https://spreedly.com/api/v4/mysite-test/"
DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'
XML = "application/xml; charset=utf-8"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRMKIT_SPREEDLY_BASE_URL", raising=False)


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=API, assert_all_called=False) as router:
        yield router


@pytest.fixture
def old() -> Iterator[Client]:
    with Client(TOKEN, "mysite-test", max_retries=0) as c:
        yield c


@pytest.fixture
def typed() -> Iterator[Spreedly]:
    with Spreedly(TOKEN, "mysite-test", max_retries=0) as c:
        yield c


def _xml_reply(name: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=sample(name), headers={"Content-Type": XML})


def _last(mock: respx.MockRouter) -> httpx.Request:
    return mock.calls.last.request


# -- headers and paths ----------------------------------------------------------------------------


def test_get_plans_sends_basic_auth_accept_and_no_body(mock: respx.MockRouter, old: Client) -> None:
    mock.get("subscription_plans.xml").mock(return_value=_xml_reply("plans_reply"))
    old.get_plans()
    request = _last(mock)
    assert str(request.url) == API + "subscription_plans.xml"
    assert request.headers["Authorization"] == basic(TOKEN, "X")
    assert request.headers["Accept"] == "application/xml"
    assert "content-type" not in request.headers
    assert request.content == b""
    assert request.headers["User-Agent"].startswith("crmkit/")
    assert "spreedly/" in request.headers["User-Agent"]


def test_token_abc123_gives_the_documented_header(mock: respx.MockRouter) -> None:
    mock.get("subscription_plans.xml").mock(return_value=_xml_reply("nil_classes"))
    with Client("abc123", "mysite-test") as c:
        c.get_plans()
    assert _last(mock).headers["Authorization"] == "Basic YWJjMTIzOlg="


def test_customer_ids_are_percent_encoded(mock: respx.MockRouter, typed: Spreedly) -> None:
    route = mock.get(url__regex=r".*/subscribers/.*").mock(return_value=_xml_reply("create_reply"))
    typed.subscribers.get("Joe Bob")
    assert route.calls.last.request.url.raw_path == b"/api/v4/mysite-test/subscribers/Joe%20Bob.xml"


@pytest.mark.parametrize("bad", ["a/b", "..", "x?y", "", 1.5, None])
def test_bad_customer_ids_are_refused_before_sending(
    mock: respx.MockRouter, typed: Spreedly, bad: object
) -> None:
    with pytest.raises(InvalidArgument):
        typed.subscribers.get(bad)  # type: ignore[arg-type]
    assert not mock.calls


# -- bodies, as the vendor file writes them -------------------------------------------------------


def test_create_subscriber_body(mock: respx.MockRouter, old: Client) -> None:
    mock.post("subscribers.xml").mock(return_value=_xml_reply("create_reply", 201))
    data = old.create_subscriber(1, "test")
    request = _last(mock)
    assert request.headers["Content-Type"] == XML
    assert request.content == (
        DECL + b"<subscriber><customer-id>1</customer-id><screen-name>test</screen-name>"
        b"</subscriber>"
    )
    assert data["customer_id"] == 3  # what the sample reply says
    assert len(data) == 35


def test_subscribe_body(mock: respx.MockRouter, old: Client) -> None:
    mock.post("subscribers/1/subscribe_to_free_trial.xml").mock(
        return_value=_xml_reply("create_reply")
    )
    old.subscribe(1, 21431)
    assert _last(mock).content == (DECL + b"<subscription-plan><id>21431</id></subscription-plan>")


def test_subscribe_without_plan_sends_an_empty_plan_and_raises_on_422(
    mock: respx.MockRouter, old: Client
) -> None:
    mock.post("subscribers/1/subscribe_to_free_trial.xml").mock(
        return_value=httpx.Response(422, text="You must specify the subscription plan id")
    )
    with pytest.raises(HTTPError) as info:
        old.subscribe(1)
    assert _last(mock).content == DECL + b"<subscription-plan></subscription-plan>"
    assert info.value.code == 422


def test_allow_free_trial_sends_no_body(mock: respx.MockRouter, old: Client) -> None:
    mock.post("subscribers/1/allow_free_trial.xml").mock(return_value=_xml_reply("create_reply"))
    old.allow_free_trial(1)
    assert _last(mock).content == b""
    assert "content-type" not in _last(mock).headers


def test_add_fee_body_and_unchecked_response(mock: respx.MockRouter, old: Client) -> None:
    mock.post("subscribers/1/fees.xml").mock(return_value=_xml_reply("errors_422", 422))
    response = old.add_fee(1, "Overage", "Used 20 GB over", "Bandwidth", 24.0)
    assert _last(mock).content == DECL + (
        b"<fee><name>Overage</name><description>Used 20 GB over</description>"
        b"<group>Bandwidth</group><amount>24.0</amount></fee>"
    )
    assert response.status_code == 422  # returned, not raised (documented)


def test_complimentary_subscription_body(mock: respx.MockRouter, old: Client) -> None:
    mock.post("subscribers/123/complimentary_subscriptions.xml").mock(
        return_value=_xml_reply("create_reply", 201)
    )
    assert old.create_complimentary_subscription(123, 2, "months", "Pro") is None
    assert _last(mock).content == DECL + (
        b"<complimentary-subscription><duration-quantity>2</duration-quantity>"
        b"<duration-units>months</duration-units><feature-level>Pro</feature-level>"
        b"</complimentary-subscription>"
    )


def test_complimentary_subscription_sends_start_time_and_amount_together(
    mock: respx.MockRouter, old: Client
) -> None:
    mock.post("subscribers/1/complimentary_subscriptions.xml").mock(
        return_value=httpx.Response(201)
    )
    old.create_complimentary_subscription(
        1, 2, "months", "Pro", start_time=datetime(2013, 1, 2, 3, 4, 5), amount=10.0
    )
    assert _last(mock).content.endswith(
        b"<start-time>2013-01-02T03:04:05Z</start-time><amount>10.0</amount>"
        b"</complimentary-subscription>"
    )


def test_complimentary_subscription_with_only_one_of_them_warns_and_sends_neither(
    mock: respx.MockRouter, old: Client
) -> None:
    mock.post("subscribers/1/complimentary_subscriptions.xml").mock(
        return_value=httpx.Response(201)
    )
    with pytest.warns(UserWarning, match="only sent together"):
        old.create_complimentary_subscription(1, 2, "months", "Pro", amount=10.0)
    assert b"amount" not in _last(mock).content


@pytest.mark.parametrize(
    "method", ["complimentary_time_extensions", "complimentary_time_extension"]
)
def test_time_extension_body_on_the_plural_path(
    mock: respx.MockRouter, old: Client, method: str
) -> None:
    route = mock.post("subscribers/1/complimentary_time_extensions.xml").mock(
        return_value=_xml_reply("create_reply", 201)
    )
    assert getattr(old, method)(1, 2, "months") is None
    assert route.called
    assert _last(mock).content == DECL + (
        b"<complimentary-time-extension><duration-quantity>2</duration-quantity>"
        b"<duration-units>months</duration-units></complimentary-time-extension>"
    )


def test_set_info_body(mock: respx.MockRouter, old: Client) -> None:
    mock.put("subscribers/1.xml").mock(return_value=httpx.Response(200))
    assert old.set_info(1, email="jack@bauer.com", screen_name="jb") is None
    request = _last(mock)
    assert request.method == "PUT"
    assert request.content == DECL + (
        b"<subscriber><email>jack@bauer.com</email><screen-name>jb</screen-name></subscriber>"
    )


def test_set_info_of_get_info_sends_only_writable_non_empty_fields(
    mock: respx.MockRouter, old: Client
) -> None:
    mock.get("subscribers/3.xml").mock(return_value=_xml_reply("create_reply"))
    mock.put("subscribers/3.xml").mock(return_value=httpx.Response(200))
    old.set_info(old.get_info(3))
    assert (
        _last(mock).content == DECL + b"<subscriber><screen-name>tester</screen-name></subscriber>"
    )


def test_set_info_new_customer_id_renames(mock: respx.MockRouter, old: Client) -> None:
    mock.put("subscribers/1.xml").mock(return_value=httpx.Response(200))
    old.set_info(1, new_customer_id="A-1")
    assert _last(mock).content.endswith(
        b"<subscriber><new-customer-id>A-1</new-customer-id></subscriber>"
    )


def test_set_info_with_nothing_writable_sends_nothing(mock: respx.MockRouter, old: Client) -> None:
    assert old.set_info(1, token="abc", active=True, email=None) is None
    assert not mock.calls


def test_set_info_refuses_a_changed_customer_id(mock: respx.MockRouter, old: Client) -> None:
    with pytest.raises(ValueError, match="new_customer_id"):
        old.set_info(1, customer_id=2)
    assert not mock.calls


def test_typed_update_sends_hyphenated_writable_fields(
    mock: respx.MockRouter, typed: Spreedly
) -> None:
    mock.put("subscribers/3.xml").mock(return_value=httpx.Response(200))
    mock.get("subscribers/3.xml").mock(return_value=_xml_reply("create_reply"))
    typed.subscribers.update(3, billing_first_name="Ada", billing_address1="1 Main St")
    put = mock.calls[0].request
    assert put.content == DECL + (
        b"<subscriber><billing-first-name>Ada</billing-first-name>"
        b"<billing-address1>1 Main St</billing-address1></subscriber>"
    )


def test_typed_update_refuses_read_only_fields_before_sending(
    mock: respx.MockRouter, typed: Spreedly
) -> None:
    with pytest.raises(InvalidArgument, match="not a writable"):
        typed.subscribers.update(3, active=True)
    assert not mock.calls


def test_lifetime_complimentary_body(mock: respx.MockRouter, typed: Spreedly) -> None:
    mock.post("subscribers/3/lifetime_complimentary_subscriptions.xml").mock(
        return_value=_xml_reply("create_reply", 201)
    )
    typed.subscribers.create_lifetime_complimentary_subscription(3, feature_level="Pro")
    assert _last(mock).content == DECL + (
        b"<lifetime-complimentary-subscription><feature-level>Pro</feature-level>"
        b"</lifetime-complimentary-subscription>"
    )


def test_stop_auto_renew_posts_without_body_then_reads_back(
    mock: respx.MockRouter, typed: Spreedly
) -> None:
    mock.post("subscribers/3/stop_auto_renew.xml").mock(return_value=httpx.Response(200))
    mock.get("subscribers/3.xml").mock(return_value=_xml_reply("create_reply"))
    typed.subscribers.stop_auto_renew(3)
    assert [c.request.method for c in mock.calls] == ["POST", "GET"]
    assert mock.calls[0].request.content == b""


def test_change_plan_body(mock: respx.MockRouter, old: Client) -> None:
    mock.put("subscribers/3/change_subscription_plan.xml").mock(return_value=httpx.Response(200))
    assert old.change_plan(3, 13) == 200
    assert _last(mock).content == DECL + b"<subscription-plan><id>13</id></subscription-plan>"


def test_store_credit_body(mock: respx.MockRouter, old: Client) -> None:
    mock.post("subscribers/3/credits.xml").mock(return_value=httpx.Response(201))
    old.add_store_credit(3, Decimal("2.34"))
    assert _last(mock).content == DECL + b"<credit><amount>2.34</amount></credit>"


def test_invoice_body(mock: respx.MockRouter, typed: Spreedly) -> None:
    reply = DECL + b"<invoice><token>t1</token><closed type='boolean'>false</closed></invoice>"
    mock.post("invoices.xml").mock(return_value=httpx.Response(201, content=reply))
    invoice = typed.invoices.create(3, "joe", screen_name="Joe", email="joe@example.com")
    assert _last(mock).content == DECL + (
        b"<invoice><subscription-plan-id>3</subscription-plan-id><subscriber>"
        b"<customer-id>joe</customer-id><screen-name>Joe</screen-name>"
        b"<email>joe@example.com</email></subscriber></invoice>"
    )
    assert invoice.closed is False


def test_pay_invoice_body(mock: respx.MockRouter, typed: Spreedly) -> None:
    reply = DECL + b"<invoice><token>t1</token><closed type='boolean'>true</closed></invoice>"
    mock.put("invoices/t1/pay.xml").mock(return_value=httpx.Response(200, content=reply))
    typed.invoices.pay("t1", account_type="on-file")
    assert _last(mock).content == DECL + b"<payment><account-type>on-file</account-type></payment>"


def test_transactions_page_by_since_id(mock: respx.MockRouter, typed: Spreedly) -> None:
    mock.get("transactions.xml").mock(return_value=_xml_reply("nil_classes"))
    assert typed.transactions.list(since_id=40).to_list() == []
    assert _last(mock).url.params["since_id"] == "40"


# -- pyspreedly's other calls ---------------------------------------------------------------------


def test_delete_on_a_site_without_test_in_its_name_sends_nothing(mock: respx.MockRouter) -> None:
    with Client(TOKEN, "mysite") as c:
        assert c.delete_subscriber(1) is None
        assert c.cleanup() is None
    assert not mock.calls


def test_delete_returns_the_status_code_without_raising(
    mock: respx.MockRouter, old: Client
) -> None:
    mock.delete("subscribers/1.xml").mock(return_value=httpx.Response(404, text="nope"))
    assert old.delete_subscriber(1) == 404


def test_query_strips_the_leading_slash_and_checks_no_status(
    mock: respx.MockRouter, old: Client
) -> None:
    mock.get("subscribers/1.xml").mock(return_value=httpx.Response(404, text="There is no..."))
    response = old.query("/subscribers/1.xml")
    assert response.status_code == 404 and not response.ok


def test_query_put_alias_and_data(mock: respx.MockRouter, old: Client) -> None:
    mock.put("subscribers/1.xml").mock(return_value=httpx.Response(200))
    old.query("subscribers/1.xml", "<subscriber><email>a@b.c</email></subscriber>", put="PUT")
    assert _last(mock).method == "PUT"
    assert _last(mock).content == b"<subscriber><email>a@b.c</email></subscriber>"


@pytest.mark.parametrize(
    "url", ["https://evil.example/x", "//evil.example/x", "../other-site/subscribers.xml", "a/../b"]
)
def test_query_never_leaves_the_site(mock: respx.MockRouter, old: Client, url: str) -> None:
    with pytest.raises(InvalidArgument):
        old.query(url)
    assert not mock.calls


def test_signup_urls_as_the_vendor_file_gives_them() -> None:
    c = Client(TOKEN, "meresheep-test")
    assert c.get_signup_url(44763, 41, "screen-name-for-44763") == (
        "https://spreedly.com/meresheep-test/subscribers/44763/subscribe/41/screen-name-for-44763"
    )
    assert c.get_signup_url(
        44763, 41, "screen-name-for-44763", token="d21de2b33ed811c1a040a507988241f550c45aee"
    ) == (
        "https://spreedly.com/meresheep-test/subscribers/44763/"
        "d21de2b33ed811c1a040a507988241f550c45aee/subscribe/41"
    )


def test_legacy_signup_url_keeps_the_old_api_prefix() -> None:
    c = Client(TOKEN, "meresheep-test", legacy_signup_url=True)
    assert c.get_signup_url(44763, 41, "x") == (
        "https://spreedly.com/api/v4/meresheep-test/subscribers/44763/subscribe/41/x"
    )


def test_signup_url_escapes_segments_and_adds_query() -> None:
    c = Client(TOKEN, "mysite")
    assert c.get_signup_url(1, 2, "Joe Bob", return_url="https://app.example/done") == (
        "https://spreedly.com/mysite/subscribers/1/subscribe/2/Joe%20Bob"
        "?return_url=https%3A%2F%2Fapp.example%2Fdone"
    )
    assert c.get_signup_url(1, 2, None) == "https://spreedly.com/mysite/subscribers/1/subscribe/2"


def test_account_url() -> None:
    c = Client(TOKEN, "mysite")
    assert c.get_account_url("abc", return_url="https://x.example/") == (
        "https://spreedly.com/mysite/subscriber_accounts/abc?return_url=https%3A%2F%2Fx.example%2F"
    )


def test_old_attributes() -> None:
    c = Client(TOKEN, "mysite-test")
    assert c.base_path == "/api/v4/mysite-test/"
    assert c.base_host == "https://spreedly.com"
    assert c.base_url == "https://spreedly.com/api/v4/mysite-test/"
    assert c.url is None
    assert c.site_name == "mysite-test"
    assert c.auth.reveal() == TOKEN and TOKEN not in repr(c.auth)


# -- errors ---------------------------------------------------------------------------------------


def test_422_errors_body_becomes_unprocessable_entity(
    mock: respx.MockRouter, typed: Spreedly
) -> None:
    mock.post("subscribers/1/complimentary_time_extensions.xml").mock(
        return_value=_xml_reply("errors_422", 422)
    )
    mock.post("subscribers/1/complimentary_subscriptions.xml").mock(
        return_value=_xml_reply("errors_422", 422)
    )
    with pytest.raises(UnprocessableEntity) as info:
        typed.subscribers.create_complimentary_subscription(
            1, duration_quantity=1, duration_units="days", feature_level="Pro"
        )
    error = info.value
    assert error.errors == ["Duration units must be either 'days' or 'months'"]
    assert str(error).startswith(
        "status code: 422, text: Duration units must be either 'days' or 'months'"
    )
    assert error.code == error.status == error.status_code == 422
    assert error.response is not None and error.response.status_code == 422
    assert "<errors>" in error.body


@pytest.mark.parametrize(
    ("status", "text", "cls"),
    [
        (401, "HTTP Basic: Access denied.", AuthenticationError),
        (403, "A subscriber with a customer-id of 8889 already exists.", PermissionDenied),
        (404, "There is no subscriber with a customer id of 401", NotFound),
        (500, "boom", ServerError),
    ],
)
def test_text_error_bodies_become_typed_errors(
    mock: respx.MockRouter, old: Client, status: int, text: str, cls: type[HTTPError]
) -> None:
    mock.get("subscribers/401.xml").mock(return_value=httpx.Response(status, text=text))
    with pytest.raises(cls) as info:
        old.get_info(401)
    assert info.value.code == status
    assert str(info.value).startswith(f"status code: {status}, text: {text}")
    assert info.value.response is not None and info.value.response.text == text


def test_an_unsafe_xml_response_is_refused(mock: respx.MockRouter, typed: Spreedly) -> None:
    mock.get("subscribers/1.xml").mock(
        return_value=httpx.Response(200, content=sample("billion_laughs"))
    )
    with pytest.raises(UnsafeXML) as info:
        typed.subscribers.get(1)
    assert info.value.status_code == 200
    assert "GET /api/v4/mysite-test/subscribers/1.xml" in str(info.value)


def test_an_external_entity_response_is_refused(mock: respx.MockRouter, old: Client) -> None:
    mock.get("subscribers/7.xml").mock(return_value=httpx.Response(200, content=sample("xxe")))
    with pytest.raises(UnsafeXML):
        old.get_info(7)


def test_an_html_page_is_a_malformed_response(mock: respx.MockRouter, typed: Spreedly) -> None:
    mock.get("subscription_plans.xml").mock(
        return_value=httpx.Response(
            200, text="Service unavailable", headers={"Content-Type": "text/html"}
        )
    )
    with pytest.raises(MalformedXML):
        typed.plans.list()


def test_an_unsafe_error_body_is_read_as_text_not_expanded(
    mock: respx.MockRouter, old: Client
) -> None:
    mock.get("subscribers/1.xml").mock(
        return_value=httpx.Response(422, content=sample("billion_laughs"))
    )
    with pytest.raises(UnprocessableEntity) as info:
        old.get_info(1)
    assert "lollol" not in str(info.value)


# -- the vendor samples, parsed -------------------------------------------------------------------


def test_typed_plans_from_the_sample(mock: respx.MockRouter, typed: Spreedly) -> None:
    mock.get("subscription_plans.xml").mock(return_value=_xml_reply("plans_reply"))
    [plan] = typed.plans.list()
    assert (plan.id, plan.name, plan.price, plan.terms) == (
        12345,
        "Trial",
        Decimal("0.0"),
        "Lifetime",
    )


def test_empty_plan_list(mock: respx.MockRouter, old: Client) -> None:
    mock.get("subscription_plans.xml").mock(return_value=_xml_reply("nil_classes"))
    assert old.get_plans() == []


def test_typed_create_parses_the_sample_reply(mock: respx.MockRouter, typed: Spreedly) -> None:
    mock.post("subscribers.xml").mock(return_value=_xml_reply("create_reply", 201))
    s = typed.subscribers.create(3, "tester")
    assert s.customer_id == "3" and s.token == "a4e2ab63804fc1170869cbc54f3da53e6e0730b5"
    assert s.created_at == datetime(2013, 1, 28, 4, 2, 36, tzinfo=UTC)


def test_base_url_env_var_moves_the_service_root(
    mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRMKIT_SPREEDLY_BASE_URL", "https://subs.pinpayments.com/")
    with respx.mock(base_url="https://subs.pinpayments.com/api/v4/s/") as other:
        other.get("subscription_plans.xml").mock(return_value=_xml_reply("nil_classes"))
        with Client(TOKEN, "s") as c:
            assert c.get_plans() == []
            assert c.base_url == "https://subs.pinpayments.com/api/v4/s/"


def test_a_full_api_root_as_base_url_is_accepted() -> None:
    c = Spreedly(TOKEN, "s", base_url="https://spreedly.com/api/v4/s/")
    assert str(c.api.base_url) == "https://spreedly.com/api/v4/s/"


def test_plain_http_to_a_remote_host_is_refused() -> None:
    from crmkit.core import ConfigurationError

    with pytest.raises(ConfigurationError):
        Client(TOKEN, "s", base_host="http://spreedly.com")


def test_no_warnings_on_the_common_path(mock: respx.MockRouter, old: Client) -> None:
    mock.get("subscription_plans.xml").mock(return_value=_xml_reply("plans_reply"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        old.get_plans()
