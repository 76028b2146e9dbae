"""The vendor registry: which vendor packages are installed, found through entry points.

A vendor package declares, in its ``pyproject.toml``::

    [project.entry-points."crmkit.vendors"]
    prosperworks = "crmkit.prosperworks._spec:SPEC"

where ``SPEC`` is a :class:`VendorSpec`. The spec names its parts by import path, so listing
vendors imports nothing heavy. A third party adds a vendor the same way, without touching
crmkit. :func:`vendors` lists what is installed; :func:`get_vendor` raises
:class:`~crmkit.core.VendorNotInstalled`, naming the extra to install, for one that is not.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._errors import ConfigurationError, VendorNotInstalled

__all__ = ["ENTRY_POINT_GROUP", "CredentialField", "VendorSpec", "get_vendor", "vendors"]

ENTRY_POINT_GROUP = "crmkit.vendors"


@dataclass(frozen=True)
class CredentialField:
    """One connection setting of a vendor.

    Attributes:
        name: the argument name (``token``, ``email``, ``workspace_id``...).
        secret: whether the value is a secret (masked everywhere).
        required: whether a connection needs it.
        description: shown in errors and ``crmkit vendors``.
        default: the value when not given.
    """

    name: str
    secret: bool = False
    required: bool = True
    description: str = ""
    default: Any = None

    def env_var(self, vendor: str) -> str:
        """``CRMKIT_<VENDOR>_<NAME>``."""
        return f"CRMKIT_{vendor.upper()}_{self.name.upper()}"


def _load(path: str) -> Any:
    module_name, _, attr = path.partition(":")
    module = importlib.import_module(module_name)
    obj: Any = module
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


@dataclass(frozen=True)
class VendorSpec:
    """Everything crmkit needs to know about one vendor package.

    Attributes:
        name: the vendor name (``"prosperworks"``), also its extra and its CLI name.
        title: a human name (``"ProsperWorks (Copper CRM)"``).
        distribution: the distribution that provides it (for its version).
        module: the import name (``"crmkit.prosperworks"``).
        default_base_url: the production API root.
        credentials: the connection settings a unified connection takes.
        client: import path of the typed sync client class (``"module:Name"``).
        async_client: import path of the typed async client class.
        emulator: import path of ``create_emulator(options) -> Emulator``.
        unified: import path of a :data:`~crmkit.core.unified.BackendFactory`, or None.
        entities: unified entities the vendor serves (for listings before import).
        rate_limit: the published limit as ``(requests, per_seconds)``, or None.
        description: one line for ``crmkit vendors``.
    """

    name: str
    title: str
    distribution: str
    module: str
    default_base_url: str
    credentials: tuple[CredentialField, ...] = ()
    client: str | None = None
    async_client: str | None = None
    emulator: str | None = None
    unified: str | None = None
    entities: tuple[str, ...] = ()
    rate_limit: tuple[float, float] | None = None
    description: str = ""
    extras: Mapping[str, str] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """The installed version of the vendor's distribution."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(self.distribution)
        except PackageNotFoundError:
            return "0+unknown"

    def load(self, part: str) -> Any:
        """Import and return ``client``, ``async_client``, ``emulator`` or ``unified``."""
        path = getattr(self, part, None) or self.extras.get(part)
        if not path:
            raise ConfigurationError(
                f"vendor {self.name!r} does not provide {part!r}", vendor=self.name
            )
        return _load(path)


_cache: dict[str, VendorSpec] | None = None
_lock = threading.Lock()


def vendors(*, refresh: bool = False) -> dict[str, VendorSpec]:
    """The installed vendors, by name (entry point group ``crmkit.vendors``).

    Args:
        refresh: re-read entry points (after installing a package at run time).
    """
    global _cache
    from importlib.metadata import entry_points

    with _lock:
        if _cache is None or refresh:
            found: dict[str, VendorSpec] = {}
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                try:
                    spec = ep.load()
                except Exception as exc:  # one broken plug-in must not hide the others
                    import warnings

                    warnings.warn(
                        f"crmkit vendor entry point {ep.name!r} failed to load: {exc}",
                        RuntimeWarning,
                        stacklevel=2,
                    )
                    continue
                if callable(spec) and not isinstance(spec, VendorSpec):
                    spec = spec()
                if isinstance(spec, VendorSpec):
                    found[spec.name] = spec
            _cache = found
        return dict(_cache)


def get_vendor(name: str) -> VendorSpec:
    """The spec of the installed vendor ``name``.

    Raises:
        VendorNotInstalled: naming the ``pip install "crmkit[name]"`` command.
    """
    installed = vendors()
    if name not in installed:
        installed = vendors(refresh=True)
    if name not in installed:
        raise VendorNotInstalled(name, installed=list(installed))
    return installed[name]
