"""The decode stage on HTML: unassigned and private-use characters (icon fonts) become spaces."""
import pytest

from cleaner.document import Document
from cleaner.stages.decode import Decode


@pytest.mark.parametrize("odd", ["\ue000", "\U000f0001", "\u0378"])
def test_unprintable_characters_in_html_become_spaces(odd):
    page = f"<html><body><p>caf\u00e9{odd}menu</p><p>na\u00efve</p></body></html>"
    doc = Decode().run(Document(raw=page.encode("utf-8")))
    assert doc.kind == "html"
    assert doc.source == page.replace(odd, " ")


def test_html_without_unprintable_characters_is_left_as_it_is():
    page = "<html><body><p>caf\u00e9 \u2019quoted\u2019 \u4e2d\u6587</p></body></html>"
    doc = Decode().run(Document(raw=page.encode("utf-8")))
    assert doc.source == page
