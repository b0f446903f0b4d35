"""The extractors the harness compares: this pipeline (one entry per shipped profile) and the peers.

Each system is a callable (html bytes, url) -> Extraction. Peers are imported lazily, so a
missing optional package only drops that system (with a message) instead of the whole run.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Extraction:
    text: str
    metadata: dict = field(default_factory=dict)


Extractor = Callable[[bytes, str | None], Extraction]


def _as_str(html: bytes) -> str:
    return html.decode("utf-8", errors="replace")


def cleaner_system(profile: str, keep_title: bool) -> Extractor:
    from cleaner import Cleaner
    from cleaner.textnorm import match_key

    cleaner = Cleaner(profile=profile)

    def run(html: bytes, url: str | None) -> Extraction:
        result = cleaner.clean(html, url=url, kind="html")
        text = result.text
        title = result.metadata.get("title")
        if not keep_title and title:
            # The output contract puts the title first; both truth sets score the body only.
            first, _, rest = text.partition("\n\n")
            if match_key(first) == match_key(title):
                text = rest
        return Extraction(text, result.metadata)

    return run


def trafilatura_system(fast: bool) -> Extractor:
    import trafilatura

    def run(html: bytes, url: str | None) -> Extraction:
        text = trafilatura.extract(html, url=url, include_comments=False, fast=fast) or ""
        return Extraction(text)

    return run


def trafilatura_metadata(html: bytes, url: str | None) -> dict:
    """Metadata the trafilatura peers would give; computed outside the timed call."""
    import trafilatura

    meta = trafilatura.extract_metadata(html, default_url=url)
    if meta is None:
        return {}
    return {"title": meta.title, "date": meta.date, "author": meta.author}


def justext_system() -> Extractor:
    import justext

    stoplist = justext.get_stoplist("English")

    def run(html: bytes, url: str | None) -> Extraction:
        paragraphs = justext.justext(html, stoplist)
        return Extraction("\n".join(p.text for p in paragraphs if not p.is_boilerplate))

    return run


def readability_system() -> Extractor:
    from lxml import html as lxml_html
    from readability import Document as ReadabilityDocument

    def run(html: bytes, url: str | None) -> Extraction:
        doc = ReadabilityDocument(_as_str(html), url=url)
        summary = doc.summary(html_partial=True)
        text = lxml_html.fromstring(summary).text_content() if summary.strip() else ""
        return Extraction(text, {"title": doc.short_title()})

    return run


def resiliparse_system() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    def run(html: bytes, url: str | None) -> Extraction:
        text = bytes_to_str(html, detect_encoding(html))
        return Extraction(extract_plain_text(text, main_content=True))

    return run


PEERS: dict[str, Callable[[], Extractor]] = {
    "trafilatura": lambda: trafilatura_system(fast=False),
    "trafilatura-fast": lambda: trafilatura_system(fast=True),
    "justext": justext_system,
    "readability-lxml": readability_system,
    "resiliparse": resiliparse_system,
}
# Peers whose metadata is scored (from trafilatura's own metadata extractor, untimed).
PEER_METADATA = {"trafilatura": trafilatura_metadata, "trafilatura-fast": trafilatura_metadata}


def shipped_profiles() -> list[str]:
    """Shipped profiles that extract from HTML (text-only profiles have no extract stage)."""
    from cleaner.profile import load_profile, profile_names

    return [name for name in profile_names() if "extract" in load_profile(name).stages]


def build_systems(names: list[str] | None, keep_title: bool) -> tuple[dict[str, Extractor], list[str]]:
    """The systems to run, by name, and messages for those that could not be built."""
    wanted = names or [f"cleaner:{p}" for p in shipped_profiles()] + list(PEERS)
    systems: dict[str, Extractor] = {}
    problems: list[str] = []
    for name in wanted:
        try:
            if name.startswith("cleaner:"):
                systems[name] = cleaner_system(name.split(":", 1)[1], keep_title)
            elif name in PEERS:
                systems[name] = PEERS[name]()
            else:
                problems.append(f"unknown system {name!r}; known: cleaner:<profile>, {', '.join(PEERS)}")
        except ImportError as exc:
            problems.append(f"{name}: not installed ({exc}); pip install '.[bench]'")
    return systems, problems
