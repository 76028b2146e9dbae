"""``Job``: an entry of ``base.jobs`` (``contacthub.models.job``)."""

from __future__ import annotations

from ._entity import CustomerEntity

__all__ = ["Job"]


class Job(CustomerEntity):
    """A job of a customer."""

    KIND = "jobs"
