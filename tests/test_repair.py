"""Restoring lost paragraph boundaries, and leaving alone what only looks like one."""
import pytest
import regex
from project_paths import ROOT, SHARED

from cleaner.stages import repair
from cleaner.stages.repair import split_glued


@pytest.mark.parametrize(
    "glued, pieces",
    [
        ("media reported.Neighbouring South Korea", ["media reported.", "Neighbouring South Korea"]),
        ('the Kursk region."This is a kind', ["the Kursk region.", '"This is a kind']),
        ("including 600 deaths.Analysts have said", ["including 600 deaths.", "Analysts have said"]),
        ("Is it over?Nobody knows.", ["Is it over?", "Nobody knows."]),
        ("he said “no.”Then he left.", ["he said “no.”", "Then he left."]),
        ("the report “Fine.”“This is new,” she said.", ["the report “Fine.”", "“This is new,” she said."]),
        ('he said. "We will vote."Operators agreed.', ['he said. "We will vote."', "Operators agreed."]),
        ('the "restoration" of the region."This is a gift," he said.', ['the "restoration" of the region.', '"This is a gift," he said.']),
    ],
)
def test_splits_at_lost_boundaries(glued, pieces):
    assert split_glued(glued) == pieces


@pytest.mark.parametrize(
    "glued, pieces",
    [
        ("주민들은 \"다행\"이라고 말했다. 박서윤 기자 seoyun@example.co.kr", ["주민들은 \"다행\"이라고 말했다.", "박서윤 기자 seoyun@example.co.kr"]),
        ("회의는 다음 달 열린다. 김도윤 특파원", ["회의는 다음 달 열린다.", "김도윤 특파원"]),
    ],
)
def test_a_korean_reporter_signature_ending_the_last_paragraph_is_its_own_line(glued, pieces):
    assert split_glued(glued) == pieces


@pytest.mark.parametrize(
    "text",
    [
        "박 기자는 현장에서 주민들의 이야기를 들었다. 기자회견은 오후 2시에 열렸다.",
        "이 소식을 전한 것은 박서윤 기자였다.",  # the reporter is the sentence's subject, no signature
    ],
)
def test_a_korean_sentence_about_a_reporter_stays_whole(text):
    assert split_glued(text) == [text]


@pytest.mark.parametrize(
    "glued, pieces",
    [
        ("도서관은 주 6일 문을 연다.[ⓒ 예시일보, 무단전재-재배포 금지]", ["도서관은 주 6일 문을 연다.", "[ⓒ 예시일보, 무단전재-재배포 금지]"]),
        ("주민들이 모였다.이어 회의가 열렸다.", ["주민들이 모였다.", "이어 회의가 열렸다."]),
        ("उपस्थिति बेहतर है।ये भी पढ़ें: बाढ़ से 20 जिले प्रभावित", ["उपस्थिति बेहतर है।", "ये भी पढ़ें: बाढ़ से 20 जिले प्रभावित"]),
    ],
)
def test_splits_at_lost_boundaries_in_scripts_without_capitals(glued, pieces):
    """Korean and Hindi put a space after a sentence: a letter right after its end is a lost boundary."""
    assert split_glued(glued) == pieces


@pytest.mark.parametrize(
    "text",
    [
        '그는 "좋다."라고 말했다.',  # a quotation closed before its particle
        "3.1절 기념식이 열렸다. 시민 2.5만 명이 참석했다.",
        "डॉ.राजेंद्र प्रसाद ने कहा कि स्कूल खुलेगा।",  # an abbreviation glued to the name
        "東京都は発表した。新たな計画は来年始まる。",  # Japanese writes no space after a sentence
    ],
)
def test_leaves_sentences_of_scripts_without_capitals_alone(text):
    assert split_glued(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "U.K. officials met on Monday.",
        "U.K.Officials met on Monday.",
        "Mr. Smith and Mr.Jones arrived.",
        "Dr.Watson arrived, i.e. the doctor.",
        "That is, e.g.The example here.",
        "Built with Vue.js and Node.js today.",
        "The rate rose to 2.5 per cent.",
        "They climbed Mt. Everest and Mt.Fuji.",
        "See bbc.co.uk for details.",
        "Visit www.Example.com or https://news.Example.org/path.Today for more.",
        "Write to press@Example.org.Thanks to all.",
        "The US.At the time it was new.",
        "Version ASP.NET was released.",
    ],
)
def test_leaves_non_boundaries_alone(text):
    assert split_glued(text) == [text]


def test_the_glue_hint_only_skips_paragraphs_with_nothing_to_split(monkeypatch):
    """The cheap forward test before _GLUE never changes a split (seeds and 40 scrapinghub pages)."""
    paths = sorted((ROOT / "seeds").rglob("*.txt")) + sorted((SHARED / "bench" / "scrapinghub" / "flat").glob("*.txt"))[:40]
    lines = [line for path in paths for line in path.read_text(encoding="utf-8", errors="replace").split("\n")]
    lines += ["reported.Neighbouring", 'a vote."Operators', "end!»Next", "e.g.This", "Mr.Smith", "x.“Quote"]
    hinted = [split_glued(line) for line in lines]
    monkeypatch.setattr(repair, "_GLUE_HINT", regex.compile(""))  # matches everywhere: the general path
    general = [split_glued(line) for line in lines]
    assert sum(1 for pieces in general if len(pieces) > 1) > 5
    assert hinted == general
