"""span: keep the article's run of paragraphs on a text page; the short lines around it are chrome.

Aggregator and portal pages put the article in one run of prose: above it navigation, the source,
bylines, dates, counters and buttons; below it share rows, sources, other stories and footers. The
rule packs know many of those lines by kind, but every site has a few of its own. This stage finds
the run by structure, whatever the language:

1. each line is prose (a paragraph: `article_min_words` words and a sentence ending, or
   `long_words` words) or not; words are counted in any script (textnorm.word_count);
2. the article is the span with the best balance of prose words against the words of the other
   lines inside it (a maximum-sum span, as in body-text extraction), lines a rule removed between
   them costing `removed_cost` each; further spans stay when they score `keep_share` of it;
3. inside a kept span every line stays (subheadings, list items, table rows, Q&A speakers);
   outside, prose goes as `span.outside` and the other lines as `span.head` (between the
   headline and the article) or `span.tail` (after it), except what marks itself as text:
   sentences that continue the article right after its last paragraph, the items of a list the
   article introduces with a colon, the rows of a table it introduces or a closing sentence
   follows, and, above it, a standfirst (a long sentence).

The headline, when the title stage found one, is the first block and always stays. A page with no
prose line is left alone: there is nothing to anchor a span to. On HTML pages the extractor has
already chosen the main content, but an article's container often holds the chrome around the
story too (source and date, AI summaries, share rows, reaction bars, "more videos"): the stage runs
on the extracted text of pages whose type (metadata page_type) is in `on_html_types`, or of every
HTML page with `on_html`. There the span is everything from the first prose line to the last (the
extractor chose that text: no prose goes), and the lines before or after it go only when they are
a few short lines (`html_edge_lines`, `html_edge_words`) without a list or a line ending in ':'.
Whole flattened pages that the classify stage cut to their main block are left to it unless
`after_classify` is set.
"""
from __future__ import annotations

import regex

from ..document import Block, Document, Removal
from ..textnorm import ARTICLE_MIN_WORDS, ends_like_sentence, is_article_like, is_list_item, match_key, word_count
from .title import is_headline_candidate

WHY = {
    "span.head": "between the headline and the article: source, byline, date, counters or buttons",
    "span.tail": "after the article: share rows, sources, other stories' headlines, footers",
    "span.outside": "prose outside the article's run of paragraphs: teasers, summaries, other stories",
}


