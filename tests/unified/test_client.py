"""The unified client over a vendor's backend: services, capabilities, errors, pass-through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from support.minicrm import MiniCrmEmulator

import crmkit
from crmkit.core import (
    ConfigurationError,
    InvalidArgument,
    NotFound,
    NotSupported,
    VendorNotInstalled,
)
from crmkit.core.unified import Contact, Deal, EmailAddress


def _crm(mini: MiniCrmEmulator, **kwargs: Any) -> crmkit.Client:
    return crmkit.connect("minicrm", token="unified-token-1", transport=mini.transport(), **kwargs)


def test_list_is_lazy_and_paginates(mini: MiniCrmEmulator) -> None:
    crm = _crm(mini)
    contacts = crm.contacts.list(page_size=7)
    assert mini.requests_to("GET") == []
    assert len(list(contacts)) == 30
    assert len(mini.requests_to("GET", "/contacts")) == 5


def test_list_records_are_unified_with_provenance(mini: MiniCrmEmulator) -> None:
    first = _crm(mini).contacts.list()[0]
    assert isinstance(first, Contact)
    assert first.vendor == "minicrm" and first.remote_id == "1"
    assert first.updated_at is not None and first.updated_at.tzinfo is UTC
    assert first.remote_data is not None and first.remote_data["id"] == 1


def test_updated_since_filters_server_side(mini: MiniCrmEmulator) -> None:
    crm = _crm(mini)
    all_contacts = list(crm.contacts.list())
    cut = all_contacts[20].updated_at
    assert cut is not None
    newer = list(crm.contacts.list(updated_since=cut))
    assert [c.remote_id for c in newer] == [c.remote_id for c in all_contacts[20:]]
    assert "updated_since" in mini.requests[-1].query


def test_naive_updated_since_is_refused_before_any_request(mini: MiniCrmEmulator) -> None:
    with pytest.raises(InvalidArgument, match="naive"):
        _crm(mini).contacts.list(updated_since=datetime(2026, 1, 1))
    assert list(mini.requests) == []


def test_get_create_update_delete(mini: MiniCrmEmulator) -> None:
    crm = _crm(mini)
    created = crm.contacts.create(
        Contact(name="Ada Lovelace", emails=[EmailAddress(address="ada@x.example")])
    )
    assert created.remote_id == "31"
    assert crm.contacts.get("31").primary_email == "ada@x.example"
    updated = crm.contacts.update("31", {"name": "Ada King"})
    assert updated.name == "Ada King" and updated.primary_email == "ada@x.example"
    assert mini.requests[-1].json() == {"name": "Ada King"}
    crm.contacts.delete("31")
    with pytest.raises(NotFound):
        crm.contacts.get("31")


def test_fields_the_vendor_cannot_hold_are_reported(mini: MiniCrmEmulator) -> None:
    created = _crm(mini).contacts.create(Contact(name="A", title="CEO"))
    assert created.dropped_fields == ("title",)


def test_search_by_email(mini: MiniCrmEmulator) -> None:
    crm = _crm(mini)
    target = crm.contacts.list()[4]
    email = target.primary_email
    assert email is not None
    assert [c.remote_id for c in crm.contacts.search(email=email)] == [target.remote_id]


def test_unknown_match_key_is_not_supported(mini: MiniCrmEmulator) -> None:
    with pytest.raises(NotSupported, match="external_id"):
        _crm(mini).contacts.find("external_id", "x")


def test_missing_entity_raises_not_supported_before_any_request(mini: MiniCrmEmulator) -> None:
    crm = _crm(mini)
    with pytest.raises(NotSupported, match="minicrm does not support create on deals"):
        crm.deals.create(Deal(name="x"))
    with pytest.raises(NotSupported):
        crm.companies.list()
    assert list(mini.requests) == []


def test_capabilities_cover_all_six_entities(mini: MiniCrmEmulator) -> None:
    caps = _crm(mini).capabilities
    assert set(caps) == {"contacts", "companies", "deals", "plans", "subscriptions", "events"}
    assert caps["contacts"].supports("find") and caps["contacts"].updated_since == "server"
    assert not caps["deals"].operations


@pytest.mark.parametrize("bad", ["", " ", None, True, 1.5])
def test_bad_ids_are_refused_before_any_request(mini: MiniCrmEmulator, bad: Any) -> None:
    with pytest.raises(InvalidArgument):
        _crm(mini).contacts.get(bad)
    assert list(mini.requests) == []


def test_wrong_record_type_is_refused(mini: MiniCrmEmulator) -> None:
    with pytest.raises(InvalidArgument):
        _crm(mini).contacts.create(Deal(name="not a contact"))  # type: ignore[arg-type]


def test_request_pass_through_uses_the_same_auth(mini: MiniCrmEmulator) -> None:
    response = _crm(mini).request("GET", "contacts/2")
    assert response.json()["id"] == 2
    assert mini.requests[-1].headers["authorization"] == "Bearer unified-token-1"


def test_vendor_client_is_available(mini: MiniCrmEmulator) -> None:
    assert _crm(mini).vendor_client is not None


def test_missing_credential_names_the_variable(
    minicrm_installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CRMKIT_MINICRM_TOKEN", raising=False)
    with pytest.raises(ConfigurationError, match="CRMKIT_MINICRM_TOKEN"):
        crmkit.connect("minicrm")


def test_credentials_from_the_environment(
    mini: MiniCrmEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRMKIT_MINICRM_TOKEN", "env-token-2")
    crm = crmkit.connect("minicrm", transport=mini.transport())
    crm.contacts.get("1")
    assert mini.requests[-1].headers["authorization"] == "Bearer env-token-2"


def test_credentials_from_a_profile(
    mini: MiniCrmEmulator, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "crmkit.toml"
    config.write_text('[profiles.test-mini]\nvendor = "minicrm"\ntoken_env = "MY_MINI_TOKEN"\n')
    monkeypatch.setenv("CRMKIT_CONFIG", str(config))
    monkeypatch.setenv("MY_MINI_TOKEN", "profile-token-3")
    crm = crmkit.connect(profile="test-mini", transport=mini.transport())
    crm.contacts.get("1")
    assert mini.requests[-1].headers["authorization"] == "Bearer profile-token-3"


def test_unknown_profile_lists_the_known_ones(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "crmkit.toml"
    config.write_text('[profiles.a]\nvendor = "minicrm"\n')
    monkeypatch.setenv("CRMKIT_CONFIG", str(config))
    with pytest.raises(ConfigurationError, match="profiles: a"):
        crmkit.connect(profile="b")


def test_unknown_setting_is_refused(minicrm_installed: None) -> None:
    with pytest.raises(ConfigurationError, match="unknown: tokn"):
        crmkit.connect("minicrm", tokn="x")


def test_missing_vendor_names_the_extra() -> None:
    with pytest.raises(VendorNotInstalled, match=r"crmkit\[hubspot\]"):
        crmkit.connect("hubspot", token="x")


def test_secret_never_in_repr(mini: MiniCrmEmulator) -> None:
    crm = _crm(mini)
    assert "unified-token-1" not in repr(crm)
    assert "unified-token-1" not in repr(crm.backend.settings)


async def test_async_client_same_operations(mini: MiniCrmEmulator) -> None:
    async with crmkit.aconnect("minicrm", token="t-async-1", transport=mini.transport()) as crm:
        ids = [c.remote_id async for c in crm.contacts.list(page_size=8, prefetch=3)]
        assert ids == [str(i) for i in range(1, 31)]
        created = await crm.contacts.create(Contact(name="Async Person"))
        assert (await crm.contacts.get(created.remote_id or "")).name == "Async Person"
        since = datetime.now(UTC) - timedelta(days=1)
        assert len([c async for c in crm.contacts.list(updated_since=since)]) == 31
        with pytest.raises(NotSupported):
            await crm.deals.get("1")
