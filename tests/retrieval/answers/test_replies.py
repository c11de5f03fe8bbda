"""A matter raised in a meeting is no answer to how it was answered (replies.py): the
reply after it is. Pure functions: no model, no index."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.replies import asks_reply, raises
from retrieval.answers.sentences import _analysed
from tests.retrieval.answers.passage import passage

MEETING = passage(
    "Cử tri Phan Thị Út (xã Tân Hội) phản ánh một trang trại chăn nuôi heo gần khu dân cư "
    "ấp Tân Lợi gây mùi hôi, xả nước thải ra kênh nội đồng. Do nội dung này cần kiểm tra "
    "thực tế, ông Trần Quốc Hòa cho biết Tổ đại biểu sẽ chuyển kiến nghị đến Sở Tài nguyên "
    "và Môi trường để kiểm tra và trả lời cử tri bằng văn bản.",
    title="Đại biểu Quốc hội tiếp xúc cử tri huyện Phú Lâm",
)


@pytest.mark.parametrize(
    ("text", "raising"),
    [
        ("Cử tri Phan Thị Út (xã Tân Hội) phản ánh một trang trại gây mùi hôi.", True),
        (
            "Chị Lữ Thị Mơ, giáo viên hợp đồng tại một trường mầm non ở huyện Đak Rơ, hỏi về "
            "việc bao giờ giáo viên hợp đồng được xét tuyển vào biên chế.",
            True,
        ),
        ("Đại biểu Võ Minh Tâm chất vấn bà Hồ Thị Thanh Thủy về tình trạng sạt lở.", True),
        ("Phóng viên Báo Kinh tế và Thị trường đặt câu hỏi về quyền lợi của người lao động.", True),
        ("Cử tri Đặng Văn Bảy (xã Tân Hội) cho biết lương hưu của ông chỉ hơn 3 triệu đồng.", True),
        # a reply, a proposal, an admission: no matter raised
        ("Trả lời cử tri Nguyễn Văn Tư, ông Sơn cho biết dự án hoàn thành trước 30/11.", False),
        ("Ông Hòa đề nghị UBND huyện Phú Lâm tiếp tục theo dõi các cam kết.", False),
        ("Bà Lan thừa nhận mức tăng này chưa bù đắp được hết khó khăn.", False),
    ],
)
def test_a_sentence_raising_a_matter(text: str, raising: bool) -> None:
    assert raises(_analysed(text)[0].key) is raising


def test_asked_how_it_was_answered_the_reply_answers() -> None:
    question = "Kiến nghị về trại heo gây ô nhiễm ở ấp Tân Lợi được chuyển cho cơ quan nào trả lời?"
    assert asks_reply(question)
    found = extract(question, [MEETING], dense=[0.9])
    assert found.text.startswith("Do nội dung này cần kiểm tra thực tế"), found.text
    # asked what was raised, the sentence raising it answers
    raised = extract("Cử tri Phan Thị Út phản ánh về trại heo ở đâu?", [MEETING], dense=[0.9])
    assert not asks_reply("Cử tri Phan Thị Út phản ánh về trại heo ở đâu?")
    assert raised.text.startswith("Cử tri Phan Thị Út"), raised.text
