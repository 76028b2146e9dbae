"""crmkit.procuret:

Procuret B2B pay-over-time: signed sessions, second-factor codes, instalment links;
the procuret idiom.
"""

from ._version import __version__

__all__ = ["__version__"]
