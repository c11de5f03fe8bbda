"""The step of a procedure asked by its place (answers/steps.py). Pure functions: no
model, no index."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.steps import step_asked
from tests.retrieval.answers.passage import passage

GUIDE = (
    "1. Tự đặt lại mật khẩu khi quên\n"
    "Bước 1: Truy cập địa chỉ https://matkhau.saoviet.vn từ bất kỳ thiết bị nào có kết nối "
    "Internet.\n"
    "Bước 2: Nhập tên đăng nhập (phần trước ký tự @ trong địa chỉ email công ty) và chọn "
    '"Quên mật khẩu".\n'
    "Bước 3: Nhập mã xác thực gửi về số điện thoại đã đăng ký, rồi đặt mật khẩu mới.\n"
    "2. Đăng ký truy cập VPN\n"
    "Bước 1: Điền Phiếu đăng ký VPN (mẫu VPN-01) trên hệ thống văn phòng điện tử.\n"
    "Bước 2: Trưởng phòng trực tiếp phê duyệt phiếu trong vòng 1 ngày làm việc.\n"
    "Bước 3: Phòng CNTT cấp tài khoản VPN trong vòng 2 ngày làm việc sau khi phiếu được "
    "duyệt."
)
TITLE = "Hướng dẫn đặt lại mật khẩu và đăng ký VPN"


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("Quên mật khẩu thì bước đầu tiên phải làm gì?", 1),
        ("Bước thứ hai khi đăng ký VPN là gì?", 2),
        ("Bước 3 của thủ tục là gì?", 3),
        ("Bước cuối cùng là gì?", -1),
        ("Đăng ký VPN gồm mấy bước?", None),
    ],
)
def test_the_place_asked(question: str, place: int | None) -> None:
    assert step_asked(question) == place


@pytest.mark.parametrize(
    ("question", "step"),
    [
        # the question's words are step 2's: it was the answer
        ("Quên mật khẩu thì bước đầu tiên phải làm gì?", "Bước 1: Truy cập"),
        # the last step of the procedure asked, not the other one's
        ("Bước cuối cùng khi đăng ký VPN là gì?", "Bước 3: Phòng CNTT"),
    ],
)
def test_the_step_asked_of_the_procedure_found_answers(question: str, step: str) -> None:
    found = extract(question, [passage(GUIDE, title=TITLE)], dense=[0.9])
    assert found.text.startswith(step), found.text
