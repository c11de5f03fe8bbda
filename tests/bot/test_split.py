"""`bot.split.split_html`: parts under Telegram's limit, cut where a reader expects, each
part balanced HTML, nothing lost."""

from __future__ import annotations

import re
import unicodedata
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.split import TELEGRAM_MAX_CHARS, split_html, utf16_length, visible_text

_TAG = re.compile(r"<(/?)([a-z]+)(?:\s[^<>]*)?>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#x27|#\d+);")


def assert_balanced(part: str) -> None:
    """Every tag closed in order, and no fragment of a tag or an entity left over."""
    stack: list[str] = []
    for match in _TAG.finditer(part):
        closing, name = match.groups()
        if closing:
            assert stack and stack[-1] == name, f"</{name}> does not close {stack} in {part!r}"
            stack.pop()
        else:
            stack.append(name)
    assert not stack, f"{stack} left open in {part!r}"
    rest = _ENTITY.sub("", _TAG.sub("", part))
    assert not set("<>&") & set(rest), part


def check(message: str, limit: int = TELEGRAM_MAX_CHARS) -> list[str]:
    parts = split_html(message, limit)
    for part in parts:
        assert_balanced(part)
        assert 0 < utf16_length(visible_text(part)) <= limit
    # Only whitespace at the cuts may go.
    assert "".join("".join(visible_text(p) for p in parts).split()) == "".join(
        visible_text(message).split()
    )
    return parts


def paragraph(n: int, chars: int) -> str:
    sentence = f"Đoạn {n} nói về nhiệm vụ trọng tâm của năm 2018 và các năm tiếp theo. "
    return (sentence * (chars // len(sentence) + 1))[:chars].rstrip()


def test_a_short_message_is_left_alone() -> None:
    message = "<b>Nguồn:</b> A &amp; B"
    assert split_html(message) == [message]


def test_paragraphs_stay_whole_when_they_fit() -> None:
    p1, p2, p3 = paragraph(1, 2000), paragraph(2, 1500), paragraph(3, 2000)
    parts = check(f"{p1}\n\n{p2}\n\n{p3}")
    assert parts == [f"{p1}\n\n{p2}", p3]


def test_a_blank_line_near_the_start_does_not_make_a_tiny_part() -> None:
    # A heading then one long paragraph: cutting at the blank line would send the heading
    # alone; a line break or a sentence end further on is better.
    body = paragraph(1, 6000)
    parts = check(f"<b>Tiêu đề</b>\n\n{body}")
    assert len(parts) == 2 and utf16_length(visible_text(parts[0])) > TELEGRAM_MAX_CHARS // 2
    assert parts[0].startswith("<b>Tiêu đề</b>\n\nĐoạn 1")


def test_then_lines_then_sentences_then_spaces() -> None:
    lines = "\n".join(f"Dòng {i}: " + "x" * 60 for i in range(100))
    assert all(p.endswith("x" * 60) for p in check(lines))  # whole lines

    prose = paragraph(1, 9000)
    parts = check(prose)
    assert len(parts) == 3 and all(p.endswith("theo.") for p in parts[:-1])

    words = " ".join(f"từ{i}" for i in range(3000))
    for part in check(words):
        assert re.fullmatch(r"từ\d+( từ\d+)*", part), part[-20:]


def test_a_text_without_spaces_is_cut_hard_but_never_inside_a_letter() -> None:
    assert [len(p) for p in check("a" * 10000)] == [4096, 4096, 1808]
    # "ệ" decomposed is three code points; a cut between them would move its marks.
    nfd = unicodedata.normalize("NFD", "ệ" * 5000)
    for part in check(nfd):
        assert not unicodedata.combining(part[0])
        assert unicodedata.normalize("NFC", part) == "ệ" * len(unicodedata.normalize("NFC", part))


def test_length_counts_utf16_units_after_entity_parsing() -> None:
    # 3,000 emoji are 3,000 code points but 6,000 UTF-16 units: too long for one message.
    assert len(check("😀" * 3000)) == 2
    # 4,096 escaped ampersands are 20,480 characters of HTML but 4,096 shown: one message.
    assert split_html("&amp;" * 4096) == ["&amp;" * 4096]
    parts = check("&amp;" * 4097)
    assert parts == ["&amp;" * 4096, "&amp;"]


def test_a_tag_open_across_a_cut_is_closed_and_reopened() -> None:
    quote = escape("Trích <đoạn> & dẫn. " * 400, quote=False)
    link = '<a href="https://example.vn/?a=1&amp;b=2">Bài viết</a>'
    parts = check(f"[1] {link}\n<blockquote expandable>{quote}</blockquote>")
    assert len(parts) == 2  # 8,000 characters shown
    assert parts[0].startswith(f"[1] {link}\n<blockquote expandable>")
    for part in parts[1:]:
        assert part.startswith("<blockquote expandable>Trích &lt;đoạn&gt;")
        assert part.endswith("</blockquote>")


vietnamese_html = st.lists(
    st.one_of(
        st.sampled_from(["Nhiệm vụ", "trọng tâm", "TP.HCM", "😀", "ệ", "e\u0323\u0302"]),
        st.sampled_from([" ", " ", "\n", "\n\n", ". ", "? "]),
        st.sampled_from(["&amp;", "&lt;", "&#128512;"]),
        st.text(st.characters(exclude_characters="<>&"), max_size=30),
    ),
    max_size=400,
)


@settings(max_examples=150, deadline=2000)
@given(vietnamese_html, st.integers(2, 200), st.sets(st.integers(0, 399), max_size=6))
def test_any_text_with_tags_splits_into_valid_parts(
    pieces: list[str], limit: int, tag_at: set[int]
) -> None:
    # Wrap some runs of pieces in tags so cuts meet open tags of every kind.
    out: list[str] = []
    opened: list[str] = []
    for i, piece in enumerate(pieces):
        if i in tag_at:
            if opened:
                out.append(f"</{opened.pop()}>")
            else:
                name = ["b", "code", "blockquote"][i % 3]
                out.append(f"<{name}>")
                opened.append(name)
        out.append(piece)
    out.extend(f"</{name}>" for name in reversed(opened))
    message = "".join(out)
    if not visible_text(message).strip():
        return
    check(message, limit)
