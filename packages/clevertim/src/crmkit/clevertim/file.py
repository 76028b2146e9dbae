"""``clevertimapi.file``: :class:`Folder`, :class:`File` and :class:`LinkedFile`.

Registered with the Session (the old library forgot, so ``contact.files`` raised
``KeyError('File')``, vendor notes §7.1.8). Folder ids are strings such as ``"f12"``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .endpoint import Choices, Endpoint, Ref, Scalar, choice_of
from .errors import ValidationError
from .session import Session

__all__ = ["File", "Folder", "LinkedFile"]


class _ParentFolder(Ref):
    """A folder reference; an unsaved folder is refused with ``ValidationError``."""

    def __init__(self) -> None:
        super().__init__("parentId", "Folder")

    def write(self, obj: Endpoint, value: Any) -> None:
        if isinstance(value, Folder) and value.key is None:
            raise ValidationError("Save the parent folder first.", vendor="clevertim")
        super().write(obj, value)


class Folder(Endpoint):
    """A folder (``/folder``)."""

    ENDPOINT: ClassVar[str] = "/folder"
    DEFAULTS: ClassVar[dict[str, Any]] = {"is_dir": True}

    name = Scalar("name")
    parent = _ParentFolder()
    is_dir = Scalar("is_dir", bool, True)


class File(Endpoint):
    """A file's metadata (``/file``)."""

    ENDPOINT: ClassVar[str] = "/file"

    name = Scalar("name")
    parent = _ParentFolder()


class LinkedFile(Endpoint):
    """A Dropbox or Google Drive file linked into Clevertim; only ``name`` can change."""

    ENDPOINT: ClassVar[str] = "/linkedfile"

    LINKED_SYSTEM = Choices(DROPBOX="D", GOOGLEDRIVE="G")

    name = Scalar("name")
    storage_system = Scalar(
        "sys", str, None, validator=choice_of(LINKED_SYSTEM, "linked system"), read_only=True
    )
    size = Scalar("size", int, 0, read_only=True)
    file_url = Scalar("link", str, None, read_only=True)
    icon_url = Scalar("icon", str, None, read_only=True)


Session.register_endpoint(Folder)
Session.register_endpoint(File)
Session.register_endpoint(LinkedFile)
