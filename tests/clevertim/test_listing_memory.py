"""Streaming an unpaged 100,000-record collection keeps the client's memory flat.

Measured with tracemalloc against the emulator on loopback. The emulator (same process) holds
the whole body while it sends it, so the bounds are relative to the body size: a client that
parsed the body whole, or kept the records, would hold several times more (a parsed copy of
these 100,000 records alone is well over 3x the body). No timing is asserted.
"""

from __future__ import annotations

import tracemalloc

import pytest
from support.clevertim import KEY, emulator

from crmkit.clevertim import Client, models

N = 100_000


@pytest.mark.slow
def test_iterating_100k_records_keeps_memory_flat() -> None:
    emu = emulator(0)
    task = emu.account.insert("task", {"name": "busy"})
    for i in range(N):
        emu.account.insert("comment", {"comment": f"comment number {i}", "tid": task, "userId": 1})
    with emu.serve(port=0) as server, Client(KEY, base_url=server.base_url) as client:
        body_size = len(client.raw_request("GET", "comment").content)
        samples: dict[int, int] = {}
        seen = 0
        tracemalloc.start()
        try:
            for comment in client.comments.list():
                assert isinstance(comment, models.Comment)
                seen += 1
                if seen % 5_000 == 0:
                    samples[seen] = tracemalloc.get_traced_memory()[0]
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert seen == N
    assert len(emu.requests_to("GET", "/comment")) == 2  # one unpaged request per listing
    growth = samples[95_000] - samples[5_000]
    print(f"body {body_size} B, peak {peak} B, samples {samples}")
    assert growth < 1_000_000, f"memory grew by {growth} B while iterating"
    assert max(samples.values()) < 2 * body_size, "records or a parsed copy were held"
    assert peak < 3 * body_size, "more than the emulator's body and one chunk was held"
