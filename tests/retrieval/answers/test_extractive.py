"""Extractive answers: quoted sentences with [n] markers, from hand-built hits (no model)."""

from __future__ import annotations

import itertools
import re
import sys
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest.chunking import chunk_text
from ingest.loaders import load_file
from retrieval.answers import extractive, sentences
from retrieval.answers.extractive import extractive_answer
from retrieval.answers.sentence_cosines import SentenceCosines
from retrieval.index.chunks import Hit
from retrieval.language import vocabulary
from retrieval.language.text import fold, normalize, split_sentences
from tests.conftest import SAMPLE_ARTICLE
from tests.retrieval.answers.passage import passage

SAMPLE = SAMPLE_ARTICLE
MARKER = re.compile(r" \[(\d+)\]")


@pytest.fixture(scope="module")
def sample_hits() -> list[Hit]:
    """The sample article's chunks as hits, in article order."""
    article = load_file(SAMPLE, max_bytes=10_000_000).articles[0]
    return [
        Hit(
            chunk_id=f"{article.id}-{chunk.index}",
            article_id=article.id,
            title=article.title,
            source=article.source,
            published=article.published,
            url=article.url,
            origin=article.origin,
            text=chunk.text,
            start=chunk.start,
            end=chunk.end,
            paragraph=chunk.paragraph,
            score=0.8 - 0.01 * chunk.index,
        )
        for chunk in chunk_text(article.text, 1000)
    ]


def hit(chunk_id: str, text: str, *, article: str = "a", start: int = 0) -> Hit:
    return Hit(
        chunk_id=chunk_id,
        article_id=article,
        title=f"Bài {article}",
        source="VOH",
        published="2018-02-08",
        url="",
        origin="",
        text=text,
        start=start,
        end=start + len(text),
        paragraph=0,
        score=0.5,
    )


def sentences_of(answer: str) -> list[tuple[str, int]]:
    """(sentence, marker number) pairs of an answer."""
    parts = MARKER.split(answer)
    return [(parts[i].strip(), int(parts[i + 1])) for i in range(0, len(parts) - 1, 2)]


def by_relevance(hits: list[Hit], needle: str) -> list[Hit]:
    """The hits with the one holding `needle` first, the others after, as retrieval would."""
    first = [h for h in hits if needle in h.text]
    return first + [h for h in hits if needle not in h.text]


@pytest.mark.parametrize(
    "question",
    ["Nhiệm vụ trọng tâm năm 2018 là gì?", "nhiem vu trong tam nam 2018 la gi"],
)
def test_focus_question_quotes_the_focus_sentence_first(
    sample_hits: list[Hit], question: str
) -> None:
    for hits in (sample_hits, by_relevance(sample_hits, "Nhiệm vụ trọng tâm")):
        text, citations = extractive_answer(question, hits)
        first, n = sentences_of(text)[0]
        assert "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước" in first
        assert first.startswith("Nhiệm vụ trọng tâm của công tác tổ chức xây dựng đảng năm 2018")
        assert n == 1
        assert citations[0].n == 1
        assert first in citations[0].quote  # the quote shown below holds the sentence


def test_who_chaired(sample_hits: list[Hit]) -> None:
    text, citations = extractive_answer("Ai chủ trì hội nghị?", sample_hits)
    assert sentences_of(text)[0][0] == "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị."
    assert "Nguyễn Thiện Nhân chủ trì hội nghị" in citations[0].quote


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Bao nhiêu tập thể được tặng giấy khen?", "tặng giấy khen cho 10 tập thể"),
        ("Ông Ma Xuân Việt giữ chức vụ gì?", "Phó Trưởng Ban Tổ chức Thành ủy"),
        ("Tháng mấy triển khai cơ sở dữ liệu cán bộ điện tử?", "để tháng 6 triển khai"),
        ("Quận ủy quận 8 đã làm gì để nâng cao chất lượng chi bộ?", "sinh hoạt chi bộ mẫu"),
    ],
)
def test_seed_questions_answer_in_first_sentence(
    sample_hits: list[Hit], question: str, expected: str
) -> None:
    text, _ = extractive_answer(question, sample_hits)
    assert expected in sentences_of(text)[0][0]


