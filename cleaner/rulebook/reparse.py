"""The `re` module's parser, read for the shape of a rule's regex: the safety check
(safety.py, charsets.py, ambiguity.py) and the prefilter (prefilter.py) walk its parse tree.
`regex` extends the syntax of `re`; what only `regex` reads is replaced by an equivalent first."""
from __future__ import annotations

import importlib
import re
from typing import Any

# The parser behind `re` (Python 3.11+ keeps it in re._parser; typeshed has no types for it).
sre: Any = importlib.import_module("re._constants")
_sre_parse: Any = importlib.import_module("re._parser")

# `regex`-only syntax that the `re` parser does not read, replaced by an equivalent for the check:
# a Unicode property is a set of characters, like \w.
_REGEX_ONLY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\X")
REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT}


def as_re(pattern: str) -> str:
    """A `regex` pattern with its Unicode properties written as \\w (a set of characters too)."""
    return _REGEX_ONLY.sub(r"\\w", pattern)


def parse_as_re(pattern: str):
    """Parse a `regex` pattern with the `re` parser, its Unicode properties read as \\w.
    Raises re.error for syntax `re` does not know."""
    return _sre_parse.parse(as_re(pattern))

