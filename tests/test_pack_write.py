"""The written packs (mine, learned site chrome) read back as the rules they describe."""
import tomllib

from cleaner.rulebook.write import LineRule, line_pack_toml

RULES = [
    LineRule("site.a.1", "Site chrome: line seen on 5 of 6 pages.", ('Tip "line" \x7f',), keep="A sentence of the article.",
             hosts=("news.example.org",), comments=("e.g. on: a, b",)),
    LineRule("site.a.2", "Site chrome: block of 2 lines.", ("One", "Two"), keep=None),
]


def test_a_written_pack_reads_back_as_its_rules():
    text = line_pack_toml(["learned from crawl/"], "site-chrome", "Learned.", RULES)
    data = tomllib.loads(text)
    assert data["pack"] == {"id": "site-chrome", "why": "Learned.", "order": 90}
    first, second = data["rules"]
    assert first["pattern"] == ['Tip "line" \x7f'] and first["examples"]["remove"] == first["pattern"]
    assert first["scope"]["hosts"] == ["news.example.org"] and first["examples"]["keep"] == ["A sentence of the article."]
    assert second["pattern"] == ["One", "Two"] and "scope" not in second and second["examples"]["keep"] == []
    assert text.startswith("# learned from crawl/\n") and "# e.g. on: a, b\n[[rules]]" in text


def test_the_note_stands_above_an_empty_keep_list_only():
    text = line_pack_toml([], "mined", "Mined.", RULES, missing_keep_note="add a keep example")
    assert text.count("# add a keep example\n") == 1
    assert "# add a keep example\nexamples.keep = []" in text