def test_dateline_is_trimmed(sample_hits: list[Hit]) -> None:
    text, _ = extractive_answer(
        "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2017 diễn ra vào ngày nào?",
        sample_hits,
    )
    first = sentences_of(text)[0][0]
    assert first.startswith("Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị")  # "(VOH) - " gone


def test_markers_number_passages_by_first_use_and_cite_only_used_ones() -> None:
    hits = [
        hit("h1", "Thời tiết hôm nay đẹp. Trời nắng nhẹ ở nhiều nơi."),
        hit("h2", "Năm 2018, thành phố xây 12 trường học mới. Kinh phí xây trường là 500 tỷ đồng."),
        hit("h3", "Thành phố dự kiến xây thêm trường học mới vào năm 2019."),
    ]
    text, citations = extractive_answer("Năm 2018 thành phố xây bao nhiêu trường học?", hits)
    pairs = sentences_of(text)
    assert pairs[0] == ("Năm 2018, thành phố xây 12 trường học mới.", 1)
    assert citations[0].chunk_id == "h2"
    assert "h1" not in {c.chunk_id for c in citations}  # nothing quoted from it
    used = [n for _, n in pairs]
    # numbered 1, 2, ... in order of first use, each number a citation
    first_use = list(dict.fromkeys(used))
    assert first_use == list(range(1, len(first_use) + 1))
    assert [c.n for c in citations] == first_use
    for sentence, n in pairs:
        assert sentence in citations[n - 1].quote


def test_followers_read_in_order_of_rank_then_article_position() -> None:
    hits = [
        hit(
            "h1",
            "Ban tổ chức khen thưởng 6 tập thể xuất sắc. Lễ khen thưởng tổ chức tại hội trường. "
            "Ngoài ra ban tổ chức khen thưởng 10 cá nhân xuất sắc.",
            article="a",
            start=100,
        ),
        hit("h2", "Trước đó ban tổ chức đã khen thưởng tập thể xuất sắc năm trước.", article="b"),
        hit("h0", "Đầu năm ban tổ chức khen thưởng tập thể xuất sắc.", article="a", start=0),
    ]
    text, citations = extractive_answer(
        "Ban tổ chức khen thưởng bao nhiêu tập thể xuất sắc?", hits, max_sentences=3
    )
    pairs = sentences_of(text)
    assert pairs[0][0] == "Ban tổ chức khen thưởng 6 tập thể xuất sắc."
    # after the best sentence: by passage rank (h1, h2, h0), then position in the article
    ranks = [next(i for i, h in enumerate(hits) if s in h.text) for s, _ in pairs[1:]]
    assert ranks == sorted(ranks)
    assert {c.chunk_id for c in citations} <= {"h1", "h2", "h0"}


def test_no_duplicate_sentences_across_passages() -> None:
    same = "Ông Nguyễn Văn A được bầu làm chủ tịch hiệp hội năm 2020."
    hits = [
        hit("h1", same + " Hiệp hội có 300 hội viên.", article="a"),
        hit("h2", "Tin mới. " + same.replace("  ", " "), article="b"),  # republished
        hit("h3", same + "  ", article="c"),
    ]
    text, citations = extractive_answer(
        "Ai được bầu làm chủ tịch hiệp hội năm 2020?", hits, max_sentences=3
    )
    quoted = [s for s, _ in sentences_of(text)]
    assert quoted.count(same) == 1
    assert len(quoted) == len(set(quoted))
    assert citations[0].chunk_id == "h1"


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_at_most_max_sentences(sample_hits: list[Hit], limit: int) -> None:
    for question in (
        "Công tác cán bộ năm 2018 cần chú trọng gì?",
        "Nâng cao chất lượng tổ chức cơ sở đảng và đảng viên",
    ):
        text, citations = extractive_answer(question, sample_hits, max_sentences=limit)
        pairs = sentences_of(text)
        assert 1 <= len(pairs) <= limit
        assert len({s for s, _ in pairs}) == len(pairs)
        assert len(citations) == len({n for _, n in pairs})


