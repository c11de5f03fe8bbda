"""Follow-ups that change the time ("Còn năm 2019 thì sao?", "Quý II/2021 thì sao?"):
the new time replaces the previous question's, keeping its year when it gives none."""

from __future__ import annotations

import pytest

from retrieval.dialogue.conversation import Conversation
from retrieval.dialogue.followup import asks_for_more, rewrite
from retrieval.dialogue.turns import Turn


def _after(previous: str) -> Conversation:
    conversation = Conversation()
    conversation.add_turn(Turn(question=previous, standalone=previous, answer="Đáp án [1]."))
    return conversation


@pytest.mark.parametrize(
    ("previous", "follow_up", "standalone"),
    [
        (
            "Nhiệm vụ trọng tâm năm 2018 là gì?",
            "Còn năm 2019 thì sao?",
            "Nhiệm vụ trọng tâm năm 2019 là gì?",
        ),
        (
            "Nhiệm vụ trọng tâm năm 2018 là gì?",
            "Thế còn 2020?",
            "Nhiệm vụ trọng tâm năm 2020 là gì?",
        ),
        (
            "Nhiệm vụ trọng tâm năm nay là gì?",
            "Còn năm 2021?",
            "Nhiệm vụ trọng tâm năm 2021 là gì?",
        ),
        (
            "Nhiệm vụ trọng tâm năm 2018 là gì?",
            "Còn năm ngoái?",
            "Nhiệm vụ trọng tâm năm ngoái là gì?",
        ),
        (
            "Nhiệm vụ trọng tâm năm 2019 là gì?",
            "Còn tháng 3/2020?",
            "Nhiệm vụ trọng tâm tháng 3/2020 là gì?",
        ),
        (
            "Doanh thu năm 2019 là bao nhiêu?",
            "Quý II/2021 thì sao?",
            "Doanh thu quý II/2021 là bao nhiêu?",
        ),
        (
            "Mục tiêu năm 2019 là gì?",
            "Còn giai đoạn 2020-2025?",
            "Mục tiêu giai đoạn 2020-2025 là gì?",
        ),
        (
            "Doanh thu tháng 3/2019 là bao nhiêu?",
            "Tháng 5 thì sao?",
            "Doanh thu tháng 5/2019 là bao nhiêu?",
        ),
        (
            "Doanh thu năm 2019 là bao nhiêu?",
            "Còn tháng 3?",
            "Doanh thu tháng 3 năm 2019 là bao nhiêu?",
        ),
        (
            "Doanh thu quý I/2019 là bao nhiêu?",
            "Còn quý II?",
            "Doanh thu quý II/2019 là bao nhiêu?",
        ),
        (
            "Nhiệm vụ trọng tâm là gì?",
            "Còn tháng 3/2020?",
            "Nhiệm vụ trọng tâm tháng 3/2020 là gì?",
        ),
        ("Nhiệm vụ trọng tâm là gì?", "Còn năm 2019?", "Nhiệm vụ trọng tâm năm 2019 là gì?"),
    ],
)
def test_a_new_time_replaces_the_old(previous: str, follow_up: str, standalone: str) -> None:
    assert rewrite(follow_up, _after(previous)) == (standalone, True)


def test_more_than_a_time_is_not_a_time_follow_up() -> None:
    # "doanh thu" is a new topic word: the time rule leaves it to the other rules.
    got, _ = rewrite("Còn lợi nhuận tháng 3/2020?", _after("Doanh thu năm 2019 là bao nhiêu?"))
    assert "lợi nhuận" in got and not got.startswith("Doanh thu tháng 3/2020")


@pytest.mark.parametrize(
    ("previous", "follow_up", "standalone"),
    [
        # the year before or after the one the conversation is about, not today's
        (
            "Chủ đề Tháng hành động năm 2022 là gì?",
            "Năm trước đó thì sao?",
            "Chủ đề Tháng hành động năm 2021 là gì?",
        ),
        (
            "Doanh thu năm 2020 của Phú An là bao nhiêu?",
            "Năm sau đó?",
            "Doanh thu năm 2021 của Phú An là bao nhiêu?",
        ),
        (
            "Doanh thu năm 2020 của Phú An là bao nhiêu?",
            "Còn năm tiếp theo?",
            "Doanh thu năm 2021 của Phú An là bao nhiêu?",
        ),
        (
            "Doanh thu năm 2020 của Phú An là bao nhiêu?",
            "Lợi nhuận năm sau đó là bao nhiêu?",
            "Lợi nhuận năm 2021 là bao nhiêu?",
        ),
    ],
)
def test_a_year_counted_from_the_conversations(
    previous: str, follow_up: str, standalone: str
) -> None:
    assert rewrite(follow_up, _after(previous)) == (standalone, True)


@pytest.mark.parametrize(
    ("previous", "follow_up", "standalone"),
    [
        # the conversation's year counted from today: so is the new one ("năm trước
        # nữa" is "further back", no "more" of the last answer)
        (
            "Chủ đề Tháng hành động năm ngoái là gì?",
            "Còn năm trước nữa?",
            "Chủ đề Tháng hành động 2 năm trước là gì?",
        ),
        (
            "Chủ đề Tháng hành động 2 năm trước là gì?",
            "Năm sau đó?",
            "Chủ đề Tháng hành động năm ngoái là gì?",
        ),
        (
            "Năm ngoái Phú An khen thưởng bao nhiêu người?",
            "Năm trước đó thì sao?",
            "2 năm trước Phú An khen thưởng bao nhiêu người?",
        ),
        (
            "Năm ngoái Phú An khen thưởng bao nhiêu người?",
            "Năm trước đó, lao động xuất sắc nhất là ai?",
            "2 năm trước, lao động xuất sắc nhất là ai?",
        ),
    ],
)
def test_a_year_counted_from_a_year_counted_from_today(
    previous: str, follow_up: str, standalone: str
) -> None:
    assert rewrite(follow_up, _after(previous)) == (standalone, True)


def test_further_back_is_not_more_of_the_answer() -> None:
    assert not asks_for_more("Còn năm trước nữa?")
    assert not asks_for_more("Tháng sau nữa thì sao?")
    assert asks_for_more("Năm trước nữa còn gì nữa?")
    assert asks_for_more("Ông ấy còn nói gì nữa?")


def test_a_year_counted_from_today_is_left_to_the_time_reader() -> None:
    # "năm sau" without "đó" is the year after today (timeexpr), and with no year before
    # there is nothing to count from
    assert rewrite("Năm sau thì sao?", _after("Doanh thu năm 2020 là bao nhiêu?"))[0] != (
        "Doanh thu năm 2021 là bao nhiêu?"
    )
    assert rewrite("Năm trước đó thì sao?", _after("Doanh thu là bao nhiêu?"))[0] != (
        "Còn năm trước đó?"
    )


@pytest.mark.parametrize(
    ("previous", "follow_up", "standalone"),
    [
        (
            "Bao nhiêu tập thể được tặng bằng khen?",
            "Còn giấy khen thì sao?",
            "Bao nhiêu tập thể được tặng giấy khen?",
        ),
        (
            "Xe khách được chạy tối đa bao nhiêu km/h?",
            "Còn xe tải?",
            "Xe tải được chạy tối đa bao nhiêu km/h?",
        ),
    ],
)
def test_a_word_of_the_same_kind_replaces_its_sibling(
    previous: str, follow_up: str, standalone: str
) -> None:
    assert rewrite(follow_up, _after(previous)) == (standalone, True)
