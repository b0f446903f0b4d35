"""Helpers the subcommands share: building a Cleaner with clear errors, and colour detection."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from ..api import Cleaner
from ..profile import ProfileError
from ..rulebook import RuleError

RULES_HELP = "Extra rule pack file or folder, layered over the shipped packs (repeatable)."
DISABLE_HELP = "Rule id to switch off (repeatable)."
PROFILE_HELP = "Profile: which stages run, with which parameters."
COLOUR_HELP = "Colour the output (default: only on a terminal, and never when NO_COLOR is set)."


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"cleaner: {message}", err=True)
    return typer.Exit(code)


def make_cleaner(rules: list[Path] | None, disable: list[str] | None, profile: str) -> Cleaner:
    try:
        return Cleaner(extra_rules=rules or (), disable=disable or (), profile=profile)
    except (RuleError, ProfileError) as exc:
        raise fail(str(exc))


def use_colour(choice: bool | None, stream=None) -> bool:
    """--colour/--no-colour wins; otherwise colour only on a terminal without NO_COLOR."""
    if choice is not None:
        return choice
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()
