"""Connection settings for the unified client: arguments, environment, ``crmkit.toml`` profiles.

Resolution, per setting: the keyword argument, else the profile (if one is named), else the
environment variable ``CRMKIT_<VENDOR>_<FIELD>``, else the field's default. A missing required
setting raises :class:`~crmkit.core.ConfigurationError` naming the variable to set. Secret fields
are wrapped in :class:`~crmkit.core.Secret` at once, so they are masked everywhere after this.

A profile file (``crmkit.toml`` in the working directory, or the file named by
``CRMKIT_CONFIG``) looks like::

    [profiles.prod-copper]
    vendor = "prosperworks"
    email = "ops@acme.example"
    token_env = "COPPER_TOKEN"        # read the secret from this variable
    base_url = "https://api.copper.com/developer_api/"

A secret may be written inline (``token = "..."``), but ``<field>_env`` keeps it out of the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmkit.core import ConfigurationError, Secret, VendorSpec, get_vendor

__all__ = ["Profile", "load_profile", "resolve_settings"]

_GENERIC = ("base_url", "allow_insecure_http")


@dataclass(frozen=True)
class Profile:
    """A named connection from ``crmkit.toml``."""

    name: str
    vendor: str
    values: dict[str, Any]
    source: Path


def _config_path() -> Path:
    explicit = os.environ.get("CRMKIT_CONFIG")
    return Path(explicit) if explicit else Path.cwd() / "crmkit.toml"


def load_profile(name: str, *, path: Path | None = None) -> Profile:
    """Read profile ``name`` from ``crmkit.toml`` (or ``path``).

    Raises:
        ConfigurationError: the file or the profile is missing, or names no vendor.
    """
    path = path or _config_path()
    if not path.is_file():
        raise ConfigurationError(
            f"Profile {name!r} requested but {path} does not exist; create it or set CRMKIT_CONFIG."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path} is not valid TOML: {exc}") from exc
    profiles = data.get("profiles", {})
    if name not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigurationError(f"No profile {name!r} in {path} (profiles: {known}).")
    values = dict(profiles[name])
    vendor = values.pop("vendor", None)
    if not isinstance(vendor, str):
        raise ConfigurationError(f'Profile {name!r} in {path} must set vendor = "<name>".')
    return Profile(name=name, vendor=vendor, values=values, source=path)


def _from_profile(profile: Profile | None, field: str) -> Any:
    if profile is None:
        return None
    if field in profile.values:
        return profile.values[field]
    env_name = profile.values.get(f"{field}_env")
    if isinstance(env_name, str):
        value = os.environ.get(env_name)
        if value is None:
            raise ConfigurationError(
                f"Profile {profile.name!r} reads {field} from ${env_name}, which is not set."
            )
        return value
    return None


def resolve_settings(
    spec: VendorSpec, arguments: Mapping[str, Any], profile: Profile | None = None
) -> dict[str, Any]:
    """Resolve every setting of ``spec`` (see the module docstring)."""
    known = {f.name for f in spec.credentials} | set(_GENERIC)
    unknown = set(arguments) - known
    if unknown:
        raise ConfigurationError(
            f"{spec.name} takes {', '.join(sorted(known))}; unknown: {', '.join(sorted(unknown))}",
            vendor=spec.name,
        )
    settings: dict[str, Any] = {}
    for field in spec.credentials:
        value = arguments.get(field.name)
        if value is None:
            value = _from_profile(profile, field.name)
        if value is None:
            value = os.environ.get(field.env_var(spec.name))
        if value is None:
            value = field.default
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                raise ConfigurationError(
                    f"{spec.name} needs {field.name} ({field.description or 'a setting'}): pass "
                    f"{field.name}=..., or set {field.env_var(spec.name)}"
                    + (", or add it to the profile" if profile else "")
                    + ".",
                    vendor=spec.name,
                )
            continue
        if field.secret and not isinstance(value, Secret):
            value = Secret(str(value))
        elif not field.secret and not isinstance(value, Secret):
            value = str(value)
        settings[field.name] = value
    for generic in _GENERIC:
        value = arguments.get(generic)
        if value is None:
            value = _from_profile(profile, generic)
        if value is None and generic == "base_url":
            value = os.environ.get(f"CRMKIT_{spec.name.upper()}_BASE_URL")
        if value is not None:
            settings[generic] = value
    return settings


def spec_and_settings(
    vendor: str | None, profile: str | None, arguments: Mapping[str, Any]
) -> tuple[VendorSpec, dict[str, Any]]:
    """The vendor spec and resolved settings for ``connect()``'s arguments."""
    loaded = load_profile(profile) if profile else None
    if loaded is not None and vendor is not None and vendor != loaded.vendor:
        raise ConfigurationError(f"Profile {loaded.name!r} is for {loaded.vendor}, not {vendor}.")
    name = vendor or (loaded.vendor if loaded else None)
    if not name:
        raise ConfigurationError("Name a vendor (connect('contacthub', ...)) or a profile.")
    spec = get_vendor(name)
    return spec, resolve_settings(spec, arguments, loaded)
