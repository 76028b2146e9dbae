"""Two minicrm emulators, source and target, and the checks the sync tests make on them."""

from __future__ import annotations

from typing import Any

import crmkit

from .minicrm import MiniCrmEmulator


class Pair:
    """A source and a target minicrm, each with its emulator, and helpers to compare them."""

    def __init__(self, source_records: int = 40, *, unique_emails: bool = True) -> None:
        self.source_emu = MiniCrmEmulator(records=source_records, seed=11)
        # Without unique emails the target cannot catch a duplicate create by itself.
        self.target_emu = MiniCrmEmulator(settings={"unique_emails": unique_emails})

    def clients(self, **options: Any) -> tuple[crmkit.Client, crmkit.Client]:
        src = crmkit.connect(
            "minicrm", token="src-token-1", transport=self.source_emu.transport(), **options
        )
        dst = crmkit.connect(
            "minicrm", token="dst-token-1", transport=self.target_emu.transport(), **options
        )
        return src, dst

    def target_by_email(self) -> dict[str, dict[str, Any]]:
        return {r["email"]: r for r in self.target_emu.contacts.values()}

    def assert_in_step(self) -> None:
        source = {r["email"]: r for r in self.source_emu.contacts.values()}
        target = self.target_emu.contacts.values()
        emails = [r["email"] for r in target]
        assert len(emails) == len(set(emails)), "duplicates in the target"
        assert set(emails) == set(source)
        for row in target:
            src = source[row["email"]]
            assert (row["name"], row["phone"], row["tags"]) == (
                src["name"],
                src["phone"],
                src["tags"],
            )

    def writes(self) -> list[Any]:
        return [r for r in self.target_emu.requests if r.method in ("POST", "PATCH", "DELETE")]
