"""The span stage keeps the article's run of paragraphs and what continues it right below."""
from cleaner.document import Block, Document, Removal
from cleaner.stages.span import ArticleSpan, table_rows

PARAGRAPHS = [
    "The book fair in the old market hall welcomed more visitors this year than in any year since it began.",
    "Organisers put the rise down to the readings with authors and a new corner where children swapped books.",
    "Sales grew by almost a third compared with last year, the town hall said on Monday after counting.",
]
TABLE = ["Year | Visitors | Sales", "2025 | 37,000 | 1.1m", "2026 | 48,000 | 1.4m"]
CLOSING = "The next fair opens in March 2027."
TAIL = ["Share:", "Read also", "Town opens a new library in the centre"]


def _kept(lines: list[str]) -> list[str]:
    doc = Document(raw="\n".join(lines), kind="text")
    doc.blocks = [Block(line, i) for i, line in enumerate(lines)]
    return [block.text for block in ArticleSpan().run(doc).blocks]


def test_a_table_followed_by_a_closing_sentence_stays_with_the_article():
    assert _kept(PARAGRAPHS + TABLE + [CLOSING] + TAIL) == PARAGRAPHS + TABLE + [CLOSING]


def test_a_table_the_last_paragraph_introduces_stays():
    intro = "Visitors and sales of the last two fairs, as the town hall counted them:"
    assert _kept(PARAGRAPHS + [intro] + TABLE + TAIL) == PARAGRAPHS + [intro] + TABLE


def test_rows_after_the_article_with_nothing_to_tie_them_to_it_go():
    footer = ["Privacy | Terms | Contact", "About | Jobs | Advertise"]
    assert _kept(PARAGRAPHS + footer + TAIL) == PARAGRAPHS


def test_table_rows_need_two_lines_of_the_same_width():
    blocks = [Block(text, i) for i, text in enumerate(["Facebook | X | WhatsApp", CLOSING])]
    assert table_rows(blocks, 0) == 0
    blocks = [Block(text, i) for i, text in enumerate(TABLE + ["Share | Print"])]
    assert table_rows(blocks, 0) == 3


def test_a_markdown_table_with_its_delimiter_row_is_one_table():
    # The extracted text of an HTML table: a header, the '|---|' line under it, then the rows.
    table = ["| Plan | Size | Price |", "|---|:---:|---:|", "| Small | 250 g | 6 |", "| Large | 500 g | 11 |"]
    blocks = [Block(text, i) for i, text in enumerate(table + [CLOSING])]
    assert table_rows(blocks, 0) == 4
    assert _kept(PARAGRAPHS + table + [CLOSING] + TAIL) == PARAGRAPHS + table + [CLOSING]


def test_a_paragraph_after_removed_chrome_is_not_charged_for_it_unless_the_span_crosses_it():
    # A reaction bar between the article and a closing paragraph: the rules removed its buttons.
    # Standing alone, the closing paragraph is worth its own words, not its words less the bar's.
    article = PARAGRAPHS[0] + " " + PARAGRAPHS[1]
    closing = "The town clerk said the count of visitors was the highest since the first fair in the old hall in 1998."
    lines = [article, "Your reaction", "Rate this story", "Reactions below the line", "Like 45", "Sad 2", "Angry 1", closing,
             "Comments 9"]
    doc = Document(raw="\n".join(lines), kind="text")
    doc.blocks = [Block(line, i) for i, line in enumerate(lines) if not line.startswith(("Like", "Sad", "Angry"))]
    for i in (4, 5, 6):
        doc.record(Removal("rules", "chrome.reaction-bar", "a reaction bar", lines[i], i))
    assert [block.text for block in ArticleSpan().run(doc).blocks] == [article, closing]
