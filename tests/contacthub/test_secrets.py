"""The token never shows in reprs, error messages or DEBUG logs of a full scenario."""

from __future__ import annotations

import logging

import pytest
from support.contacthub import TOKEN, make_emulator

from crmkit.contacthub import APIError, Client, Workspace
from crmkit.core import setup_logging


def test_token_absent_from_reprs_errors_and_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    setup_logging("DEBUG")
    caplog.set_level(logging.DEBUG)
    emulator = make_emulator()
    workspace = Workspace("ws", TOKEN, transport=emulator.transport(), max_retries=0)
    node = workspace.get_node("n")
    customer = node.add_customer(base={"contacts": {"email": "a@x.io"}})
    with pytest.raises(APIError) as info:
        node.add_customer(base={"contacts": {"email": "a@x.io"}})
    client = Client("ws", TOKEN, node_id="n", transport=emulator.transport())
    texts = [
        repr(workspace),
        str(workspace),
        repr(node),
        repr(client),
        repr(client.api.auth),
        str(info.value),
        info.value.description,
        repr(customer),
        caplog.text,
    ]
    for text in texts:
        assert TOKEN not in text
    assert "Bearer" not in caplog.text or "***" in caplog.text
