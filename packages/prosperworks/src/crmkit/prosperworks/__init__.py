"""crmkit.prosperworks:

Copper CRM (formerly ProsperWorks): people, companies, opportunities, leads, tasks, activities;
the prospyr idiom.
"""

from ._version import __version__

__all__ = ["__version__"]
