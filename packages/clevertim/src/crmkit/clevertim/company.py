"""``clevertimapi.company``: :class:`Company`, and the ``ContactOrCompany`` reference factory.

Contacts and companies share one id sequence, so a "who" reference (``cust``) can name either.
``ContactOrCompany`` resolves it: a cached contact or company first, then ``GET /contact/<id>``
and, only when that is not found, ``GET /company/<id>`` (the old library fell back to Company
on any error, vendor notes §7.1.11).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .contact import Contact, CustomerFields, _PhotoURL
from .customfield import CustomFieldValuesField
from .endpoint import Scalar
from .errors import NotFound
from .session import Session

__all__ = ["Company", "contact_or_company"]


class Company(CustomerFields):
    """An organisation (``/company``); ``name`` is required."""

    ENDPOINT: ClassVar[str] = "/company"
    DEFAULTS: ClassVar[dict[str, Any]] = {"is_company": True, "cf": {}}

    name = Scalar("cn")
    custom_field_values = CustomFieldValuesField("companies")
    company_logo = _PhotoURL()


def contact_or_company(session: Session, key: Any = None, lazy_load: bool = False) -> Any:
    """The Contact or Company with ``key`` (loaded: the type must be known, so never lazy).

    Raises:
        NotFound: neither a contact nor a company has this key.
    """
    for cls, endpoint in ((Contact, "/contact"), (Company, "/company")):
        cached = session.instance_cache.get(f"{cls.__name__}{key}")
        if cached is not None:
            return cached
        if session.enable_caching and session.session_cache.get(f"{endpoint}{key}") is not None:
            return session.get(cls, key, lazy_load=True)
    try:
        return session.get(Contact, key)
    except NotFound:
        return session.get(Company, key)


Session.register_endpoint(Company)
Session.register_endpoint_factory("ContactOrCompany", contact_or_company, (Contact, Company))
