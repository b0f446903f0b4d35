"""cleaner.integrations.datatrove in a real local datatrove pipeline: WarcReader -> CleanerStep -> JsonlWriter."""
import gzip
import io
import json

import pytest

pytest.importorskip("datatrove", reason="needs the datatrove extra: pip install 'cleaner-pages[datatrove]'")
pytest.importorskip("warcio", reason="datatrove's WarcReader needs warcio: pip install 'cleaner-pages[datatrove]'")
pytest.importorskip("cchardet", reason="datatrove's WarcReader needs faust-cchardet: pip install 'cleaner-pages[datatrove]'")
try:
    import magic  # noqa: F401  (python-magic, which needs the system's libmagic)
except ImportError as exc:
    pytest.skip(f"datatrove's WarcReader needs python-magic and libmagic: {exc}", allow_module_level=True)

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner.api import clean
from cleaner.integrations.datatrove import CleanerStep

STORY = ("<html><head><title>Harbour plan approved after a long debate</title></head><body><article>"
         "<h1>Harbour plan approved after a long debate</h1>"
         "<p>The council approved the harbour plan on Tuesday after a debate that lasted most of the evening.</p>"
         "<p>Follow us on Twitter</p>"
         "<p>Work on the new quay starts in the spring and should take two years, the harbour master said.</p>"
         "</article></body></html>")
EMPTY = "<html><body><nav><a href='/'>Home</a></nav></body></html>"


def write_warc(path, pages):
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, html in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=http)
            writer.write_record(record)


def test_warc_to_jsonl_through_the_cleaner(tmp_path):
    (tmp_path / "warc").mkdir()
    write_warc(tmp_path / "warc" / "crawl.warc.gz", [("https://news.example/harbour", STORY), ("https://news.example/empty", EMPTY)])
    LocalPipelineExecutor(
        pipeline=[WarcReader(str(tmp_path / "warc")), CleanerStep(), JsonlWriter(str(tmp_path / "out"))],
        tasks=1, workers=1, logging_dir=str(tmp_path / "logs"),
    ).run()

    outputs = list((tmp_path / "out").glob("*.jsonl.gz"))
    assert len(outputs) == 1
    with gzip.open(outputs[0], "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    assert len(records) == 1  # the page with no article text is dropped
    record = records[0]
    assert record["text"] == clean(STORY, url="https://news.example/harbour").text
    assert "Follow us on Twitter" not in record["text"]
    assert record["metadata"]["title"] == "Harbour plan approved after a long debate"
    assert record["metadata"]["url"] == "https://news.example/harbour"

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "cleaner" in s["name"])
    expected = clean(STORY, url="https://news.example/harbour").removed
    assert any(r.text == "Follow us on Twitter" for r in expected)
    for rule in {r.rule for r in expected}:
        counted = step["stats"][f"removed/{rule}"]
        assert (counted["total"] if isinstance(counted, dict) else counted) == sum(r.rule == rule for r in expected)
    assert step["stats"]["empty"] == 1
    assert step["stats"]["forwarded"] == 1


def test_page_in_metadata_and_markdown(tmp_path):
    from datatrove.data import Document

    step = CleanerStep(page_key="html", markdown=True, kind="html")
    documents = list(step.run(iter([Document(text="", id="a", metadata={"html": STORY, "url": "https://news.example/a"})])))
    assert documents[0].text == clean(STORY, kind="html").markdown
    assert documents[0].text.startswith("# Harbour plan approved")


def test_bad_profile_is_refused_when_the_step_is_built():
    with pytest.raises(Exception, match="profile"):
        CleanerStep(profile="no-such-profile")
