"""A tiny vendor, "notes", used to exercise core: an emulator plus endpoint builders."""

from __future__ import annotations

from typing import Any

import httpx

from crmkit.core import (
    AsyncAPIClient,
    Endpoint,
    HeaderAuth,
    Page,
    Secret,
    SyncAPIClient,
    build_path,
    read_json,
)
from crmkit.core.emulator import (
    EmuError,
    Emulator,
    EmuRequest,
    EmuResponse,
    Router,
    Table,
    json_response,
)

BASE = "https://notes.example/api/v1/"
TOKEN = "notes-token-8f3a2c"


class NotesEmulator(Emulator):
    """JSON CRUD on /notes with page/size listing and an X-Total header; X-Token auth."""

    vendor = "notes"
    base_path = "/api/v1"

    def setup_routes(self, router: Router) -> None:
        self.notes: Table[dict[str, Any]] = Table()
        router.add("GET", "/notes", self.list_notes)
        router.add("POST", "/notes", self.create_note)
        router.add("GET", "/notes/{id:int}", self.get_note)
        router.add("PUT", "/notes/{id:int}", self.update_note)
        router.add("DELETE", "/notes/{id:int}", self.delete_note)

    def authenticate(self, request: EmuRequest) -> str | EmuResponse:
        token = request.headers.get("x-token")
        if not token:
            return json_response({"message": "missing token"}, status=401)
        if self.allowed_credentials is not None and token not in self.allowed_credentials:
            return json_response({"message": "bad token"}, status=401)
        return token

    def seed_data(self, records: int, seed: int) -> None:
        for i in range(records):
            nid = self.notes.next_id()
            self.notes.insert({"id": nid, "text": f"note {i}"}, nid)

    def list_notes(self, request: EmuRequest) -> EmuResponse:
        page = int(request.query.get("page", "1"))
        size = int(request.query.get("size", "10"))
        rows = self.notes.values()
        chunk = rows[(page - 1) * size : page * size]
        return json_response(chunk, headers={"X-Total": str(len(rows))})

    def create_note(self, request: EmuRequest) -> EmuResponse:
        body = request.json()
        if not isinstance(body, dict) or not body.get("text"):
            raise EmuError(422, "text is required")
        nid = self.notes.next_id()
        row = {"id": nid, "text": body["text"]}
        self.notes.insert(row, nid)
        return json_response(row, status=201)

    def get_note(self, request: EmuRequest) -> EmuResponse:
        row = self.notes.get(request.path_params["id"])
        if row is None:
            raise EmuError(404, "no such note")
        return json_response(row)

    def update_note(self, request: EmuRequest) -> EmuResponse:
        row = self.notes.get(request.path_params["id"])
        if row is None:
            raise EmuError(404, "no such note")
        row.update(request.json())
        return json_response(row)

    def delete_note(self, request: EmuRequest) -> EmuResponse:
        if self.notes.delete(request.path_params["id"]) is None:
            raise EmuError(404, "no such note")
        return json_response({"deleted": True})


def get_note(note_id: Any) -> Endpoint[dict[str, Any]]:
    return Endpoint(
        method="GET",
        path=build_path("notes/{id}", id=note_id),
        parse=read_json,
        cache_tags=("notes",),
    )


def create_note(text: str) -> Endpoint[dict[str, Any]]:
    return Endpoint(
        method="POST", path="notes", json={"text": text}, parse=read_json, invalidates=("notes",)
    )


def update_note(note_id: int, text: str) -> Endpoint[dict[str, Any]]:
    return Endpoint(
        method="PUT",
        path=build_path("notes/{id}", id=note_id),
        json={"text": text},
        parse=read_json,
        invalidates=("notes",),
    )


def list_page(page: int, size: int) -> Endpoint[Page[dict[str, Any]]]:
    def parse(r: httpx.Response) -> Page[dict[str, Any]]:
        return Page(read_json(r), int(r.headers["X-Total"]))

    return Endpoint(method="GET", path="notes", params={"page": page, "size": size}, parse=parse)


def make_client(emulator: Emulator | None = None, **kwargs: Any) -> SyncAPIClient:
    kwargs.setdefault("auth", HeaderAuth({"X-Token": Secret(TOKEN)}))
    if emulator is not None:
        kwargs.setdefault("transport", emulator.transport())
    return SyncAPIClient(vendor="notes", default_base_url=BASE, **kwargs)


def make_async_client(emulator: Emulator | None = None, **kwargs: Any) -> AsyncAPIClient:
    kwargs.setdefault("auth", HeaderAuth({"X-Token": Secret(TOKEN)}))
    if emulator is not None:
        kwargs.setdefault("transport", emulator.transport())
    return AsyncAPIClient(vendor="notes", default_base_url=BASE, **kwargs)
