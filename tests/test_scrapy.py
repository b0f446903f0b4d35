"""The Scrapy pipeline: a real crawl of pages served on 127.0.0.1, cleaned item by item.

The crawl runs in a subprocess (Twisted's reactor cannot be restarted inside one test process)."""
import json
import subprocess
import sys
import textwrap
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("scrapy", reason="Scrapy is not installed: pip install 'cleaner-pages[scrapy]' to run the pipeline tests")

from batch_corpus import html_page  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.integrations.scrapy import CleanerPipeline  # noqa: E402

APP_SHELL = '<!doctype html><html><head></head><body><div id="app"></div><script src="/app.js"></script></body></html>'

SPIDER = textwrap.dedent('''
    import json, sys
    import scrapy
    from scrapy.crawler import CrawlerProcess

    start_url, feed, stats_file, drop_empty = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "drop"

    class Site(scrapy.Spider):
        name = "site"
        start_urls = [start_url]

        def parse(self, response):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse_page)

        def parse_page(self, response):
            yield {"url": response.url, "html": response.text}

        def closed(self, reason):
            with open(stats_file, "w") as handle:
                json.dump({k: v for k, v in self.crawler.stats.get_stats().items() if k.startswith("cleaner/")}, handle)

    process = CrawlerProcess({
        "ITEM_PIPELINES": {"cleaner.integrations.scrapy.CleanerPipeline": 300},
        "CLEANER_DROP_EMPTY": drop_empty,
        "CLEANER_DROP_INPUT": True,
        "FEEDS": {feed: {"format": "jsonlines"}},
        "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING",
    })
    process.crawl(Site)
    process.start()
''')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    links = "".join(f'<a href="/story-{i}.html">story {i}</a> ' for i in range(3)) + '<a href="/app.html">app</a>'
    (root / "index.html").write_text(f"<html><body>{links}</body></html>", encoding="utf-8")
    for i in range(3):
        (root / f"story-{i}.html").write_text(html_page(i), encoding="utf-8")
    (root / "app.html").write_text(APP_SHELL, encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def crawl(site, tmp_path, mode):
    script, feed, stats = tmp_path / "crawl.py", tmp_path / "items.jsonl", tmp_path / "stats.json"
    script.write_text(SPIDER, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), site, str(feed), str(stats), mode], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    return sorted(items, key=lambda item: item["url"]), json.loads(stats.read_text(encoding="utf-8")), done.stderr


def test_a_real_crawl_gives_cleaned_items(site, tmp_path):
    items, stats, stderr = crawl(site, tmp_path, "drop")
    assert [item["url"].rsplit("/", 1)[1] for item in items] == ["story-0.html", "story-1.html", "story-2.html"]
    cleaner = Cleaner()
    for i, item in enumerate(items):
        assert item["clean_text"] == cleaner.clean(html_page(i), url=item["url"], kind="html").text
        assert item["clean_text"].startswith(f"The {['harbour', 'orchard', 'railway'][i]} story number {i}\n\n")
        assert "cookies" not in item["clean_text"]
        assert item["clean_metadata"]["url"] == item["url"]
        assert "html" not in item  # CLEANER_DROP_INPUT
    assert stats["cleaner/items_cleaned"] == 4
    assert stats["cleaner/items_empty"] == 1 and stats["cleaner/items_dropped_empty"] == 1
    assert stats["cleaner/removed/html.cookie-banner"] == 3
    assert "ScrapyDeprecationWarning" not in stderr  # the current process_item signature


def test_empty_items_are_kept_when_asked(site, tmp_path):
    items, stats, _ = crawl(site, tmp_path, "keep")
    assert len(items) == 4
    assert [item["clean_text"] for item in items if item["url"].endswith("app.html")] == [""]
    assert "cleaner/items_dropped_empty" not in stats


class Stats:
    def __init__(self):
        self.values = {}

    def inc_value(self, key, count=1):
        self.values[key] = self.values.get(key, 0) + count


def test_items_without_a_page_pass_untouched_and_fields_are_configurable():
    stats = Stats()
    pipeline = CleanerPipeline(Cleaner(), stats, input_fields=("body",), text_field="article", metadata_field="", removed_field="why")
    untouched = {"url": "https://x.example/", "title": "no page here"}
    assert pipeline.process_item(dict(untouched)) == untouched
    item = pipeline.process_item({"body": "Follow us on:\nThe ferry resumed service on Monday after a week of storms kept it in port.\n"})
    assert item["article"] == "The ferry resumed service on Monday after a week of storms kept it in port.\n"
    assert [r["rule"] for r in item["why"]] == ["social.follow-us"] and "clean_metadata" not in item
    assert stats.values["cleaner/items_without_page"] == 1 and stats.values["cleaner/items_cleaned"] == 1
