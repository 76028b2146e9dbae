"""The old ``procuret.instalment_link`` package: links, their opens, order and mode."""

from ..enums import InstalmentLinkMode, InstalmentLinkOrderBy
from ..models import InstalmentLink, InstalmentLinkOpen

__all__ = ["InstalmentLink", "InstalmentLinkMode", "InstalmentLinkOpen", "InstalmentLinkOrderBy"]
