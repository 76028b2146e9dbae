"""``crmkit.contacthub.model``: an alias of :mod:`crmkit.contacthub.models`.

The seed document imports ``from contacthub.model import Education`` once (a typo of
``models`` that failed in the old SDK); crmkit accepts it so the example runs as written.
"""

from .models import Customer, Education, Event, Job, Like, Properties, Subscription

__all__ = ["Customer", "Education", "Event", "Job", "Like", "Properties", "Subscription"]
