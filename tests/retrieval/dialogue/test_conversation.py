"""Conversations and the follow-up rewriter, on hand-built turns (no model, no index)."""

from __future__ import annotations

import json

import pytest

from retrieval.answers.types import Answer, Citation, CitedPassage
from retrieval.dialogue.condense import rewrite_with_llm
from retrieval.dialogue.conversation import DEFAULT_MAX_TURNS, FORMAT_VERSION, Conversation
from retrieval.dialogue.followup import (
    asks_for_more,
    looks_like_follow_up,
    needs_history,
    preferred_article_ids,
    rewrite,
)
from retrieval.dialogue.turns import Turn
from retrieval.language.text import fold
from tests.conftest import SEED_DIR

SAMPLE_ID = "000_1aedea3009184543"
SAMPLE_TITLE = "Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng và đảng viên"


def answer(
    question: str,
    text: str,
    *,
    standalone: str | None = None,
    article: str = SAMPLE_ID,
    title: str = SAMPLE_TITLE,
    chunk: int = 0,
) -> Answer:
    """An extractive answer quoting one sentence, cited as [1]."""
    citation = Citation(
        n=1,
        article_id=article,
        title=title,
        source="VOH",
        published="2018-02-08",
        url="",
        origin="data/articles",
        passages=(CitedPassage(f"{article}:{chunk}", 0, len(text), text, 0.8),),
    )
    return Answer(question, standalone or question, f"{text} [1]", (citation,))


def not_found(question: str) -> Answer:
    return Answer(question, question, "Không tìm thấy câu trả lời.", found=False, mode="none")


def conversation(*answers: Answer) -> Conversation:
    conv = Conversation()
    for a in answers:
        conv.add(a)
    return conv


# Turns written by hand from the sample article.
MA_XUAN_VIET = answer(
    "Ông Ma Xuân Việt báo cáo về nội dung gì?",
    "Báo cáo về kết quả công tác xây dựng đảng năm 2017, ông Ma Xuân Việt, Phó Trưởng Ban "
    "Tổ chức Thành ủy cho biết trong năm 2017, Ban Tổ chức Thành ủy đã tập trung lãnh đạo "
    "thực hiện tốt công tác rà soát bổ sung quy chế làm việc của Thành ủy.",
    chunk=2,
)
BI_THU = answer(
    "Bí thư Thành ủy TPHCM là ai?",
    "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị.",
    chunk=1,
)
CHU_TRI = answer(
    "Ai chủ trì hội nghị?", "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị.", chunk=1
)
NHIEM_VU_2018 = answer(
    "Nhiệm vụ trọng tâm năm 2018 là gì?",
    "Nhiệm vụ trọng tâm của công tác tổ chức xây dựng đảng năm 2018 là nghiên cứu đề xuất mô "
    "hình tổ chức đảng ở các doanh nghiệp nhà nước, doanh nghiệp cổ phần có vốn nhà nước.",
    chunk=5,
)
QUAN_8 = answer(
    "Quận ủy quận 8 đã làm gì để nâng cao chất lượng chi bộ?",
    "Chia sẻ kinh nghiệm về việc nâng cao chất lượng chi bộ, bà Nguyễn Thanh Xuân, Phó Bí "
    "thư Quận ủy quận 8 cho biết quận ủy đã tổ chức sinh hoạt chi bộ mẫu theo từng loại hình.",
    chunk=3,
)
NGAY_HOI_NGHI = answer(
    "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2017 diễn ra vào ngày nào?",
    "(VOH) - Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị tổng kết công tác tổ chức xây dựng "
    "đảng năm 2017, triển khai chương trình công tác năm 2018.",
    chunk=0,
)
# An unrelated earlier turn, from another article.
GIA_XANG = answer(
    "Giá xăng hôm nay bao nhiêu?",
    "Theo Bộ Công Thương, giá xăng RON 95 giảm còn 21.000 đồng mỗi lít từ ngày 5/3, "
    "ông Trần Văn Bình cho biết.",
    article="xang",
    title="Giá xăng giảm mạnh",
)


def contains(text: str, *parts: str) -> bool:
    return all(fold(p) in fold(text) for p in parts)


# --- conversation state -----------------------------------------------------------------


