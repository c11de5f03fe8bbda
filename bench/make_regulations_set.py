# ruff: noqa: E501
"""Write the regulations evaluation set: bench/corpus/regulations/{passages,questions}.jsonl.

Three internal regulations of the kind staff ask about, written for this project (fictional
bodies, no copied text): a university's training regulation (Quy chế đào tạo), a public
institute's internal spending regulation (Quy chế chi tiêu nội bộ) and a company's labour
rules (Nội quy lao động). Each is kept as text beside the output, laid out as such documents
are (Chương / Điều N. Title / clauses "1." / points "a)" ending in ";" / lead-ins ending in
"sau đây:" or "như sau:"). The questions ask for numbers, conditions, one point of a list,
a named provision ("Điều 12 quy định gì"), who decides, durations; some are typed without
diacritics. Gold answers are short spans; `answer_start` is found here and checked, so the
file cannot drift from the text.

    .venv/bin/python bench/make_regulations_set.py
    .venv/bin/python -m retrieval eval --passages bench/corpus/regulations/passages.jsonl \\
        --questions bench/corpus/regulations/questions.jsonl
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "corpus" / "regulations"

# pid -> (file, title)
DOCUMENTS: dict[str, tuple[str, str]] = {
    "qc-dao-tao": (
        "quy-che-dao-tao.txt",
        "Quy chế đào tạo trình độ đại học theo hệ thống tín chỉ - Trường Đại học Sao Mai",
    ),
    "qc-chi-tieu": (
        "quy-che-chi-tieu-noi-bo.txt",
        "Quy chế chi tiêu nội bộ - Viện Nghiên cứu Phát triển Nông thôn Miền Trung",
    ),
    "noi-quy-ld": ("noi-quy-lao-dong.txt", "Nội quy lao động - Công ty Cổ phần Dệt may Phú An"),
}

# (pid, question, gold answer, a text the answer comes after: its first occurrence from there)
QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    # Quy chế đào tạo
    ("qc-dao-tao", "Mỗi học kỳ chính sinh viên được đăng ký tối đa bao nhiêu tín chỉ?", "25 tín chỉ", ""),
    ("qc-dao-tao", "Sinh viên đang bị cảnh báo học tập được đăng ký bao nhiêu tín chỉ?", "tối đa 14 tín chỉ", ""),
    ("qc-dao-tao", "Một tín chỉ tương đương bao nhiêu giờ học tập?", "50 giờ học tập định mức", ""),
    ("qc-dao-tao", "Khi nào sinh viên bị cảnh báo học tập?", "Tổng số tín chỉ không đạt trong học kỳ vượt quá 50% khối lượng đã đăng ký", ""),
    ("qc-dao-tao", "Vắng mặt bao nhiêu phần trăm số tiết thì không được dự thi kết thúc học phần?", "quá 20% số tiết lên lớp", ""),
    ("qc-dao-tao", "Điểm học phần từ 7,0 đến 7,9 được quy đổi thành điểm chữ gì?", "điểm B", "Từ 7,0 đến 7,9"),
    ("qc-dao-tao", "diem trung binh tich luy bao nhieu thi duoc xep loai gioi", "Từ 3,20 đến 3,59", ""),
    ("qc-dao-tao", "Nghỉ học tạm thời vì lý do cá nhân được tối đa bao lâu?", "không quá 2 năm", ""),
    ("qc-dao-tao", "Hồ sơ xin nghỉ học tạm thời gồm những gì?", "Đơn đề nghị nghỉ học tạm thời theo mẫu của Trường", ""),
    ("qc-dao-tao", "Ai ra quyết định buộc thôi học đối với sinh viên?", "Hiệu trưởng ra quyết định buộc thôi học", ""),
    ("qc-dao-tao", "Điều 12 quy định gì?", "Điều kiện xét tốt nghiệp", ""),
    ("qc-dao-tao", "Sinh viên được phúc khảo bài thi trong thời hạn bao lâu?", "7 ngày làm việc", ""),
    ("qc-dao-tao", "dieu kien tot nghiep diem trung binh tich luy toan khoa phai dat bao nhieu", "từ 2,00 trở lên", ""),
    ("qc-dao-tao", "Theo khoản 3 Điều 5, mỗi học phần được học cải thiện điểm mấy lần?", "tối đa 2 lần", ""),
    # Quy chế chi tiêu nội bộ
    ("qc-chi-tieu", "Phụ cấp lưu trú khi đi công tác có nghỉ qua đêm là bao nhiêu?", "250.000 đồng/người/ngày", ""),
    ("qc-chi-tieu", "Đi công tác trong ngày thì được phụ cấp lưu trú bao nhiêu tiền?", "150.000 đồng/người/ngày", ""),
    ("qc-chi-tieu", "Mức khoán tiền thuê phòng nghỉ khi đi công tác ở Hà Nội là bao nhiêu?", "450.000 đồng/ngày/người", ""),
    ("qc-chi-tieu", "Đi công tác bằng xe máy cá nhân thì được thanh toán tiền xăng thế nào?", "0,2 lít xăng/km", ""),
    ("qc-chi-tieu", "Nơi công tác cách trụ sở bao xa thì được thanh toán vé máy bay?", "từ 300 km trở lên", ""),
    ("qc-chi-tieu", "Hồ sơ thanh toán công tác phí gồm những giấy tờ gì?", "Giấy đi đường có ký duyệt của thủ trưởng đơn vị cử đi công tác và xác nhận của nơi đến công tác", ""),
    ("qc-chi-tieu", "Phải nộp hồ sơ thanh toán công tác phí trong bao lâu sau chuyến công tác?", "10 ngày làm việc", ""),
    ("qc-chi-tieu", "Trưởng phòng được khoán cước điện thoại bao nhiêu một tháng?", "250.000 đồng/tháng", ""),
    ("qc-chi-tieu", "Làm thêm giờ vào ngày nghỉ hằng tuần được trả bao nhiêu?", "200% tiền lương giờ thực trả", ""),
    ("qc-chi-tieu", "Ai quyết định mức chi thu nhập tăng thêm từng quý?", "Viện trưởng quyết định", ""),
    ("qc-chi-tieu", "Điều 9 quy định về nội dung gì?", "Chi tổ chức hội nghị, hội thảo", ""),
    ("qc-chi-tieu", "muc chi giai khat giua gio khi to chuc hoi nghi la bao nhieu", "40.000 đồng/buổi/đại biểu", ""),
    ("qc-chi-tieu", "Những trường hợp nào không được thanh toán công tác phí?", "thời gian điều trị, điều dưỡng tại cơ sở y tế", ""),
    # Nội quy lao động
    ("noi-quy-ld", "Người lao động làm việc trong điều kiện bình thường được nghỉ phép năm bao nhiêu ngày?", "12 ngày làm việc", ""),
    ("noi-quy-ld", "Muốn nghỉ phép năm thì phải gửi đơn trước mấy ngày?", "ít nhất 3 ngày làm việc", ""),
    ("noi-quy-ld", "Ca 2 của khối sản xuất làm từ mấy giờ đến mấy giờ?", "từ 14 giờ đến 22 giờ", ""),
    ("noi-quy-ld", "Mỗi tháng được làm thêm tối đa bao nhiêu giờ?", "không quá 40 giờ trong một tháng", ""),
    ("noi-quy-ld", "Người lao động kết hôn được nghỉ mấy ngày?", "nghỉ 3 ngày", "Kết hôn:"),
    ("noi-quy-ld", "Các hình thức xử lý kỷ luật lao động gồm những gì?", "Khiển trách", ""),
    ("noi-quy-ld", "Trường hợp nào người lao động bị sa thải?", "Có hành vi quấy rối tình dục tại nơi làm việc", ""),
    ("noi-quy-ld", "Thời hiệu xử lý kỷ luật lao động là bao lâu?", "6 tháng kể từ ngày xảy ra hành vi vi phạm", ""),
    ("noi-quy-ld", "Ai có thẩm quyền xử lý kỷ luật lao động?", "Tổng Giám đốc hoặc người được Tổng Giám đốc ủy quyền bằng văn bản", ""),
    ("noi-quy-ld", "Điều 11 nói về vấn đề gì?", "Bảo vệ tài sản và bí mật kinh doanh", ""),
    ("noi-quy-ld", "lao dong nu nuoi con duoi 12 thang tuoi duoc nghi bao nhieu phut moi ngay", "60 phút mỗi ngày", ""),
    ("noi-quy-ld", "Đến muộn bao nhiêu phút thì bị coi là vi phạm kỷ luật lao động?", "quá 15 phút", ""),
    ("noi-quy-ld", "Theo khoản 3 Điều 4, những ai không bị huy động làm thêm giờ?", "lao động nữ mang thai từ tháng thứ 7", ""),
)  # fmt: skip

LONGEST_ANSWER = 120


def main() -> None:
    texts: dict[str, str] = {}
    passages = []
    for pid, (name, title) in DOCUMENTS.items():
        text = unicodedata.normalize("NFC", (FOLDER / name).read_text(encoding="utf-8").strip())
        texts[pid] = text
        passages.append({"pid": pid, "title": title, "text": text})
    rows = []
    for n, (pid, question, answer, after) in enumerate(QUESTIONS, start=1):
        text = texts[pid]
        anchor = text.find(after) if after else 0
        if anchor < 0:
            raise SystemExit(f"anchor not in {pid}: {after!r}")
        start = text.find(answer, anchor)
        if start < 0:
            raise SystemExit(f"answer not in {pid}: {answer!r}")
        if text[start : start + len(answer)] != answer or len(answer) > LONGEST_ANSWER:
            raise SystemExit(f"bad gold span: {answer!r}")
        rows.append(
            {
                "qid": f"reg-{n:02d}",
                "question": question,
                "pid": pid,
                "answers": [{"text": answer, "answer_start": start}],
            }
        )
    if len({row["question"] for row in rows}) != len(rows):
        raise SystemExit("a question is repeated")
    for name, items in (("passages.jsonl", passages), ("questions.jsonl", rows)):
        lines = (json.dumps(item, ensure_ascii=False) for item in items)
        (FOLDER / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    check(FOLDER)
    sizes = ", ".join(f"{pid} {len(text):,}" for pid, text in texts.items())
    print(f"{len(rows)} questions on {len(texts)} documents ({sizes} characters) -> {FOLDER}")


def check(folder: Path) -> None:
    """Re-read the written files: every answer_start points at its answer text."""
    passages = {}
    for line in (folder / "passages.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        passages[item["pid"]] = item["text"]
    for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = passages[row["pid"]]
        for answer in row["answers"]:
            start = answer["answer_start"]
            if text[start : start + len(answer["text"])] != answer["text"]:
                raise SystemExit(
                    f"{row['qid']}: answer_start {start} does not hold {answer['text']!r}"
                )


if __name__ == "__main__":
    main()
