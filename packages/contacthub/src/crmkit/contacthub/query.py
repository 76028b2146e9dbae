"""``crmkit.contacthub.query``: the query helpers where the seed document's operator table
says they are (``contacthub.query``); the same objects as :mod:`crmkit.contacthub.models.query`.
"""

from .models.query import Criterion, EntityField, EntityMeta, Query, between_, in_, not_in_

__all__ = ["Criterion", "EntityField", "EntityMeta", "Query", "between_", "in_", "not_in_"]
