"""crmkit.spreedly:

Spreedly subscription billing (XML API v4): subscribers, plans, trials, complimentary time, fees;
the pyspreedly idiom.
"""

from ._version import __version__

__all__ = ["__version__"]