class ArticleSpan:
    name = "span"

    def __init__(
        self,
        article_min_words: int = ARTICLE_MIN_WORDS,
        long_words: int = 25,
        gap_min_words: int = 2,
        removed_cost: int = 4,
        keep_share: float = 0.5,
        sentence_min_words: int = 3,
        on_html: bool = False,
        on_html_types: list[str] | tuple[str, ...] = (),
        html_edge_lines: int = 6,
        html_edge_words: int = 12,
        after_classify: bool = False,
    ):
        self.article_min_words = article_min_words
        self.long_words = long_words
        self.gap_min_words = gap_min_words
        self.removed_cost = removed_cost
        self.keep_share = keep_share
        self.sentence_min_words = sentence_min_words
        self.on_html = on_html
        self.on_html_types = frozenset(on_html_types)
        self.html_edge_lines = html_edge_lines
        self.html_edge_words = html_edge_words
        self.after_classify = after_classify

    def run(self, doc: Document) -> Document:
        if not doc.blocks or doc.kind != "text" and not self._runs_on_html(doc):
            return doc
        if "classify.language" in doc.flags and not self.after_classify:
            return doc  # a whole flattened page: the classify stage has chosen its main block
        title = str(doc.metadata.get("title") or "")
        first = 1 if title and match_key(doc.blocks[0].text) == match_key(title) else 0
        body = doc.blocks[first:]
        counts = [word_count(b.text) for b in body]
        prose = [self._is_prose(b.text, n) for b, n in zip(body, counts)]
        if not any(prose):
            return doc
        if doc.kind == "text":
            values, owners = self._values(doc, body, counts, prose)
            # A span begins and ends on a prose line (a positive value), never on a gap.
            spans = [(owners[a], owners[b]) for a, b in best_spans(values, self.keep_share)]
        else:  # the extractor chose the content: only what lies before or after all its prose goes
            spans = [(prose.index(True), len(prose) - 1 - prose[::-1].index(True))]
        if not spans:
            return doc
        main_start, main_end = spans[0]
        kept = [False] * len(body)
        for a, b in spans:
            for i in range(a, b + 1):
                kept[i] = True
        main_end = self._continuation(body, counts, kept, main_end)
        self._standfirst(body, counts, kept, main_start)
        if doc.kind != "text":
            self._keep_content_edges(body, counts, kept)
        keep_headline = not first  # no title found: a headline-like line above the article stays
        result: list[Block] = doc.blocks[:first]
        for i, block in enumerate(body):
            if kept[i] or keep_headline and i < main_start and is_headline_candidate(block.text):
                result.append(block)
                continue
            rule = "span.outside" if prose[i] else "span.head" if i < main_start else "span.tail"
            doc.record(Removal.of_block(self.name, rule, WHY[rule], block))
        doc.blocks = result
        return doc

    def _runs_on_html(self, doc: Document) -> bool:
        return self.on_html or doc.metadata.get("page_type") in self.on_html_types

    def _keep_content_edges(self, body: list[Block], counts: list[int], kept: list[bool]) -> None:
        """On extracted HTML, the lines before (after) the prose go only when they look like the
        chrome an article's container holds: a few short lines, no list. A longer run, a list, a
        long line or a line introducing what follows (':') there is the article's own (a results
        table, a list of items, a calendar, an embed)."""
        first, last = kept.index(True), len(kept) - 1 - kept[::-1].index(True)
        for edge in (range(first), range(last + 1, len(body))):
            if len(edge) > self.html_edge_lines or any(self._is_content_mark(body[i].text, counts[i]) for i in edge):
                for i in edge:
                    kept[i] = True

    def _is_content_mark(self, text: str, count: int) -> bool:
        return count > self.html_edge_words or is_list_item(text) or text.rstrip().endswith((":", "："))

    def _is_prose(self, text: str, count: int) -> bool:
        return count >= self.long_words or is_article_like(text, self.article_min_words)

    def _values(self, doc: Document, body: list[Block], counts: list[int], prose: list[bool]) -> tuple[list[float], list[int]]:
        """Each line's worth to the span: + its words for prose, - its words (at least
        gap_min_words) for the rest; and before a line, when rules removed lines there, a gap of
        - removed_cost for each. A gap is its own entry, so only a span that crosses it pays for
        it: a paragraph after a share bar is not charged for the bar when it stands alone.
        Returns the values and, for each, the index in `body` of the line it belongs to."""
        removed_lines = sorted(r.line for r in doc.removed if r.line >= 0)
        values: list[float] = []
        owners: list[int] = []
        previous_line = -1
        cursor = 0
        for index, (block, count, is_prose) in enumerate(zip(body, counts, prose)):
            if block.line > previous_line >= 0:
                while cursor < len(removed_lines) and removed_lines[cursor] <= previous_line:
                    cursor += 1
                gone = 0
                while cursor < len(removed_lines) and removed_lines[cursor] < block.line:
                    gone += 1
                    cursor += 1
                if gone:
                    values.append(-float(self.removed_cost * gone))
                    owners.append(index)
            previous_line = max(previous_line, block.line)
            values.append(float(count) if is_prose else -float(max(count, self.gap_min_words)))
            owners.append(index)
        return values, owners

    def _continuation(self, body: list[Block], counts: list[int], kept: list[bool], end: int) -> int:
        """Lines right after the span that continue the article stay with it: short sentences
        (a closing line), the items of a list that the span's last line introduces, and the rows
        of a table that the span's last line introduces or a closing sentence follows."""
        introduces_list = body[end].text.rstrip().endswith((":", "："))
        i = end + 1
        while i < len(body) and not kept[i]:
            rows = table_rows(body, i)
            if rows and (introduces_list or i + rows < len(body) and self._is_sentence(body, counts, i + rows)):
                for j in range(i, i + rows):
                    kept[j] = True
                i += rows
                continue
            sentence = self._is_sentence(body, counts, i)
            if not (sentence or introduces_list and is_list_item(body[i].text)):
                break
            kept[i] = True
            i += 1
        return i - 1

    def _is_sentence(self, body: list[Block], counts: list[int], i: int) -> bool:
        text = body[i].text
        return counts[i] >= self.sentence_min_words and ends_like_sentence(text) and not text.rstrip().endswith(":")

    def _standfirst(self, body: list[Block], counts: list[int], kept: list[bool], start: int) -> None:
        """Sentences right above the article (a standfirst, a short first paragraph) stay with it."""
        i = start - 1
        while i >= 0 and not kept[i] and counts[i] >= self.sentence_min_words and ends_like_sentence(body[i].text):
            kept[i] = True
            i -= 1


# The cells of a table row as flattening leaves it: "2025 | 37 | 1.1", or cells apart by tabs.
_CELL_SEPARATOR = regex.compile(r"\s\|\s|\t")
# The delimiter row under a Markdown table's header ("|---|:---:|"): one cell per run of dashes.
_DELIMITER_ROW = regex.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+(?:\s*:?-{3,}:?\s*)?")
_DELIMITER_CELL = regex.compile(r"-{3,}")


def table_rows(body: list[Block], start: int) -> int:
    """How many lines from `start` are rows of one table: at least two lines with the same
    number (two or more) of cells. A share or navigation row stands alone, or its cells differ."""
    def cells(text: str) -> int:
        text = text.strip()
        if _DELIMITER_ROW.fullmatch(text):
            return len(_DELIMITER_CELL.findall(text))
        return len(_CELL_SEPARATOR.split(text)) if "|" in text or "\t" in text else 1
    width = cells(body[start].text)
    end = start
    while end < len(body) and width >= 2 and cells(body[end].text) == width:
        end += 1
    return end - start if end - start >= 2 else 0


def max_span(values: list[float], lo: int, hi: int) -> tuple[float, int, int]:
    """The maximum-sum contiguous span of values[lo:hi] (Kadane): (sum, first, last); first is -1
    when no span has a positive sum."""
    best, best_a, best_b = 0.0, -1, -1
    run, run_a = 0.0, lo
    for i in range(lo, hi):
        if run <= 0:
            run, run_a = 0.0, i
        run += values[i]
        if run > best:
            best, best_a, best_b = run, run_a, i
    return best, best_a, best_b


def best_spans(values: list[float], share: float) -> list[tuple[int, int]]:
    """The best span first, then the best spans left and right of it while they score >= share of it."""
    main, a, b = max_span(values, 0, len(values))
    if a < 0:
        return []
    spans = [(a, b)]
    todo = [(0, a), (b + 1, len(values))]
    while todo:
        lo, hi = todo.pop()
        if hi - lo <= 0:
            continue
        score, x, y = max_span(values, lo, hi)
        if x >= 0 and score >= share * main:
            spans.append((x, y))
            todo += [(lo, x), (y + 1, hi)]
    return spans
