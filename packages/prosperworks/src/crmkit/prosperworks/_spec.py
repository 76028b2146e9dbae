"""How crmkit finds this vendor: the spec its ``crmkit.vendors`` entry point names.

Imports only crmkit.core; every other part is named by import path and loaded on first use.
"""

from __future__ import annotations

from crmkit.core import CredentialField, VendorSpec

from ._version import __version__

SPEC = VendorSpec(
    name="prosperworks",
    title="ProsperWorks (Copper CRM)",
    distribution="crmkit-prosperworks",
    module="crmkit.prosperworks",
    default_base_url="https://api.copper.com/developer_api/",
    client="crmkit.prosperworks:Client",
    async_client="crmkit.prosperworks:AsyncClient",
    emulator="crmkit.prosperworks.emulator:create_emulator",
    unified="crmkit.prosperworks.unified:ProsperWorksBackend",
    credentials=(
        CredentialField("email", secret=False, description="the email of the API key's owner"),
        CredentialField("token", secret=True, description="the API key (X-PW-AccessToken)"),
    ),
    entities=("contacts", "companies", "deals", "events"),
    rate_limit=(180.0, 60.0),
    description=(
        "Copper CRM (formerly ProsperWorks): people, companies, "
        "opportunities, leads, tasks, activities; the prospyr idiom."
    ),
)

__all__ = ["SPEC", "__version__"]
