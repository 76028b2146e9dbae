"""Each code example of the seed document (procuret 0.0.43's README), run unchanged but for
its import line, against the emulator served on loopback via CRMKIT_PROCURET_BASE_URL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crmkit.core.emulator import EmulatorOptions, EmulatorServer
from crmkit.procuret.emulator import (
    PASSPHRASE,
    SUPPLIER_EMAIL,
    SUPPLIER_ID,
    ProcuretEmulator,
    create_emulator,
)


@pytest.fixture
def emulator() -> ProcuretEmulator:
    # The third example passes the five-digit code '12346', so codes are not checked here.
    return create_emulator(EmulatorOptions(settings={"second_factor_mode": "any"}))


@pytest.fixture
def served(emulator: ProcuretEmulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorServer]:
    with emulator.serve(port=0) as server:
        monkeypatch.setenv("CRMKIT_PROCURET_BASE_URL", server.base_url)
        yield server


def test_session_create_with_email(served: EmulatorServer, emulator: ProcuretEmulator) -> None:
    from crmkit.procuret import Perspective, Session

    # The seed's example, verbatim (its formatting included).
    # fmt: off
    session = Session.create_with_email(
        email='me@somedomain.com',
        plaintext_secret='excellent passphrase',
        perspective=Perspective.SUPPLIER,
        code='123456'
    )
    # fmt: on

    assert session.session_id in emulator.sessions
    assert session.lifecycle.name == "LONG_LIVED"
    assert emulator.requests[-1].json() == {
        "email": "me@somedomain.com",
        "secret": "excellent passphrase",
        "perspective": 1,
        "lifecycle": 2,
        "code": "123456",
    }


def test_second_factor_code_create_with_email(
    served: EmulatorServer, emulator: ProcuretEmulator
) -> None:
    from crmkit.procuret import Perspective, SecondFactorCode

    # fmt: off
    result = SecondFactorCode.create_with_email(
        email='someone@somewhere.com',
        plaintext_secret='excellent passphrase',
        perspective=Perspective.BUSINESS
    )
    # fmt: on

    assert result is None
    code = emulator.latest_code("someone@somewhere.com")
    assert code is not None and len(code) == 6 and code.isdigit()


def test_instalment_link_create(served: EmulatorServer, emulator: ProcuretEmulator) -> None:
    from decimal import Decimal

    from crmkit.procuret import CommunicationOption, InstalmentLink, Perspective, Session

    email, secret, supplier_id = SUPPLIER_EMAIL, PASSPHRASE, SUPPLIER_ID

    # fmt: off
    # First we get a Session. In this case we authenticate with email and
    # passphrase. In a real integration, you might store the Session elsehwhere.
    session = Session.create_with_email(
        email=email,
        plaintext_secret=secret,
        perspective=Perspective.SUPPLIER,
        code='12346'  # Obtained via `SecondFactorCode`
    )

    # Now we use the Session in an InstalmentLink.create() call, along with
    # the parameters describing the link. By supplying
    # CommunicationOption.EMAIL_CUSTOMER, we tell Procuret that we would like
    # Procuret to send an email to the customer on our behalf inviting them
    # to pay using the link.
    link = InstalmentLink.create(
        supplier=supplier_id,
        invoice_amount=Decimal('422.42'),
        invitee_email='someone@great-domain.org',
        invoice_identifier='T 055',
        communication=CommunicationOption.EMAIL_CUSTOMER,
        session=session
    )
    # fmt: on

    assert link.url == f"https://procuret.com/b?il={link.public_id}"
    assert (link.invitee_email, link.invoice_amount, link.invoice_identifier) == (
        "someone@great-domain.org",
        Decimal("422.42"),
        "T 055",
    )
    sent = emulator.requests_to("POST", "/instalment-link")[-1]
    assert "x-procuret-signature" in sent.headers  # a LONG_LIVED session signs
    assert sent.json() == {
        "supplier_id": 4000,
        "invoice_amount": "422.42",
        "invitee_email": "someone@great-domain.org",
        "invoice_identifier": "T 055",
        "communicate": True,
    }
    invitation = emulator.outbox[-1]
    assert (invitation["kind"], invitation["to"], invitation["url"]) == (
        "instalment_link",
        "someone@great-domain.org",
        link.url,
    )


def test_from_interactive_prompt(
    served: EmulatorServer, emulator: ProcuretEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crmkit.procuret import Session

    answers = iter(["1", "2", "me@somedomain.com", "654321"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "excellent passphrase")

    session = Session.from_interactive_prompt()

    assert session.session_id in emulator.sessions
    assert emulator.outbox[-1]["to"] == "me@somedomain.com"  # the code was requested
