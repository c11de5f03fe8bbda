"""Write the staff-questions set: bench/corpus/staff/{passages,questions}.jsonl.

The passages are the four documents of the regulations and legal sets
(bench/corpus/regulations, bench/corpus/legal; their origin and licence are there). The 55
questions ask them what staff ask, in staff's words: everyday words for the rules' terms
("bà bầu", "đi muộn", "thuê khách sạn", "xe máy"), a count per period ("nghỉ phép năm
bao nhiêu ngày"), what is paid with no unit ("được khoán bao nhiêu một tháng"), a case of a
list ("Trưởng phòng …", "Điểm 8,2 …"), when ("… khi nào?"), and four typed without
diacritics. They were written in December 2026 (session 18) while probing the answers, and
most of the rules that now answer them were written for them: the set is a regression set
for what was fixed, not an unbiased measure (the hidden sets are). Gold answers are the
short span a staff member wants; `answer_start` is found here, so the file cannot drift
from the text.

    .venv/bin/python bench/make_staff_set.py
    .venv/bin/python -m retrieval eval --passages bench/corpus/staff/passages.jsonl \\
        --questions bench/corpus/staff/questions.jsonl
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
SOURCES = (CORPUS / "regulations" / "passages.jsonl", CORPUS / "legal" / "passages.jsonl")
FOLDER = CORPUS / "staff"

# (pid, question, gold answers as written in the document)
QUESTIONS: tuple[tuple[str, str, list[str]], ...] = (
    # nội quy lao động
    ("noi-quy-ld", "Văn phòng làm việc buổi chiều từ mấy giờ?", ["từ 13 giờ đến 17 giờ"]),
    ("noi-quy-ld", "Ca 2 bắt đầu lúc mấy giờ?", ["từ 14 giờ đến 22 giờ"]),
    ("noi-quy-ld", "Giữa hai ca phải nghỉ ít nhất bao lâu?", ["ít nhất 12 giờ"]),
    ("noi-quy-ld", "Làm ca đêm được nghỉ giữa giờ bao nhiêu phút?", ["ít nhất 45 phút"]),
    (
        "noi-quy-ld",
        "Một năm được làm thêm tối đa bao nhiêu giờ?",
        ["không quá 300 giờ trong một năm"],
    ),
    ("noi-quy-ld", "Bà bầu tháng thứ mấy thì không phải làm thêm giờ?", ["từ tháng thứ 7"]),
    (
        "noi-quy-ld",
        "Người làm công việc độc hại được nghỉ phép năm bao nhiêu ngày?",
        ["14 ngày làm việc"],
    ),
    ("noi-quy-ld", "Nghỉ phép từ 5 ngày trở lên thì ai duyệt?", ["Giám đốc Nhân sự"]),
    ("noi-quy-ld", "Tết Âm lịch được nghỉ mấy ngày?", ["5 ngày"]),
    ("noi-quy-ld", "Con kết hôn thì được nghỉ mấy ngày?", ["nghỉ 1 ngày"]),
    ("noi-quy-ld", "Nghỉ không lương tối đa bao nhiêu ngày một năm?", ["tối đa 30 ngày"]),
    ("noi-quy-ld", "Đi muộn bao lâu thì bị coi là vi phạm?", ["quá 15 phút"]),
    (
        "noi-quy-ld",
        "Người làm việc nặng nhọc khám sức khỏe mấy tháng một lần?",
        ["ít nhất 6 tháng một lần"],
    ),
    ("noi-quy-ld", "Bao lâu được khám sức khỏe một lần?", ["ít nhất 1 lần mỗi năm"]),
    ("noi-quy-ld", "Sau khi nghỉ việc bao lâu thì mới được tiết lộ bí mật kinh doanh?", ["2 năm"]),
    ("noi-quy-ld", "con ket hon duoc nghi may ngay", ["nghỉ 1 ngày"]),
    # quy chế chi tiêu
    (
        "qc-chi-tieu",
        "Người thường xuyên đi công tác lưu động được khoán bao nhiêu một tháng?",
        ["500.000 đồng/người/tháng"],
    ),
    (
        "qc-chi-tieu",
        "Đi công tác trong ngày được phụ cấp lưu trú bao nhiêu?",
        ["150.000 đồng/người/ngày"],
    ),
    (
        "qc-chi-tieu",
        "Đi công tác ở vùng biên giới được phụ cấp bao nhiêu một ngày?",
        ["350.000 đồng/người/ngày"],
    ),
    (
        "qc-chi-tieu",
        "Thuê khách sạn ở Thành phố Hồ Chí Minh được thanh toán tối đa bao nhiêu?",
        ["450.000 đồng/ngày/người"],
    ),
    ("qc-chi-tieu", "Hồ sơ công tác phí phải nộp cho phòng nào?", ["Phòng Tài chính - Kế toán"]),
    (
        "qc-chi-tieu",
        "Mời báo cáo viên bên ngoài thì trả thù lao bao nhiêu một buổi?",
        ["500.000 đồng/buổi"],
    ),
    (
        "qc-chi-tieu",
        "Phó Viện trưởng được khoán tiền điện thoại bao nhiêu?",
        ["400.000 đồng/tháng"],
    ),
    (
        "qc-chi-tieu",
        "Trưởng phòng được khoán cước điện thoại bao nhiêu một tháng?",
        ["250.000 đồng/tháng"],
    ),
    ("qc-chi-tieu", "Làm thêm vào ngày lễ được trả bao nhiêu?", ["300% tiền lương giờ thực trả"]),
    (
        "qc-chi-tieu",
        "Hoàn thành tốt nhiệm vụ thì hệ số thu nhập tăng thêm là bao nhiêu?",
        ["hệ số 1,0"],
    ),
    ("qc-chi-tieu", "Nhân viên ốm nằm viện được thăm hỏi bao nhiêu?", ["500.000 đồng/lần"]),
    (
        "qc-chi-tieu",
        "Bố mẹ nhân viên mất thì cơ quan chi phúng viếng bao nhiêu?",
        ["1.000.000 đồng"],
    ),
    ("qc-chi-tieu", "Ai kiểm soát chứng từ trước khi trình ký?", ["Kế toán trưởng"]),
    ("qc-chi-tieu", "truong phong duoc khoan dien thoai bao nhieu", ["250.000 đồng/tháng"]),
    # quy chế đào tạo
    ("qc-dao-tao", "Một tín chỉ bằng bao nhiêu giờ học?", ["50 giờ học tập định mức"]),
    ("qc-dao-tao", "Chương trình 150 tín chỉ học mấy năm?", ["4,5 năm"]),
    ("qc-dao-tao", "Học kỳ hè kéo dài ít nhất mấy tuần?", ["ít nhất 6 tuần"]),
    ("qc-dao-tao", "Kế hoạch năm học được công bố trước ngày nào?", ["ngày 15 tháng 7"]),
    ("qc-dao-tao", "Rút học phần trong thời hạn bao lâu?", ["2 tuần"]),
    ("qc-dao-tao", "Một học phần được học cải thiện tối đa mấy lần?", ["tối đa 2 lần"]),
    ("qc-dao-tao", "Phúc khảo trong bao nhiêu ngày?", ["7 ngày làm việc"]),
    ("qc-dao-tao", "Đơn phúc khảo nộp ở đâu?", ["Phòng Khảo thí và Đảm bảo chất lượng"]),
    ("qc-dao-tao", "Điểm 8,2 là điểm chữ gì?", ["điểm B+"]),
    (
        "qc-dao-tao",
        "Tích lũy bao nhiêu tín chỉ thì là sinh viên năm thứ hai?",
        ["từ 30 đến dưới 60 tín chỉ"],
    ),
    ("qc-dao-tao", "Ai lập danh sách sinh viên bị cảnh báo học tập?", ["Phòng Đào tạo"]),
    (
        "qc-dao-tao",
        "Quyết định buộc thôi học gửi cho sinh viên khi nào?",
        ["chậm nhất 1 tháng sau khi kết thúc học kỳ"],
    ),
    (
        "qc-dao-tao",
        "Điểm thi kết thúc học phần có trọng số tối thiểu bao nhiêu?",
        ["không dưới 50%"],
    ),
    ("qc-dao-tao", "diem 8,2 la diem chu gi", ["điểm B+"]),
    # luật giao thông
    ("luat-gtdb-2008", "Xe máy được chở mấy người?", ["một người"]),
    (
        "luat-gtdb-2008",
        "Trẻ em bao nhiêu tuổi thì được chở thêm trên xe máy?",
        ["Trẻ em dưới 14 tuổi"],
    ),
    ("luat-gtdb-2008", "Xe đạp được chở trẻ em dưới mấy tuổi?", ["dưới 7 tuổi"]),
    ("luat-gtdb-2008", "Trẻ em dưới 7 tuổi qua đường phải như thế nào?", ["phải có người lớn dắt"]),
    (
        "luat-gtdb-2008",
        "Người khiếm thị đi trên đường phải có gì?",
        ["người dắt hoặc có công cụ để báo hiệu"],
    ),
    ("luat-gtdb-2008", "Bao nhiêu tuổi thì được lái xe tải trên 3.500 kg?", ["21 tuổi"]),
    ("luat-gtdb-2008", "Xe ô tô được kéo mấy xe khác?", ["một xe ô tô hoặc xe máy chuyên dùng"]),
    ("luat-gtdb-2008", "Khi kéo xe mà phanh xe bị hỏng thì phải nối bằng gì?", ["thanh nối cứng"]),
    ("luat-gtdb-2008", "Ai quy định tiêu chuẩn sức khỏe của người lái xe?", ["Bộ trưởng Bộ Y tế"]),
    (
        "luat-gtdb-2008",
        "Xe kéo rơ moóc phải có trọng lượng thế nào?",
        ["lớn hơn tổng trọng lượng của rơ moóc"],
    ),
    (
        "luat-gtdb-2008",
        "Phụ nữ lái xe khách trên 30 chỗ đến bao nhiêu tuổi thì phải nghỉ?",
        ["50 tuổi"],
    ),
)


def write_set(
    folder: Path,
    docs: dict[str, dict[str, str]],
    questions: tuple[tuple[str, str, list[str]], ...],
    prefix: str,
) -> None:
    """`folder`/passages.jsonl (the `docs`, by pid) and questions.jsonl (each question with
    its gold answers found in its document's text, ids `prefix`-01, …); stops naming the
    gold answer a document does not hold."""
    rows = []
    for k, (pid, question, golds) in enumerate(questions, 1):
        text = docs[pid]["text"]
        answers = []
        for gold in golds:
            start = text.find(gold)
            if start < 0:
                raise SystemExit(f"{question!r}: {gold!r} is not in {pid}")
            answers.append({"text": gold, "answer_start": start})
        rows.append(
            {"qid": f"{prefix}-{k:02d}", "question": question, "pid": pid, "answers": answers}
        )
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "passages.jsonl").open("w", encoding="utf-8") as out:
        for doc in docs.values():
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with (folder / "questions.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    docs = {}
    for source in SOURCES:
        for line in source.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            docs[doc["pid"]] = doc
    write_set(FOLDER, docs, QUESTIONS, "staff")
    print(f"{len(QUESTIONS)} questions on {len(docs)} documents in {FOLDER}")


if __name__ == "__main__":
    main()
