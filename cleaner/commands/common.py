"""Helpers the subcommands share: building a Cleaner with clear errors, and colour detection."""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from ..api import Cleaner
from ..profile import ProfileError
from ..rulebook import RuleError

RULES_HELP = "Extra rule pack file or folder, layered over the shipped packs (repeatable)."
DISABLE_HELP = "Rule id to switch off (repeatable)."
PROFILE_HELP = "Profile: which stages run, with which parameters."
COLOUR_HELP = "Colour the output (default: only on a terminal, and never when NO_COLOR is set)."


# typer labels a parameter in help by its Python annotation (<list[Path]>, <bool>, <str>); people
# read words: PATH, TEXT, a flag shows none. Choices (<html|text>) are kept as they are.
_PLAIN_TYPES = {"str": "TEXT", "Path": "PATH", "path": "PATH", "file": "FILE", "dir": "FOLDER", "int": "INTEGER", "float": "NUMBER"}


def _plain_type(label: str | None) -> str | None:
    if not label or not label.startswith("<"):
        return label
    inner = label[1:-1]
    many = inner.startswith("list[")
    inner = inner[5:-1] if many else inner
    if inner == "bool":
        return None
    if "|" in inner:
        return label
    inner = inner.removesuffix(" range")
    word = _PLAIN_TYPES.get(inner, inner.upper())
    return f"{word}..." if many else word


def use_plain_help_types() -> None:
    """Make help show plain words instead of Python types (once, for every command)."""
    import typer.core

    parameter: Any = getattr(typer.core, "_TyperParameter", None)
    original = getattr(parameter, "display_type", None)
    if original is None or getattr(original, "_plain", False):
        return

    def display_type(self, ctx):
        return _plain_type(original(self, ctx))

    display_type._plain = True  # type: ignore[attr-defined]
    parameter.display_type = display_type


class PageKind(str, Enum):
    """--kind: force the page kind instead of detecting it."""

    html = "html"
    text = "text"


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"cleaner: {message}", err=True)
    return typer.Exit(code)


def make_cleaner(rules: list[Path] | None, disable: list[str] | None, profile: str, comments: str = "drop") -> Cleaner:
    try:
        return Cleaner(extra_rules=rules or (), disable=disable or (), profile=profile, comments=comments)
    except (RuleError, ProfileError) as exc:
        raise fail(str(exc)) from exc


def use_colour(choice: bool | None, stream=None) -> bool:
    """--colour/--no-colour wins; otherwise colour only on a terminal without NO_COLOR."""
    if choice is not None:
        return choice
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()
