"""``Workspace``: the old SDK's entry point (``contacthub.workspace``).

``Workspace(workspace_id, token, base_url=...)`` or ``Workspace.from_ini_file(path)``, then
``workspace.get_node(node_id)`` for a :class:`~crmkit.contacthub.node.Node`. Requests go through
one typed :class:`~crmkit.contacthub.Client`, created on first use.
"""

from __future__ import annotations

import configparser
import os
from typing import Any

from crmkit.core import Secret, base_url_env_var

from ._client import Client
from ._spec import SPEC

__all__ = ["DEFAULT_BASE_URL", "Workspace"]

DEFAULT_BASE_URL = SPEC.default_base_url
"""ContactHub's API root, including the ``workspaces`` segment (the seed's text omits it)."""


class Workspace:
    """A ContactHub workspace and its credentials.

    Args:
        workspace_id: the workspace id (``str()``-ed).
        token: the API token (``str()``-ed; never shown in ``repr`` or errors).
        base_url: the API root ending in ``/hub/v1/workspaces``; when None,
            ``CRMKIT_CONTACTHUB_BASE_URL`` or ContactHub's own.
        **client_options: options for the underlying client (``timeout``, ``max_retries``,
            ``transport``, ``cache``, ``hooks``...).
    """

    def __init__(
        self,
        workspace_id: Any,
        token: Any,
        base_url: Any = None,
        **client_options: Any,
    ) -> None:
        self.workspace_id = str(workspace_id)
        self.token = str(token)
        Secret(self.token)  # registers the token with crmkit's redaction of messages and logs
        if base_url is None or base_url == "":
            base_url = os.environ.get(base_url_env_var(SPEC.name)) or DEFAULT_BASE_URL
        self.base_url = str(base_url)
        self._client_options = client_options
        self._client: Client | None = None

    @classmethod
    def from_ini_file(cls, file_path: str | os.PathLike[str], **client_options: Any) -> Workspace:
        """A workspace from an INI file of ``key = value`` lines, without a section header.

        Keys: ``workspace_id`` and ``token`` (required), ``base_url`` (optional). Values are
        taken literally (the old SDK's ``%`` interpolation is gone).

        Raises:
            FileNotFoundError: the file does not exist.
            KeyError: ``workspace_id`` or ``token`` is missing or empty.
        """
        with open(file_path, encoding="utf-8") as handle:
            text = handle.read()
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string("[DEFAULT]\n" + text)
        values = parser.defaults()
        workspace_id, token = values.get("workspace_id"), values.get("token")
        if not workspace_id or not token:
            raise KeyError("workspace_id or token parameter not found in INI file")
        return cls(workspace_id, token, values.get("base_url") or None, **client_options)

    from_INI_file = from_ini_file  # the seed document's spelling

    def get_node(self, node_id: Any) -> Any:
        """The node ``node_id`` of this workspace."""
        from .node import Node

        return Node(self, node_id)

    @property
    def client(self) -> Client:
        """The typed client all of this workspace's nodes send through."""
        if self._client is None:
            self._client = Client(
                self.workspace_id,
                Secret(self.token),
                base_url=self.base_url.rstrip("/"),
                **self._client_options,
            )
        return self._client

    def close(self) -> None:
        """Close the connection pool (a new one opens on the next request)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def __repr__(self) -> str:
        return f"<Workspace workspace_id={self.workspace_id!r} base_url={self.base_url!r}>"
