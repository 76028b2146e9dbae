"""Every example of the seed document (pyspreedly's API reference), run unchanged except for
its import line, against the emulator served on loopback through CRMKIT_SPREEDLY_BASE_URL.

The examples use site ``demo-test``: the emulator's test site with the plan catalogue (free
trial 21431, as in pyspreedly's own tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest
from support.spreedly import make_emulator

from crmkit.spreedly.api import Client  # was: from pyspreedly.api import Client
from crmkit.spreedly.emulator import SpreedlyEmulator

token = "d3f1c0ffee"
site_name = "demo-test"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[SpreedlyEmulator]:
    emulator = make_emulator(records=0)
    with emulator.serve(port=0) as server:
        monkeypatch.setenv("CRMKIT_SPREEDLY_BASE_URL", server.base_url)
        yield emulator


@pytest.fixture
def sclient(served: SpreedlyEmulator) -> Iterator[Client]:
    client = Client(token, site_name)
    yield client
    client.close()


def test_client_manages_queries_for_a_site(served: SpreedlyEmulator) -> None:
    # Client(token, site_name): "Create an object to manage queries for a Client on a site."
    client = Client(token, site_name)
    assert client.base_url.endswith("/api/v4/demo-test/")
    assert client.base_url.startswith("http://127.0.0.1:")
    assert served.requests_to("GET") == []


def test_get_plans(sclient: Client) -> None:
    # get_plans(): "get subscription plans for the configured site :returns: data"
    plans = sclient.get_plans()
    assert 21431 in [p["subscription_plan"]["id"] for p in plans]


def test_create_subscriber(sclient: Client) -> None:
    # create_subscriber(customer_id, screen_name): "Data for created customer"
    data = sclient.create_subscriber(1, "test")
    assert data["customer_id"] == 1 and data["screen_name"] == "test"


def test_get_info(sclient: Client) -> None:
    # get_info(subscriber_id): "Data as dictionary; Raises: HTTPError if not 200"
    from crmkit.spreedly.api import HTTPError

    sclient.create_subscriber(1, "test")
    assert sclient.get_info(1)["customer_id"] == 1
    with pytest.raises(HTTPError):
        sclient.get_info(2)


def test_get_or_create_subscriber(sclient: Client) -> None:
    # "Tries to get info for a subscriber, else creates a new subscriber"
    created = sclient.get_or_create_subscriber(3, "three")
    again = sclient.get_or_create_subscriber(3, "three")
    assert created["customer_id"] == again["customer_id"] == 3


def test_subscribe(sclient: Client) -> None:
    # subscribe(subscriber_id, plan_id): "dictionary with xml data if all is good"
    sclient.create_subscriber(1, "test")
    assert sclient.subscribe(1, 21431)["on_trial"] is True


def test_allow_free_trial(sclient: Client) -> None:
    # "programatically allow for a new free trial :returns: subscriber data as dictionary"
    sclient.create_subscriber(1, "test")
    sclient.subscribe(1, 21431)
    assert sclient.allow_free_trial(1)["eligible_for_free_trial"] is True


def test_add_fee(sclient: Client) -> None:
    # add_fee(subscriber_id, name, description, group, amount): ":returns: the response object"
    sclient.create_subscriber(1, "test")
    response = sclient.add_fee(1, "Excess Bandwidth Charge", "Used 20 GB over", "Bandwidth", 24.0)
    assert response.status_code == 422  # a new subscriber is not active and recurring


def test_create_complimentary_subscription(sclient: Client) -> None:
    # create_complimentary_subscription(subscriber_id, duration, duration_units, feature_level)
    sclient.create_subscriber(123, "test")
    assert sclient.create_complimentary_subscription(123, 2, "months", "Pro") is None
    assert sclient.get_info(123)["feature_level"] == "Pro"


def test_create_complimentary_subscription_with_start_time_and_amount(sclient: Client) -> None:
    # "[, start_time=None, amount=None]": for pro-rating purposes
    sclient.create_subscriber(124, "test")
    sclient.create_complimentary_subscription(
        124, 2, "months", "Pro", start_time=datetime(2024, 3, 1), amount=10.0
    )
    assert sclient.get_info(124)["active"] is True


def test_complimentary_time_extensions(sclient: Client) -> None:
    # complimentary_time_extensions(subscriber_id, duration, duration_units)
    sclient.create_subscriber(1, "test")
    sclient.create_complimentary_subscription(1, 1, "months", "Pro")
    before = sclient.get_info(1)["active_until"]
    sclient.complimentary_time_extensions(1, 2, "months")
    assert sclient.get_info(1)["active_until"] > before


def test_complimentary_time_extension_as_the_docs_spell_it(sclient: Client) -> None:
    # the docs' complimentary_time_extension(subscriber_id, duration, duration_units)
    sclient.create_subscriber(1, "test")
    sclient.create_complimentary_subscription(1, 1, "months", "Pro")
    before = sclient.get_info(1)["active_until"]
    sclient.complimentary_time_extension(1, 10, "days")
    assert sclient.get_info(1)["active_until"] > before


def test_set_info(sclient: Client) -> None:
    # set_info(subscriber_id, **kw): "corresponds to the update-subscriber action"
    sclient.create_subscriber(1, "test")
    sclient.set_info(1, email="jack@bauer.com", screen_name="jb")
    assert sclient.get_info(1)["email"] == "jack@bauer.com"


def test_set_info_of_get_info_the_documented_design_flaw(sclient: Client) -> None:
    # "sclient.set_info(sclient.get_info(123)) will not work at all": now it does.
    sclient.create_subscriber(123, "test")
    sclient.set_info(sclient.get_info(123))
    assert sclient.get_info(123)["screen_name"] == "test"


def test_get_signup_url(sclient: Client) -> None:
    # get_signup_url(subscriber_id, plan_id, screen_name): "url for subscription"
    sclient.create_subscriber(44763, "screen-name-for-44763")
    url = sclient.get_signup_url(44763, 21431, "screen-name-for-44763")
    assert url.endswith("/demo-test/subscribers/44763/subscribe/21431/screen-name-for-44763")
    assert httpx.get(url).status_code == 200


def test_get_signup_url_with_token(sclient: Client) -> None:
    # "token: customer token or None - if passed use the token version of the url"
    subscriber_token = sclient.create_subscriber(44763, "x")["token"]
    url = sclient.get_signup_url(44763, 21431, "x", token=subscriber_token)
    assert url.endswith(f"/demo-test/subscribers/44763/{subscriber_token}/subscribe/21431")
    assert httpx.get(url).status_code == 200


def test_delete_subscriber(sclient: Client) -> None:
    # delete_subscriber(id): "delete a test subscriber :returns: status code"
    sclient.create_subscriber(1, "test")
    assert sclient.delete_subscriber(1) == 200


def test_cleanup(sclient: Client) -> None:
    # cleanup(): "Removes ALL subscribers. NEVER USE IN PRODUCTION! :returns: status code"
    sclient.create_subscriber(1, "test")
    sclient.create_subscriber(2, "test")
    assert sclient.cleanup() == 200
    assert sclient.query("subscribers.xml").text.endswith('<nil-classes type="array"/>\n')


def test_query(sclient: Client) -> None:
    # query(url, data=None, action='get'): "status_codes are not checked here"
    response = sclient.query("subscribers/1.xml")
    assert response.status_code == 404


def test_query_with_put_as_the_docs_spell_it(sclient: Client) -> None:
    # query(url[, data=None, put='get'])
    sclient.create_subscriber(1, "test")
    body = "<subscriber><email>q@example.org</email></subscriber>"
    assert sclient.query("subscribers/1.xml", data=body, put="put").status_code == 200
    assert sclient.get_info(1)["email"] == "q@example.org"
