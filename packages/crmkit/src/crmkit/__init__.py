"""crmkit: one Python toolkit for CRM and billing APIs.

This umbrella package holds the unified client, the sync engine and the CLI. Vendor packages
(``crmkit.prosperworks``, ``crmkit.contacthub``, ...) and ``crmkit.core`` are separate
distributions sharing the ``crmkit`` namespace; install them as extras:
``pip install "crmkit[contacthub]"``.
"""

# Several distributions install into ``crmkit/``; only this one ships ``crmkit/__init__.py``.
# extend_path lets ``crmkit.core`` and the vendor portions be found wherever each is installed
# (one site-packages, or one ``src`` directory per package in editable installs).
from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

from crmkit.core import vendors

from ._version import __version__

__all__ = ["__version__", "vendors"]
