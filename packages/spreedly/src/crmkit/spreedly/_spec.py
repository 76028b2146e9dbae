"""How crmkit finds this vendor: the spec its ``crmkit.vendors`` entry point names.

Imports only crmkit.core; every other part is named by import path and loaded on first use.
"""

from __future__ import annotations

from crmkit.core import CredentialField, VendorSpec

from ._version import __version__

SPEC = VendorSpec(
    name="spreedly",
    title="Spreedly Subscriptions",
    distribution="crmkit-spreedly",
    module="crmkit.spreedly",
    # The service root: the API of a site is {base_url}api/v4/{site_name}/.
    default_base_url="https://spreedly.com/",
    credentials=(
        CredentialField("token", secret=True, description="the site's API token"),
        CredentialField("site_name", secret=False, description="the site's short name"),
    ),
    client="crmkit.spreedly:Spreedly",
    async_client="crmkit.spreedly:AsyncSpreedly",
    emulator="crmkit.spreedly.emulator:create_emulator",
    unified="crmkit.spreedly.unified:SpreedlyBackend",
    entities=("contacts", "subscriptions", "plans"),
    rate_limit=None,
    description=(
        "Spreedly subscription billing (XML API v4): subscribers, "
        "plans, trials, complimentary time, fees; the pyspreedly idiom."
    ),
)

__all__ = ["SPEC", "__version__"]
