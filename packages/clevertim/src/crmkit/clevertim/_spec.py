"""How crmkit finds this vendor: the spec its ``crmkit.vendors`` entry point names.

Imports only crmkit.core; every other part is named by import path and loaded on first use.
"""

from __future__ import annotations

from crmkit.core import CredentialField, VendorSpec

from ._version import __version__

SPEC = VendorSpec(
    name="clevertim",
    title="Clevertim CRM",
    distribution="crmkit-clevertim",
    module="crmkit.clevertim",
    default_base_url="https://www.clevertim.com/api",
    credentials=(CredentialField("api_key", secret=True, description="the user's API key"),),
    client="crmkit.clevertim._client:Client",
    async_client="crmkit.clevertim._client:AsyncClient",
    emulator="crmkit.clevertim.emulator:create_emulator",
    unified="crmkit.clevertim.unified:ClevertimBackend",
    entities=("contacts", "companies", "deals", "events"),
    rate_limit=None,
    description=(
        "Clevertim CRM: contacts, companies, cases, opportunities, "
        "tasks, notes; the clevertimapi idiom."
    ),
)

__all__ = ["SPEC", "__version__"]
