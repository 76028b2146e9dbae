"""Unified models: UTC everywhere, no float money, typed lists, strict keys, provenance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from crmkit.core.unified import ENTITY_MODELS, Contact, Deal, EmailAddress, Subscription


def test_timestamps_are_normalised_to_utc() -> None:
    cet = timezone(timedelta(hours=1))
    c = Contact(updated_at=datetime(2026, 1, 1, 13, 0, tzinfo=cet))
    assert c.updated_at == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert c.updated_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValidationError, match="naive"):
        Contact(updated_at=datetime(2026, 1, 1))


def test_float_money_is_refused_and_strings_become_decimal() -> None:
    with pytest.raises(ValidationError, match="float"):
        Deal(amount=422.42)
    assert Deal(amount="422.42").amount == Decimal("422.42")
    assert Subscription(amount=Decimal("9.99")).amount == Decimal("9.99")


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError):
        Contact(emial="typo@example.org")  # type: ignore[call-arg]


def test_emails_are_typed_and_checked() -> None:
    c = Contact(emails=[{"address": "a@b.example", "label": "work"}])  # type: ignore[list-item]
    assert c.emails == [EmailAddress(address="a@b.example", label="work")]
    assert c.primary_email == "a@b.example"
    with pytest.raises(ValidationError):
        EmailAddress(address="not-an-email")


def test_remote_data_is_kept_but_not_dumped() -> None:
    c = Contact(remote_id="7", vendor="x", remote_data={"raw": True})
    assert c.remote_data == {"raw": True}
    assert "remote_data" not in c.model_dump()


def test_content_excludes_identity_and_times() -> None:
    c = Contact(remote_id="7", vendor="x", name="A", updated_at=datetime.now(UTC))
    content = c.content()
    assert content["name"] == "A"
    assert "remote_id" not in content and "updated_at" not in content


def test_display_name_falls_back_to_parts() -> None:
    assert Contact(first_name="Ada", last_name="Lovelace").display_name == "Ada Lovelace"


def test_entity_registry_lists_the_six_models() -> None:
    assert set(ENTITY_MODELS) == {
        "contacts",
        "companies",
        "deals",
        "plans",
        "subscriptions",
        "events",
    }


def test_dropped_fields_are_reported() -> None:
    c = Contact(name="x").with_dropped(["tags"])
    assert c.dropped_fields == ("tags",)
