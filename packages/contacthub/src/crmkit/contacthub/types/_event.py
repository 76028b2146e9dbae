"""Typed models of ContactHub events (vendor file §2.4, §3.5)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from crmkit.core import CrmModel, ReadOnly

from ._fields import ApiDateTime

__all__ = ["BringBackProperties", "Event", "EventAccepted"]


class BringBackProperties(CrmModel):
    """How an anonymous event finds its customer later.

    ``type`` is ``SESSION_ID`` (the default) or ``EXTERNAL_ID``; ``value`` is the session id or
    the external id; ``node_id`` the node to look the customer up in.
    """

    type: str | None = None
    value: str | None = None
    node_id: str | None = Field(None, alias="nodeId")


class Event(CrmModel):
    """An event: something a customer did (ACTIVE) or received (PASSIVE) in a context.

    ``type``, ``context`` and ``properties`` are required to create one, plus either
    ``customer_id`` or ``bring_back_properties``.
    """

    id: Annotated[str | None, ReadOnly] = None
    customer_id: str | None = Field(None, alias="customerId")
    bring_back_properties: BringBackProperties | None = Field(None, alias="bringBackProperties")
    type: str | None = None
    context: str | None = None
    mode: str | None = None
    date: ApiDateTime | None = None
    properties: dict[str, Any] | None = None
    context_info: dict[str, Any] | None = Field(None, alias="contextInfo")
    registered_at: Annotated[ApiDateTime | None, ReadOnly] = Field(None, alias="registeredAt")
    updated_at: Annotated[ApiDateTime | None, ReadOnly] = Field(None, alias="updatedAt")
    tracking: dict[str, Any] | None = None


class EventAccepted(CrmModel):
    """ContactHub's 202 answer to an event POST: the id it will store the event under."""

    id: str