def test_lead_in_brings_the_points_it_announces() -> None:
    hits = [
        hit(
            "h1",
            "Thành phố đặt ra ba nhiệm vụ trọng tâm năm 2019 như sau:\n"
            "- Phát triển giao thông công cộng và chống ngập.\n"
            "- Cải cách hành chính.",
        )
    ]
    text, _ = extractive_answer("Nhiệm vụ trọng tâm năm 2019 là gì?", hits, max_sentences=2)
    pairs = sentences_of(text)
    # The lead-in and the points it announces are one quoted sentence, bullets trimmed.
    assert pairs[0][0] == (
        "Thành phố đặt ra ba nhiệm vụ trọng tâm năm 2019 như sau: Phát triển giao thông "
        "công cộng và chống ngập; Cải cách hành chính."
    )


def test_fragments_and_captions_are_not_quoted() -> None:
    hits = [
        # a chunk that starts inside a sentence cut by the chunker, and a photo caption
        hit("h1", "và nhiều dự án giao thông lớn được khởi công năm 2018 tại thành phố."),
        hit("h2", "Ảnh: Dự án giao thông lớn năm 2018 tại thành phố"),
        hit("h3", "Năm 2018, thành phố khởi công 5 dự án giao thông lớn."),
    ]
    text, citations = extractive_answer("Năm 2018 khởi công bao nhiêu dự án giao thông?", hits)
    assert sentences_of(text)[0][0] == "Năm 2018, thành phố khởi công 5 dự án giao thông lớn."
    assert "h1" not in {c.chunk_id for c in citations}


def test_accented_question_prefers_exact_syllables() -> None:
    hits = [
        hit("h1", "Giá vé tám nghìn đồng cho mỗi lượt đi."),
        hit("h2", "Trung tâm thành phố có nhiều tuyến xe buýt mới."),
    ]
    text, _ = extractive_answer("Trung tâm thành phố có gì mới?", [hits[0], hits[1]])
    assert sentences_of(text)[0][0].startswith("Trung tâm thành phố")


def test_sentences_are_trimmed(sample_hits: list[Hit]) -> None:
    messy = replace(
        sample_hits[0],
        text="  Bí thư   Thành ủy\u00a0TPHCM Nguyễn Thiện Nhân chủ trì hội nghị.  ",
    )
    text, _ = extractive_answer("Ai chủ trì hội nghị?", [messy])
    assert text == "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị. [1]"


def test_empty_inputs_give_empty_answer(sample_hits: list[Hit]) -> None:
    assert extractive_answer("Nhiệm vụ trọng tâm năm 2018 là gì?", []) == ("", [])
    assert extractive_answer("", sample_hits) == ("", [])
    assert extractive_answer("là gì?", sample_hits) == ("", [])  # only question words
    unrelated = [hit("h1", "Đội bóng thắng 3-0 trong trận chung kết tối qua.")]
    assert extractive_answer("Nhiệm vụ trọng tâm là gì?", unrelated) == ("", [])


# --- the fast paths of the analysis ----------------------------------------------------

# Words and gaps that reach every path: plain and not (nbsp, zero-width, combining marks,
# Greek, "İ", "²"), tones `normalize` moves ("hoà", "qúy") or keeps ("quý", "gì"),
# numbers with separators, datelines, bullets, lead-ins, sentence ends.
WORDS = [
    "Hoà", "hòa", "hoàn", "toà", "quý", "qúy", "gìa", "gì", "nghìn", "thuỷ", "UỶ", "khoẻ",
    "Nguyễn", "Đà", "đảng", "năm", "Năm", "2018", "8/2", "1.000", "2020-2025", "TP.HCM",
    "như", "sau", "cụ", "thể", "bao", "gồm", "(VOH)", "-", "•", "quả", "ngã", "x²", "ά",
    "İstanbul", "ǰ", "n\u0303", "a\u200bb", "Ông", "ai", "“trích”", "được", "là",
]  # fmt: skip
GAPS = [" ", " ", " ", "  ", "\u00a0", "\t", "\n", ". ", "? ", ": ", ":\n", ", ", ".\n", " – "]
passages = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=40).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)