def test_turn_from_answer_records_what_was_cited() -> None:
    turn = conversation(MA_XUAN_VIET).turns[-1]
    assert turn.question == turn.standalone == "Ông Ma Xuân Việt báo cáo về nội dung gì?"
    assert turn.answer.endswith("[1]")
    assert turn.chunk_ids == (f"{SAMPLE_ID}:2",)
    assert turn.article_ids == (SAMPLE_ID,)
    assert turn.titles == (SAMPLE_TITLE,)
    assert turn.key_terms[0] == "ông Ma Xuân Việt"
    assert "năm 2017" in turn.key_terms
    # Role titles are capitalised runs too, but not names.
    assert not any(t.startswith(("Phó", "Ban")) for t in turn.key_terms)


def test_key_terms_take_the_name_from_the_answer_when_the_question_has_none() -> None:
    assert conversation(BI_THU).turns[-1].key_terms == ("Nguyễn Thiện Nhân",)
    assert conversation(QUAN_8).turns[-1].key_terms[:2] == ("bà Nguyễn Thanh Xuân", "quận 8")


def test_key_terms_find_a_name_written_right_after_a_place() -> None:
    turn = conversation(
        answer(
            "Ai là Chủ tịch UBND TP Hà Nội?",
            "Chủ tịch UBND TP Hà Nội Trần Sỹ Thanh đã ký quyết định thành lập ban chỉ đạo.",
        )
    ).turns[-1]
    assert turn.key_terms[0] == "Trần Sỹ Thanh"
    assert "Hà Nội" not in " ".join(turn.key_terms[:1])


def test_a_not_found_answer_contributes_no_terms_from_its_message() -> None:
    turn = conversation(not_found("Ông Lê Văn Tám ở đâu?")).turns[-1]
    assert turn.article_ids == () and turn.chunk_ids == ()
    assert turn.key_terms == ("ông Lê Văn Tám",)


def test_repeated_citations_of_one_article_are_listed_once() -> None:
    a = answer("Q?", "Một câu.")
    twice = Answer(a.question, a.standalone, a.text, (a.citations[0], a.citations[0]))
    turn = Turn.from_answer(twice)
    assert turn.article_ids == (SAMPLE_ID,) and turn.chunk_ids == (f"{SAMPLE_ID}:0",)


def test_keeps_only_the_last_n_turns() -> None:
    conv = Conversation(max_turns=3)
    for n in range(5):
        conv.add(answer(f"Câu hỏi số {n}?", f"Trả lời {n}.", article=f"a{n}"))
    assert [t.question for t in conv.turns] == ["Câu hỏi số 2?", "Câu hỏi số 3?", "Câu hỏi số 4?"]
    assert Conversation().max_turns == DEFAULT_MAX_TURNS == 5
    with pytest.raises(ValueError, match="max_turns"):
        Conversation(max_turns=0)


def test_clear_and_last_article_ids() -> None:
    conv = conversation(NHIEM_VU_2018, GIA_XANG)
    assert conv.last_article_ids() == ("xang",)
    conv.add(not_found("Giá dầu thế nào?"))
    assert conv.last_article_ids() == ()
    assert preferred_article_ids(conv) == ("xang",)  # the most recent turn that cited
    conv.clear()
    assert conv.turns == () and conv.last_article_ids() == () and preferred_article_ids(conv) == ()


def test_json_round_trip() -> None:
    conv = conversation(MA_XUAN_VIET, NHIEM_VU_2018, not_found("Câu hỏi khác?"))
    text = conv.to_json()
    data = json.loads(text)
    assert data["version"] == FORMAT_VERSION and len(data["turns"]) == 3
    assert "Ma Xuân Việt" in text  # UTF-8, not \\u escapes: readable when inspected
    back = Conversation.from_json(text)
    assert back.turns == conv.turns
    assert back.max_turns == conv.max_turns
    assert rewrite("Còn năm 2019 thì sao?", back) == rewrite("Còn năm 2019 thì sao?", conv)


