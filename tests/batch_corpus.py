"""Small synthetic corpora for the batch tests: HTML and text pages, JSON Lines, WARC."""
from __future__ import annotations

import gzip
import json
import os
import uuid
from pathlib import Path

from project_paths import SEEDS

from cleaner.batch import CleanerSpec

TOPICS = ["harbour", "orchard", "railway", "library", "glacier", "market", "bridge", "festival"]


def html_page(i: int) -> str:
    topic = TOPICS[i % len(TOPICS)]
    return f"""<!doctype html><html><head><title>The {topic} story number {i}</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience on our site.</p></div>
<article><h1>The {topic} story number {i}</h1>
<p>Residents gathered near the old {topic} on Tuesday morning, where officials described plans that
would change how the town uses the site over the next {i % 9 + 2} years, according to the council.</p>
<p>The proposal, published after months of consultation, sets out a budget of {i * 13 % 97 + 3} million
and a timetable that critics called ambitious, while supporters said it was long overdue.</p>
<p>A final vote is expected next month; until then, the council said, residents can send comments
by post or at the town hall during opening hours.</p></article>
<footer><p>© 2025 Town Courier. All rights reserved.</p></footer></body></html>"""


def seed_texts() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def write_folder(root: Path, pages: int) -> Path:
    """A folder tree of HTML pages in two subfolders, plus the seed text pages."""
    for i in range(pages):
        sub = root / ("a" if i % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"page-{i:04d}.html").write_text(html_page(i), encoding="utf-8")
    for name, text in seed_texts():
        (root / "text").mkdir(parents=True, exist_ok=True)
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


def jsonl_lines(pages: int) -> list[str]:
    lines = [json.dumps({"id": f"rec-{i}", "url": f"https://courier.example/news/{i}", "html": html_page(i)}) for i in range(pages)]
    lines += [json.dumps({"id": name, "text": text}) for name, text in seed_texts()]
    return lines


def write_jsonl(path: Path, pages: int, extra_lines: list[str] = ()) -> Path:
    body = "\n".join([*jsonl_lines(pages), *extra_lines]) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(body.encode("utf-8")))
    else:
        path.write_text(body, encoding="utf-8")
    return path


def warc_record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8", record_type: str = "response",
                http_headers: str = "") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{http_headers}Content-Length: {len(body)}\r\n\r\n").encode() + body
    if record_type == "request":
        http = f"GET {url} HTTP/1.1\r\nHost: example\r\n\r\n".encode()
    msgtype = "response" if record_type == "response" else "request"
    head = (
        "WARC/1.0\r\n"
        f"WARC-Type: {record_type}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, record_type + url)}>\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "WARC-Date: 2025-06-18T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype={msgtype}\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def write_warc(path: Path, pages: int) -> Path:
    """Response records with HTML, plus a request record and an image response to be ignored."""
    records = []
    for i in range(pages):
        url = f"https://courier.example/warc/{i}"
        records.append(warc_record(f"https://courier.example/warc/{i}", html_page(i).encode("utf-8"), record_type="request"))
        records.append(warc_record(url, html_page(i).encode("utf-8")))
    records.append(warc_record("https://courier.example/logo.png", b"\x89PNG....", content_type="image/png"))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        path.write_bytes(b"".join(gzip.compress(r) for r in records))
    else:
        path.write_bytes(b"".join(records))
    return path


def tree(root: Path) -> dict[str, bytes]:
    """Every output file under root (the hidden state folder excluded) with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".cleaner" not in p.relative_to(root).parts
    }


CRASH_MARKER = "KILL-THE-WORKER"


class CrashingCleaner:
    """Cleans like the real one, but its process dies on a page holding CRASH_MARKER."""

    def __init__(self):
        from cleaner import Cleaner

        self.real = Cleaner()

    def __getattr__(self, name):  # rules, profile: as the real one
        return getattr(self.real, name)

    def clean(self, data, url=None, kind=None):
        if CRASH_MARKER in (data if isinstance(data, str) else data.decode("utf-8", "replace")):
            os._exit(3)
        return self.real.clean(data, url=url, kind=kind)


class CrashingSpec(CleanerSpec):
    """Picklable and importable by spawned workers: builds a CrashingCleaner."""

    def build(self):
        return CrashingCleaner()


SLOW_MARKER = "SLOW-PAGE"  # sleeps in Python code: the alarm in the worker stops it
STUCK_MARKER = "STUCK-PAGE"  # sleeps with the alarm blocked, as C code that never returns would
SLOW_SECONDS = 120


class SlowCleaner(CrashingCleaner):
    """Cleans like the real one, but takes two minutes on a page holding SLOW_MARKER or STUCK_MARKER."""

    def __init__(self, time_limit):
        from cleaner import Cleaner
        from cleaner.limits import Limits

        self.real = Cleaner(limits=Limits(time_limit=time_limit))

    def clean(self, data, url=None, kind=None):
        import signal
        import time

        text = data if isinstance(data, str) else data.decode("utf-8", "replace")
        if STUCK_MARKER in text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(SLOW_SECONDS)
        if SLOW_MARKER in text:
            time.sleep(SLOW_SECONDS)
        return self.real.clean(data, url=url, kind=kind)


class SlowSpec(CleanerSpec):
    """Picklable and importable by spawned workers: builds a SlowCleaner."""

    def build(self):
        return SlowCleaner(self.time_limit)
