"""Follow-ups that change the time ("Còn năm 2019 thì sao?", "Quý II/2021 thì sao?"):
the new time replaces the previous question's, keeping its year when it gives none."""

from __future__ import annotations

import pytest

from retrieval.dialogue.conversation import Conversation
from retrieval.dialogue.followup import rewrite
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
