"""Base URL resolution and path-parameter validation happen before any request."""

from __future__ import annotations

import pytest

from crmkit.core import (
    ConfigurationError,
    InvalidArgument,
    build_path,
    path_param,
    resolve_base_url,
)


def test_default_base_url_gets_trailing_slash() -> None:
    url = resolve_base_url("notes", None, default="https://api.example/v1")
    assert str(url) == "https://api.example/v1/"


def test_env_var_overrides_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRMKIT_NOTES_BASE_URL", "http://127.0.0.1:8001/api/")
    assert (
        str(resolve_base_url("notes", None, default="https://api.example/"))
        == "http://127.0.0.1:8001/api/"
    )


def test_explicit_argument_beats_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRMKIT_NOTES_BASE_URL", "http://127.0.0.1:1/")
    url = resolve_base_url("notes", "https://other.example/", default="https://api.example/")
    assert url.host == "other.example"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.8.9.10"])
def test_plain_http_to_loopback_is_allowed(host: str) -> None:
    assert resolve_base_url("notes", f"http://{host}:9/", default="https://x/").scheme == "http"


def test_plain_http_to_remote_host_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="unencrypted"):
        resolve_base_url("notes", "http://api.example/", default="https://x/")


def test_plain_http_to_remote_host_allowed_explicitly() -> None:
    url = resolve_base_url(
        "notes", "http://api.example/", default="https://x/", allow_insecure_http=True
    )
    assert url.scheme == "http"


@pytest.mark.parametrize("bad", ["ftp://x/", "not a url", "/relative/path", "https://x/?q=1"])
def test_bad_base_urls_are_refused(bad: str) -> None:
    with pytest.raises(ConfigurationError):
        resolve_base_url("notes", bad, default="https://x/")


@pytest.mark.parametrize(
    "bad",
    [
        "a/b",
        "../etc",
        "..",
        ".",
        "x?y",
        "x#y",
        "",
        " pad",
        "a\\b",
        "a\x00b",
        "50%25",
        None,
        True,
        1.5,
    ],
)
def test_path_param_refuses_injection_and_wrong_types(bad: object) -> None:
    with pytest.raises(InvalidArgument):
        path_param(bad)


def test_path_param_escapes_spaces_and_keeps_ints() -> None:
    assert path_param("Joe Bob") == "Joe%20Bob"
    assert path_param(42) == "42"
    assert build_path("people/{id}/related", id=7) == "people/7/related"


def test_path_param_refuses_huge_strings() -> None:
    with pytest.raises(InvalidArgument, match="512"):
        path_param("x" * 513)
