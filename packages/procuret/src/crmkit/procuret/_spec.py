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
        CredentialField(
            "lifecycle",
            required=False,
            default="2",
            description="the session's lifecycle: 1 short-lived (sends the key), 2 long-lived",
        ),
        CredentialField(
            "auth_mode",
            required=False,
            default="auto",
            description="auto (by lifecycle), signature or api_key",
        ),
    ),
    client="crmkit.procuret:Client",
    async_client="crmkit.procuret:AsyncClient",
    emulator="crmkit.procuret.emulator:create_emulator",
    unified="crmkit.procuret.unified:ProcuretBackend",
    entities=("companies",),
    rate_limit=None,
    description=(
        "Procuret B2B pay-over-time: signed sessions, second-factor "
        "codes, instalment links; the procuret idiom."
    ),
)

__all__ = ["SPEC", "__version__"]