def test_from_json_reads_an_old_state_with_extra_and_missing_fields() -> None:
    old = {
        # no "version": written before versioning; an unknown top-level field
        "chat_id": 42,
        "turns": [
            {
                "question": "Ông ấy giữ chức vụ gì?",
                "answer": "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị. [1]",
                "chunk_ids": ["c1"],
                "article_ids": ["a1"],
                "mood": "happy",  # unknown turn field
            },
            "not a turn",
        ],
    }
    conv = Conversation.from_json(json.dumps(old))
    (turn,) = conv.turns
    assert turn.standalone == turn.question  # missing: defaults to the question
    assert turn.titles == ()
    assert turn.key_terms == ("Nguyễn Thiện Nhân",)  # missing: recomputed
    assert conv.max_turns == DEFAULT_MAX_TURNS
    assert rewrite("Ông ấy còn nói gì nữa?", conv) == (
        "Ông Nguyễn Thiện Nhân còn nói gì nữa?",
        True,
    )


def test_from_json_reads_a_newer_version_and_applies_the_callers_cap() -> None:
    newer = json.loads(conversation(MA_XUAN_VIET, NHIEM_VU_2018, QUAN_8).to_json())
    newer["version"] = FORMAT_VERSION + 1
    newer["turns"][0]["embedding"] = [0.1, 0.2]
    conv = Conversation.from_json(json.dumps(newer), max_turns=2)
    assert [t.question for t in conv.turns] == [NHIEM_VU_2018.question, QUAN_8.question]


@pytest.mark.parametrize("text", ["[]", '"x"', '{"turns": 3}', "{not json"])
def test_from_json_rejects_what_is_not_a_conversation(text: str) -> None:
    with pytest.raises(ValueError):
        Conversation.from_json(text)


# --- the rewriter: persons --------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Ông ấy giữ chức vụ gì?", "Ông Ma Xuân Việt giữ chức vụ gì?"),
        ("Ông ấy còn nói gì nữa?", "Ông Ma Xuân Việt còn nói gì nữa?"),
        ("Ông ta đề nghị gì?", "Ông Ma Xuân Việt đề nghị gì?"),
        ("Ông này là ai?", "Ông Ma Xuân Việt là ai?"),
        ("Người này giữ chức vụ gì?", "Ông Ma Xuân Việt giữ chức vụ gì?"),
        ("Người đó làm việc ở đâu?", "Ông Ma Xuân Việt làm việc ở đâu?"),
        ("Vị này phụ trách lĩnh vực nào?", "Ông Ma Xuân Việt phụ trách lĩnh vực nào?"),
        ("Đồng chí ấy giữ chức vụ gì?", "Đồng chí Ma Xuân Việt giữ chức vụ gì?"),
        ("Chức vụ của ông ấy là gì?", "Chức vụ của ông Ma Xuân Việt là gì?"),
        ("Ông còn nói gì nữa?", "Ông Ma Xuân Việt còn nói gì nữa?"),
        ("Anh ấy làm gì?", "Anh Ma Xuân Việt làm gì?"),
    ],
)
def test_person_pronouns_take_the_name_from_the_previous_question(
    question: str, expected: str
) -> None:
    assert rewrite(question, conversation(MA_XUAN_VIET)) == (expected, True)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Ông ấy còn nói gì nữa?", "Ông Nguyễn Thiện Nhân còn nói gì nữa?"),
        (
            "Ông ấy cho rằng công tác cán bộ có vai trò gì?",
            "Ông Nguyễn Thiện Nhân cho rằng công tác cán bộ có vai trò gì?",
        ),
        ("Vị này là ai?", "Nguyễn Thiện Nhân là ai?"),
    ],
)
def test_person_pronouns_take_the_name_from_the_previous_answer(
    question: str, expected: str
) -> None:
    assert rewrite(question, conversation(CHU_TRI)) == (expected, True)


def test_a_pronoun_picks_the_person_of_its_gender() -> None:
    conv = conversation(MA_XUAN_VIET, QUAN_8)
    assert rewrite("Bà ấy phụ trách lĩnh vực nào?", conv) == (
        "Bà Nguyễn Thanh Xuân phụ trách lĩnh vực nào?",
        True,
    )
    # The last turn names only a woman: "ông ấy" goes back to the man of the turn before.
    assert rewrite("Ông ấy giữ chức vụ gì?", conv) == ("Ông Ma Xuân Việt giữ chức vụ gì?", True)


