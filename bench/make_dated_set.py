# ruff: noqa: E501  (one question or article fact per line reads best as data)
"""Writes tests/data/dated/: the visible dated question set (issue 13).

Eight years of one fictional company's yearly articles (Công ty Cổ phần Dệt may Phú An):
the January review-and-plan conference, the May safety month, the December award
ceremony. Like real yearly news, most say "năm nay", "năm qua", "trong năm" instead of the
year, and the same sentences come back every year; only the article's date tells the
years apart. Questions ask with an explicit year, a month or quarter, relative words
(TODAY=2026-01-20), or no time (the newest article is the answer); dialogues follow up
with another year. Run `python bench/make_dated_set.py` to rewrite the files.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "dated"
ORG = "Dệt may Phú An"

# Conference of January Y: revenue of Y-1 ("năm qua"), the focus of Y ("năm nay").
CONFERENCES = {
    2019: ("2019-01-12", "820", "đầu tư dây chuyền may tự động cho xưởng số 2", "Lê Văn Khánh"),
    2020: ("2020-01-11", "905", "giữ ổn định việc làm cho toàn bộ người lao động", "Lê Văn Khánh"),
    2021: ("2021-01-16", "760", "chuyển đổi số trong quản lý đơn hàng và kho vải", "Lê Văn Khánh"),
    2022: ("2022-01-15", "840", "khôi phục sản xuất và mở lại thị trường Nhật Bản", "Trịnh Thu Hà"),
    2023: ("2023-01-14", "1.020", "đạt chứng nhận sản xuất xanh cho cả ba nhà máy", "Trịnh Thu Hà"),
    2024: (
        "2024-01-13",
        "1.135",
        "đào tạo lại 500 công nhân vận hành máy cắt laser",
        "Trịnh Thu Hà",
    ),
    2025: (
        "2025-01-11",
        "1.210",
        "xây dựng nhà máy mới tại khu công nghiệp Tân Phú",
        "Hồ Đức Minh",
    ),
    2026: (
        "2026-01-14",
        "1.345",
        "đưa dòng sản phẩm mang thương hiệu riêng vào các chuỗi bán lẻ",
        "Hồ Đức Minh",
    ),
}
# Safety month of May Y: its theme.
SAFETY = {
    2019: ("2019-05-06", "Kiểm soát chặt máy móc, thiết bị có yêu cầu nghiêm ngặt"),
    2020: ("2020-05-04", "Làm việc an toàn trong mùa dịch bệnh"),
    2021: ("2021-05-05", "Phòng cháy chữa cháy tại kho nguyên liệu"),
    2022: ("2022-05-09", "Mỗi công nhân là một người giám sát an toàn"),
    2023: ("2023-05-08", "Giảm tiếng ồn và bụi vải tại nơi làm việc"),
    2024: ("2024-05-06", "An toàn điện trong nhà xưởng"),
    2025: ("2025-05-05", "Chăm sóc sức khỏe, phòng chống kiệt sức cho người lao động"),
}
# Award ceremony of December Y: the best worker of the year, how many were honoured.
AWARDS = {
    2019: ("2019-12-27", "chị Nguyễn Thị Hoa", "tổ trưởng tổ may số 5", "64"),
    2020: ("2020-12-26", "anh Trần Văn Lộc", "thợ bảo trì xưởng cắt", "58"),
    2021: ("2021-12-28", "chị Lê Thị Mai", "công nhân chuyền hoàn thiện", "71"),
    2022: ("2022-12-27", "anh Phạm Quốc Bảo", "kỹ thuật viên phòng mẫu", "80"),
    2023: ("2023-12-26", "chị Võ Thị Thu", "tổ trưởng tổ đóng gói", "77"),
    2024: ("2024-12-27", "anh Đặng Minh Tuấn", "trưởng ca xưởng nhuộm", "86"),
    2025: ("2025-12-26", "chị Bùi Thị Ngọc", "công nhân tổ may số 12", "92"),
}


def conference(year: int) -> tuple[str, str]:
    day, revenue, focus, chief = CONFERENCES[year]
    d = day.split("-")
    when = f"Sáng {int(d[2])}/{int(d[1])}"
    titles = [
        f"{ORG} tổng kết công tác năm, triển khai nhiệm vụ mới",
        f"Hội nghị người lao động {ORG} năm {year}",
        f"{ORG} bước vào năm mới với nhiều mục tiêu",
    ]
    opening = [
        f"{when}, Công ty Cổ phần {ORG} tổ chức hội nghị tổng kết hoạt động sản xuất, kinh "
        "doanh và triển khai kế hoạch năm nay. ",
        f"{when}, tại hội trường nhà máy số 1, Công ty Cổ phần {ORG} tổ chức hội nghị người "
        "lao động, đánh giá kết quả năm qua và bàn kế hoạch năm mới. ",
    ]
    body = (
        opening[year % 2]
        + f"Tổng giám đốc {chief} chủ trì hội nghị.\n\n"
        + f"Theo báo cáo, năm qua tổng doanh thu của công ty đạt {revenue} tỷ đồng; thu nhập "
        "bình quân của người lao động tiếp tục được cải thiện. Công ty duy trì các đơn hàng "
        "xuất khẩu sang châu Âu và Hoa Kỳ.\n\n"
        + [
            f"Phát biểu chỉ đạo, ông {chief} nhấn mạnh trọng tâm công tác năm nay là {focus}. ",
            f"Hội nghị thống nhất nhiệm vụ trọng tâm trong năm là {focus}. ",
            f"Trong năm nay, công ty xác định việc quan trọng nhất là {focus}. ",
        ][year % 3]
        + "Các phòng ban được giao chỉ tiêu cụ thể và báo cáo tiến độ hằng quý.\n\n"
        + "Dịp này, nhiều tập thể và cá nhân được khen thưởng vì thành tích xuất sắc."
    )
    return titles[year % 3], body


def safety(year: int) -> tuple[str, str]:
    day, theme = SAFETY[year]
    d = day.split("-")
    titles = [
        f"{ORG} phát động Tháng hành động về an toàn, vệ sinh lao động",
        f"Công nhân {ORG} hưởng ứng Tháng an toàn lao động",
    ]
    body = (
        f"Ngày {int(d[2])}/{int(d[1])}, Công ty Cổ phần {ORG} tổ chức lễ phát động Tháng hành "
        "động về an toàn, vệ sinh lao động. "
        + [
            f"Chủ đề của Tháng hành động năm nay là “{theme}”.\n\n",
            f"Năm nay, Tháng hành động mang chủ đề “{theme}”.\n\n",
        ][year % 2]
        + "Trong tháng, công ty kiểm tra toàn bộ máy móc, tổ chức huấn luyện cho công nhân "
        "mới và diễn tập sơ cứu tại các xưởng. Ban an toàn nhắc người lao động mang đầy đủ "
        "trang bị bảo hộ khi làm việc.\n\n"
        "Đại diện công đoàn cho biết sẽ tiếp nhận ý kiến của người lao động về điều kiện "
        "làm việc qua hộp thư góp ý đặt tại mỗi xưởng."
    )
    return titles[year % 2], body


def award(year: int) -> tuple[str, str]:
    day, person, role, count = AWARDS[year]
    d = day.split("-")
    titles = [
        f"{ORG} tôn vinh người lao động tiêu biểu",
        f"Lễ tuyên dương lao động giỏi của {ORG}",
    ]
    body = (
        f"Chiều {int(d[2])}/{int(d[1])}, Công ty Cổ phần {ORG} tổ chức lễ tôn vinh người lao "
        f"động tiêu biểu. Năm nay có {count} công nhân, kỹ sư và cán bộ được khen thưởng.\n\n"
        + [
            f"Danh hiệu lao động xuất sắc nhất năm được trao cho {person}, {role}. ",
            f"Lao động xuất sắc nhất năm nay là {person}, {role}. ",
        ][year % 2]
        + "Ban giám đốc đánh giá cao tinh thần sáng tạo và ý thức tiết kiệm vật tư của "
        "những người được vinh danh.\n\n"
        "Mỗi cá nhân được tặng giấy khen và tiền thưởng; các tổ có thành tích tốt được ưu "
        "tiên tham quan, nghỉ dưỡng trong năm tới."
    )
    return titles[year % 2], body


def main() -> None:
    passages: list[dict[str, str]] = []
    for year in CONFERENCES:
        title, text = conference(year)
        passages.append(
            {"pid": f"conf-{year}", "title": title, "text": text, "published": CONFERENCES[year][0]}
        )
    for year in SAFETY:
        title, text = safety(year)
        passages.append(
            {"pid": f"safety-{year}", "title": title, "text": text, "published": SAFETY[year][0]}
        )
    for year in AWARDS:
        title, text = award(year)
        passages.append(
            {"pid": f"award-{year}", "title": title, "text": text, "published": AWARDS[year][0]}
        )
    texts = {p["pid"]: p["text"] for p in passages}

    def q(qid: str, question: str, pid: str, answer: str) -> dict[str, object]:
        start = texts[pid].find(answer)
        if start < 0:
            raise ValueError(f"{answer!r} not in {pid}")
        return {
            "qid": qid,
            "question": question,
            "pid": pid,
            "answers": [{"text": answer, "answer_start": start}],
        }

    focus = {y: v[2] for y, v in CONFERENCES.items()}
    revenue = {y - 1: v[1] + " tỷ đồng" for y, v in CONFERENCES.items()}
    theme = {y: v[1] for y, v in SAFETY.items()}
    best = {y: v[1] for y, v in AWARDS.items()}
    questions = [
        # explicit years
        q("y-focus-2019", "Nhiệm vụ trọng tâm năm 2019 của Phú An là gì?", "conf-2019", focus[2019]),
        q("y-focus-2021", "Năm 2021, Dệt may Phú An tập trung vào việc gì?", "conf-2021", focus[2021]),
        q("y-focus-2022", "Trọng tâm công tác năm 2022 của công ty Phú An là gì?", "conf-2022", focus[2022]),
        q("y-focus-2024", "Phú An đặt nhiệm vụ trọng tâm gì cho năm 2024?", "conf-2024", focus[2024]),
        q("y-focus-2025", "Việc quan trọng nhất của Phú An trong năm 2025 là gì?", "conf-2025", focus[2025]),
        q("y-rev-2019", "Doanh thu năm 2019 của Dệt may Phú An đạt bao nhiêu?", "conf-2020", revenue[2019]),
        q("y-rev-2021", "Năm 2021 tổng doanh thu của Phú An là bao nhiêu?", "conf-2022", revenue[2021]),
        q("y-rev-2023", "Phú An đạt doanh thu bao nhiêu trong năm 2023?", "conf-2024", revenue[2023]),
        q("y-rev-2018", "Doanh thu của công ty Phú An năm 2018 là bao nhiêu?", "conf-2019", revenue[2018]),
        q("y-safety-2019", "Chủ đề Tháng hành động an toàn lao động năm 2019 của Phú An là gì?", "safety-2019", theme[2019]),
        q("y-safety-2021", "Năm 2021 Tháng an toàn, vệ sinh lao động ở Phú An có chủ đề gì?", "safety-2021", theme[2021]),
        q("y-safety-2023", "Tháng hành động về an toàn lao động năm 2023 mang chủ đề gì?", "safety-2023", theme[2023]),
        q("y-award-2019", "Ai là lao động xuất sắc nhất năm 2019 của Phú An?", "award-2019", best[2019]),
        q("y-award-2020", "Năm 2020, ai được tôn vinh lao động xuất sắc nhất ở Dệt may Phú An?", "award-2020", best[2020]),
        q("y-award-2022", "Lao động xuất sắc nhất năm 2022 của công ty Phú An là ai?", "award-2022", best[2022]),
        q("y-award-2023", "Năm 2023 có bao nhiêu người lao động Phú An được tôn vinh?", "award-2023", "77 công nhân"),
        q("y-chief-2021", "Ai chủ trì hội nghị tổng kết của Phú An năm 2021?", "conf-2021", CONFERENCES[2021][3]),
        q("y-plain-2022", "nhiem vu trong tam cua phu an nam 2022 la gi", "conf-2022", focus[2022]),
        q("y-plain-2024", "chu de thang an toan lao dong nam 2024 cua phu an", "safety-2024", theme[2024]),
        # months, quarters, ranges
        q("m-safety-2022", "Tháng 5/2022 Phú An phát động Tháng hành động với chủ đề gì?", "safety-2022", theme[2022]),
        q("m-award-2021", "Tháng 12 năm 2021, ai được vinh danh lao động xuất sắc nhất tại Phú An?", "award-2021", best[2021]),
        q("qtr-safety-2024", "Quý II/2024 Phú An phát động tháng an toàn lao động với chủ đề nào?", "safety-2024", theme[2024]),
        q("m-focus-2023", "Hội nghị tháng 1/2023 của Phú An xác định nhiệm vụ trọng tâm nào?", "conf-2023", focus[2023]),
        # relative to TODAY=2026-01-20
        q("r-focus-this", "Nhiệm vụ trọng tâm năm nay của Phú An là gì?", "conf-2026", focus[2026]),
        q("r-focus-last", "Năm ngoái Dệt may Phú An tập trung vào nhiệm vụ trọng tâm nào?", "conf-2025", focus[2025]),
        q("r-rev-last", "Doanh thu năm ngoái của Phú An là bao nhiêu?", "conf-2026", revenue[2025]),
        q("r-award-last", "Năm ngoái ai là lao động xuất sắc nhất của Phú An?", "award-2025", best[2025]),
        q("r-safety-last", "Tháng an toàn lao động năm trước ở Phú An có chủ đề gì?", "safety-2025", theme[2025]),
        q("r-award-prev", "Tháng trước Phú An tôn vinh bao nhiêu người lao động?", "award-2025", "92 công nhân"),
        q("r-focus-2y", "Năm kia Phú An đặt trọng tâm vào việc gì?", "conf-2024", focus[2024]),
        # no time: the newest article answers
        q("n-focus", "Nhiệm vụ trọng tâm của Dệt may Phú An là gì?", "conf-2026", focus[2026]),
        q("n-award", "Ai được vinh danh lao động xuất sắc nhất ở Phú An?", "award-2025", best[2025]),
        q("n-safety", "Tháng hành động về an toàn lao động của Phú An có chủ đề gì?", "safety-2025", theme[2025]),
        q("n-chief", "Ai chủ trì hội nghị người lao động của Phú An?", "conf-2026", CONFERENCES[2026][3]),
        q("n-rev", "Tổng doanh thu của Phú An đạt bao nhiêu?", "conf-2026", revenue[2025]),
        # asks for the newest in words
        q("l-award", "Lễ tôn vinh người lao động gần đây nhất của Phú An vinh danh ai?", "award-2025", best[2025]),
        q("l-safety", "Chủ đề tháng an toàn lao động mới nhất của Phú An là gì?", "safety-2025", theme[2025]),
        q("l-focus", "Hiện nay Phú An tập trung vào nhiệm vụ trọng tâm nào?", "conf-2026", focus[2026]),
    ]  # fmt: skip

    def turn(question: str, pid: str, answer: str) -> dict[str, object]:
        row = q("", question, pid, answer)
        return {"question": row["question"], "pid": pid, "answers": row["answers"]}

    dialogues = [
        {"id": "d-focus", "turns": [
            turn("Nhiệm vụ trọng tâm năm 2020 của Phú An là gì?", "conf-2020", focus[2020]),
            turn("Còn năm 2023 thì sao?", "conf-2023", focus[2023]),
            turn("Năm 2021 thì sao?", "conf-2021", focus[2021]),
        ]},
        {"id": "d-award", "turns": [
            turn("Ai được vinh danh lao động xuất sắc nhất năm 2021 ở Phú An?", "award-2021", best[2021]),
            turn("Năm 2024 thì sao?", "award-2024", best[2024]),
        ]},
        {"id": "d-safety", "turns": [
            turn("Chủ đề Tháng hành động an toàn lao động năm 2019 của Phú An là gì?", "safety-2019", theme[2019]),
            turn("Thế còn năm 2022?", "safety-2022", theme[2022]),
            turn("Còn năm 2025?", "safety-2025", theme[2025]),
        ]},
        {"id": "d-revenue", "turns": [
            turn("Doanh thu năm 2020 của Phú An là bao nhiêu?", "conf-2021", revenue[2020]),
            turn("Còn 2023?", "conf-2024", revenue[2023]),
        ]},
        {"id": "d-relative", "turns": [
            turn("Nhiệm vụ trọng tâm năm nay của Phú An là gì?", "conf-2026", focus[2026]),
            turn("Còn năm 2022 thì sao?", "conf-2022", focus[2022]),
        ]},
        {"id": "d-notime", "turns": [
            turn("Chủ đề tháng an toàn lao động của Phú An là gì?", "safety-2025", theme[2025]),
            turn("Còn năm 2020 thì sao?", "safety-2020", theme[2020]),
        ]},
    ]  # fmt: skip

    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in (
        ("passages.jsonl", passages),
        ("questions.jsonl", questions),
        ("dialogues.jsonl", dialogues),
    ):
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
