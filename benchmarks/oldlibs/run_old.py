"""One measurement with an old client library, run by the old-libs virtualenv's Python.

``python benchmarks/oldlibs/run_old.py '<json spec>'`` prints one JSON line, like
``benchmarks._worker``. This file imports only the standard library and the old library under
test (crmkit is not installed in that environment). The fixes the old libraries need on
Python 3.11 are applied here, in this process only:

- prospyr: ``collections.Mapping`` and friends moved to ``collections.abc`` (Python 3.10);
- clevertimapi: its Basic auth header is built from ``bytes`` and reads ``Basic b'...'`` on
  Python 3; the shim makes ``base64.standard_b64encode`` return text inside clevertimapi only;
- procuret: pointed at the emulator with its own ``--procuret-api-endpoint`` argument.
"""

# The old libraries are installed only in their own virtualenv, never where mypy runs.
# mypy: disable-error-code="import-not-found"

from __future__ import annotations

import base64
import collections
import collections.abc
import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

TOKEN = "bench-token-0123456789"
EMAIL = "bench@crmkit.test"
# The procuret emulator's open-mode demo session (see docs/procuret.md).
PROCURET_SESSION_ID = 36284293055983192
PROCURET_API_KEY = "QpFNziCBG3l5HXV3jyUB8GP2K0ALDyVy"


Lister = Callable[[], Iterator[Any]]


def _prospyr(base_url: str, page_size: int) -> Lister:
    for name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Callable", "Set"):
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    import prospyr
    from prospyr.resources import Person
    from prospyr.search import ResultSet

    # prospyr appends "v1/" itself and refuses a URL with a version segment.
    prospyr.connect(email=EMAIL, token=TOKEN, url=base_url.rsplit("v1/", 1)[0])
    return lambda: iter(ResultSet(resource_cls=Person, using="default", page_size=page_size))


def _contacthub(base_url: str, page_size: int) -> Lister:
    from contacthub import Workspace
    from contacthub.errors.operation_not_permitted import OperationNotPermitted

    node = Workspace(workspace_id="demo", token=TOKEN, base_url=base_url).get_node(node_id="demo")

    def iterate() -> Iterator[Any]:
        customers = node.get_customers(size=page_size)
        while True:
            yield from list(customers)
            try:
                customers.next_page()
            except OperationNotPermitted:
                return

    return iterate


def _clevertim(base_url: str, page_size: int) -> Lister:
    import types

    import clevertimapi.session
    from clevertimapi import Contact, Session

    def b64_text(data: bytes) -> str:
        return base64.standard_b64encode(data).decode("ascii")

    clevertimapi.session.base64 = types.SimpleNamespace(standard_b64encode=b64_text)
    session = Session(TOKEN, endpoint_url=base_url, enable_caching=False)
    return lambda: iter(Contact.all(session))


def _procuret(base_url: str, page_size: int) -> Lister:
    sys.argv[1:] = ["--procuret-api-endpoint", base_url.rstrip("/")]
    from procuret import InstalmentLink, Lifecycle, Order, Perspective, Session

    session = Session(
        PROCURET_SESSION_ID, None, PROCURET_API_KEY, Lifecycle.LONG_LIVED, Perspective.SUPPLIER
    )

    def iterate() -> Iterator[Any]:
        offset = 0
        while True:
            page = InstalmentLink.retrieve_many(
                session, limit=page_size, offset=offset, order=Order.ASCENDING
            )
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    return iterate


LISTERS: dict[str, Callable[[str, int], Lister]] = {
    "prosperworks": _prospyr,
    "contacthub": _contacthub,
    "clevertim": _clevertim,
    "procuret": _procuret,
}


def main() -> None:
    spec = json.loads(sys.argv[1])
    lister = LISTERS[spec["vendor"]]
    limit = spec["records"]
    iterate = lister(spec["base_url"], spec["page_size"])
    count = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in iterate():
        count += 1
        if count >= limit:
            break
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    sys.stdout.write(json.dumps({"wall": wall, "cpu": cpu, "count": count}) + "\n")


if __name__ == "__main__":
    main()
