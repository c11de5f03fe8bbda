"""The labelled fields of a notice, an invitation or a plan: "2. Địa điểm: Hội trường tầng 1".

Staff documents say where, when, for whom and at what cost in fields of their own
("Thời gian: …", "Địa điểm: …", "Đối tượng: …", "Kinh phí: …"), which repeat none of the
question's words: "Hội nghị tổng kết họp ở đâu?" shares "hội nghị" with the invitation's
title line, not with "Địa điểm: Hội trường tầng 1, trụ sở Sở …". `field_lead.field_led` finds,
in the best sentence's article, the field that answers: one whose label the question
names as what it asks the value of ("Xếp loại hoàn thành xuất sắc nhiệm vụ được thưởng bao
nhiêu?" for "Hoàn thành xuất sắc nhiệm vụ: 2,0 tháng lương"), else one whose label says
what the question asks (a place for "ở đâu", a time for "khi nào", people for "dành cho
ai"), or a role the question names ("Thư ký: …" for "… ai làm thư ký?", "Chủ trì: …");
`field_value` is its value, the phrase that answers (for a role, the name after the
honorific). `field_lead.item_led` does the converse: a field of another kind than asked
("Địa điểm: …" for "… họp hội đồng gì?") gives way to its item.
"""

from __future__ import annotations

import functools
import re

from retrieval.answers.asks import folded_question
from retrieval.answers.sentences import _Candidate
from retrieval.language.entities import parse_person
from retrieval.language.text import fold

__all__ = ["field_fit", "field_label", "field_value", "label_kind"]

# "2. Địa điểm: …", "a) Thời gian: …", "- Đối tượng: …": a label of at most eight syllables,
# a colon, its value.
_FIELD = re.compile(
    r"\s*(?:(?:\d{1,2}|[IVX]{1,4})[.)]\s*|[a-zđ]\)\s*|[-–•+*]\s*)?"
    r"(?P<label>[^\W\d_][^\W\d_]*(?: [^\W\d_]+){0,7})\s*:\s*(?P<value>\S.*)",
    re.DOTALL,
)
# What a label says by its first words (folded), by the kind a question asks (asks.asks).
_LABELS: dict[str, tuple[str, ...]] = {
    "place": ("dia diem", "noi to chuc", "noi hoc", "noi thi", "noi lam viec", "dia chi"),
    "time": ("thoi gian", "thoi han", "han nop", "han chot", "ngay to chuc", "lich"),
    "person": ("doi tuong", "thanh phan"),
}
# Asked who in a group ("dành cho ai", "những ai được mời"), not who did something.
_GROUP_ASKED = re.compile(
    r"(?<!\w)(?:danh cho ai|nhung ai|ai duoc moi|ai tham du|ai du|doi tuong nao|thanh phan)"
)
# How long a procedure takes ("… bao lâu có kết quả?", "mấy ngày thì có giấy chứng
# nhận?"): its "Thời hạn giải quyết: …" says, not another field's duration ("Trong thời
# hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký …").
_TAKES_ASKED = re.compile(
    r"(?<!\w)(?:bao lau|may ngay|bao nhieu ngay)(?!\w).*(?<!\w)(?:co ket qua|tra ket qua"
    r"|co giay|duoc cap|moi cap|giai quyet|xu ly xong|co quyet dinh|nhan duoc ket qua)(?!\w)"
    r"|(?<!\w)(?:co ket qua|co giay|duoc cap|giai quyet)(?!\w).*(?<!\w)(?:bao lau|may ngay"
    r"|bao nhieu ngay)(?!\w)"
)
_TAKES_LABELS = ("thoi han giai quyet", "thoi gian giai quyet", "thoi han xu ly",
                 "thoi gian xu ly", "thoi han tra ket qua")  # fmt: skip


def _names(asked: str, label: str) -> bool:
    """Whether the question (`asked`, folded) says the label, as words of its own."""
    return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", asked) is not None


def _name_first(text: str, start: int) -> tuple[int, int] | None:
    """The span of the name a field's value opens with, after an honorific ("Ông Nguyễn
    Công Minh – Chuyên viên …": "Nguyễn Công Minh"); None when it opens with none."""
    words = list(_VALUE_WORD.finditer(text, start))
    if words and words[0].group().lower() in _HONORIFICS:
        words = words[1:]
    name = words[:1]
    for word in words[1:_NAME_WORDS]:  # capitalised, a space apart: "Nguyễn Công Minh"
        if not word.group()[0].isupper() or text[name[-1].end() : word.start()] != " ":
            break
        name.append(word)
    if len(name) < 2 or not parse_person(text[name[0].start() : name[-1].end()]):
        return None
    return name[0].start(), name[-1].end()


