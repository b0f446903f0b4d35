"""Per-page limits: size, line count, HTML nesting depth and time, so that one hostile page can
neither hang nor exhaust the process that cleans it (a crawler calling the library, or a batch).

What each limit does (defaults in `Limits`):

- `max_bytes`: a larger page is not cleaned at all: the Result has empty text, a warning naming
  the limit, and `flags["limit"]`. Checked before decoding, so it costs nothing.
- `max_lines`: the same for a page (or an extraction) with more lines/paragraphs than this:
  the line stages cost time per line, so a page of millions of tiny lines is refused.
- `max_html_bytes`, `max_depth`: HTML larger than this (not counting the contents of scripts, styles
  and comments: `markup_size`), or nested deeper (measured by a forward
  scan that reads tags as the HTML tokenizer does, `nesting_depth`), takes the cheap path: the
  `degrade` stage (cleaner/stages/degrade.py) asks `oversized_html` and, when it names a limit,
  strips the tags in one linear scan and the page goes through the text stages, with
  `flags["degraded"]` saying why. The HTML parsers' cost grows faster than the page
  (trafilatura needs ~20 s for 6 MB of paragraphs) and libxml2 drops content below depth 256.
- `regex_time`: the time all regex rule searches of one page may take together (each search also
  stops after 50 ms). Past it the page's remaining regex searches are skipped; the page is still
  cleaned by the other rules, with a warning and `flags["regex_time"]`.
- `time_limit`: the deadline is checked after every stage; past it the page is abandoned as for
  `max_bytes`. A stage running in C (lxml, lexbor) cannot be interrupted safely from Python, so the
  size caps above are what bound the time of any single stage; a hard per-page kill belongs to
  the process that runs the page: the batch stops a page with an alarm and ends a worker stuck
  past the limit (cleaner/page_timer.py).

This module only measures, raises (LimitExceeded) and says which limit a page is over; the
stages decide what becomes of the page.
"""
from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass

