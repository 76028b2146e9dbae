"""``Education``: an entry of ``base.educations`` (``contacthub.models.education``)."""

from __future__ import annotations

from ._entity import CustomerEntity

__all__ = ["Education"]


class Education(CustomerEntity):
    """An education of a customer; ``SCHOOL_TYPES`` lists ContactHub's school types."""

    KIND = "educations"

    class SCHOOL_TYPES:
        """Values of ``schoolType``."""

        PRIMARY_SCHOOL = "PRIMARY_SCHOOL"
        SECONDARY_SCHOOL = "SECONDARY_SCHOOL"
        HIGH_SCHOOL = "HIGH_SCHOOL"
        COLLEGE = "COLLEGE"
        OTHER = "OTHER"
