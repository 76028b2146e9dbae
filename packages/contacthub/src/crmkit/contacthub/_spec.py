"""How crmkit finds this vendor: the spec its ``crmkit.vendors`` entry point names.

Imports only crmkit.core; every other part is named by import path and loaded on first use.
"""

from __future__ import annotations

from crmkit.core import CredentialField, VendorSpec

from ._version import __version__

SPEC = VendorSpec(
    name="contacthub",
    title="ContactHub (Contactlab)",
    distribution="crmkit-contacthub",
    module="crmkit.contacthub",
    default_base_url="https://api.contactlab.it/hub/v1/workspaces",
    credentials=(
        CredentialField("workspace_id", secret=False, description="the workspace id"),
        CredentialField("token", secret=True, description="the bearer token"),
        CredentialField("node_id", secret=False, description="the entry node id"),
    ),
    client="crmkit.contacthub:Client",
    async_client="crmkit.contacthub:AsyncClient",
    emulator="crmkit.contacthub.emulator:create_emulator",
    unified="crmkit.contacthub.unified:ContactHubBackend",
    entities=("contacts", "events"),
    rate_limit=None,
    description=(
        "Contactlab ContactHub: customers, events, sessions, tags, "
        "query DSL; the contacthub-sdk-python idiom."
    ),
)

__all__ = ["SPEC", "__version__"]
