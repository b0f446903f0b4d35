"""Site chrome learned in a batch (`cleaner clean --learn-site-chrome`): what it drops and keeps.

Builds a crawl of several pages per site from a WCXB-style tuning set (pages grouped by `domain`
in meta.jsonl, only sites with at least --min-site-pages pages), flattened to text as a scraper
stores it (`html-text` when installed, from the bench extra; else the project's cheap
html_to_text), one JSON Lines record per page with its url. Then cleans it with and without
learning, one worker, and scores every output against the truth files:

- content kept: word recall against the truth text (bench/scoring.py's word metric);
- chrome dropped: of the input's words that are not in the truth (a bag, per page), the share
  no longer in the output;
- leaked: share of the `without` snippets (text the truth excludes) still in the output;
- peak memory of the run (its process's max RSS).

Run by hand:  python bench/site_chrome.py --data ../shared/bench/wcxb-dev
              python bench/site_chrome.py --min-site-pages 3 --site-min-pages 3 --site-min-share 0.3
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scoring import (
    load_meta,
    mean_rate,
    read_text,
    without_leaked,
    word_prf,
    word_tokens,
)


def flatten(html: str) -> str:
    try:
        import html_text
    except ImportError:
        from cleaner.htmltext import html_to_text

        return html_to_text(html)
    try:
        return html_text.extract_text(html)
    except Exception:  # an unparsable page flattens to nothing, as a scraper would store
        return ""


def build_crawl(data: Path, min_site_pages: int, path: Path) -> dict[str, dict]:
    """The JSON Lines crawl; returns the meta records of the pages in it, by id."""
    meta = load_meta(data)
    by_site: dict[str, list[dict]] = defaultdict(list)
    for record in meta.values():
        by_site[record.get("domain") or ""].append(record)
    chosen = {rid: r for site, records in by_site.items() if site and len(records) >= min_site_pages
              for r in records for rid in [str(r["id"])]}
    with open(path, "w", encoding="utf-8") as out:
        for rid, record in sorted(chosen.items()):
            html = gzip.decompress((data / "html" / f"{rid}.html.gz").read_bytes()).decode("utf-8", "replace")
            out.write(json.dumps({"id": rid, "url": record["url"], "text": flatten(html)}, ensure_ascii=False) + "\n")
    return chosen


def run(crawl: Path, out: Path, extra: list[str]) -> tuple[float, int]:
    """(seconds, peak RSS in bytes) of one `cleaner clean` run in its own process."""
    command = [sys.executable, "-m", "cleaner.cli", "clean", str(crawl), "--out", str(out), "-w", "1",
               "--no-progress", "--format", "json", *extra]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"cleaner failed ({process.returncode}): {stderr}")
    return time.monotonic() - started, usage.ru_maxrss * 1024


def score(crawl: Path, out: Path, data: Path, meta: dict[str, dict]) -> dict[str, float]:
    recalls, dropped, leaked = [], [], []
    missing = 0
    chrome_in = chrome_out = 0
    for line in crawl.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        rid = record["id"]
        output = out / crawl.stem / f"{rid}.json"
        text = json.loads(output.read_text(encoding="utf-8"))["text"] if output.exists() else ""
        missing += not output.exists()
        truth = read_text(data / "truth" / f"{rid}.txt")
        truth_words = Counter(word_tokens(truth))
        page_in = sum((Counter(word_tokens(record["text"])) - truth_words).values())
        page_out = sum((Counter(word_tokens(text)) - truth_words).values())
        chrome_in += page_in
        chrome_out += page_out
        if page_in:
            dropped.append(1 - page_out / page_in)
        recalls.append(word_prf(text, truth).recall)
        leaked.append(without_leaked(text, meta[rid]))
    return {
        "content_kept": sum(recalls) / len(recalls),
        "chrome_dropped_per_page": sum(dropped) / len(dropped),
        "chrome_dropped_words": 1 - chrome_out / chrome_in if chrome_in else 0.0,
        "without_leaked": mean_rate(leaked) or 0.0,
        "missing": missing,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench/wcxb-dev"))
    parser.add_argument("--min-site-pages", type=int, default=5, help="only sites with at least this many pages")
    parser.add_argument("--site-min-pages", help="passed to the learning run (default: the command's)")
    parser.add_argument("--site-min-share", help="passed to the learning run (default: the command's)")
    args = parser.parse_args(argv)
    learn = ["--learn-site-chrome"] + [
        item for name in ("site_min_pages", "site_min_share") if getattr(args, name) is not None
        for item in (f"--{name.replace('_', '-')}", getattr(args, name))
    ]
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        crawl = work_dir / "crawl.jsonl"
        meta = build_crawl(args.data, args.min_site_pages, crawl)
        sites = len({record.get("domain") for record in meta.values()})
        print(f"crawl: {len(meta)} pages of {sites} sites (>= {args.min_site_pages} pages each), "
              f"{crawl.stat().st_size / 1e6:.1f} MB flattened")
        rules_file = work_dir / "site-rules.toml"
        for label, extra in (("without learning", []), ("with learning", [*learn, "--save-site-rules", str(rules_file)])):
            out = work_dir / label.replace(" ", "-")
            seconds, peak = run(crawl, out, extra)
            figures = score(crawl, out, args.data, meta)
            learned = sum(1 for line in rules_file.read_text(encoding="utf-8").splitlines() if line == "[[rules]]") \
                if extra and rules_file.exists() else 0
            print(f"{label:17}: content kept {figures['content_kept']:.3f}, chrome dropped {figures['chrome_dropped_words']:.3f}"
                  f" of words ({figures['chrome_dropped_per_page']:.3f} per page), 'without' snippets leaked"
                  f" {figures['without_leaked']:.3f}; {seconds:.1f} s, peak RSS {peak / 2**20:.0f} MiB"
                  + (f"; {learned} site rules learned" if extra else "")
                  + (f"; {figures['missing']} outputs missing (scored empty)" if figures["missing"] else ""))
            if extra and rules_file.exists():
                for rule in tomllib.loads(rules_file.read_text(encoding="utf-8")).get("rules", []):
                    print(f"  {rule['id']}: {' / '.join(rule['pattern'])[:90]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
