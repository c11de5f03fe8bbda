"""The one entry point, end to end: real model, real Chroma, the sample article."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.ask import NO_QUESTION_BEFORE, NOT_FOUND, NOTHING_MORE, ask
from retrieval.dialogue.conversation import Conversation
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.conftest import SEED_DIR
from tests.llm_server import LLMServer


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _rows(name: str) -> list[dict]:
    path = SEED_DIR / name
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture
def services(settings: Settings, embedder: SentenceTransformerEmbedder) -> Iterator[Services]:
    run(settings, embedder)
    services = build_services(settings, embedder)
    yield services
    services.close()


def _in_top(answer_hits: tuple, answers: list[dict], k: int = 3) -> bool:
    return any(_norm(a["text"]) in _norm(h.text) for h in answer_hits[:k] for a in answers)


def test_seed_questions_find_their_passage(services: Services) -> None:
    for row in _rows("questions.jsonl"):
        answer = ask(row["question"], None, services)
        assert _in_top(answer.hits, row["answers"]), row["question"]
        assert answer.found, row["question"]


def test_seed_follow_ups_find_their_passage(services: Services) -> None:
    for dialogue in _rows("dialogues.jsonl"):
        conversation = Conversation()
        for turn in dialogue["turns"]:
            answer = ask(turn["question"], conversation, services)
            assert _in_top(answer.hits, turn["answers"]), (turn["question"], answer.standalone)
        assert len(conversation.turns) == len(dialogue["turns"])
        restored = Conversation.from_json(conversation.to_json())
        assert restored.turns == conversation.turns


@pytest.mark.parametrize(
    "question", ["Năm 2017 thì sao?", "Còn quận 8?", "Còn gì nữa?", "Ông ấy còn nói gì nữa?"]
)
def test_a_follow_up_with_no_question_before_it_asks_for_the_whole_question(
    services: Services, question: str
) -> None:
    for conversation in (None, Conversation()):
        answer = ask(question, conversation, services)
        assert not answer.found and answer.text == NO_QUESTION_BEFORE
        assert not answer.citations and not answer.related  # no passage about "năm 2017"
    # nor is it a turn a next follow-up could refer to
    conversation = Conversation()
    ask(question, conversation, services)
    assert not conversation.turns
    # after a question, the same follow-up is answered
    conversation = Conversation()
    ask("Nhiệm vụ trọng tâm năm 2018 là gì?", conversation, services)
    assert ask("Năm 2017 thì sao?", conversation, services).text != NO_QUESTION_BEFORE


def test_asked_for_more_the_answer_quotes_what_it_has_not_quoted(services: Services) -> None:
    conversation = Conversation()
    ask("Bí thư Thành ủy TPHCM là ai?", conversation, services)
    before = ask("Ông ấy cho rằng công tác cán bộ có vai trò gì?", conversation, services)
    assert before.short is not None and before.short.text == "then chốt, bản lề"
    more = ask("Ông ấy còn nói gì nữa?", conversation, services)
    assert more.found
    first = more.text.split(" [1]")[0]
    assert "Nguyễn Thiện Nhân" in first
    assert first not in before.text  # something he said besides "then chốt, bản lề"
    # what else he said, not what else he did ("… Nguyễn Thiện Nhân chủ trì hội nghị")
    conversation = Conversation()
    ask("Ai chủ trì hội nghị?", conversation, services)
    before = ask("Ông ấy đề nghị gì?", conversation, services)
    more = ask("Ông ấy còn nói gì nữa?", conversation, services)
    assert more.found, more.confidence
    first = more.text.split(" [1]")[0]
    assert "đề nghị" in first and "chủ trì" not in first and first not in before.text
    # all Tất Thành Cang said is in one sentence: nothing more, and no one else's words
    conversation = Conversation()
    ask("Ông Tất Thành Cang đề nghị gì?", conversation, services)
    more = ask("Ông ấy còn đề nghị gì nữa?", conversation, services)
    assert not more.found and more.text == NOTHING_MORE
    # the one sentence on the year's focus is quoted: the others share only the year
    conversation = Conversation()
    ask("Nhiệm vụ trọng tâm năm 2018 là gì?", conversation, services)
    more = ask("Còn gì nữa?", conversation, services)
    assert not more.found and more.text == NOTHING_MORE
    # after an answer that quoted nothing, there is no "more" to speak of
    conversation = Conversation()
    assert not ask("Năm 2017 kết nạp bao nhiêu đảng viên mới?", conversation, services).found
    assert ask("Còn gì nữa?", conversation, services).text != NOTHING_MORE


def test_answer_quotes_and_cites(services: Services) -> None:
    answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, services)
    first = answer.text.split("[1]")[0]
    assert "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước" in first
    assert answer.mode == "extractive" and answer.citations[0].n == 1
    cited = answer.citations[0]
    article = services.retriever.store.article_texts([cited.article_id])[cited.article_id]
    assert article.text[cited.start : cited.end] == cited.quote


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        # a speaker's titles, with the local body's unit, end before "cho biết"
        ("Bà Nguyễn Thanh Xuân giữ chức vụ gì?", "Phó Bí thư Quận ủy quận 8"),
        ("Ông Ma Xuân Việt giữ chức vụ gì?", "Phó Trưởng Ban Tổ chức Thành ủy"),
        # a person alone between commas, then the title ("bà X, Phó Bí thư … cho biết")
        ("Ai là Phó Bí thư Quận ủy quận 8?", "Nguyễn Thanh Xuân"),
        ("Bí thư Quận ủy quận Bình Thạnh là ai?", "Nguyễn Thị Thu Hà"),
        # "Đồng chí Nguyễn Thiện Nhân,Ủy viên Bộ Chính trị, Bí thư Thành ủy phát biểu …":
        # the space missing after the comma; the titles after the name, all of them
        ("Đồng chí Nguyễn Thiện Nhân giữ chức vụ gì?", "Ủy viên Bộ Chính trị, Bí thư Thành ủy"),
        ("Nguyễn Thiện Nhân là ai?", "Ủy viên Bộ Chính trị, Bí thư Thành ủy"),
        ("Ai phát biểu chỉ đạo tại hội nghị?", "Nguyễn Thiện Nhân"),
        # who a person named in the question is: the title, not the name again
        ("Ông Tất Thành Cang là ai?", "Phó Bí thư Thường trực Thành ủy"),
        ("Bà Nguyễn Thanh Xuân là ai?", "Phó Bí thư Quận ủy quận 8"),
        # the option the article says, of those the question offers
        ("Bình Thạnh là quận hay huyện?", "quận"),
        # "thì" says what the topic before it is, as "là" does
        ("Điều quan trọng nhất đối với tập thể cấp ủy là gì?", "qua các kênh phải chịu khó"),
        # what a speaker asked for: the words after "đề nghị", not the name after it
        (
            "Ông Nguyễn Thiện Nhân đề nghị gì?",
            "Ban tổ chức Thành ủy tập trung tham mưu làm tốt việc nâng cao chất lượng tổ chức "
            "cơ sở đảng và đảng viên",
        ),
        # the sentence's own words with "gì" for the answer; how often
        ("Cấp ủy đảng phải duy trì việc gì?", "tiếp công dân qua đó nghe thông tin có liên quan"),
        ("Hội nghị giao ban được tổ chức bao lâu một lần?", "hằng quý"),
        ("Quận 8 giao cho ai tham mưu ban hành hướng dẫn sinh hoạt chi bộ?", "Ban tổ chức quận ủy"),
        # how it is done; what a report was about; the district picked ("Ban" was marked)
        (
            "Quận 8 tổ chức sinh hoạt chi bộ mẫu như thế nào?",
            "theo từng loại hình để rút kinh nghiệm",
        ),
        ("Ông Ma Xuân Việt báo cáo về nội dung gì?", "kết quả công tác xây dựng đảng năm 2017"),
        ("Quận nào chia sẻ kinh nghiệm nâng cao chất lượng chi bộ?", "quận 8"),
        ("Nghị quyết Trung ương 4 khóa mấy?", "khóa XII"),
        # the Bí thư's request, not his deputy's ("Phó Bí thư Thường trực … đề nghị …"),
        # without the question's own "trong năm 2018"
        (
            "Bí thư Thành ủy đề nghị gì trong năm 2018?",
            "cần tiếp tục nâng cao chất lượng những người làm công tác tổ chức xây dựng đảng",
        ),
    ],
)
def test_the_sample_articles_speakers_and_titles(
    services: Services, question: str, phrase: str
) -> None:
    answer = ask(question, None, services)
    assert answer.found and answer.short is not None
    assert answer.short.text == phrase
    assert answer.text[answer.short.start : answer.short.end] == phrase


def test_what_a_speaker_reports_answers_a_what_question(services: Services) -> None:
    # "Chia sẻ kinh nghiệm …, bà Nguyễn Thanh Xuân, Phó Bí thư Quận ủy quận 8 cho biết …":
    # the experience is what she reports, not her name
    answer = ask("Quận 8 có kinh nghiệm gì?", None, services)
    assert answer.found and answer.short is not None
    assert answer.short.text.startswith("quận ủy đã tổ chức sinh hoạt chi bộ mẫu")


@pytest.mark.parametrize(
    "question",
    [
        "Hội nghị diễn ra khi nào?",  # the article says the conference "tổ chức" (held)
        "Hội nghị diễn ra vào ngày nào?",  # "vào ngày" is what the answer need not repeat
        "Hội nghị được tổ chức vào thời gian nào?",
    ],
)
def test_when_the_conference_took_place(services: Services, question: str) -> None:
    answer = ask(question, None, services)
    assert answer.found and answer.short is not None
    assert answer.short.text == "Sáng 8/2"


def test_unaccented_question_finds_the_same_passage(services: Services) -> None:
    answer = ask("nhiem vu trong tam nam 2018 la gi", None, services)
    assert _in_top(
        answer.hits, [{"text": "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp"}]
    )


@pytest.mark.parametrize(
    "typed",
    [
        "nhiem vu trong tam nam 2018 la gi",
        "ong ma xuan viet giu chuc vu gi?",
        "bao nhieu tap the duoc tang giay khen?",
        "nhiem vu trọng tâm nam 2018 la gi",  # diacritics on a few words only
        "Bao nhiêu tập thể duoc tặng giấy khen?",  # on all words but one
    ],
)
def test_a_question_typed_without_diacritics_is_answered_as_if_typed_with_them(
    services: Services, typed: str
) -> None:
    # It is searched and read with its diacritics put back (search/accents.py): the same
    # best passage, the same answer and phrase (BM25 reads it folded: lower passages may
    # change places).
    accented = {
        "nhiem vu trong tam nam 2018 la gi": "Nhiệm vụ trọng tâm năm 2018 là gì",
        "ong ma xuan viet giu chuc vu gi?": "Ông Ma Xuân Việt giữ chức vụ gì?",
        "bao nhieu tap the duoc tang giay khen?": "Bao nhiêu tập thể được tặng giấy khen?",
        "nhiem vu trọng tâm nam 2018 la gi": "Nhiệm vụ trọng tâm năm 2018 là gì",
        "Bao nhiêu tập thể duoc tặng giấy khen?": "Bao nhiêu tập thể được tặng giấy khen?",
    }[typed]
    plain, written = ask(typed, None, services), ask(accented, None, services)
    assert plain.found and plain.question == typed
    assert plain.hits[0].chunk_id == written.hits[0].chunk_id
    assert plain.text == written.text
    assert plain.short is not None and written.short is not None
    assert plain.short.text == written.short.text
    # e5 reads it as it reads the question typed with diacritics (0.07 lower without).
    best = [max(services.search(q, 5).dense_scores.values()) for q in (typed, accented)]
    assert best[0] == pytest.approx(best[1], abs=0.01)


def test_unrelated_question_is_declined(services: Services) -> None:
    answer = ask("Giá vé máy bay từ Hà Nội đi Tokyo tháng 12 là bao nhiêu?", None, services)
    assert not answer.found and answer.text == NOT_FOUND and not answer.citations


def _with_llm(services: Services, server: LLMServer, timeout: float = 5.0) -> Services:
    from retrieval.answers.llm import build_chat_model

    settings = services.settings.model_copy(
        update={
            "llm_provider": "openai",
            "llm_base_url": server.openai_url,
            "llm_model": server.model,
            "llm_timeout": timeout,
        }
    )
    services.settings = settings
    services.chat_model = build_chat_model(settings)
    return services


def test_llm_answer_is_cited_and_checked(services: Services, llm_server: LLMServer) -> None:
    _with_llm(services, llm_server)
    llm_server.reply("Nhiệm vụ trọng tâm là nghiên cứu mô hình tổ chức đảng [1]. Thêm [9].")
    answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, services)
    assert answer.mode == "llm"
    assert "[9]" not in answer.text and "[1]" in answer.text
    assert [c.n for c in answer.citations] == [1]
    prompt = json.dumps(llm_server.requests[-1].json, ensure_ascii=False)
    assert "Nhiệm vụ trọng tâm năm 2018 là gì?" in prompt


def test_llm_failure_falls_back_to_extractive(services: Services, llm_server: LLMServer) -> None:
    _with_llm(services, llm_server)
    llm_server.reply("", status=500)
    answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, services)
    assert answer.mode == "extractive" and answer.found
    assert "nghiên cứu đề xuất mô hình tổ chức đảng" in answer.text


def test_llm_that_finds_no_answer_declines_with_related(
    services: Services, llm_server: LLMServer
) -> None:
    _with_llm(services, llm_server)
    llm_server.reply("Tôi không tìm thấy câu trả lời trong các bài báo.")
    answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, services)
    assert not answer.found and answer.text == NOT_FOUND and answer.mode == "none"
    assert not answer.citations and answer.related


def test_llm_partial_answer_is_kept(services: Services, llm_server: LLMServer) -> None:
    _with_llm(services, llm_server)
    partial = (
        "Nhiệm vụ trọng tâm là nghiên cứu mô hình tổ chức đảng ở doanh nghiệp nhà nước [1]. "
        "Các đoạn trích không nói về kinh phí thực hiện."
    )
    llm_server.reply(partial)
    answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì và kinh phí bao nhiêu?", None, services)
    assert answer.found and answer.mode == "llm" and not answer.related
    assert "không nói về kinh phí" in answer.text and "[1]" in answer.text


def test_llm_reply_citing_nothing_gives_the_extractive_answer(
    services: Services, llm_server: LLMServer
) -> None:
    _with_llm(services, llm_server)
    llm_server.reply("Nhiệm vụ trọng tâm là nghiên cứu mô hình tổ chức đảng.")
    answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, services)
    assert answer.found and answer.mode == "extractive"
    assert "nghiên cứu đề xuất mô hình tổ chức đảng" in answer.text


def test_gate_declines_before_the_llm_is_asked(services: Services, llm_server: LLMServer) -> None:
    _with_llm(services, llm_server)
    services.settings = services.settings.model_copy(update={"relevance_floor": STRICT_FLOOR})
    asked = len(llm_server.requests)
    answer = ask(NOT_IN_THE_ARTICLE[0], None, services)
    assert not answer.found and answer.related
    assert len(llm_server.requests) == asked  # no generation for a declined question


def test_llm_condenses_follow_ups(services: Services, llm_server: LLMServer) -> None:
    _with_llm(services, llm_server)
    conversation = Conversation()
    llm_server.reply("Ông Ma Xuân Việt báo cáo kết quả công tác xây dựng đảng năm 2017 [1].")
    ask("Ông Ma Xuân Việt báo cáo về nội dung gì?", conversation, services)
    llm_server.reply("Ông Ma Xuân Việt giữ chức vụ gì?")  # the condensed question
    llm_server.reply("Ông là Phó Trưởng Ban Tổ chức Thành ủy [1].")
    answer = ask("Ông ấy giữ chức vụ gì?", conversation, services)
    assert answer.standalone == "Ông Ma Xuân Việt giữ chức vụ gì?"
    assert _in_top(answer.hits, [{"text": "Phó Trưởng Ban Tổ chức Thành ủy"}])


def test_follow_up_prefers_the_article_cited_last(
    settings: Settings, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    other = Path(settings.ingest_sources[0]) / "khac.txt"
    other.write_text(
        "Hội nghị công tác dân vận năm 2018\n\n(PLO) - Ông Trần Văn Nam, Trưởng Ban Dân vận, "
        "chủ trì hội nghị công tác dân vận năm 2018 và giữ chức vụ Trưởng Ban Dân vận.\n",
        encoding="utf-8",
    )
    run(settings, embedder)
    services = build_services(settings, embedder)
    try:
        conversation = Conversation()
        first = ask("Ông Ma Xuân Việt báo cáo về nội dung gì?", conversation, services)
        sample_id = first.citations[0].article_id
        answer = ask("Ông ấy giữ chức vụ gì?", conversation, services)
        assert answer.standalone != answer.question
        assert answer.hits[0].article_id == sample_id
        assert "Phó Trưởng Ban Tổ chức Thành ủy" in answer.text
    finally:
        services.close()


def test_follow_up_boost_wins_near_ties_only() -> None:
    from retrieval.ask import FOLLOW_UP_BOOST, _prefer
    from retrieval.index.chunks import Hit
    from retrieval.search.hybrid import HybridResult

    def hit(cid: str, article: str, score: float) -> Hit:
        return Hit(cid, article, "t", "", "", "", "", "x", 0, 1, 0, score)

    near = HybridResult(hits=[hit("a", "other", 0.90), hit("b", "cited", 0.88)])
    assert [h.chunk_id for h in _prefer(near, ("cited",)).hits] == ["b", "a"]
    far = HybridResult(
        hits=[hit("a", "other", 0.90), hit("b", "cited", 0.90 - 2 * FOLLOW_UP_BOOST)]
    )
    assert [h.chunk_id for h in _prefer(far, ("cited",)).hits] == ["a", "b"]
    assert _prefer(near, ()) is near


# Same-domain questions the sample article does not answer (issue 12): it reports the
# 2018 conference and counts no new members for 2017, nor the party committees.
NOT_IN_THE_ARTICLE = (
    "Năm 2017 kết nạp bao nhiêu đảng viên mới?",
    "Thành ủy TPHCM có bao nhiêu đảng bộ trực thuộc?",
)
# The gate's default floor is fitted on xquad_vi (97% of answerable questions answered);
# an admin who prefers declining raises it. At 0.4 (91% / 86% on xquad_vi) these two are
# still declined and every seed question is still answered.
STRICT_FLOOR = 0.4


@pytest.fixture
def strict(settings: Settings, embedder: SentenceTransformerEmbedder) -> Iterator[Services]:
    run(settings, embedder)
    strict = settings.model_copy(update={"relevance_floor": STRICT_FLOOR})
    services = build_services(strict, embedder)
    yield services
    services.close()


@pytest.mark.parametrize("question", NOT_IN_THE_ARTICLE)
def test_same_domain_question_without_answer_is_declined_with_related(
    strict: Services, question: str
) -> None:
    answer = ask(question, None, strict)
    assert not answer.found and answer.text == NOT_FOUND, answer.text
    assert not answer.citations and answer.short is None
    # The two closest passages (one source when they come from one article).
    related = [p.chunk_id for c in answer.related for p in c.passages]
    assert related == [h.chunk_id for h in answer.hits[:2]]
    assert answer.confidence < STRICT_FLOOR


def test_seed_questions_are_more_confident_than_unanswerable_ones(strict: Services) -> None:
    answered = []
    for row in _rows("questions.jsonl"):
        answer = ask(row["question"], None, strict)
        assert answer.found and not answer.related, (row["question"], answer.confidence)
        answered.append(answer.confidence)
    declined = [ask(q, None, strict).confidence for q in NOT_IN_THE_ARTICLE]
    assert max(declined) < min(answered)


@pytest.mark.parametrize("question", NOT_IN_THE_ARTICLE)
def test_a_count_the_article_does_not_make_is_declined_at_the_default_floor(
    services: Services, question: str
) -> None:
    # The article names no number of party committees: its closest sentence (the lead)
    # holds only dates, and no "nhiều" or "không có" either. Its numbers of new members
    # are 2018's plan, and "6 tập thể … 10 tập thể … năm 2017" counts awards: it shares
    # the year with the question, nothing else it asks ("kết nạp", "đảng viên", "mới").
    answer = ask(question, None, services)
    assert not answer.found and answer.text == NOT_FOUND, answer.text
    assert answer.related and not answer.citations


def test_a_given_name_is_not_the_middle_of_another_persons(services: Services) -> None:
    # "bà Xuân" is bà Nguyễn Thanh Xuân, not ông Ma Xuân Việt (it quoted his report)
    answer = ask("Bà Xuân làm gì?", None, services)
    assert "Ma Xuân Việt" not in answer.text.split(" [1]")[0]


@pytest.mark.parametrize(
    "question", ["Ai là Bí thư Quận ủy quận 8?", "Bí thư Quận ủy quận 8 chia sẻ kinh nghiệm gì?"]
)
def test_an_office_the_article_names_only_the_deputy_of_is_declined(
    services: Services, question: str
) -> None:
    # The article quotes bà Nguyễn Thanh Xuân, Phó Bí thư Quận ủy quận 8, and the Bí thư
    # of quận Bình Thạnh: neither is the Bí thư of quận 8. Her sentence is offered as
    # related, not as the answer.
    answer = ask(question, None, services)
    assert not answer.found and answer.text == NOT_FOUND, answer.text
    assert any("Nguyễn Thanh Xuân" in p.quote for c in answer.related for p in c.passages)
    deputy = ask("Ai là Phó Bí thư Quận ủy quận 8?", None, services)
    assert deputy.found and deputy.short is not None
    assert deputy.short.text == "Nguyễn Thanh Xuân"


def test_short_answer_is_the_phrase_that_answers(services: Services) -> None:
    answer = ask("Ông Ma Xuân Việt giữ chức vụ gì?", None, services)
    assert answer.short is not None
    assert "Phó Trưởng Ban Tổ chức Thành ủy" in answer.short.text
    assert answer.text[answer.short.start : answer.short.end] == answer.short.text
    cited = next(c for c in answer.citations if c.n == answer.short.n)
    article = services.retriever.store.article_texts([cited.article_id])[cited.article_id]
    span = article.text[answer.short.article_start : answer.short.article_end]
    assert span == answer.short.text
    as_json = answer.to_dict()
    assert as_json["short"]["text"] == answer.short.text
    assert isinstance(as_json["confidence"], float)


def test_an_empty_index_is_named_at_start_and_questions_are_declined(
    settings: Settings, embedder: SentenceTransformerEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="retrieval.services"):
        services = build_services(settings, embedder)
    try:
        warned = [r.getMessage() for r in caplog.records if r.name == "retrieval.services"]
        assert any("holds no articles" in m and "python -m ingest" in m for m in warned), warned
        answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, services)
        assert not answer.found and answer.text == NOT_FOUND
    finally:
        services.close()
    # With articles, no such warning.
    run(settings, embedder)
    caplog.clear()
    with caplog.at_level("WARNING", logger="retrieval.services"):
        services = build_services(settings, embedder)
    services.close()
    assert not any("holds no articles" in r.getMessage() for r in caplog.records)