_VALUE_WORD = re.compile(r"[^\W\d_]+")
# one word each: "đồng chí" is two, and a value opening with it names no one here
_HONORIFICS = frozenset({"ông", "bà", "anh", "chị"})
_NAME_WORDS = 5


# The roles a meeting's minutes, a contract or a notice name in a field of their own: the
# question naming one asks who holds it.
_ROLES = ("chu tri", "thu ky", "chu toa", "nguoi ky", "dai dien", "lien he", "nguoi lien he",
          "nguoi phu trach", "truc lanh dao", "truc")  # fmt: skip
# A value is the phrase while it is short: a longer one is cut at a comma.
_VALUE_WORDS = 15
_WH = re.compile(r"(?<!\w)(?:bao nhieu|may|gi|nao|ai|dau|sao|the nao|bao lau)(?!\w)")
_COMMA = re.compile(",")


@functools.lru_cache(maxsize=8192)
def _field(text: str) -> tuple[str, int] | None:
    """A field's label (folded) and where its value starts; None for no field."""
    found = _FIELD.fullmatch(text)
    if found is None:
        return None
    label = found.group("label")
    if sum(word[:1].isupper() for word in label.split()[1:]) >= _NAME_CAPITALS:
        return None  # a name heading a title ("Bệnh viện Đa khoa huyện Kim Sơn: nâng …")
    return fold(label.lower()), found.start("value")


# A label is a common noun's words ("Địa điểm", "Cơ quan chủ trì"); one with this many
# capitalised words past its first is a name.
_NAME_CAPITALS = 3


def _answers(label: str, kind: str, asked: str) -> int:
    """2 when the question names the label as what it asks the value of, 1 when the label
    says what it asks, else 0. Named is a label of three syllables or more said before
    the question word ("Xếp loại hoàn thành xuất sắc nhiệm vụ được thưởng bao nhiêu?"):
    "đăng ký" is any question's verb, and "… thành viên đạt Lao động tiên tiến?" asks no
    value of that title."""
    at = f" {asked} ".find(f" {label} ")
    if at >= 0 and label.count(" ") >= 2:
        wh = _WH.search(asked)
        if wh is None or at < wh.start():
            return 2
    if kind == "number" and _TAKES_ASKED.search(asked):
        return int(any(label.startswith(opener) for opener in _TAKES_LABELS))
    if kind == "person" and label.startswith(_ROLES) and _names(asked, label):
        return 2  # "… ai làm thư ký?" of "Thư ký: Ông Nguyễn Công Minh – …"
    if kind == "person" and _GROUP_ASKED.search(asked) is None:
        return 0
    return int(any(label.startswith(opener) for opener in _LABELS.get(kind, ())))


def field_fit(candidate: _Candidate, kind: str, asked: str) -> int:
    """How a candidate sentence answers as a field: 2 when the question (`asked`,
    folded) names its label, 1 when its label says what the question asks, else 0."""
    field = _field(candidate.sentence.text)
    return _answers(field[0], kind, asked) if field is not None else 0


def field_label(text: str) -> str:
    """The label of a field (folded: "doan vien tu tran" of "1. Đoàn viên từ trần: …");
    "" when `text` is no field."""
    field = _field(text)
    return field[0] if field is not None else ""


def label_kind(label: str) -> str:
    """The kind of thing a field's label (folded) says ("place" for "dia diem"), "" for
    one of no such kind ("ghi chu", "thu ky")."""
    return next((kind for kind, openers in _LABELS.items() if label.startswith(openers)), "")


def field_value(question: str, kind: str, text: str) -> tuple[int, int] | None:
    """The span of a field's value when `text` is a field whose label says what the
    question asks (a place, the people it is for; a number or a time is found in it as
    in any sentence), cut at a comma when long."""
    field = _field(text)
    if field is None or kind not in ("place", "person"):
        return None
    fit = _answers(field[0], kind, folded_question(question))
    if kind == "person" and fit == 2:
        return _name_first(text, field[1])  # "Thư ký: Ông Nguyễn Công Minh – Chuyên viên …"
    if fit != 1:
        return None
    end = len(text.rstrip(" .;"))
    if len(text[field[1] : end].split()) > _VALUE_WORDS:
        commas = [m.start() for m in _COMMA.finditer(text, field[1], end)]
        short = [c for c in commas if len(text[field[1] : c].split()) <= _VALUE_WORDS]
        end = short[-1] if short else (commas[0] if commas else end)
    return (field[1], end) if end > field[1] else None
