"""The error classes: old names over the core tree, old text, and explicit argument errors."""

from __future__ import annotations

import pytest

from crmkit import core
from crmkit.clevertim import errors


@pytest.mark.parametrize(
    ("status", "cls", "core_cls"),
    [
        (400, errors.BadRequest, core.BadRequest),
        (401, errors.AuthenticationError, core.AuthenticationError),
        (403, errors.PermissionDenied, core.PermissionDenied),
        (404, errors.NotFound, core.NotFound),
        (429, errors.RateLimited, core.RateLimited),
        (500, errors.ServerError, core.ServerError),
        (501, errors.OperationNotSupported, core.ServerError),
        (503, errors.ServerError, core.ServerError),
        (418, errors.OtherAPIError, core.APIError),
    ],
)
def test_each_status_maps_to_an_old_and_a_core_class(
    status: int, cls: type[Exception], core_cls: type[Exception]
) -> None:
    assert errors.api_error_class(status) is cls
    assert issubclass(cls, errors.SessionError) and issubclass(cls, core_cls)


def test_transport_errors_are_session_errors_too() -> None:
    for cls, core_cls in (
        (errors.ConnectError, core.ConnectError),
        (errors.TransportTimeout, core.TransportTimeout),
        (errors.RemoteProtocolError, core.RemoteProtocolError),
        (errors.AmbiguousWriteError, core.AmbiguousWriteError),
    ):
        assert issubclass(cls, errors.SessionError) and issubclass(cls, core_cls)


def test_old_except_clauses_still_catch() -> None:
    core_error = core.NotFound("x", status_code=404, body={"status": "ERROR", "error": "Gone."})
    error = errors.NotFound.from_core(core_error, '{"status":"ERROR","error":"Gone."}')
    with pytest.raises(errors.SessionError) as info:
        raise error
    assert str(info.value) == 'HTTP 404 - {"status":"ERROR","error":"Gone."}'
    assert info.value.message == "Gone." and info.value.data == {
        "status": "ERROR",
        "error": "Gone.",
    }
    assert errors.SessionError("Not found.").data is None
    assert str(errors.SessionError("Not found.")) == "Not found."


def test_argument_errors_are_assertion_errors_for_old_handlers() -> None:
    assert issubclass(errors.ArgumentError, AssertionError)
    assert issubclass(errors.ArgumentError, ValueError)
    assert issubclass(errors.ArgumentTypeError, TypeError)
    assert issubclass(errors.ArgumentTypeError, AssertionError)
    assert issubclass(errors.ArgumentTypeError, core.InvalidArgument)
    assert issubclass(errors.ValidationError, core.ValidationError)
