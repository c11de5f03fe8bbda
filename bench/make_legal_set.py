# ruff: noqa: E501
"""Write the legal evaluation set: bench/corpus/legal/{passages,questions}.jsonl.

The passage is an excerpt of the Vietnamese Road Traffic Law (Luật Giao thông đường bộ,
số 23/2008/QH12: Điều 21-35, 37, 38 of Chương II and Điều 58-62 of Chương V), kept as
text in `luat-giao-thong-duong-bo-2008.txt` beside the output. Vietnamese legal normative
documents are not protected by copyright (Luật Sở hữu trí tuệ, Điều 15). The questions
are written for this project: some ask about content, some name the article they ask
about ("Khoản 3 Điều 30 ..."), as staff do. `answer_start` is found here, so the file
cannot drift from the text.

    .venv/bin/python bench/make_legal_set.py
    .venv/bin/python -m retrieval eval --passages bench/corpus/legal/passages.jsonl \\
        --questions bench/corpus/legal/questions.jsonl
"""

from __future__ import annotations

import json
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "corpus" / "legal"
SOURCE = FOLDER / "luat-giao-thong-duong-bo-2008.txt"
PID = "luat-gtdb-2008"
TITLE = "Luật Giao thông đường bộ số 23/2008/QH12"

# (question, gold answer, a text the answer comes after: its first occurrence from there)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("Người đủ bao nhiêu tuổi thì được lái xe gắn máy có dung tích xi-lanh dưới 50 cm3?", "16 tuổi", ""),
    ("Tuổi tối đa của người lái xe ô tô chở người trên 30 chỗ ngồi là bao nhiêu?", "50 tuổi đối với nữ và 55 tuổi đối với nam", ""),
    ("Khi đèn đỏ bật ở chỗ giao nhau với đường sắt chỉ có đèn tín hiệu, phải dừng cách ray gần nhất tối thiểu bao nhiêu?", "5 mét", ""),
    ("Xe bị hỏng trên đường sắt thì phải đặt báo hiệu cách tối thiểu bao xa?", "500 mét", ""),
    ("Xe máy chuyên dùng có tốc độ thiết kế nhỏ hơn bao nhiêu thì không được đi vào đường cao tốc?", "70 km/h", ""),
    ("Xe nào được quyền ưu tiên đi trước đầu tiên khi qua đường giao nhau?", "Xe chữa cháy đi làm nhiệm vụ", ""),
    ("Tại nơi đường giao nhau có báo hiệu đi theo vòng xuyến phải nhường đường cho xe nào?", "nhường đường cho xe đi bên trái", ""),
    ("Trường hợp nào xe mô tô hai bánh được chở tối đa hai người?", "Chở người bệnh đi cấp cứu", ""),
    ("Người điều khiển xe đạp được chở thêm trẻ em dưới bao nhiêu tuổi?", "dưới 7 tuổi", ""),
    ("Giấy phép lái xe hạng A1 cấp cho người lái loại xe nào?", "người lái xe mô tô hai bánh có dung tích xi-lanh từ 50 cm3 đến dưới 175 cm3", ""),
    ("Giấy phép lái xe hạng B2 cấp cho ai?", "người hành nghề lái xe điều khiển xe ô tô chở người đến 9 chỗ ngồi", ""),
    ("Người lái xe khi điều khiển phương tiện phải mang theo giấy chứng nhận bảo hiểm gì?", "Giấy chứng nhận bảo hiểm trách nhiệm dân sự của chủ xe cơ giới", ""),
    ("Ai chịu trách nhiệm tổ chức giao thông trên hệ thống quốc lộ?", "Bộ trưởng Bộ Giao thông vận tải chịu trách nhiệm tổ chức giao thông", ""),
    ("Ai tổ chức chôn cất người chết không rõ tung tích trong vụ tai nạn giao thông?", "Ủy ban nhân dân cấp xã có trách nhiệm tổ chức chôn cất", ""),
    ("Sau các xe được quyền ưu tiên, xe nào được ưu tiên qua phà trước?", "Xe chở thư báo", ""),
    ("Trong hầm đường bộ xe thô sơ phải làm gì?", "xe thô sơ phải bật đèn hoặc có vật phát sáng báo hiệu", ""),
    ("Người khiếm thị khi đi trên đường bộ phải có gì?", "phải có người dắt hoặc có công cụ để báo hiệu", ""),
    ("Ai công bố tải trọng, khổ giới hạn của đường bộ do địa phương quản lý?", "Chủ tịch Uỷ ban nhân dân cấp tỉnh công bố", ""),
    ("Muốn học nâng hạng giấy phép lái xe lên hạng D, E cần trình độ văn hóa tối thiểu nào?", "trung học cơ sở", ""),
    ("Sát hạch để cấp giấy phép lái xe ô tô phải thực hiện ở đâu?", "tại các trung tâm sát hạch lái xe", ""),
    ("Điều 24 quy định gì?", "Nhường đường tại nơi đường giao nhau", ""),
    ("Điều 33 nói về nội dung gì?", "Người khuyết tật, người già yếu tham gia giao thông", ""),
    ("Khoản 3 Điều 30 cấm người điều khiển xe mô tô làm những gì?", "Đi xe dàn hàng ngang", ""),
    ("Theo khoản 4 Điều 30, người ngồi trên xe gắn máy không được làm gì?", "Đứng trên yên, giá đèo hàng hoặc ngồi trên tay lái", ""),
    ("Điều 29 khoản 3 cấm những hành vi nào?", "Chở người trên xe được kéo", ""),
    ("khoản 2 điều 21 quy định xe ô tô chở người phải thế nào?", "phải có thùng cố định", ""),
    ("Điều 35 khoản 2 cấm hành vi gì trên đường bộ?", "Họp chợ, mua, bán hàng hóa trên đường bộ", ""),
    ("dieu 60 quy dinh ve van de gi", "Tuổi, sức khỏe của người lái xe", "Điều 60."),
    ("Khoản 5 Điều 59 nói gì về phạm vi sử dụng giấy phép lái xe?", "có giá trị sử dụng trong phạm vi lãnh thổ Việt Nam", ""),
    ("Theo khoản 2 Điều 38, người có mặt tại nơi xảy ra tai nạn có trách nhiệm gì?", "Bảo vệ hiện trường", ""),
    ("Điều 62 quy định về điều kiện gì?", "Điều kiện của người điều khiển xe máy chuyên dùng tham gia giao thông", ""),
    ("Khoản 3 điều 25 yêu cầu giữ khoảng cách bao nhiêu với ray gần nhất?", "5 mét", ""),
)  # fmt: skip


def main() -> None:
    text = SOURCE.read_text(encoding="utf-8").strip()
    passages = [{"pid": PID, "title": TITLE, "text": text}]
    rows = []
    for n, (question, answer, after) in enumerate(QUESTIONS, start=1):
        start = text.find(answer, text.find(after) if after else 0)
        if start < 0:
            raise SystemExit(f"answer not in the text: {answer!r}")
        rows.append(
            {
                "qid": f"legal-{n:02d}",
                "question": question,
                "pid": PID,
                "answers": [{"text": answer, "answer_start": start}],
            }
        )
    for name, items in (("passages.jsonl", passages), ("questions.jsonl", rows)):
        lines = (json.dumps(item, ensure_ascii=False) for item in items)
        (FOLDER / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} questions on {len(text):,} characters -> {FOLDER}")


if __name__ == "__main__":
    main()
