"""Secret never prints its value; redaction masks registered secrets, headers and URL parts."""

from __future__ import annotations

import logging
import pickle

import pytest

from crmkit.core import APIError, Secret, get_logger, redact, redact_headers, redact_url


def test_secret_repr_str_and_format_hide_the_value() -> None:
    s = Secret("super-secret-value")
    for text in (repr(s), str(s), f"{s}", f"{s!r}", f"{s}"):
        assert "super-secret-value" not in text


def test_secret_reveal_and_equality() -> None:
    assert Secret("abc-123-xyz").reveal() == "abc-123-xyz"
    assert Secret("abc-123-xyz") == Secret("abc-123-xyz")
    assert Secret("abc-123-xyz") != Secret("abc-123-xyw")


def test_secret_survives_pickling() -> None:
    assert pickle.loads(pickle.dumps(Secret("pickled-secret-1"))).reveal() == "pickled-secret-1"


def test_secret_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        Secret(1234)  # type: ignore[arg-type]


def test_redact_masks_registered_secret_in_text() -> None:
    Secret("registered-canary-42")
    assert redact("token=registered-canary-42 here") == "token=*** here"


def test_short_values_are_not_redacted_from_text() -> None:
    Secret("X")
    assert redact("X marks the spot") == "X marks the spot"


def test_redact_headers_masks_sensitive_names() -> None:
    out = redact_headers({"Authorization": "Basic abc", "Accept": "application/json"})
    assert out == {"Authorization": "***", "Accept": "application/json"}


def test_redact_url_masks_password_and_secret_query_params() -> None:
    url = "https://user:pw1234@api.example/x?api_key=k1&page=2&session_token=abc"
    out = redact_url(url)
    assert "pw1234" not in out and "k1" not in out and "abc" not in out
    assert "page=2" in out


def test_error_messages_are_redacted() -> None:
    Secret("leaky-token-999")
    err = APIError(
        "failed with leaky-token-999", status_code=400, url="https://x/?t=leaky-token-999"
    )
    assert "leaky-token-999" not in str(err)
    assert err.url is not None and "leaky-token-999" not in err.url


def test_crmkit_logger_redacts_messages_and_args(caplog: pytest.LogCaptureFixture) -> None:
    Secret("log-canary-secret")
    logger = get_logger("crmkit.test")
    with caplog.at_level(logging.DEBUG, logger="crmkit.test"):
        logger.debug("sending %s", "Bearer log-canary-secret")
    assert "log-canary-secret" not in caplog.text
    assert "***" in caplog.text


def test_httpx_logger_is_redacted_too(caplog: pytest.LogCaptureFixture) -> None:
    Secret("httpx-canary-secret")
    with caplog.at_level(logging.INFO, logger="httpx"):
        logging.getLogger("httpx").info(
            'HTTP Request: GET https://x/?key=%s "200"', "httpx-canary-secret"
        )
    assert "httpx-canary-secret" not in caplog.text