def test_a_pronoun_with_no_compatible_person_gets_the_topic() -> None:
    standalone, changed = rewrite("Ông ấy giữ chức vụ gì?", conversation(QUAN_8))
    assert changed and "Nguyễn Thanh Xuân" not in standalone
    assert standalone.startswith("Về quận ủy quận 8")


def test_chained_follow_ups_keep_the_person() -> None:
    conv = conversation(MA_XUAN_VIET)
    q2, _ = rewrite("Ông ấy giữ chức vụ gì?", conv)
    conv.add(answer("Ông ấy giữ chức vụ gì?", "Phó Trưởng Ban Tổ chức Thành ủy.", standalone=q2))
    assert rewrite("Ông ấy còn nói gì nữa?", conv) == ("Ông Ma Xuân Việt còn nói gì nữa?", True)


def test_they_becomes_the_people_of_the_last_turn() -> None:
    two = answer(
        "Ai phát biểu tại hội nghị?",
        "Tại hội nghị, ông Tất Thành Cang và bà Nguyễn Thị Thu Hà đã phát biểu.",
    )
    assert rewrite("Họ đề nghị gì?", conversation(two)) == (
        "Ông Tất Thành Cang và bà Nguyễn Thị Thu Hà đề nghị gì?",
        True,
    )


def test_unaccented_person_pronouns_are_resolved() -> None:
    standalone, changed = rewrite("ong ay giu chuc vu gi", conversation(MA_XUAN_VIET))
    assert changed and "Ma Xuân Việt" in standalone


# --- the rewriter: ellipsis -------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Còn năm 2019 thì sao?",
        "Còn năm 2019?",
        "Thế còn năm 2019?",
        "Vậy còn năm 2019 thì thế nào?",
        "Năm 2019 thì sao?",
        "Còn 2019?",
        "Còn năm 2019 thì sao ạ?",
        "con nam 2019 thi sao",
    ],
)
def test_ellipsis_replaces_the_year(question: str) -> None:
    assert rewrite(question, conversation(NHIEM_VU_2018)) == (
        "Nhiệm vụ trọng tâm năm 2019 là gì?",
        True,
    )


def test_ellipsis_adds_a_year_the_previous_question_lacked() -> None:
    conv = conversation(answer("Nhiệm vụ trọng tâm là gì?", "Nghiên cứu đề xuất mô hình."))
    assert rewrite("Còn năm 2019 thì sao?", conv) == ("Nhiệm vụ trọng tâm năm 2019 là gì?", True)
    assert rewrite("Thế còn năm nay?", conv) == ("Nhiệm vụ trọng tâm năm nay là gì?", True)
    conv = conversation(CHU_TRI)
    assert rewrite("Còn năm 2019?", conv) == ("Ai chủ trì hội nghị năm 2019?", True)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Còn quận 3?", "Quận ủy quận 3 đã làm gì để nâng cao chất lượng chi bộ?"),
        ("Còn quận 3 thì sao?", "Quận ủy quận 3 đã làm gì để nâng cao chất lượng chi bộ?"),
        ("Quận 3 thì sao?", "Quận ủy quận 3 đã làm gì để nâng cao chất lượng chi bộ?"),
        (
            "Thế còn quận Bình Thạnh?",
            "Quận ủy quận Bình Thạnh đã làm gì để nâng cao chất lượng chi bộ?",
        ),
        ("Còn Quận ủy Bình Thạnh?", "Quận ủy Bình Thạnh đã làm gì để nâng cao chất lượng chi bộ?"),
        ("Còn 3?", "Quận ủy quận 3 đã làm gì để nâng cao chất lượng chi bộ?"),
    ],
)
def test_ellipsis_replaces_the_district(question: str, expected: str) -> None:
    assert rewrite(question, conversation(QUAN_8)) == (expected, True)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Còn ông Tất Thành Cang?", "Ông Tất Thành Cang giữ chức vụ gì?"),
        ("Còn bà Nguyễn Thanh Xuân thì sao?", "Bà Nguyễn Thanh Xuân giữ chức vụ gì?"),
        ("Thế còn Nguyễn Thiện Nhân?", "Nguyễn Thiện Nhân giữ chức vụ gì?"),
    ],
)
def test_ellipsis_replaces_the_person(question: str, expected: str) -> None:
    conv = conversation(answer("Ông Ma Xuân Việt giữ chức vụ gì?", "Phó Trưởng Ban Tổ chức."))
    assert rewrite(question, conv) == (expected, True)


