"""The library face: Cleaner (built once, reused for many pages and threads), clean(), Result."""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .document import Document, Removal, Repaired
from .explain import Explanation, Recorder
from .limits import LimitExceeded, Limits, PageBudget, check_size
from .markdown import to_markdown
from .pipeline import Pipeline
from .profile import load_profile
from .rulebook import Pack, load_packs
from .rulebook.match import RegexBudget, regex_budget
from .stages.extract import COMMENT_MODES

METADATA_KEYS = ("title", "source", "date", "url")


class CleanerError(Exception):
    """Raised for input the library cannot take (wrong type, unknown kind), and for a failure inside
    a stage (the message names the stage; the original exception is its __cause__). Pages over a
    limit are not errors: they give a Result with flags["limit"] (see cleaner/limits.py)."""


@dataclass(frozen=True)
class Result:
    text: str
    metadata: dict[str, Any]
    removed: tuple[Removal, ...] = ()
    kind: str = "text"
    warnings: tuple[str, ...] = ()
    flags: dict[str, Any] = field(default_factory=dict)
    # Lines whose encoding damage was repaired (mojibake, leftover entities), in order.
    repaired: tuple[Repaired, ...] = ()
    # With Cleaner(comments="separate"): the page's comments, one per item, authors stripped.
    comments: list[str] | None = None
    # Only with clean(..., explain=True): the per-line decisions (cleaner/explain.py).
    explanation: Explanation | None = None
    # What `markdown` is written from (text, the page's content tree, title): kept so that it is
    # written only when read, which most callers never do.
    markdown_source: tuple[str, Any, str | None] | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def markdown(self) -> str:
        """The same text as Markdown, keeping the page's headings, lists, tables, quotes and code."""
        if self.markdown_source is None:
            return ""
        return to_markdown(*self.markdown_source)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: text, the metadata fields, the removals and the repairs in order."""
        return {
            "text": self.text,
            **{key: self.metadata.get(key) for key in METADATA_KEYS},
            **{k: v for k, v in self.metadata.items() if k not in METADATA_KEYS},
            "kind": self.kind,
            "removed": [r.as_dict() for r in self.removed],
            "repaired": [r.as_dict() for r in self.repaired],
            "warnings": list(self.warnings),
            "flags": dict(self.flags),
            **({"comments": list(self.comments)} if self.comments is not None else {}),
        }


class Cleaner:
    """Compiles a profile and rule packs once. Immutable afterwards, so safe to share across threads.

    rules: files or folders of rule packs; None means the shipped packs. extra_rules are layered
    after them (user packs). disable: rule ids to switch off. Each takes one item (a str, or a
    Path for packs) or an iterable of them. limits: per-page size, line, depth
    and time limits (cleaner.limits.Limits; the defaults when None). comments: what becomes of an
    HTML page's comment sections: "drop" (left out), "keep" (in the text, after the article) or
    "separate" (in result.comments, never in the text).
    """

    def __init__(
        self,
        rules: Iterable[str | Path] | None = None,
        *,
        extra_rules: Iterable[str | Path] = (),
        disable: Iterable[str] = (),
        profile: str = "default",
        limits: Limits | None = None,
        comments: str = "drop",
    ):
        if comments not in COMMENT_MODES:
            raise CleanerError(f"comments must be one of {', '.join(COMMENT_MODES)}, not {comments!r}")
        self.comments = comments
        self.limits = limits if limits is not None else Limits()
        paths = None if rules is None else _one_or_many(rules, "rules", (str, Path))
        extra = _one_or_many(extra_rules, "extra_rules", (str, Path))
        disable = _one_or_many(disable, "disable", (str,))
        if extra:
            from .rulebook.load import default_rules_dir

            paths = (paths or [default_rules_dir()]) + extra
        self.packs: tuple[Pack, ...] = tuple(load_packs(paths, disabled=disable))
        self.rules = tuple(rule for pack in self.packs for rule in pack.rules)
        self.profile = load_profile(profile)
        # Set by the caller, not the profile: the cheap path's bounds and what becomes of comments.
        overrides: dict[str, dict] = {
            "degrade": {"max_html_bytes": self.limits.max_html_bytes, "max_depth": self.limits.max_depth},
        }
        if comments != "drop":
            overrides["extract"] = {"comments": comments}
        self._pipeline = Pipeline(self.profile, self.rules, overrides)

    def clean(self, data: str | bytes, url: str | None = None, kind: str | None = None, *, explain: bool = False) -> Result:
        if not isinstance(data, (str, bytes, bytearray, memoryview)):
            raise CleanerError(f"clean() takes str or bytes, not {type(data).__name__}")
        if kind not in (None, "html", "text"):
            raise CleanerError(f"kind must be 'html', 'text' or None, not {kind!r}")
        raw = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
        doc = Document(raw=raw, url=url, kind=kind)
        budget = PageBudget(self.limits)
        recorder = Recorder(chained=[budget.after_stage]) if explain else None
        try:
            check_size(raw, self.limits)
            with regex_budget(self.limits.regex_time) as regex_time:
                doc = self._pipeline.run(doc, after_stage=recorder.after_stage if recorder else budget.after_stage)
            if regex_time is not None and regex_time.exhausted:
                _flag_regex_time(doc, regex_time)
        except LimitExceeded as exc:
            return _over_limit(doc, exc)
        except Exception as exc:
            raise CleanerError(
                f"cleaning failed in the stage after {budget.last_stage!r}: {type(exc).__name__}: {exc}"
            ) from exc
        metadata = {key: doc.metadata.get(key) for key in METADATA_KEYS}
        metadata.update({k: v for k, v in doc.metadata.items() if k not in METADATA_KEYS and v is not None})
        if url:
            metadata["url"] = url
        result = Result(doc.text, metadata, tuple(doc.removed), doc.kind or "text", tuple(doc.warnings), dict(doc.flags),
                        tuple(doc.repaired),
                        markdown_source=(doc.text, doc.content, metadata.get("title")),
                        comments=list(doc.comments) if self.comments == "separate" else None)
        return replace(result, explanation=recorder.explanation(doc)) if recorder else result


def _flag_regex_time(doc: Document, spent: RegexBudget) -> None:
    doc.flags["regex_time"] = {"name": "regex_time", "limit": spent.limit, "measured": round(spent.spent, 3),
                               "skipped": spent.skipped}
    doc.warnings.append(
        f"regex rules stopped after {spent.spent:.1f} s, the page's budget (Limits.regex_time):"
        f" {spent.skipped:,} regex searches skipped"
    )


def _one_or_many(value: Any, name: str, kinds: tuple[type, ...]) -> list:
    """A single str or Path is one item, not its characters; anything else must be an iterable of
    items of the given kinds, or the caller gets a TypeError naming the argument."""
    if isinstance(value, kinds):
        return [value]
    wanted = " or ".join(kind.__name__ for kind in kinds)
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} takes a {wanted} or a list of them, not {type(value).__name__}")
    items = list(value)
    wrong = [item for item in items if not isinstance(item, kinds)]
    if wrong:
        raise TypeError(f"{name} takes a {wanted} or a list of them; got an item of type {type(wrong[0]).__name__}")
    return items


def _over_limit(doc: Document, exc: LimitExceeded) -> Result:
    """The result for a page over a limit: no text, the reason as a warning and in flags["limit"]."""
    metadata: dict[str, Any] = {key: None for key in METADATA_KEYS}
    metadata["url"] = doc.url
    flags = {**doc.flags, "limit": exc.as_flag()}
    return Result("", metadata, (), doc.kind or "text", (*doc.warnings, str(exc)), flags)


@functools.cache
def default_cleaner() -> Cleaner:
    """The shared Cleaner for the shipped packs and default profile, built on first use."""
    return Cleaner()


def clean(data: str | bytes, url: str | None = None, kind: str | None = None, *, explain: bool = False) -> Result:
    """Clean one page (HTML or flattened text) with the shipped rule packs. explain=True attaches
    the per-line decisions as result.explanation."""
    return default_cleaner().clean(data, url=url, kind=kind, explain=explain)