import regex

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Per-page limits. None switches a limit off. Sizes are bytes (characters for str input)."""

    max_bytes: int | None = 16 * MIB
    max_lines: int | None = 100_000
    max_html_bytes: int | None = 4 * MIB
    max_depth: int | None = 256
    time_limit: float | None = 30.0
    regex_time: float | None = 5.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
                raise ValueError(f"Limits.{name} must be a positive number or None, not {value!r}")


class LimitExceeded(Exception):
    """A page went over one of its limits; the message says which, by how much."""

    def __init__(self, name: str, limit: float, measured: float, message: str):
        super().__init__(message)
        self.name, self.limit, self.measured = name, limit, measured

    def as_flag(self) -> dict:
        return {"name": self.name, "limit": self.limit, "measured": self.measured}


def check_size(data: str | bytes, limits: Limits) -> None:
    if limits.max_bytes is not None and len(data) > limits.max_bytes:
        unit = "bytes" if isinstance(data, bytes) else "characters"
        raise LimitExceeded(
            "max_bytes", limits.max_bytes, len(data),
            f"page not cleaned: {len(data):,} {unit} is over the size limit of {limits.max_bytes:,} (Limits.max_bytes)",
        )


class PageBudget:
    """Watches one page through the pipeline: called after every stage (Pipeline.run's hook)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.started = time.monotonic()
        self.last_stage = "start"
        self._text_lines_checked = False

    def after_stage(self, stage, doc) -> None:
        self.last_stage = stage.name
        if doc.kind == "text" and not self._text_lines_checked:
            # Once, when the page first is text: after decode, or after the cheap path flattened it.
            self._text_lines_checked = True
            self._check_text_lines(doc.source)
        max_lines = self.limits.max_lines
        if max_lines is not None and len(doc.blocks) > max_lines:
            raise _too_many_lines(len(doc.blocks), max_lines)
        self._check_time()

    def _check_text_lines(self, source: str) -> None:
        # Blank lines cost nothing downstream; count them out only when the cheap bound is exceeded.
        max_lines = self.limits.max_lines
        if max_lines is not None and source.count("\n") >= max_lines:
            lines = sum(1 for _ in _TEXT_LINE.finditer(source))
            if lines > max_lines:
                raise _too_many_lines(lines, max_lines)

    def _check_time(self) -> None:
        limit = self.limits.time_limit
        elapsed = time.monotonic() - self.started
        if limit is not None and elapsed > limit:
            raise LimitExceeded(
                "time_limit", limit, round(elapsed, 3),
                f"page not cleaned: {elapsed:.1f} s after stage {self.last_stage!r} is over the time limit"
                f" of {limit} s (Limits.time_limit)",
            )


_TEXT_LINE = regex.compile(r"[^\s][^\n]*")


def oversized_html(source: str, max_html_bytes: int | None, max_depth: int | None) -> dict | None:
    """The limit an HTML page is over, as flags["degraded"] states it ({"name", "limit",
    "measured"}), or None when the parsers can take it. Size is checked first: the length costs
    nothing, and only a longer page is measured without its inline code (`markup_size`)."""
    if max_html_bytes is not None and len(source) > max_html_bytes:
        size = markup_size(source)
        if size > max_html_bytes:
            return {"name": "max_html_bytes", "limit": max_html_bytes, "measured": size}
    if max_depth is not None and (depth := nesting_depth(source, max_depth)) > max_depth:
        return {"name": "max_depth", "limit": max_depth, "measured": depth}
    return None


# Where inline code starts: a comment, or a script or style element (their contents hold no tags).
_INLINE_CODE_START = re.compile(r"<!--|<(script|style)(?=[\s/>])", re.I)
_INLINE_CODE_END = {name: re.compile(f"</{name}", re.I) for name in ("script", "style")}


def markup_size(source: str) -> int:
    """The page's length without the contents of its scripts, styles and comments: inline code and
    data (a framework's page state, icons in CSS) that the parsers pass over quickly, while the
    markup and text are what the extractor's time grows with. A page of megabytes of inline state
    around a short article is cleaned as HTML, not degraded."""
    skipped, pos = 0, 0
    while (found := _INLINE_CODE_START.search(source, pos)) is not None:
        if found.group(1) is None:  # a comment, to its end
            closing = source.find("-->", found.end())
            end = len(source) if closing < 0 else closing + 3
            skipped += end - found.start()
        else:  # the element's contents, to its end tag
            after = _INLINE_CODE_END[found.group(1).lower()].search(source, found.end())
            end = len(source) if after is None else after.start()
            skipped += end - found.end()
        pos = max(end, found.end())
    return len(source) - skipped


def _too_many_lines(lines: int, limit: int) -> LimitExceeded:
    return LimitExceeded(
        "max_lines", limit, lines,
        f"page not cleaned: {lines:,} lines is over the limit of {limit:,} (Limits.max_lines)",
    )


# Tags that never need closing (void) or whose end tag is optional: they do not deepen the tree
# for the purpose of an estimate.
_SHALLOW_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen"
    " p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption rt rp html head body".split()
)
# The scan reads markup as the HTML tokenizer does, so that it sees the tree the parsers build:
# a quoted attribute value may hold "<" and ">"; "/>" closes nothing on an HTML element (<div/>
# opens a div) but does inside <svg> and <math>; scripts, styles and comments hold no tags; an end
# tag closes the open element of its name (and those inside it) and is ignored when none is open.
# It moves forward only, one tag at a time (an unclosed quote or comment runs to the end of the
# page, as in a browser), so it is linear however the markup is built.
_TAG_START = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_TAG_REST = re.compile(r"""(?:[^>"'=]+|=\s*"[^"]*(?:"|\Z)|=\s*'[^']*(?:'|\Z)|=|["'])*""")
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes noscript".split())
_RAW_TEXT_END = {name: re.compile(rf"</{name}[\s/>]", re.I) for name in _RAW_TEXT}
_FOREIGN = frozenset(("svg", "math"))


def nesting_depth(source: str, stop_above: int | None = None) -> int:
    """An estimate of the HTML element nesting depth, from one forward scan of the tags.
    Stops counting once it is above `stop_above`."""
    open_tags: list[str] = []
    deepest = foreign = 0
    pos, end = 0, len(source)
    while (pos := source.find("<", pos)) >= 0:
        if source.startswith("<!--", pos):
            closing = source.find("-->", pos + 4)
            pos = end if closing < 0 else closing + 3
            continue
        found = _TAG_START.match(source, pos)
        if found is None:
            if source.startswith(("<!", "<?"), pos):  # doctype, bogus comment: to the next ">"
                closing = source.find(">", pos)
                pos = end if closing < 0 else closing + 1
            else:
                pos += 1  # a "<" that starts no tag is text
            continue
        rest = _TAG_REST.match(source, found.end())
        assert rest is not None  # the pattern matches the empty string
        pos = rest.end()
        if pos >= end:  # a tag still open at the end of the page is dropped, as by the parser
            break
        pos += 1  # the ">"
        end_tag, name = found.group(1), found.group(2).lower()
        if end_tag:
            if name in open_tags:
                while True:
                    closed = open_tags.pop()
                    foreign -= closed in _FOREIGN
                    if closed == name:
                        break
            continue
        if name in _RAW_TEXT:
            after = _RAW_TEXT_END[name].search(source, pos)
            pos = end if after is None else after.start()
            continue
        if name in _SHALLOW_TAGS or (foreign and source[pos - 2] == "/"):
            continue
        open_tags.append(name)
        foreign += name in _FOREIGN
        if len(open_tags) > deepest:
            deepest = len(open_tags)
            if stop_above is not None and deepest > stop_above:
                break
    return deepest