def test_ellipsis_replaces_a_whole_name_with_its_lowercase_word_and_number() -> None:
    # "Nhân dân 115": the value after "Bệnh viện" runs over "dân" and "115" ("Bệnh viện Chợ
    # Rẫy dân 115 …" before)
    er = answer("Bệnh viện Nhân dân 115 tiếp nhận bao nhiêu ca cấp cứu?", "2.150 ca cấp cứu.")
    assert rewrite("Còn Bệnh viện Chợ Rẫy thì sao?", conversation(er)) == (
        "Bệnh viện Chợ Rẫy tiếp nhận bao nhiêu ca cấp cứu?",
        True,
    )


def test_ellipsis_replaces_other_head_and_value_slots() -> None:
    gdp = answer("Quý 1 năm 2024 GDP tăng bao nhiêu?", "GDP quý 1 năm 2024 tăng 5,66%.")
    assert rewrite("Còn quý 2?", conversation(gdp)) == ("Quý 2 năm 2024 GDP tăng bao nhiêu?", True)
    fuel = answer("Giá xăng RON 95 hiện nay là bao nhiêu?", "Giá xăng RON 95 còn 21.000 đồng.")
    assert rewrite("Còn xăng E5 thì sao?", conversation(fuel)) == (
        "Giá xăng E5 hiện nay là bao nhiêu?",
        True,
    )
    mayor = answer("Ai là Chủ tịch UBND TP Hà Nội?", "Ông Trần Sỹ Thanh.")
    assert rewrite("Còn TP Hồ Chí Minh?", conversation(mayor)) == (
        "Ai là Chủ tịch UBND TP Hồ Chí Minh?",
        True,
    )


def test_ellipsis_for_the_slot_that_was_asked_does_not_fill_it_twice() -> None:
    visit = answer(
        "Thủ tướng Phạm Minh Chính đã làm việc với tỉnh nào?",
        "Thủ tướng Phạm Minh Chính đã làm việc với lãnh đạo tỉnh Quảng Ninh.",
    )
    assert rewrite("Còn tỉnh Thái Bình?", conversation(visit)) == (
        "Về tỉnh Thái Bình, thủ tướng Phạm Minh Chính đã làm việc với tỉnh nào?",
        True,
    )


def test_ellipsis_with_free_text_puts_it_in_front_of_the_previous_question() -> None:
    assert rewrite("Còn doanh nghiệp nhà nước thì sao?", conversation(NHIEM_VU_2018)) == (
        "Về doanh nghiệp nhà nước, nhiệm vụ trọng tâm năm 2018 là gì?",
        True,
    )


@pytest.mark.parametrize(
    "question",
    [
        "Còn bao nhiêu cán bộ chưa được luân chuyển?",  # "còn" = remain, a full question
        "Còn hạn chế gì?",
        "Chất lượng chi bộ ra sao?",  # weak suffix, X is not a slot value
        "Vậy ai chủ trì hội nghị?",
    ],
)
def test_full_questions_that_look_like_ellipsis_are_unchanged(question: str) -> None:
    assert rewrite(question, conversation(NHIEM_VU_2018)) == (question, False)


# --- the rewriter: demonstratives and questions with no content of their own ------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Hội nghị này diễn ra ở đâu?",
            "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2017 diễn ra ở đâu?",
        ),
        (
            "Hội nghị trên có bao nhiêu người dự?",
            "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2017 có bao nhiêu người dự?",
        ),
        (
            "Hội nghị nói trên do ai chủ trì?",
            "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2017 do ai chủ trì?",
        ),
        (
            "Ai phát biểu tại hội nghị đó?",
            "Ai phát biểu tại hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2017?",
        ),
        ("Năm đó ai chủ trì hội nghị?", "Năm 2017 ai chủ trì hội nghị?"),
    ],
)
def test_demonstratives_expand_to_the_phrase_used_before(question: str, expected: str) -> None:
    assert rewrite(question, conversation(NGAY_HOI_NGHI)) == (expected, True)


