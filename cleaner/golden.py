"""Golden regression tests: every seed page cleans to its reviewed golden file, byte for byte.

`seeds/<name>` pairs with `golden/<name>.txt` (the text) and, when present, `golden/<name>.json`
(the metadata fields that file lists; only those are compared). Used by `cleaner golden` and by
the pytest plugin, so both judge a seed the same way.

Diffs show whitespace and encoding differences visibly (trailing spaces, CR, NBSP, tabs, zero-width
and other invisible characters, bytes that are not UTF-8): two lines that look the same never
appear as an unexplained mismatch.
"""
from __future__ import annotations

import difflib
import json
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api import Cleaner, Result
from .io.writers import write_atomic

# Characters that are invisible or look like a plain space, shown by name in diffs.
_NAMED = {
    "\t": "⟨TAB⟩",
    "\r": "⟨CR⟩",
    "\u00a0": "⟨NBSP⟩",
    "\u200b": "⟨ZWSP⟩",
    "\u200c": "⟨ZWNJ⟩",
    "\u200d": "⟨ZWJ⟩",
    "\u2060": "⟨WJ⟩",
    "\ufeff": "⟨BOM⟩",
    "\u00ad": "⟨SHY⟩",
    "\ufffd": "⟨U+FFFD⟩",
}
_ANSI = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}
_ANSI_RESET = "\x1b[0m"


def visible(text: str) -> str:
    """`text` with invisible and look-alike characters spelt out, trailing spaces marked, and
    undecodable bytes (surrogate escapes) shown as ⟨0xNN⟩. Ordinary characters stay as they are."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char in _NAMED:
            out.append(_NAMED[char])
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"⟨0x{code - 0xDC00:02X}⟩")
        elif char != " " and char != "\n" and unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn"):
            # Combining marks only matter when a golden is not NFC; naming them shows that.
            out.append(f"⟨U+{code:04X}⟩")
        else:
            out.append(char)
    shown = "".join(out)
    body = shown.rstrip(" ")
    return body + "⟨SP⟩" * (len(shown) - len(body))


def _lines(text: str) -> list[str]:
    """Split on LF only, so a CR stays inside its line and shows up in the diff."""
    return text.split("\n")


def unified_diff(expected: str, actual: str, expected_name: str, actual_name: str, colour: bool = False) -> str:
    """A unified diff of two texts with invisible differences made visible. Empty when equal."""
    if expected == actual:
        return ""
    old, new = _lines(expected), _lines(actual)
    rendered: list[str] = []
    for line in difflib.unified_diff(old, new, expected_name, actual_name, lineterm=""):
        if line.startswith(("---", "+++")):
            rendered.append(line)
            continue
        mark, body = line[:1], line[1:]
        shown = line if mark == "@" else mark + visible(body)
        rendered.append(f"{_ANSI[mark]}{shown}{_ANSI_RESET}" if colour and mark in _ANSI else shown)
    if old[-1:] != new[-1:] and (old[-1:] == [""]) != (new[-1:] == [""]):
        rendered.append("(the two files differ in their final newline)")
    return "\n".join(rendered) + "\n"


@dataclass(frozen=True)
class SeedCase:
    """One seed and where its goldens live."""

    seed: Path
    relative: Path
    golden_text: Path
    golden_metadata: Path

    @property
    def name(self) -> str:
        return self.relative.as_posix()


def find_seeds(seeds: Path, golden: Path) -> list[SeedCase]:
    """Every file under `seeds` (hidden files skipped), in a stable order, with its golden paths."""
    if not seeds.is_dir():
        raise FileNotFoundError(f"{seeds}: no such seeds folder")
    cases = []
    for path in sorted(p for p in seeds.rglob("*") if p.is_file()):
        relative = path.relative_to(seeds)
        if any(part.startswith(".") for part in relative.parts):
            continue
        target = golden / relative
        cases.append(SeedCase(path, relative, target.with_suffix(".txt"), target.with_suffix(".json")))
    return cases


def _decode_golden(data: bytes) -> str:
    # surrogateescape keeps bytes that are not UTF-8, so the diff can name them.
    return data.decode("utf-8", errors="surrogateescape")


def metadata_subset(result: Result, wanted: dict[str, Any]) -> dict[str, Any]:
    """The fields of the result's JSON form that a metadata golden lists."""
    record = result.as_dict()
    return {key: record.get(key) for key in wanted}


