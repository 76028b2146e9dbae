"""The response object pyspreedly's ``query`` and ``add_fee`` return.

pyspreedly handed back a ``requests`` response. :class:`Response` wraps an
:class:`httpx.Response` with the members code written against requests uses most:
``status_code``, ``text``, ``content``, ``headers``, ``url``, ``ok``, ``json()`` and
``raise_for_status()`` (which raises :class:`~crmkit.spreedly.HTTPError`).
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["Response"]


class Response:
    """A finished HTTP response (the body is already read).

    Example:
        >>> r = Response(httpx.Response(201, request=httpx.Request("POST", "https://x.test/")))
        >>> r.ok, r.status_code
        (True, 201)
    """

    __slots__ = ("_response",)

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def httpx_response(self) -> httpx.Response:
        """The underlying :class:`httpx.Response`."""
        return self._response

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self._response.status_code

    @property
    def text(self) -> str:
        """The body as text."""
        return self._response.text

    @property
    def content(self) -> bytes:
        """The body as bytes."""
        return self._response.content

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self._response.headers

    @property
    def url(self) -> str:
        """The URL that was requested."""
        return str(self._response.request.url)

    @property
    def ok(self) -> bool:
        """True for a status below 400 (as in requests)."""
        return self._response.status_code < 400

    def json(self, **kwargs: Any) -> Any:
        """The body decoded as JSON (Spreedly sends XML: this is for compatibility only)."""
        return self._response.json(**kwargs)

    def raise_for_status(self) -> Response:
        """Raise the matching :class:`~crmkit.spreedly.HTTPError` for a 4xx/5xx status."""
        if self.ok:
            return self
        from ._endpoints import error_details
        from .errors import error_class

        details = error_details(self._response)
        request = self._response.request
        text = details.message or "(empty body)"
        cls = error_class(self.status_code)
        kwargs: dict[str, Any] = {
            "status_code": self.status_code,
            "errors": details.errors,
            "body": details.body,
            "method": request.method,
            "url": str(request.url),
            "vendor": "spreedly",
            "response": self,
        }
        raise cls(
            f"status code: {self.status_code}, text: {text} ({request.method} {request.url.path})",
            **kwargs,
        )

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"