def test_a_demonstrative_expands_from_the_answer_too() -> None:
    # The previous question said only "hội nghị"; the answer's first sentence says more.
    conv = conversation(answer("Hội nghị diễn ra khi nào?", NGAY_HOI_NGHI.citations[0].quote))
    standalone, changed = rewrite("Hội nghị này do ai tổ chức?", conv)
    assert changed and contains(standalone, "hội nghị tổng kết công tác", "năm 2017")
    conv = conversation(QUAN_8)
    assert rewrite("Quận đó có bao nhiêu chi bộ?", conv) == ("Quận 8 có bao nhiêu chi bộ?", True)
    assert rewrite("Nhiệm vụ đó do ai đề ra?", conversation(NHIEM_VU_2018)) == (
        "Nhiệm vụ trọng tâm năm 2018 do ai đề ra?",
        True,
    )


def test_a_demonstrative_matches_accented_words_exactly() -> None:
    # "số" (number) must not match "so" (compare) of the answer.
    gdp = answer("Quý 1 năm 2024 GDP tăng bao nhiêu?", "GDP tăng 5,66% so với cùng kỳ năm trước.")
    assert rewrite("Con số này cao hay thấp?", conversation(gdp)) == (
        "Về quý 1 năm 2024 GDP tăng, con số này cao hay thấp?",
        True,
    )


def test_a_demonstrative_naming_what_was_said_without_more_just_loses_it() -> None:
    assert rewrite("Hội nghị này diễn ra ở đâu?", conversation(CHU_TRI)) == (
        "Hội nghị diễn ra ở đâu?",
        True,
    )


@pytest.mark.parametrize(
    "question",
    [
        "Còn gì nữa?",
        "Còn gì nữa không?",
        "Tại sao vậy?",
        "Vì sao?",
        "Khi nào?",
        "Cụ thể là gì?",
        "Cho tôi biết thêm?",
        "Trong đó có bao nhiêu doanh nghiệp?",
        "Sau đó ai phát biểu?",
        "Đó là ai?",
        "Nó gồm những gì?",
        "Vì sao giảm?",  # one common word: nothing to search without the topic
        "Ai ký?",
    ],
)
def test_questions_without_their_own_subject_get_the_previous_topic(question: str) -> None:
    standalone, changed = rewrite(question, conversation(NHIEM_VU_2018))
    assert changed
    assert standalone.startswith("Về nhiệm vụ trọng tâm năm 2018, ")
    assert fold(standalone).endswith(fold(question[0].lower() + question[1:]))


# --- the rewriter: what must not change -------------------------------------------------

PLAIN_QUESTIONS = [
    "Nhiệm vụ trọng tâm năm 2018 là gì?",
    "Ai chủ trì hội nghị?",
    "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2017 diễn ra vào ngày nào?",
    "Bao nhiêu tập thể được tặng giấy khen?",
    "Quận ủy quận 8 đã làm gì để nâng cao chất lượng chi bộ?",
    "nhiem vu trong tam nam 2018 la gi",
    "Ông Ma Xuân Việt giữ chức vụ gì?",
    "Tháng mấy triển khai cơ sở dữ liệu cán bộ điện tử?",
    "Bí thư Thành ủy TPHCM là ai?",
    "Ông Tất Thành Cang đề nghị gì?",
    "Bà Nguyễn Thị Thu Hà cho rằng điều gì quan trọng nhất?",
    "Chương trình công tác năm 2018 gồm những gì?",
    "Hiện nay có bao nhiêu doanh nghiệp nhà nước?",
    "Năm nay Thành ủy triển khai những chương trình nào?",
    "Ai là Phó Bí thư Thường trực Thành ủy?",
    "Nhiệm vụ trọng tâm năm 2018 là gì vậy?",
    "Có bao nhiêu chi bộ trên địa bàn quận 8?",
    "Đề án tinh giản biên chế được triển khai thế nào?",
    "Tỷ lệ đảng viên trên 50 tuổi là bao nhiêu?",
    "Kết quả lấy phiếu tín nhiệm ra sao?",
    "Toyota cho biết họ sẽ đóng cửa nhà máy khi nào?",
    "Các đại biểu đã nói gì về nhiệm vụ của họ?",
    "Nếu doanh nghiệp thua lỗ, điều đó ảnh hưởng thế nào?",
    "Tuần này có hội nghị nào?",
    "Họ tên đầy đủ của Bí thư Thành ủy là gì?",
    "Bà con quận 8 được hỗ trợ gì?",
    "Cụ thể nhiệm vụ trọng tâm năm 2018 là gì?",
    "NASUWT là gì?",
    "Vì sao lạm phát tăng?",
    "Ngành nào tăng mạnh nhất?",
    "Thủ tướng còn chỉ đạo gì nữa?",
]


