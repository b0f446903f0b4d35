"""Profiles: the ordered stage list and each stage's parameters, read from data (profiles.toml)."""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any


class ProfileError(ValueError):
    """A profile name or file is invalid."""


@dataclass(frozen=True)
class Profile:
    name: str
    why: str
    stages: tuple[str, ...]
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def stage_params(self, stage: str) -> dict[str, Any]:
        return dict(self.params.get(stage, {}))


def _read(path: Path | None) -> dict[str, Any]:
    if path is None:
        text = resources.files("cleaner").joinpath("data/profiles.toml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path or 'profiles.toml'}: invalid TOML: {exc}") from exc


def profile_names(path: Path | None = None) -> list[str]:
    return sorted(_read(path))


def load_profile(name: str = "default", path: Path | None = None) -> Profile:
    """A profile by name. A profile with `extends = "other"` starts from that profile's stages and
    parameters: its own stage tables add or replace single parameters, its own `stages` the list."""
    data = _read(path)
    entry = _resolved(data, name, ())
    stages = entry.get("stages")
    if not isinstance(stages, list) or not stages:
        raise ProfileError(f"profile {name!r}: 'stages' must be a non-empty list")
    return Profile(name, entry.get("why", ""), tuple(stages), entry.get("params", {}))


def _resolved(data: dict[str, Any], name: str, seen: tuple[str, ...]) -> dict[str, Any]:
    """The profile's table with what it extends merged in (the profile's own values win)."""
    if name not in data:
        if seen:
            raise ProfileError(f"profile {seen[-1]!r} extends unknown profile {name!r}; known: {', '.join(sorted(data))}")
        raise ProfileError(f"unknown profile {name!r}; known: {', '.join(sorted(data))}")
    if name in seen:
        raise ProfileError(f"profiles extend each other in a circle: {' -> '.join((*seen, name))}")
    entry = data[name]
    if not isinstance(entry, dict):
        raise ProfileError(f"profile {name!r} must be a table, not {type(entry).__name__}")
    base_name = entry.get("extends")
    if base_name is None:
        return entry
    if not isinstance(base_name, str):
        raise ProfileError(f"profile {name!r}: 'extends' must be a profile name, not {base_name!r}")
    base = _resolved(data, base_name, (*seen, name))
    own_params, base_params = entry.get("params", {}), base.get("params", {})
    params = {stage: {**base_params.get(stage, {}), **own_params.get(stage, {})} for stage in {**base_params, **own_params}}
    return {**base, **entry, "params": params}
