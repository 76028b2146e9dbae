"""How crmkit finds this vendor: the spec its ``crmkit.vendors`` entry point names.

Imports only crmkit.core; every other part is named by import path and loaded on first use.
"""

from __future__ import annotations

from crmkit.core import CredentialField, VendorSpec

from ._version import __version__

SPEC = VendorSpec(
    name="procuret",
    title="Procuret",
    distribution="crmkit-procuret",
    module="crmkit.procuret",
    default_base_url="https://procuret.com/api",
    credentials=(
        CredentialField("session_id", secret=False, description="the session id"),
        CredentialField("api_key", secret=True, description="the session's API key"),
    ),
    entities=(),
    rate_limit=None,
    description=(
        "Procuret B2B pay-over-time: signed sessions, second-factor "
        "codes, instalment links; the procuret idiom."
    ),
)

__all__ = ["SPEC", "__version__"]