@pytest.mark.parametrize("question", PLAIN_QUESTIONS)
@pytest.mark.parametrize(
    "history",
    [(), (GIA_XANG,), (NHIEM_VU_2018,), (MA_XUAN_VIET, QUAN_8)],
    ids=["none", "unrelated", "related", "two-turns"],
)
def test_plain_questions_are_unchanged(question: str, history: tuple[Answer, ...]) -> None:
    conv = conversation(*history)
    assert rewrite(question, conv) == (question, False)
    assert not looks_like_follow_up(question, conv)


@pytest.mark.parametrize(
    "question",
    [
        "Ông ấy giữ chức vụ gì?",
        "Còn năm 2019 thì sao?",
        "Hội nghị này diễn ra ở đâu?",
        "Còn gì nữa?",
    ],
)
def test_nothing_is_rewritten_without_history(question: str) -> None:
    assert rewrite(question, Conversation()) == (question, False)
    assert not looks_like_follow_up(question, Conversation())


def test_unchanged_means_the_very_string_given() -> None:
    question = "Ai  chủ trì hội nghị?\u00a0"  # odd spaces are the caller's, not ours to fix
    assert rewrite(question, conversation(NHIEM_VU_2018)) == (question, False)


def test_nfd_input_is_rewritten_like_nfc() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Ông ấy giữ chức vụ gì?")
    assert rewrite(nfd, conversation(MA_XUAN_VIET)) == ("Ông Ma Xuân Việt giữ chức vụ gì?", True)


# --- the seed set -----------------------------------------------------------------------

# The answers a user sees after the first turn of each seed dialogue, written by hand from
# the sample article (the question is the dialogue's own first turn).
SEED_FIRST_ANSWERS = {
    "seed-vd1": MA_XUAN_VIET.citations[0].quote,
    "seed-vd2": BI_THU.citations[0].quote,
}
# The entity each follow-up refers to.
SEED_REFERENTS = {"seed-vd1": "Ma Xuân Việt", "seed-vd2": "Nguyễn Thiện Nhân"}


def _seed(name: str) -> list[dict]:
    path = SEED_DIR / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_seed_dialogue_follow_ups_become_standalone() -> None:
    dialogues = _seed("dialogues.jsonl")
    assert {d["id"] for d in dialogues} == set(SEED_FIRST_ANSWERS)
    for dialogue in dialogues:
        first, *follow_ups = dialogue["turns"]
        conv = conversation(answer(first["question"], SEED_FIRST_ANSWERS[dialogue["id"]]))
        for turn in follow_ups:
            standalone, changed = rewrite(turn["question"], conv)
            assert changed, turn["question"]
            assert SEED_REFERENTS[dialogue["id"]] in standalone
            assert standalone.startswith("Ông ")


def test_seed_plain_questions_are_unchanged_after_any_turn() -> None:
    questions = [q["question"] for q in _seed("questions.jsonl")]
    questions += [d["turns"][0]["question"] for d in _seed("dialogues.jsonl")]
    for history in [(GIA_XANG,), (NHIEM_VU_2018,), (MA_XUAN_VIET,), (QUAN_8, CHU_TRI)]:
        conv = conversation(*history)
        changed = [q for q in questions if rewrite(q, conv)[1]]
        assert changed == []


# --- the LLM hook -----------------------------------------------------------------------


