"""Creates that failed ambiguously are reconciled by natural key, and only to the right record.

A vendor create flow that looks the record up after a lost answer must never post twice when
it has no key to look up by, and must never take another record that happens to share the key
for the one it was asked to create (the caller would believe a record exists that does not).
"""

from __future__ import annotations

import pytest
from reliability.kit import (
    CONTACTHUB_TYPED,
    PROSPERWORKS_TYPED,
    AmbiguousWriteError,
    CrmError,
    FaultScript,
    FaultyTransport,
    Step,
    run_op,
)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_contacthub_customer_without_natural_key_is_not_posted_twice(mode: str) -> None:
    # Regression: the create flow re-POSTed a customer with neither externalId nor email after
    # a lost answer, creating it twice.
    surface = CONTACTHUB_TYPED
    emulator = surface.emulator()
    before = surface.count(emulator)
    script = FaultScript(emulator, [Step("drop-after")], method="POST", suffix="/customers")
    make = surface.make(emulator, mode, transport=FaultyTransport(emulator, script))
    with pytest.raises(AmbiguousWriteError) as info:
        run_op(mode, make, lambda c: c.customers.create({"base": {"firstName": "NoKey"}}))
    assert "look the record up" in str(info.value)
    assert surface.count(emulator) == before + 1  # processed once, never twice
    assert len(surface.creates(emulator)) == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("kind", ["drop", "drop-after"])
def test_prosperworks_company_lookup_only_takes_the_same_company(kind: str, mode: str) -> None:
    # Regression: after a lost answer the flow took the first company with the same email
    # domain, so asking for "Totally New Co" returned another company as if it were created.
    surface = PROSPERWORKS_TYPED
    emulator = surface.emulator()
    other = next(iter(emulator.companies.values()))  # type: ignore[attr-defined]
    script = FaultScript(emulator, [Step(kind)], method="POST", suffix="/companies")
    make = surface.make(emulator, mode, transport=FaultyTransport(emulator, script))
    wanted = {"name": "Totally New Co", "email_domain": other["email_domain"]}
    try:
        result = run_op(mode, make, lambda c: c.companies.create(wanted))
    except CrmError as exc:
        result = exc
    names = [c["name"] for c in emulator.companies.values()]  # type: ignore[attr-defined]
    if isinstance(result, CrmError):
        # Refused (the domain is taken) or ambiguous: never reported as created.
        assert "Totally New Co" not in names or kind == "drop-after"
    else:
        assert result.name == "Totally New Co", f"another company came back: {result.name}"
        assert names.count("Totally New Co") == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("kind", ["drop", "drop-after", "truncate", "timeout"])
def test_prosperworks_person_is_reconciled_to_itself(kind: str, mode: str) -> None:
    surface = PROSPERWORKS_TYPED
    emulator = surface.emulator()
    before = surface.count(emulator)
    script = FaultScript(emulator, [Step(kind)], method="POST", suffix="/people")
    make = surface.make(emulator, mode, transport=FaultyTransport(emulator, script))
    person = run_op(mode, make, lambda c: surface.create(c, 7))
    assert person.name == "Rel N7"
    assert surface.count(emulator) == before + 1
