"""The old library's idiom: configuration, error behaviour, type checks, every old call."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support.procuret import Clock

import crmkit.core as core
from crmkit.core.emulator import Faults
from crmkit.procuret import (
    CommunicationOption,
    Entity,
    EntityHeadline,
    Human,
    InconsistentState,
    InstalmentLink,
    InstalmentLinkOpen,
    InstalmentSchedule,
    Order,
    PaymentSeries,
    Perspective,
    ProcuretApiError,
    ProcuretError,
    ProcuretTypeError,
    SecondFactorCode,
    Session,
    TermRateGroup,
    XeroEntityMap,
    XeroOrganisation,
    configure,
    configured_base_url,
    errors,
)
from crmkit.procuret.emulator import (
    BUSINESS_EMAIL,
    PASSPHRASE,
    SERIES_ID,
    SETUP_ID,
    SUPPLIER_EMAIL,
    TERM_RATE_GROUP_ID,
    ProcuretEmulator,
)


@pytest.fixture
def legacy(emulator: ProcuretEmulator, clock: Clock) -> ProcuretEmulator:
    configure(transport=emulator.transport(), clock=clock, max_retries=0)
    return emulator


def _create(session: Any, **change: Any) -> InstalmentLink:
    args: dict[str, Any] = {
        "supplier": 4000,
        "invoice_amount": Decimal("422.42"),
        "invitee_email": "someone@great-domain.org",
        "invoice_identifier": "T 055",
        "communication": CommunicationOption.EMAIL_CUSTOMER,
        "session": session,
        **change,
    }
    return InstalmentLink.create(**args)


# -- configuration -----------------------------------------------------------------------------


def test_default_base_url_is_production() -> None:
    assert configured_base_url() == ("https://procuret.com/api", None)


def test_configuration_file_is_read_lazily(tmp_path: Path) -> None:
    (tmp_path / "procuret_configuration").write_text(
        json.dumps({"api_endpoint": "https://dev.procuret.test/api", "agent_prefix": "erp"})
    )
    assert configured_base_url() == ("https://dev.procuret.test/api", "erp")


def test_env_var_beats_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "procuret_configuration").write_text(json.dumps({"api_endpoint": "https://x.test"}))
    monkeypatch.setenv("CRMKIT_PROCURET_BASE_URL", "http://127.0.0.1:9/api/")
    assert configured_base_url()[0] == "http://127.0.0.1:9/api/"


def test_configure_beats_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRMKIT_PROCURET_BASE_URL", "http://127.0.0.1:9/api/")
    configure(environment="demo")
    assert configured_base_url()[0] == "https://demo.procuret.com/api"


def test_configure_refuses_unknown_modes() -> None:
    with pytest.raises(core.ConfigurationError):
        configure(auth_mode="magic")


def test_argv_flag_is_no_longer_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.argv", ["app", "--procuret-api-endpoint", "https://evil.test"])
    assert configured_base_url()[0] == "https://procuret.com/api"


# -- the old calls -------------------------------------------------------------------------------


def test_second_factor_and_session_and_link(legacy: ProcuretEmulator) -> None:
    assert (
        SecondFactorCode.create_with_email(SUPPLIER_EMAIL, PASSPHRASE, Perspective.SUPPLIER) is None
    )
    code = legacy.latest_code(SUPPLIER_EMAIL)
    assert code is not None
    session = Session.create_with_email(SUPPLIER_EMAIL, PASSPHRASE, Perspective.SUPPLIER, code)
    link = _create(session, supplier=EntityHeadline("Example Supplier Pty Ltd", 4000))
    found = InstalmentLink.retrieve(link.public_id, session)
    assert found is not None and found.public_id == link.public_id
    assert found.invoice_amount == link.invoice_amount


def test_old_submodule_paths_import() -> None:
    from crmkit.procuret.errors import ProcuretApiError as A
    from crmkit.procuret.instalment_link import InstalmentLinkMode
    from crmkit.procuret.security.second_factor_code import SecondFactorCode as S

    assert A is ProcuretApiError
    assert S is SecondFactorCode
    assert InstalmentLinkMode.PRE_APPROVAL == 2


def test_invoice_email_alias(legacy: ProcuretEmulator, supplier_session: Session) -> None:
    args: dict[str, Any] = {"invoice_email": "alias@example.org", "session": supplier_session}
    link = InstalmentLink.create(
        4000,
        Decimal("10.00"),
        invoice_identifier="A1",
        communication=CommunicationOption.DO_NOT_CONTACT_CUSTOMER,
        **args,
    )
    assert link.invitee_email == "alias@example.org"
    with pytest.raises(TypeError, match="not both"):
        _create(supplier_session, invoice_email="x@y.z")


def test_retrieve_many_and_open(legacy: ProcuretEmulator, supplier_session: Session) -> None:
    link = _create(supplier_session)
    assert InstalmentLinkOpen.create(link.public_id, supplier_session) is None
    opened = InstalmentLink.retrieve_many(session=supplier_session, opened=True, limit=100)
    assert link.public_id in {row.public_id for row in opened}
    first = InstalmentLink.retrieve_many(session=supplier_session, limit=2, offset=0)
    assert [row.disposition.sequence for row in first] == [1, 2]
    oldest_first = [r.created for r in InstalmentLink.retrieve_many(supplier_session, limit=100)]
    assert oldest_first == sorted(oldest_first)


def test_other_reads(legacy: ProcuretEmulator, supplier_session: Session) -> None:
    assert TermRateGroup.retrieve(TERM_RATE_GROUP_ID, supplier_session) is not None
    assert XeroEntityMap.retrieve(4000, supplier_session).entity_id == 4000  # type: ignore[union-attr]
    assert XeroOrganisation.retrieve(4000, supplier_session).short_code == "!k3Lp9"  # type: ignore[union-attr]
    assert Entity.retrieve(4000, supplier_session).legal_entity_name == "Example Supplier Pty Ltd"  # type: ignore[union-attr]
    assert Human.retrieve("7001", supplier_session).first_name == "Morgan"  # type: ignore[union-attr]


def test_series_reads(legacy: ProcuretEmulator, business_session: Session) -> None:
    series = PaymentSeries.retrieve(business_session, SERIES_ID)
    assert series is not None and series.identifier == "INV-0042"
    assert PaymentSeries.retrieve_many(business_session, text_fragment="nothing-matches") == []
    assert PaymentSeries.OrderBy.CREATED.value == "created"
    schedule = InstalmentSchedule.retrieve(SERIES_ID, business_session)
    assert schedule is not None and schedule.series_id == SERIES_ID
    from crmkit.procuret.models import Commitment

    assert Commitment.retrieve(SETUP_ID, business_session) is not None


# -- 404 behaviour (kept) -------------------------------------------------------------------------


def test_404_becomes_none_or_empty(legacy: ProcuretEmulator, supplier_session: Session) -> None:
    assert InstalmentLink.retrieve("nope", supplier_session) is None
    assert TermRateGroup.retrieve("nope", supplier_session) is None
    assert Entity.retrieve(1, supplier_session) is None
    assert InstalmentLinkOpen.create("nope", supplier_session) is None
    assert PaymentSeries.retrieve(supplier_session, "nope") is None


def test_404_on_create_is_inconsistent_state(
    legacy: ProcuretEmulator, supplier_session: Session, clock: Clock
) -> None:
    configure(base_url="https://procuret.com/wrong-root", transport=legacy.transport(), clock=clock)
    with pytest.raises(InconsistentState):
        _create(supplier_session)
    with pytest.raises(InconsistentState):
        Session.create_with_email(SUPPLIER_EMAIL, PASSPHRASE, Perspective.SUPPLIER, "1")
    assert InstalmentLink.retrieve_many(session=supplier_session) == []


def test_series_404_is_an_empty_list(
    legacy: ProcuretEmulator, business_session: Session, clock: Clock
) -> None:
    configure(base_url="https://procuret.com/wrong-root", transport=legacy.transport(), clock=clock)
    # The old call raised TypeError here (#11).
    assert PaymentSeries.retrieve_many(business_session) == []


# -- error statuses --------------------------------------------------------------------------------


def test_api_errors_are_old_and_new_classes(legacy: ProcuretEmulator) -> None:
    with pytest.raises(ProcuretApiError) as caught:
        Session.create_with_email(SUPPLIER_EMAIL, "wrong", Perspective.SUPPLIER, "123456")
    error = caught.value
    assert isinstance(error, RuntimeError)
    assert isinstance(error, ProcuretError)
    assert isinstance(error, core.AuthenticationError)
    assert (error.status, error.status_code, error.response_code) == (401, 401, 401)
    assert error.message == "Invalid credentials"
    assert "error code - 401" in str(error)


def test_422_is_both_unprocessable_and_bad_request(
    legacy: ProcuretEmulator, supplier_session: Session
) -> None:
    with pytest.raises(errors.ProcuretUnprocessableEntity) as caught:
        _create(supplier_session, invoice_amount=Decimal("0"))
    assert isinstance(caught.value, core.BadRequest)
    assert isinstance(caught.value, core.UnprocessableEntity)


def test_403_is_permission_denied(legacy: ProcuretEmulator, business_session: Session) -> None:
    with pytest.raises(core.PermissionDenied):
        _create(business_session)


def test_server_errors_are_procuret_api_errors(
    legacy: ProcuretEmulator, supplier_session: Session
) -> None:
    legacy.faults = Faults(rates={"500": 1.0})
    with pytest.raises(errors.ProcuretServerError):
        TermRateGroup.retrieve(TERM_RATE_GROUP_ID, supplier_session)


def test_an_ambiguous_create_passes_through(
    legacy: ProcuretEmulator, supplier_session: Session
) -> None:
    legacy.faults = Faults(rates={"drop-after": 1.0})
    with pytest.raises(core.AmbiguousWriteError):
        _create(supplier_session)
    assert len(legacy.requests_to("POST", "/instalment-link")) == 1


# -- type checks before any request ------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"invoice_amount": 422.42}, "invoice_amount"),
        ({"invoice_amount": "422.42"}, "invoice_amount"),
        ({"supplier": True}, "supplier"),  # a bool passed the old int check (#20)
        ({"supplier": "4000"}, "supplier"),
        ({"invitee_email": None}, "invitee_email"),
        ({"invoice_identifier": 55}, "invoice_identifier"),
        ({"communication": True}, "communication"),
    ],
)
def test_create_type_errors(
    legacy: ProcuretEmulator, supplier_session: Session, change: dict[str, Any], name: str
) -> None:
    legacy.requests.clear()
    with pytest.raises(ProcuretTypeError, match=name) as caught:
        _create(supplier_session, **change)
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, core.InvalidArgument)
    assert list(legacy.requests) == []


def test_create_refuses_a_non_session(legacy: ProcuretEmulator) -> None:
    with pytest.raises(ProcuretTypeError, match="session"):
        _create("not a session")
    assert list(legacy.requests) == []


def test_type_error_message_lists_the_types() -> None:
    message = str(ProcuretTypeError(("int", "EntityHeadline"), "x", "supplier"))
    assert message == (
        "supplier must be an instance of one of types int or EntityHeadline, not <class 'str'>"
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda s: InstalmentLink.retrieve(42, s),  # was a plain TypeError (#10)
        lambda s: InstalmentLink.retrieve_many(s, limit="20"),
        lambda s: InstalmentLink.retrieve_many(s, order="ascending"),
        lambda s: InstalmentLink.retrieve_many(s, opened="yes"),
        lambda s: XeroEntityMap.retrieve("4000", s),
        lambda s: PaymentSeries.retrieve(s, 1),
        lambda s: InstalmentLink.retrieve_many("session"),
    ],
)
def test_read_type_errors(legacy: ProcuretEmulator, supplier_session: Session, call: Any) -> None:
    with pytest.raises(ProcuretTypeError):
        call(supplier_session)
    assert list(legacy.requests) == []


def test_seed_order_enum_still_works(legacy: ProcuretEmulator, supplier_session: Session) -> None:
    rows = InstalmentLink.retrieve_many(supplier_session, order=Order.DESCENDING, limit=100)
    assert [r.created for r in rows] == sorted((r.created for r in rows), reverse=True)


def test_business_session_sees_no_supplier_links(legacy: ProcuretEmulator) -> None:
    session = Session.decode(legacy.issue_session(BUSINESS_EMAIL).wire())
    assert InstalmentLink.retrieve_many(session) == []