def test_llm_condense_is_used_for_follow_ups_and_sees_the_history() -> None:
    calls: list[tuple[str, list[tuple[str, str]]]] = []

    def condense(question: str, history: list[tuple[str, str]]) -> str | None:
        calls.append((question, history))
        return "  Câu hỏi: Ông Ma Xuân Việt hiện giữ chức vụ gì?\nGiải thích: …"

    conv = conversation(MA_XUAN_VIET)
    assert rewrite_with_llm("Ông ấy giữ chức vụ gì?", conv, condense) == (
        "Ông Ma Xuân Việt hiện giữ chức vụ gì?",
        True,
    )
    ((question, history),) = calls
    assert question == "Ông ấy giữ chức vụ gì?"
    assert history == [(MA_XUAN_VIET.standalone, MA_XUAN_VIET.citations[0].quote)]  # no [1]


def test_llm_returning_none_falls_back_to_the_rules() -> None:
    conv = conversation(NHIEM_VU_2018)
    assert rewrite_with_llm("Còn năm 2019 thì sao?", conv, lambda q, h: None) == (
        "Nhiệm vụ trọng tâm năm 2019 là gì?",
        True,
    )
    assert rewrite_with_llm("Còn năm 2019 thì sao?", conv, lambda q, h: "  \n ") == (
        "Nhiệm vụ trọng tâm năm 2019 là gì?",
        True,
    )


def test_llm_failure_falls_back_to_the_rules(caplog: pytest.LogCaptureFixture) -> None:
    def broken(question: str, history: list[tuple[str, str]]) -> str | None:
        raise TimeoutError("LLM too slow")

    conv = conversation(MA_XUAN_VIET)
    assert rewrite_with_llm("Ông ấy giữ chức vụ gì?", conv, broken) == (
        "Ông Ma Xuân Việt giữ chức vụ gì?",
        True,
    )
    assert "condenser failed" in caplog.text


def test_llm_is_not_called_for_plain_questions_or_without_history() -> None:
    def must_not_run(question: str, history: list[tuple[str, str]]) -> str | None:
        raise AssertionError("condense called")

    conv = conversation(NHIEM_VU_2018)
    for question in PLAIN_QUESTIONS:
        assert rewrite_with_llm(question, conv, must_not_run) == (question, False)
    assert rewrite_with_llm("Ông ấy là ai?", Conversation(), must_not_run) == (
        "Ông ấy là ai?",
        False,
    )


def test_llm_returning_the_question_itself_means_not_rewritten() -> None:
    conv = conversation(NHIEM_VU_2018)
    assert rewrite_with_llm("Còn gì nữa?", conv, lambda q, h: q) == ("Còn gì nữa?", False)


@pytest.mark.parametrize(
    ("question", "needs"),
    [
        ("Năm 2019 thì sao?", True),
        ("Còn quận 8?", True),
        ("nam 2019 thi sao", True),
        ("Còn gì nữa?", True),
        ("Tại sao?", True),
        ("Ông ấy còn nói gì nữa?", True),
        ("Bà ta giữ chức vụ gì?", True),
        # a question of its own, though short or with a pronoun
        ("thuế là gì?", False),
        ("Còn bao nhiêu cán bộ chưa được đào tạo?", False),
        ("Manning đã chơi cho đội nào khi anh ấy 30 tuổi?", False),  # the name is there
        ("Bà Nguyễn Thanh Xuân giữ chức vụ gì?", False),
        ("Nhiệm vụ trọng tâm năm 2018 là gì?", False),
        # without diacritics a name may be lowercase: a pronoun is no sign
        ("manning da choi cho doi nao khi anh ay 30 tuoi?", False),
    ],
)
def test_what_means_nothing_without_a_question_before_it(question: str, needs: bool) -> None:
    assert needs_history(question) is needs


@pytest.mark.parametrize(
    ("question", "more"),
    [
        ("Ông ấy còn nói gì nữa?", True),
        ("Còn gì nữa?", True),
        ("Còn nhiệm vụ nào khác?", True),
        ("Còn gì thêm không?", True),
        ("ong ay con noi gi nua", True),  # typed without diacritics
        ("Còn năm 2019 thì sao?", False),  # the same question of another year
        ("Ông ấy giữ chức vụ gì?", False),
        ("Doanh thu tăng thêm bao nhiêu?", False),  # "thêm" without "còn": more revenue
    ],
)
def test_a_follow_up_asking_for_more(question: str, more: bool) -> None:
    assert asks_for_more(question) is more