_HAPPENING = ("dien ra", "xay ra", "to chuc", "khai mac")


def plain_analysis(text: str) -> list[tuple[object, ...]]:
    """Every sentence's analysis the straightforward way: normalise, tokenise and fold
    each sentence, fold it whole for the lead-in test."""
    out: list[tuple[object, ...]] = []
    for order, (start, end) in enumerate(split_sentences(text)):
        raw = text[start:end]
        if extractive.ITEM.match(raw) or sentences._listed_line(text, start, end):
            raw = raw.rstrip(" ;,")  # a point of a list is whole, whatever it ends with
        elif extractive._is_fragment(raw, order) or sentences._is_heading(text, start, end):
            continue
        shown = extractive._trim(raw)
        tokens = re.findall(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+", normalize(shown).lower())
        if len(tokens) < extractive.MIN_SENTENCE_TOKENS:
            continue
        folded = [fold(t) for t in tokens]
        words = shown.split()[1:]
        parts = [
            p for t in tokens if t[0].isdigit() and not t.isdigit() for p in re.findall(r"\d+", t)
        ]
        folded_parts = [
            p for t in folded if t[0].isdigit() and not t.isdigit() for p in re.findall(r"\d+", t)
        ]
        # a sentence telling that an event happens, is held or opens holds both verbs
        happening = any(f" {p} " in f" {' '.join(folded)} " for p in _HAPPENING)
        out.append(
            (
                order,
                start,
                shown,
                frozenset(tokens + parts + (["diễn", "xảy"] if happening else [])),
                frozenset(folded + folded_parts + (["dien", "xay"] if happening else [])),
                " ".join(folded),
                frozenset(itertools.pairwise(folded)),
                shown[-1] in extractive._TERMINAL,
                shown.endswith(":")
                or fold(shown).rstrip(" .").endswith(vocabulary.LEAD_IN_ENDINGS),
                any(t[0].isdigit() or t in vocabulary.NUMBER_WORDS for t in tokens),
                any(t in vocabulary.TIME_WORDS for t in tokens)
                and any(t[0].isdigit() for t in tokens),
                any(a[0].isupper() and b[0].isupper() for a, b in itertools.pairwise(words)),
            )
        )
    return out


@settings(max_examples=300, deadline=timedelta(seconds=10))
@given(passages)
@example("(VOH) - Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị năm 2018.\n- Hòa bình như sau:")
@example("(VOH) - Sáng 8/2, Thành uỷ TPHCM tổ chức hội nghị năm 2018.\n- Hoà bình như sau:")
@example("Đảng bộ đặt ra ba nhiệm vụ như sau. Đó là năm 2018 cụ thể.\nHọ đã đi Đà Nẵng bao gồm.")
def test_analysis_equals_normalising_every_sentence(text: str) -> None:
    fast = [
        (
            s.order,
            s.start,
            s.text,
            s.exact,
            s.folded,
            s.key,
            s.phrases,
            s.terminal,
            s.lead_in,
            s.has_number,
            s.has_time,
            s.has_name,
        )
        for s in extractive._analysed.__wrapped__(text)
    ]
    assert fast == plain_analysis(text)
    lowered = normalize(text).lower()
    assert extractive._is_accented(lowered) == (fold(lowered) != lowered)


def test_fold_leaves_numbers_alone_and_makes_none() -> None:
    """A sentence's numbers give the same parts before and after folding."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if re.fullmatch(r"\d", char):
            assert fold(char) == char
        elif re.fullmatch(r"[^\W\d_]", char):
            assert not re.search(r"\d", fold(char)), hex(code)


# --- sentence cosines (retrieval.index.sentence_vectors) -------------------------------

PARAPHRASES = hit(
    "p1",
    "Năm 1998, thành phố khởi công cây cầu mới bắc qua sông. "
    "Sau nhiều năm gián đoạn, tuyến phà được tái lập vào năm 2004. "
    "Cây cầu được thông xe vào năm 2001.",
)


def test_the_sentence_nearest_the_question_answers_what_words_cannot_tell() -> None:
    # "đưa vào sử dụng" is written "thông xe": by words alone the groundbreaking (which
    # also says "cây cầu mới") answers; the cosine with each sentence tells them apart.
    question = "Cây cầu mới được đưa vào sử dụng năm nào?"
    plain = extractive.extract(question, [PARAPHRASES], dense=[0.85])
    assert plain.text.startswith("Năm 1998, thành phố khởi công")
    near = extractive.extract(question, [PARAPHRASES], dense=[0.85], sentences=[(0.80, 0.78, 0.90)])
    assert near.text.startswith("Cây cầu được thông xe vào năm 2001.")
    assert near.short is not None and near.short.text == "năm 2001"
    # Vectors of another cut of the text (fewer than its sentences) are not read.
    other = extractive.extract(question, [PARAPHRASES], dense=[0.85], sentences=[(0.5, 0.99)])
    assert other == plain


def test_a_news_lead_lends_its_cosine_to_the_sentences_it_introduces() -> None:
    lead = hit(
        "l1",
        "Chiều 26/12, Công ty Phú An tổ chức lễ tôn vinh người lao động tiêu biểu. "
        "Lao động xuất sắc nhất năm nay là chị Bùi Thị Ngọc, công nhân tổ may số 12. "
        "Năm nay có 92 công nhân được khen thưởng.",
    )
    # The lead names the event the question names: nearest, but no answer. Each
    # sentence after it reads at least the lead's cosine, as it holds the lead's words.
    analysed = [sentences._analysed(lead.text)]
    read = SentenceCosines([lead], [0.9], [(0.92, 0.84, 0.83)], analysed)
    assert [read.of(sentences._Candidate(0, s)) for s in analysed[0]] == [0.92, 0.92, 0.92]
    undated = hit("u1", lead.text.replace("Chiều 26/12, ", ""))
    plain = [sentences._analysed(undated.text)]
    read = SentenceCosines([undated], [0.9], [(0.92, 0.84, 0.83)], plain)
    assert [read.of(sentences._Candidate(0, s)) for s in plain[0]] == [0.92, 0.84, 0.83]
    many = extractive.extract("Phú An tôn vinh bao nhiêu người lao động?", [lead], dense=[0.9],
                              sentences=[(0.92, 0.84, 0.83)])  # fmt: skip
    # "tổ may số 12" names a team: it counts no one.
    assert many.text.startswith("Năm nay có 92 công nhân")


@pytest.mark.parametrize(
    ("text", "question", "quoted"),
    [
        (
            "Ông Nguyễn Văn An, Giám đốc Sở Nội vụ, phát biểu khai mạc hội nghị. Bà cũng "
            "nhấn mạnh việc cải cách thủ tục hành chính trong năm 2024.",
            "Ai nhấn mạnh việc cải cách thủ tục hành chính?",
            "Bà cũng nhấn mạnh",  # "Bà" is not the "Ông" before: no name is borrowed
        ),
        (
            "Trong suốt sự tồn tại của mình, Hội An là một thành phố đa văn hóa.",
            "Hội An thuộc loại thành phố nào khi còn là một thành phố?",
            "Trong suốt sự tồn tại",
        ),
    ],
)
def test_no_phrase_of_function_words_is_shown_as_the_answer(
    text: str, question: str, quoted: str
) -> None:
    # "Bà cũng" and "của mình" were marked in bold: a wrong phrase reads as the answer,
    # none leaves the quoted sentence to say it.
    found = extractive.extract(question, [hit("a1", text)], dense=[0.85])
    assert found.text.startswith(quoted)
    assert found.short is None


def test_a_number_word_still_answers_how_many() -> None:
    text = "Năm 2024, xã có hai trường được công nhận đạt chuẩn quốc gia."
    found = extractive.extract("Xã có mấy trường đạt chuẩn quốc gia?", [hit("a1", text)],
                               dense=[0.85])  # fmt: skip
    assert found.short is not None and found.short.text.startswith("hai")


@pytest.mark.parametrize(
    ("phrase", "kind", "empty"),
    [
        ("của mình", "place", True),
        ("tuy nhiên", "", True),
        ("Luật này", "", True),  # what was said before, not what it is
        ("quốc gia này", "place", True),
        ("hai", "number", False),
        ("một", "name", True),
        ("Nguyễn Văn An", "person", False),
        ("Phòng Đào tạo", "place", False),
    ],
)
def test_phrases_that_say_nothing_on_their_own(phrase: str, kind: str, empty: bool) -> None:
    from retrieval.answers.features import _empty

    assert _empty(phrase, kind) is empty


def test_the_name_a_title_gives_is_the_subject_of_every_sentence() -> None:
    """The article's subject named in its title is not what makes its lead the answer:
    "Dự án do … làm chủ đầu tư" answers who invests, though it does not repeat the name."""
    title = "Cao tốc Phước Hòa – Tân Lộc lùi mốc thông xe toàn tuyến sang tháng 6/2026"
    lead = passage(
        "Dự án đường cao tốc Phước Hòa – Tân Lộc dài 68,4 km, tổng mức đầu tư 11.860 tỷ "
        "đồng, sẽ không thể hoàn thành toàn tuyến trong năm 2025 như kế hoạch ban đầu. Mốc "
        "thông xe toàn tuyến được điều chỉnh sang ngày 30/6/2026.",
        title=title,
    )
    body = passage(
        "Dự án do Bộ Xây dựng làm cơ quan chủ quản, Ban Quản lý dự án Đường cao tốc Miền "
        "Trung (Ban QLDA Miền Trung) làm chủ đầu tư, đi qua địa bàn 11 xã, phường. Công "
        "trình khởi công ngày 25/3/2023, được chia thành 5 gói thầu xây lắp.",
        title=title,
        chunk_id="a:1",
    )
    question = "Chủ đầu tư dự án cao tốc Phước Hòa Tân Lộc là đơn vị nào?"
    found = extractive.extract(question, [lead, body], dense=[0.88, 0.88])
    assert found.text.startswith("Dự án do Bộ Xây dựng"), found.text
    # A person the title names is not: "Ông Hưng giữ cương vị Giám đốc Sở từ …" is not
    # when she took office.
    appointed = passage(
        "Chủ tịch UBND thành phố trao quyết định bổ nhiệm bà Lê Thị Minh Nguyệt giữ chức "
        "Giám đốc Sở kể từ ngày 01/9/2024. Ông Hưng giữ cương vị Giám đốc Sở từ tháng 6/2019.",
        title="Bổ nhiệm bà Lê Thị Minh Nguyệt giữ chức Giám đốc Sở",
    )
    found = extractive.extract("Bà Nguyệt làm giám đốc sở từ ngày nào?", [appointed], dense=[0.9])
    assert found.short is not None and "01/9/2024" in found.short.text, found.text


def test_a_province_opening_a_title_and_numbered_by_nothing() -> None:
    """ "An Giang bắt giữ …": the province opening the title is lent whole (its first
    word too), and "tỉnh 402 vụ" names no province 402: it counts the cases of "Bộ đội
    Biên phòng tỉnh" (was declined as about another province)."""
    text = (
        "Trong 5 tháng cao điểm, các lực lượng đã bắt giữ 1.386 vụ vi phạm. Xét theo lực "
        "lượng, Công an tỉnh bắt giữ 534 vụ, Bộ đội Biên phòng tỉnh 402 vụ, lực lượng Quản "
        "lý thị trường 318 vụ và Hải quan 132 vụ."
    )
    hit = passage(text, title="An Giang bắt giữ gần 1.400 vụ buôn lậu trong đợt cao điểm")
    found = extractive.extract(
        "Bộ đội Biên phòng tỉnh An Giang bắt được mấy vụ?", [hit], dense=[0.9]
    )
    assert found.confidence > 0 and found.short is not None and found.short.text == "402 vụ"