@dataclass(frozen=True)
class Comparison:
    """The outcome of cleaning one seed against its goldens."""

    case: SeedCase
    result: Result
    expected_text: bytes | None  # None: no golden text yet
    expected_metadata: dict[str, Any] | None  # None: no metadata golden (nothing to compare)
    metadata_error: str | None = None  # the metadata golden exists but is not valid JSON

    @property
    def actual_bytes(self) -> bytes:
        return self.result.text.encode("utf-8")

    @property
    def missing(self) -> bool:
        return self.expected_text is None

    @property
    def text_matches(self) -> bool:
        return self.expected_text == self.actual_bytes

    @property
    def actual_metadata(self) -> dict[str, Any] | None:
        if self.expected_metadata is None:
            return None
        return metadata_subset(self.result, self.expected_metadata)

    @property
    def metadata_matches(self) -> bool:
        if self.metadata_error:
            return False
        return self.expected_metadata is None or self.actual_metadata == self.expected_metadata

    @property
    def ok(self) -> bool:
        return not self.missing and self.text_matches and self.metadata_matches

    def text_diff(self, colour: bool = False) -> str:
        expected = "" if self.expected_text is None else _decode_golden(self.expected_text)
        return unified_diff(expected, self.result.text, str(self.case.golden_text), f"cleaned {self.case.seed}", colour)

    def metadata_diff(self, colour: bool = False) -> str:
        if self.metadata_error:
            return f"{self.case.golden_metadata}: {self.metadata_error}\n"
        if self.metadata_matches:
            return ""
        return unified_diff(
            _pretty_json(self.expected_metadata), _pretty_json(self.actual_metadata),
            str(self.case.golden_metadata), f"cleaned {self.case.seed}", colour,
        )

    def report(self, colour: bool = False) -> str:
        """What is wrong with this seed, ready to print (empty when it passes)."""
        if self.missing:
            return f"{self.case.name}: no golden {self.case.golden_text}; write it and review it by eye\n"
        return self.text_diff(colour) + self.metadata_diff(colour)


def _pretty_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def compare(cleaner: Cleaner, case: SeedCase) -> Comparison:
    result = cleaner.clean(case.seed.read_bytes())
    expected_text = case.golden_text.read_bytes() if case.golden_text.is_file() else None
    expected_metadata, error = None, None
    if case.golden_metadata.is_file():
        try:
            expected_metadata = json.loads(case.golden_metadata.read_text(encoding="utf-8"))
            if not isinstance(expected_metadata, dict):
                expected_metadata, error = {}, "metadata golden must be a JSON object"
        except (ValueError, UnicodeDecodeError) as exc:
            expected_metadata, error = {}, f"not valid JSON: {exc}"
    return Comparison(case, result, expected_text, expected_metadata, error)


def compare_all(cleaner: Cleaner, seeds: Path, golden: Path) -> Iterator[Comparison]:
    for case in find_seeds(seeds, golden):
        yield compare(cleaner, case)


def write_golden(comparison: Comparison, text: bool = True, metadata: bool = True) -> list[Path]:
    """Rewrite the goldens of one seed that differ from its cleaned output; returns the files written.

    A metadata golden is only rewritten when one exists, keeping the fields it lists (a person
    chose them); one that is not valid JSON is left for a person to fix."""
    written = []
    if text and (comparison.missing or not comparison.text_matches):
        write_atomic(comparison.case.golden_text, comparison.actual_bytes)
        written.append(comparison.case.golden_text)
    if metadata and comparison.expected_metadata is not None and not comparison.metadata_matches and not comparison.metadata_error:
        write_atomic(comparison.case.golden_metadata, _pretty_json_in_order(comparison.actual_metadata))
        written.append(comparison.case.golden_metadata)
    return written


def _pretty_json_in_order(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def running_in_ci(environ: os._Environ | dict[str, str] | None = None) -> bool:
    """True when the CI environment variable is set to anything but empty, 0 or false."""
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() not in ("", "0", "false", "no")


CI_REFUSAL = (
    "refusing to update goldens in CI (the CI environment variable is set): goldens are reviewed by "
    "a person, never rewritten by a build. Run the update on your machine and commit the reviewed files."
)
