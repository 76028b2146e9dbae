"""The old SDK's entity classes (``contacthub.models``)."""

from __future__ import annotations

from typing import Any

from .customer import Customer
from .education import Education
from .event import Event
from .job import Job
from .like import Like
from .properties import Properties
from .subscription import Subscription

__all__ = [
    "Customer",
    "Education",
    "Event",
    "Job",
    "Like",
    "Properties",
    "Subscription",
    "entity_classes",
]


def entity_classes() -> dict[str, Any]:
    """``base`` list name to its entity class."""
    return {
        "educations": Education,
        "jobs": Job,
        "likes": Like,
        "subscriptions": Subscription,
    }
