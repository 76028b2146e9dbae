"""crmkit.contacthub:

Contactlab ContactHub: customers, events, sessions, tags, query DSL; the
contacthub-sdk-python idiom.
"""

from ._version import __version__

__all__ = ["__version__"]
