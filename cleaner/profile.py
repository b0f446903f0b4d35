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
    data = _read(path)
    if name not in data:
        raise ProfileError(f"unknown profile {name!r}; known: {', '.join(sorted(data))}")
    entry = data[name]
    stages = entry.get("stages")
    if not isinstance(stages, list) or not stages:
        raise ProfileError(f"profile {name!r}: 'stages' must be a non-empty list")
    return Profile(name, entry.get("why", ""), tuple(stages), entry.get("params", {}))
