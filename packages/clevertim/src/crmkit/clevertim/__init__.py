"""crmkit.clevertim:

Clevertim CRM: contacts, companies, cases, opportunities, tasks, notes; the clevertimapi idiom.
"""

from ._version import __version__

__all__ = ["__version__"]
