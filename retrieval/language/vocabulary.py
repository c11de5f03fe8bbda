"""The Vietnamese words the engine knows: THE place to add a word.

Every list of Vietnamese words or phrases that search, answers, names and the follow-up
rewriter read is here, and the token patterns they split text with. To teach the engine
a word, add it here, to the list named for what its reader does with it: the comment
above each list says who reads it and what a word there changes. Nothing else in the
project holds a copy.

Lists that look alike are apart on purpose. Each reader's list was tuned with its own
tests and the evaluation sets, with exactly these entries: search keeps "sao" and "không",
which the rewriter takes as question words (passages use them as content words), and the
extractive answer ignores more function words than search does. Where lists share a core
it is written once (`QUESTION_SYLLABLES`, `QUESTION_PHRASES`) and each reader adds its
own. Merging two lists changes answers: do it as a change of behaviour, with its tests
and a run of `python -m retrieval eval`.

Conventions: entries are lowercase NFC with the tone where `normalize` puts it (`khóa`,
`thủy`); a phrase is syllables joined by single spaces; the order of a tuple does not
matter (readers sort phrases longest first). Accent-folded copies and compiled
alternations are derived where they are used, from these lists; the few folded lists
below are written by hand because a fold can be a different word ("trong" is also
"trọng"). This module imports nothing from the project, so every layer may read it.

Two tables stay beside the algorithm they are part of: the abbreviations after which a
period does not end a sentence (`retrieval.language.text.ABBREVIATIONS`) and the tone
rules of `retrieval.language.text.retone`.

Long because it is the one place for every word list: split by reader, a word would again
have several homes, which is what this module exists to prevent.
"""

from __future__ import annotations

import re

__all__ = [
    "ABSTRACT_HEADS",
    "ADMIN_UNITS",
    "AFTER_BARE_TREN",
    "AFTER_WORDS",
    "AGO_HEADS",
    "AGO_TAILS",
    "ANSWER_STOP_SYLLABLES",
    "ASKED_FORMS",
    "ASKED_KINDS",
    "BARE_PRONOUNS",
    "BARE_PRONOUN_COMPOUNDS",
    "BEFORE_PREPOSITION_TREN",
    "BEFORE_WORDS",
    "CHOOSING_VERBS",
    "CLASSIFIERS",
    "CLAUSE_NOUNS",
    "CODAS",
    "CONDENSED_QUESTION_LABEL",
    "CONNECTIVE_HEADS",
    "CONTENTLESS",
    "CONTRASTING",
    "COORDINATORS",
    "DAY_MONTH_HEADS",
    "DEICTIC_TIMES",
    "DEMONSTRATIVES",
    "EDGE_FUNCTION_WORDS",
    "ELLIPSIS_PREFIXES",
    "ELLIPSIS_SUFFIXES",
    "EMPTY_PHRASE_SYLLABLES",
    "FOLDED_SEARCH_QUESTION_WORDS",
    "FOLDED_SEARCH_STOPWORDS",
    "FOLD_AMBIGUOUS",
    "HONORIFICS",
    "HONORIFIC_ONLY_DEMONSTRATIVES",
    "HONORIFIC_WORDS",
    "HO_NOT_PRONOUN_NEXT",
    "HO_NOT_PRONOUN_PREV",
    "JUST_ENDED_YEAR",
    "LABEL_NOUNS",
    "LAST_YEARS_TAILS",
    "LEAD_IN_ENDINGS",
    "LETTERS_OR_DIGITS",
    "LIST_FRAME_NOUNS",
    "MEASURE_UNITS",
    "MODIFIER_HEADS",
    "MONTH_NAMES",
    "MORE_WORDS",
    "NOT_YEAR_AFTER",
    "NOT_YEAR_BEFORE",
    "NOW_WORDS",
    "NUMBER_SEPARATOR",
    "NUMBER_UNITS",
    "NUMBER_UNIT_PAIRS",
    "NUMBER_WORDS",
    "ONSETS",
    "PARTICLES",
    "PAYING_VERBS",
    "PAY_NOUNS",
    "PERSON_NOUNS",
    "PHRASE_ENDS",
    "PLACE_HEADS",
    "PLACE_NAMES",
    "PLURAL_MARKERS",
    "QUANTITY_WORDS",
    "QUESTION_PHRASES",
    "QUESTION_SYLLABLES",
    "RECENT_WORDS",
    "REFERENCE_HEADS",
    "RELATIVE_DAYS",
    "RELATIVE_MONTHS",
    "RELATIVE_QUARTERS",
    "RELATIVE_VALUES",
    "RELATIVE_WEEKS",
    "RELATIVE_YEARS",
    "REWRITE_QUESTION_WORDS",
    "REWRITTEN_QUESTION_LABEL",
    "ROLE_WORDS",
    "ROMAN_QUARTERS",
    "SAME_MEANING",
    "SEARCH_QUESTION_PHRASES",
    "SEARCH_QUESTION_WORDS",
    "SEARCH_STOPWORDS",
    "SENTENCE_WORD",
    "SINCE_WORDS",
    "SLOT_HEADS",
    "STATE_BODIES",
    "SUBORDINATORS",
    "SURNAMES",
    "SYLLABLE_OR_NUMBER",
    "THING_PRONOUNS",
    "TIME_WORDS",
    "TITLE_OPENERS",
    "TOPIC_ASKING_VERBS",
    "TOPIC_QUESTION_PHRASES",
    "TOPIC_TRAILING_VERBS",
    "UNTIL_WORDS",
    "VOLUME_MATERIALS",
    "VOWELS",
    "WORD_NUMBER_OR_MARK",
    "YES_NO_ENDINGS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- tokens ----------------------------------------------------------------------------

# A run of letters and digits, nothing joining them: the words of a question read for its
# forms ("bao nhiêu", "nào"), its naming words ("quận nào") and its plain syllables.
LETTERS_OR_DIGITS = re.compile(r"[^\W_]+")
# A run of letters only: a syllable, its digits and marks apart.
LETTERS = re.compile(r"[^\W\d_]+")
# Search terms and the extractive answer's syllables: a number with its inner separators
# ("8/2", "2020-2025", "1.000", "3,5", "7:30"), or a run of letters. Underscores split
# words ("Super_Bowl_50" is three).
SYLLABLE_OR_NUMBER = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+")
# The separators inside such a number.
NUMBER_SEPARATOR = re.compile(r"[.,/:-]")
# Names, slots and the rewriter's rules: numbers ("8/2", "2020-2025", "21.000"), words
# with their digits ("E5", "U23"), or one other character, since punctuation bounds the
# phrases and clauses the rules look for.
# The mark of a point or clause of a list: "a)", "đ)", "2.", "3)" (bullets apart). Read by
# `retrieval.answers.sentences.ITEM` (with bullets) and `retrieval.answers.span`.
LIST_MARK = r"(?:[a-zđ]\)|\d{1,3}[.)])"
# A row of a table written as text, its cells between " | " ("Xe 7 chỗ | 10,5 lít/100
# km"): a paragraph of its own at ingestion (`ingest.formats.common`), a sentence of its
# own in an answer (`retrieval.answers.sentences`), lent its header's words (`context`).
TABLE_ROW = re.compile(r"\S\s+\|\s+\S")
WORD_NUMBER_OR_MARK = re.compile(r"\d+(?:[.,/:-]\d+)*(?![^\W_])|[^\W_]+|\S")
# A word as the answer's phrase reads a sentence (answers/gap.py, edges.py, doing.py):
# letters and digits, joined through the marks inside a number or code ("8/2", "27-30%",
# "TP.HCM"), with its "%", or a grade's "+" ("B+"). A comma joins digits only ("1,5"):
# "Nhân,Ủy viên" is two words with a space missing.
SENTENCE_WORD = re.compile(
    r"[^\W_]+(?:(?:[./:\-–]|(?<=\d),(?=\d))[^\W_]+)*(?:%|(?<=[A-Z])\+(?![^\W_]))?"
)

# --- syllables -------------------------------------------------------------------------

# The parts of a Vietnamese syllable, read by `retone` (where the tone goes) and, folded,
# by the rewriter (a word that is not a Vietnamese syllable is foreign, hence a name).
# Onsets longest first, so "ngh" wins over "ng" and "nh" over "n".
ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
)  # fmt: skip
VOWELS = frozenset("aăâeêioôơuưy")
CODAS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})

# --- question words --------------------------------------------------------------------
# A change to a list that search reads (SEARCH_*, FOLDED_SEARCH_*, SYLLABLE_OR_NUMBER)
# changes the terms of every text: bump `retrieval.search.terms.TERMS_VERSION` with it,
# so saved indexes are rebuilt.

# The syllables that ask, whoever reads the question.
QUESTION_SYLLABLES = frozenset({"gì", "ai", "nào", "đâu", "mấy"})

# Search (`retrieval.search.lexical`): never a term, alone or in a bigram ("ai_chủ",
# "ngày_nào" would only match passages that happen to hold the same question word). Search
# reads passages too, where "sao" (a star), "không" ("hàng không") and "chưa" are content
# words: they go only inside phrases (SEARCH_QUESTION_PHRASES). The question particles
# "chăng", "hả", "nhỉ" are never content.
SEARCH_QUESTION_WORDS = QUESTION_SYLLABLES | frozenset({"chăng", "hả", "nhỉ"})
# The rewriter (`retrieval.dialogue`) reads questions only, where a bare "sao", "không",
# "chưa" or the "nhiêu" of "bao nhiêu" asks: a phrase holding one is a question of its
# own, not an ellipsis or a noun phrase to copy ("Còn bao nhiêu cán bộ …?").
REWRITE_QUESTION_WORDS = QUESTION_SYLLABLES | frozenset({"sao", "nhiêu", "không", "chưa"})

# Question phrases search and a turn's topic both drop.
QUESTION_PHRASES: tuple[str, ...] = (
    "như thế nào", "thế nào", "ra sao", "tại sao", "vì sao", "bao nhiêu", "bao giờ",
    "bao lâu", "là gì", "là ai", "có phải", "phải không", "hay không", "đúng không",
    "khi nào", "lúc nào", "ở đâu", "cái gì", "những gì",
)  # fmt: skip
# Search removes these wherever their syllables stand next to each other (and, typed
# without diacritics, in their folded form: "nhu the nao"), as phrases only: their
# syllables alone are content words elsewhere ("sao" in "ngôi sao", "đâu" is "đầu" once
# folded, "thế" in "thế giới", "giờ" an hour; the "năm" of "năm nào" stays, to match
# "năm 2018").
SEARCH_QUESTION_PHRASES: tuple[str, ...] = (
    *QUESTION_PHRASES, "thì sao", "làm sao", "nơi nào", "điều gì",
)  # fmt: skip
# A turn's topic (`retrieval.language.entities.topic`) is its question without these, the
# asked time included ("năm nào", "tháng mấy": the topic of "Hội nghị diễn ra năm nào?"
# is the conference) and the single question words, which in a question mostly ask.
TOPIC_QUESTION_PHRASES: tuple[str, ...] = (
    *QUESTION_PHRASES, "là bao nhiêu", "vào ngày nào", "ngày nào", "năm nào", "tháng nào",
    "tháng mấy", "năm mấy", "tại đâu", "đâu", "sao", "gì", "ai", "nào", "mấy", "không",
    "chưa",
)  # fmt: skip

# Sentence-final particles: they change the tone, never the content (topics, ellipses).
PARTICLES = frozenset(
    {"vậy", "thế", "nhỉ", "nhé", "ạ", "à", "ư", "hả", "hở", "chứ", "nha", "nhá", "ơi"}
)

# --- search: function words ------------------------------------------------------------

# Dropped as unigrams: the question words and the function words that fill questions.
# Only syllables that are never a content word on their own (with their diacritics);
# "sao", "năm", "người", "ông", "bà" stay. A bigram with one of these is kept (unless it
# holds a question word, or both syllables are here), so "hàng_không", "không_gian" and
# "có_thể" still match.
SEARCH_STOPWORDS = SEARCH_QUESTION_WORDS | frozenset(
    {
        "là", "thì", "mà", "của", "và", "các", "những", "có", "được", "đã", "sẽ", "đang",
        "bị", "này", "đó", "với", "cho", "về", "từ", "ở", "tại", "trong", "không",
    }
)  # fmt: skip
# The same two lists for text typed without diacritics: only folds that are (almost)
# never a content word. "co" (cô, cơ, cỏ), "da" (đa, đá), "dang" (Đảng), "duoc" (dược),
# "trong" (trọng), "nay" (hiện nay), "thi" (thị), "ma" (Ma, mã), "dau" (đầu) are kept.
FOLDED_SEARCH_QUESTION_WORDS = frozenset({"gi", "ai", "nao"})
FOLDED_SEARCH_STOPWORDS = FOLDED_SEARCH_QUESTION_WORDS | frozenset(
    {"la", "cua", "va", "cac", "nhung", "khong"}
)

# --- the extractive answer -------------------------------------------------------------

# Syllables of a question that carry no topic, so they never pick the sentence quoted:
# question words ("là gì", "là ai", "bao nhiêu", "mấy", "như thế nào", "ra sao", "khi
# nào", "bao giờ", "ở đâu", "tại sao", "vì sao") and function words. Matched on whole
# syllables, so multi-syllable question phrases are covered by their parts. Nouns that
# say what kind of answer is wanted ("năm", "ngày", "người") are kept: the answer
# sentence usually repeats them. Wider than SEARCH_STOPWORDS: only the question is
# filtered (sentences match on what is left of it), so words a passage uses as content
# ("sao", "không", "ông", "bà") may go.
ANSWER_STOP_SYLLABLES = _words(
    """
    ai gì nào đâu sao mấy bao nhiêu giờ thế như là làm hả nhỉ vậy chăng phải không chưa
    khi lúc tại vì ra hay hoặc còn thì

    của và các những được có trong cho với đã đang sẽ này đó kia ấy một bị về từ theo ở
    để cũng rằng lại hãy nên mà nhưng thật rất nhiều ít đến tới bởi do qua trên dưới
    ông bà anh chị họ nó chúng ta tôi bạn hỏi biết
    """
)
# A phrase made only of these says nothing on its own ("của mình", "tuy nhiên", "dưới
# dạng", "này"): no answer phrase is shown rather than one of them in bold. A number
# word ("một") still answers a question asking a number.
EMPTY_PHRASE_SYLLABLES = ANSWER_STOP_SYLLABLES | _words(
    "tuy nhiên chẳng hạn tất cả dạng mình việc sau trước song ngoài ra ví dụ chính"
)
# Asked whom these were done to ("… vinh danh ai?"), the answer is someone, not the body
# that did it ("Ban giám đốc"): `answers/subject.names_no_holder`.
CHOOSING_VERBS = ("vinh danh", "tôn vinh", "bổ nhiệm", "bầu", "khen thưởng", "kỷ luật")
# Nouns a list question frames its items with, which the answer need not repeat ("Những
# trường hợp nào không được thanh toán …?" is answered "Không thanh toán … trong thời
# gian điều trị"): not looked for in the answer (`answers/subject.naming_listed`).
LIST_FRAME_NOUNS = frozenset({"trường hợp", "hình thức", "loại", "kiểu", "dạng", "cách", "điều"})
# What a question asks the wording of ("… mang chủ đề gì?", "Khẩu hiệu … là gì?"): a
# sentence naming none of these gives something else (`answers/subject.py`). Not "tên
# gọi", "biệt danh": "X còn được gọi là Y" answers those without the word.
LABEL_NOUNS = ("chủ đề", "khẩu hiệu", "thông điệp", "phương châm")
# What the question asks for, by the phrases that ask it; a sentence holding that kind
# of answer (a number, a date, a name) gets a small bonus.
ASKED_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("number", ("bao nhiêu", "mấy", "số lượng")),
    (
        "time",
        (
            "khi nào",
            "bao giờ",
            "lúc nào",
            "năm nào",
            "ngày nào",
            "hôm nào",
            "tháng nào",
            "thời gian nào",
        ),
    ),
    ("person", ("ai",)),
)
# What a question asks for, finer than ASKED_KINDS, for the answer's evidence, its phrase
# and the decision to answer (retrieval/answers/asks.py). Matched on the accent-folded
# question padded with spaces, first kind first: "năm bao nhiêu" is a time before
# "bao nhiêu" is a number, "là ai" a person before "là gì" a definition. "yesno" is also
# recognised by "có ... không" (asks.py).
ASKED_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("time", ("khi nào", "bao giờ", "lúc nào", "năm nào", "ngày nào", "hôm nào", "tháng nào",
              "thời gian nào", "thời điểm nào", "năm bao nhiêu", "năm mấy", "ngày mấy",
              "tháng mấy", "thế kỷ nào", "thế kỉ nào", "giai đoạn nào", "thời kỳ nào",
              "hồi nào", "từ bao giờ", "đến bao giờ", "mùa nào", "thập niên nào",
              "thập kỷ nào", "thập kỉ nào",
              "khung giờ nào", "giờ nào", "lúc mấy giờ", "từ mấy giờ", "đến mấy giờ",
              "tới mấy giờ", "vào mấy giờ", "là mấy giờ")),
    ("reference", ("điều nào", "khoản nào", "điều mấy", "khoản mấy", "chương nào",
                   "văn bản nào", "nghị định nào", "thông tư nào", "luật nào",
                   "quyết định nào", "quy định nào", "điều khoản nào")),
    ("place", ("ở đâu", "nơi nào", "chỗ nào", "tại đâu", "từ đâu", "đến đâu", "về đâu",
               "đi đâu", "nơi đâu", "địa điểm nào", "tỉnh nào", "thành phố nào",
               "quốc gia nào", "nước nào", "vùng nào", "khu vực nào", "quận nào",
               "huyện nào", "xã nào", "phường nào", "châu lục nào", "thành phố gì",
               "địa phương nào")),
    ("number", ("bao nhiêu", "mấy", "số lượng", "tỷ lệ", "tỉ lệ", "bao xa", "bao lâu", "mức phạt",
                "bao nhiêu tiền", "giá bao nhiêu", "số tiền")),
    ("person", ("là ai", "ai", "người nào", "vị nào", "nhân vật nào", "những ai",
                "người đứng đầu", "đồng chí nào", "ông nào", "bà nào")),
    ("reason", ("tại sao", "vì sao", "lý do", "lí do", "nguyên nhân", "vì đâu", "do đâu", "sao lại",
                "để làm gì", "nhằm mục đích gì", "mục đích")),
    ("manner", ("như thế nào", "thế nào", "bằng cách nào", "ra sao", "cách nào",
                "làm sao", "những gì", "gồm những", "bao gồm")),
    ("name", ("tên gì", "tên là gì", "gọi là gì", "được gọi là", "tên của", "tên gọi",
              "cái gì", "loại nào", "loại gì", "môn gì", "ngôn ngữ nào", "tổ chức nào",
              "cơ quan nào", "đơn vị nào", "công ty nào", "đội nào", "trường nào",
              "ban nào", "chức vụ gì", "chức vụ nào", "chức danh", "chức gì", "cương vị")),
    ("definition", ("là gì", "nghĩa là gì", "có nghĩa là", "định nghĩa", "được hiểu là")),
)  # fmt: skip
# A question ending in one of these (folded), with "có" before it, asks yes or no.
YES_NO_ENDINGS = ("khong", "chua", "phai khong", "dung khong", "hay khong", "co phai")
# Units that follow a number in an answer ("308 điểm" is one answer, "25%" too): a
# number's phrase takes one of these after it, one syllable ("triệu đồng": two of them)...
NUMBER_UNITS = _words(
    """
    % điểm người lần năm tháng tuần quý ngày giờ phút giây tuổi km m mét cm kg tấn ha lít
    đồng usd euro tỷ tỉ triệu nghìn ngàn trăm vạn chục cái chiếc con bộ đội ca
    trận bàn ghế mục tầng độ tập viên hộ dặm feet foot inch pound lb lbs oz bảng yard
    """
)
# ... or two, which are one unit only together: "thế" alone is none ("thứ hai thế giới").
NUMBER_UNIT_PAIRS = frozenset(
    {
        "phần trăm",
        "đô la",
        "thế kỷ",
        "tập thể",
        "đảng viên",
        "chi bộ",
        "đảng bộ",
        "tháng lương",
        "đồng chí",
    }
)
# Classifiers a counted noun may open with, which another report of the count may not
# use ("bao nhiêu cú húc" counted as "118 lần húc"): `answers/counting.counts`.
CLASSIFIERS = frozenset(
    {"cái", "chiếc", "con", "cú", "lần", "lượt", "trận", "quả", "tấm", "bức", "bản", "cuốn",
     "quyển", "ngôi", "căn", "ca", "vụ"}
)  # fmt: skip
# Words before a name or a number that belong to the answer's phrase in legal text:
# "Điều 5", "khoản 2", "Nghị định 15/2018/NĐ-CP".
REFERENCE_HEADS = _words("điều khoản điểm chương mục phần nghị định thông tư quyết luật số")
# A sentence with one of these holds a number ("ba nghìn")…
NUMBER_WORDS = _words("một hai ba bốn năm sáu bảy tám chín mười mươi trăm nghìn ngàn triệu tỷ tỉ")
# What says how many without a number: "thường là nhiều lần", "mất vài năm", "không có
# hiệp ước nào", "đội duy nhất" (evidence.says_how_many; patterns, matched as words).
QUANTITY_WORDS = (
    # "hàng" before a magnitude only ("hàng trăm"): "đơn hàng", "mặt hàng" count nothing
    *("nhiều", "vài", "mấy", "hàng (?:chục|trăm|nghìn|ngàn|vạn|triệu|tỷ|loạt)", "ít"),
    *("không có", "chưa có", "duy nhất"),
    *("tất cả", "đa số", "phần lớn"),
)
# … and, with a number too, a time ("ngày 8/2", "năm 2018").
TIME_WORDS = _words("năm tháng ngày sáng chiều tối đêm hôm tuần quý")
# Folded endings of a sentence that announces the next one ("… như sau", "cụ thể"):
# the sentence after it is quoted with it.
LEAD_IN_ENDINGS = ("nhu sau", "sau day", "cu the", "bao gom", "gom co")

# --- persons ---------------------------------------------------------------------------

# Honorifics that stand before a personal name, with the gender they imply (None: either).
HONORIFICS: dict[str, str | None] = {
    "ông": "m", "anh": "m", "chú": "m", "ngài": "m",
    "bà": "f", "chị": "f", "cô": "f",
    "bác": None, "cụ": None, "em": None, "đồng chí": None,
}  # fmt: skip
HONORIFIC_WORDS = frozenset(HONORIFICS)
# Common Vietnamese family names. A run of 2–4 capitalised syllables counts as a person
# only after an honorific or when it starts with one of these; place names that start
# with one are excluded (PLACE_NAMES).
SURNAMES = frozenset(
    {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi",
     "đỗ", "hồ", "ngô", "dương", "lý", "lương", "trương", "đinh", "đoàn", "trịnh", "mai",
     "đào", "cao", "lâm", "hà", "tô", "tạ", "chu", "châu", "quách", "lưu", "thái", "tôn",
     "kiều", "từ", "hứa", "giang", "nông", "lò", "lục", "khổng", "mạc", "triệu", "la",
     "diệp", "vương", "đàm", "thân", "tăng", "nghiêm", "âu", "hàn", "doãn", "phùng",
     "quan", "văn", "đồng", "trang", "mã", "ma", "tất", "lã", "lại", "khúc", "ninh",
     "hầu", "thạch", "kim", "viên", "bạch", "tiêu", "tống", "lữ", "đường"}
)  # fmt: skip
# Capitalised words that open titles and bodies, never names: "Phó Bí thư", "Ban Tổ
# chức", "Chủ tịch", "Bộ Chính trị" are capitalised runs too.
ROLE_WORDS = frozenset(
    {"phó", "trưởng", "bí", "chủ", "ban", "bộ", "sở", "tổng", "giám", "ủy", "thủ", "phòng",
     "hội", "đảng", "công", "trung", "tòa", "viện", "cục", "vụ", "thường", "tổ",
     "đại", "chính", "nhà", "quốc", "quận", "huyện", "tỉnh", "sáng", "chiều",
     "tối", "ngày", "tháng", "năm", "theo", "tại", "trong", "về", "khi"}
)  # fmt: skip
# What a person's title opens with ("Ủy viên Bộ Chính trị", "Phó Bí thư Thường trực"):
# titles after a name, between commas, are read as one (answers/names.py).
TITLE_OPENERS = (
    "ủy viên", "bí thư", "phó", "chủ tịch", "giám đốc", "tổng", "trưởng", "bộ trưởng",
    "thứ trưởng", "chánh", "thủ tướng", "chủ nhiệm", "hiệu trưởng", "viện trưởng",
    "cục trưởng", "vụ trưởng", "đại biểu", "tư lệnh", "chỉ huy", "thường trực", "chủ tọa",
    "đại tướng", "thượng tướng", "trung tướng", "thiếu tướng", "đại tá", "giáo sư", "tiến sĩ",
)  # fmt: skip
# The state's bodies whose names go on past their capitals, in lowercase ("Giao thông
# vận tải", "Phát triển nông thôn") or after "và" / a comma / a dash: a capitalised run
# reaching into one of them is the whole name (answers/names.py, matched folded).
# Ministries (before and after the 2025 merger) and the provinces' departments.
_FIELDS = (
    "giao thông vận tải", "nông nghiệp và phát triển nông thôn", "nông nghiệp và môi trường",
    "tài nguyên và môi trường", "kế hoạch và đầu tư", "khoa học và công nghệ",
    "giáo dục và đào tạo", "thông tin và truyền thông", "văn hóa, thể thao và du lịch",
    "văn hóa và thể thao", "lao động - thương binh và xã hội", "dân tộc và tôn giáo",
    "lao động và xã hội",
)  # fmt: skip
STATE_BODIES = frozenset(f"{head} {field}" for head in ("bộ", "sở") for field in _FIELDS) | {
    "ủy ban mặt trận tổ quốc việt nam",
    "ủy ban trung ương mặt trận tổ quốc việt nam",
}
# Capitalised runs that start with a family name but are places or common nouns.
PLACE_NAMES = frozenset(
    {"hà nội", "hồ chí minh", "hà tĩnh", "hà giang", "hà nam", "cao bằng", "lâm đồng",
     "thái bình", "thái nguyên", "châu đốc", "hoàng sa", "đồng nai", "đồng tháp",
     "kim bôi", "mai châu", "văn phòng", "văn hóa", "đồng bằng", "quan hệ", "kiều bào",
     "la hán"}
)  # fmt: skip
# A capitalised run right after one of these is a place, not a person ("TP Hồ Chí Minh").
PLACE_HEADS = frozenset(
    {"tp", "thành", "phố", "tỉnh", "quận", "huyện", "xã", "phường", "thị", "trấn",
     "đường", "sông", "núi", "cầu", "chợ", "trường", "làng", "ấp", "viện", "hồ", "đảo",
     "biển", "vịnh", "đèo", "cảng", "khu", "miền", "vùng", "nước", "bến"}
)  # fmt: skip

# --- slots and topics ------------------------------------------------------------------

# Words that, written before "X này", name a kind of slot whose value follows in the
# previous turn ("năm đó" -> "năm 2018", "quận đó" -> "quận 8"); a turn's key terms are
# these heads with their values.
SLOT_HEADS = frozenset(
    {"năm", "tháng", "quý", "ngày", "tuần", "quận", "huyện", "phường", "xã", "tỉnh",
     "thành phố", "thị xã", "thị trấn", "khóa", "nhiệm kỳ", "giai đoạn", "đợt", "kỳ",
     "lần", "số", "điều", "khoản", "chương"}
)  # fmt: skip
# An admin unit inside a value: "Quận ủy quận 8" -> the value of "Quận ủy" is "quận 8".
ADMIN_UNITS = frozenset({"quận", "huyện", "phường", "xã", "tỉnh", "thành phố", "thị xã"})
# Relative values after a time head: "năm nay", "năm ngoái", "tháng trước".
RELATIVE_VALUES = frozenset({"nay", "ngoái", "trước", "sau", "tới", "kia", "rồi"})
# Function words trimmed from both ends of a topic ("… diễn ra vào" -> "… diễn ra") and
# from the end of a noun phrase copied from an earlier turn.
EDGE_FUNCTION_WORDS = frozenset(
    {"là", "vào", "ở", "tại", "có", "được", "đã", "của", "cho", "về", "và", "với", "thì",
     "mà", "để", "các", "những", "trong", "bị", "do"}
)  # fmt: skip
# What a speaker said follows these in a news report ("bà X, Phó Bí thư Quận ủy quận 8 cho
# biết …"): the speaker's name and titles end before them (`answers/gap.py`).
REPORTING_VERBS = frozenset(
    tuple(v.split())
    for v in ("cho biết", "cho rằng", "nhấn mạnh", "khẳng định", "phát biểu", "chia sẻ", "đề nghị")
)
# A follow-up asks for more than the last answer said with "nữa", or with "khác" / "thêm"
# after "còn" ("Còn nhiệm vụ nào khác?": dialogue.followup.asks_for_more); none of them is
# a topic word of the question (answers/extractive.py).
MORE_WORDS = ("nữa", "khác", "thêm", "còn")
# "Ông X đề nghị gì?" asks what was said, requested or stressed: the words after one of
# these in the sentence (`answers/saying.py`). "quy định gì" is a provision's topic, not
# speech, and is left out.
SAYING_VERBS = tuple(
    tuple(v.split())
    for v in ("nói", "đề nghị", "yêu cầu", "nhấn mạnh", "cho biết", "cho rằng", "khẳng định",
              "chia sẻ", "đề xuất", "kêu gọi", "tuyên bố", "kiến nghị", "chỉ đạo", "lưu ý",
              "bày tỏ", "phát biểu", "kết luận", "cam kết", "thông báo", "đề ra")
)  # fmt: skip
# Verbs of happening left at the end of a topic once "khi nào" / "ở đâu" is removed
# ("hội nghị … diễn ra"): they add nothing to "Về <topic>, …".
TOPIC_TRAILING_VERBS = ("diễn ra", "xảy ra", "được tổ chức")
# A question asks when or where an event "diễn ra" / "xảy ra"; the article says the
# conference "tổ chức" (held) or "khai mạc" (opened) then. A sentence with any of these
# holds the syllables of both happening verbs (`answers/sentences._analysed`).
HAPPENING_PHRASES = ("diễn ra", "xảy ra", "tổ chức", "khai mạc")
HAPPENING_SYLLABLES = ("diễn", "xảy")
# The unit a time question asks in ("vào ngày nào", "năm mấy", "trong thời gian nào"): the
# answer "Sáng 8/2" does not repeat it, so it and the preposition before it are no words
# the answer sentence should share (`answers/sentences._query`).
TIME_UNITS = ("ngày", "năm", "tháng", "lúc", "thời gian", "thời điểm", "thế kỷ", "thế kỉ",
              "giai đoạn", "thời kỳ", "hồi", "mùa", "thập niên", "hôm")  # fmt: skip
TIME_ASKERS = ("nào", "mấy", "bao nhiêu")
TIME_PREPOSITIONS = ("vào", "trong", "từ", "đến", "tới")

# When a question is typed without accents these folded words stand for several words
# ("nay" is "này" or "nay", "do" is "đó" or "do", "ho" is "họ" or "hộ"), so they are not
# taken as follow-up signals.
FOLD_AMBIGUOUS = frozenset(
    {"nay", "do", "ho", "tren", "day", "the", "vay", "no", "con", "va", "voi", "ta"}
)

# --- follow-ups: references ------------------------------------------------------------
# Read by `retrieval.dialogue.references`: what makes a word point back at an earlier turn.

# Nouns that point at a person without saying who: "người này", "vị đó".
PERSON_NOUNS = frozenset({"người", "vị", "nhân vật"})
# What makes the word before it a reference to something said before.
DEMONSTRATIVES = frozenset(
    {"này", "đó", "ấy", "kia", "đấy", "nói trên", "kể trên", "nêu trên", "vừa nêu", "vừa nói"}
)
# "ông ta" / "bà ta" (he / she), but never "người ta" (people in general).
HONORIFIC_ONLY_DEMONSTRATIVES = frozenset({"ta"})
# Bare "Ông …" / "Bà …" opening a question is a pronoun ("Ông còn nói gì?") unless the next
# word makes a compound noun ("bà con" = folks, "ông bà" = grandparents).
BARE_PRONOUNS = frozenset({"ông", "bà"})
BARE_PRONOUN_COMPOUNDS = frozenset(
    {"bà", "ông", "con", "chủ", "nội", "ngoại", "già", "cháu", "mẹ", "bầu", "đỡ", "trùm",
     "lão", "tổ", "hoàng", "mụ", "xã", "nhà", "cụ", "trời", "công", "lớn", "đồ", "tiên"}
)  # fmt: skip
# "trên" refers back ("các nhiệm vụ trên là gì?") only when nothing follows it that it
# could be a preposition for ("trên địa bàn", "trên 50%"): the end, or one of these.
AFTER_BARE_TREN = frozenset({"là", "được", "có", "gồm", "do", "diễn", "đã", "sẽ", "đang", "nhằm"})
# … and when the word before it is a noun, not a verb it is the preposition of
# ("dựa trên", "nằm trên", "xếp hạng … trên").
BEFORE_PREPOSITION_TREN = frozenset(
    {"dựa", "nằm", "đứng", "ở", "lên", "từ", "bên", "phía", "xếp", "hạng", "đặt", "ghi"}
)
# Words that make a following "đó" / "này" / "ấy" a connective or a place/time reference
# ("trong đó", "sau đó", "ở đó", "lúc này"): a follow-up signal with nothing to expand.
CONNECTIVE_HEADS = frozenset(
    {"trong", "sau", "trước", "khi", "lúc", "hồi", "từ", "qua", "do", "vì", "nhờ", "ở",
     "tại", "theo", "ngoài", "bên", "cạnh", "thời", "như", "đến", "tới", "bởi"}
)  # fmt: skip
# Subject pronouns for things or groups: "Đó là ai?", "Nó diễn ra khi nào?".
THING_PRONOUNS = frozenset({"nó", "đó", "đây", "đấy"})
# "này" after these means now ("mùa này", "tuần này"), not something said before.
DEICTIC_TIMES = frozenset(
    {"mùa", "tuần", "tháng", "dịp", "lúc", "hôm", "sáng", "chiều", "tối", "đêm", "kỳ"}
)
# "điều đó", "việc này" refer to a whole clause; after a coordinator that clause is the
# one just before, inside the question ("… đã bị phạt và điều đó đã …").
CLAUSE_NOUNS = frozenset({"điều", "việc", "chuyện", "cái"})
COORDINATORS = frozenset({"và", "nhưng", "mà", "rồi", ","})
# Words that make a following "họ" (they) refer to a group named in the same question.
PLURAL_MARKERS = frozenset({"các", "những", "nhóm", "đội", "hai", "ba", "nhiều"})
# An opening clause with one of these ends at a comma; a pronoun after it refers to the
# clause ("Khi một nhóm lớn …, điều đó …").
SUBORDINATORS = (
    "nếu", "khi", "sau khi", "trước khi", "trong khi", "vì", "do", "mặc dù", "tuy", "dù",
    "lúc",
)  # fmt: skip
# "họ" is "they", except in "họ tên", "họ hàng", "dòng họ", "họ Nguyễn".
HO_NOT_PRONOUN_NEXT = frozenset({"tên", "và", "hàng", "tộc", "đạo", "nhà", "là", "của"})
HO_NOT_PRONOUN_PREV = frozenset({"dòng", "cùng", "mang", "đổi", "theo", "tên", "các"})
# Words that end a noun phrase when a reference is expanded from an earlier sentence
# ("hội nghị tổng kết công tác … năm 2017 | diễn ra …"): verbs of saying, copulas,
# auxiliaries, prepositions and conjunctions. Content verbs cannot be listed; the phrase
# is also cut at punctuation and at a length.
PHRASE_ENDS = frozenset(
    {"là", "được", "bị", "có", "đã", "đang", "sẽ", "vừa", "mới", "do", "bởi", "ở", "tại",
     "vào", "với", "và", "hoặc", "hay", "để", "thì", "mà", "khi", "nhằm", "từ", "đến",
     "tới", "sau", "trước", "trong", "ngoài", "trên", "dưới", "theo", "qua", "cũng",
     "vẫn", "còn", "chưa", "không", "rất", "đều", "này", "đó", "ấy", "kia", "như",
     "nhưng", "nên", "vì", "nếu", "diễn", "gồm", "cần", "phải", "cho", "nói", "chủ"}
)  # fmt: skip

# --- follow-ups: ellipsis and questions with nothing of their own ----------------------
# Read by `retrieval.dialogue.ellipsis` and `retrieval.dialogue.followup`.

# Ellipsis: "Còn X (thì sao)?", "Thế còn X?", "X thì sao?". Prefixes with "còn" and
# suffixes with "thì" are strong signals; the others ("Vậy X?", "X ra sao?") only count
# when X is a slot value (a year, a district, a person), since "Chất lượng chi bộ ra
# sao?" is a full question.
ELLIPSIS_PREFIXES = (
    "thế còn về", "thế còn", "vậy còn", "còn về", "còn đối với", "còn với", "còn",
    "thế", "vậy", "và", "với",
)  # fmt: skip
ELLIPSIS_SUFFIXES = (
    "thì sao", "thì thế nào", "thì như thế nào", "thì ra sao", "thì", "như thế nào",
    "thế nào", "ra sao", "nữa",
)  # fmt: skip
# Heads of time and place modifiers: an ellipsis X with one of these and no matching slot
# in the previous question is added to it ("Nhiệm vụ trọng tâm là gì?" + "Còn năm 2019?"
# -> "Nhiệm vụ trọng tâm năm 2019 là gì?").
# Nouns a "<noun> nào" question picks whose answer is a description, not a name
# ("nhiệm vụ trọng tâm nào": "xây dựng nhà máy mới tại khu công nghiệp Tân Phú", not "Tân
# Phú"). Read by answers/gap.py on the two words before "nào" / "gì", or the last one.
ABSTRACT_HEADS = frozenset(
    {"nhiệm vụ", "trọng tâm", "giải pháp", "biện pháp", "vấn đề", "hoạt động", "hình thức",
     "nội dung", "mục tiêu", "chính sách", "phương án", "hành vi", "trường hợp", "điều kiện",
     "yêu cầu", "lĩnh vực", "phương pháp", "lý do", "nguyên nhân", "đặc điểm", "vai trò",
     "ý nghĩa", "tác dụng", "lợi ích", "kết quả", "thành tích", "khó khăn", "hạn chế",
     "nghĩa vụ", "trách nhiệm", "tiêu chí", "tiêu chuẩn", "công việc", "việc", "cách", "loại",
     "kiểu", "dạng", "quyền", "chức năng", "tính chất", "thay đổi", "ảnh hưởng",
     "phương diện", "khía cạnh"}
)  # fmt: skip
MODIFIER_HEADS = frozenset(
    {"năm", "tháng", "quý", "ngày", "tuần", "giai đoạn", "nhiệm kỳ", "khóa", "đợt", "kỳ",
     "quận", "huyện", "phường", "xã", "tỉnh", "thành phố", "thị xã", "thị trấn", "tại",
     "ở", "trong"}
)  # fmt: skip
# Syllables that carry no content of their own in a question. A question made only of
# these (and punctuation) asks about the previous topic: "Còn gì nữa?", "Tại sao vậy?",
# "Cụ thể là gì?", "Khi nào?", "Cho tôi biết thêm?".
CONTENTLESS = frozenset(
    {"gì", "ai", "nào", "đâu", "sao", "mấy", "bao", "nhiêu", "giờ", "lâu", "khi", "lúc",
     "ở", "tại", "vì", "như", "thế", "ra", "là", "cái", "những", "không", "chưa", "phải",
     "đúng", "có", "vậy", "nhỉ", "nhé", "ạ", "à", "ư", "hả", "hở", "chứ", "đây", "đấy",
     "kia", "thì", "mà", "ơi", "nha", "còn", "nữa", "thêm", "khác", "lại", "và", "với",
     "cũng", "cụ", "thể", "chi", "tiết", "rõ", "hơn", "giải", "thích", "nói", "kể",
     "nghĩa", "tức", "ví", "dụ", "tiếp", "tục", "được", "thật", "xem", "cho", "tôi",
     "mình", "biết", "hỏi", "muốn", "bạn", "đó", "này", "ấy", "điều", "việc", "chuyện",
     "vấn", "đề", "hết", "gồm", "sự", "ý"}
)  # fmt: skip

# --- labels an LLM puts before a rewritten question ------------------------------------

# Stripped from the question the configured LLM condensed (`retrieval.answers.llm`): the
# labels its prompt invites, with or without diacritics.
CONDENSED_QUESTION_LABEL = re.compile(
    r"^(?:câu hỏi(?: độc lập)?|cau hoi(?: doc lap)?)\s*:\s*", re.IGNORECASE
)
# Stripped from any condenser's reply by the rewriter (`retrieval.dialogue.condense`),
# which also serves condensers other than ours, English ones included.
REWRITTEN_QUESTION_LABEL = re.compile(
    r"^(?:câu hỏi(?: độc lập| viết lại)?|standalone question)\s*:\s*", re.I
)

# --- time in questions and articles ----------------------------------------------------
# Read by `retrieval.language.timeexpr`, folded (it matches accent-folded text, so "nam
# nay" typed without diacritics is "năm nay"). A phrase with a number of periods to move
# from the anchor (today for a question, the article's date inside an article).

# A month by its name ("tháng Giêng", "tháng Ba", "tháng Chạp"), after "tháng".
MONTH_NAMES: dict[str, int] = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip
# "năm qua" / "năm vừa qua" is the year just ended early in a year (a January review
# conference) and the current one late in it: `timeexpr` decides by the anchor's month.
RELATIVE_YEARS: dict[str, int] = {
    "năm nay": 0, "năm này": 0, "năm hiện tại": 0, "trong năm nay": 0,
    "năm ngoái": -1, "năm trước": -1, "năm rồi": -1, "năm vừa rồi": -1,
    "năm kia": -2, "năm trước nữa": -2, "năm tới": 1, "năm sau": 1, "sang năm": 1,
    "năm tiếp theo": 1, "năm kế tiếp": 1, "năm sau nữa": 2,
}  # fmt: skip
JUST_ENDED_YEAR = ("năm vừa qua", "năm qua")
RELATIVE_MONTHS: dict[str, int] = {
    "tháng này": 0, "tháng nay": 0, "tháng trước": -1, "tháng rồi": -1, "tháng vừa rồi": -1,
    "tháng vừa qua": -1, "tháng qua": -1, "tháng trước nữa": -2, "tháng tới": 1,
    "tháng sau": 1,
}  # fmt: skip
# A day or a week counted from today (an article's: from its date): "Hôm qua có tin gì?"
RELATIVE_DAYS: dict[str, int] = {"hôm nay": 0, "hôm qua": -1, "hôm kia": -2}
RELATIVE_WEEKS: dict[str, int] = {
    "tuần này": 0, "tuần nay": 0, "tuần trước": -1, "tuần qua": -1, "tuần vừa qua": -1,
    "tuần rồi": -1, "tuần vừa rồi": -1, "tuần tới": 1, "tuần sau": 1,
}  # fmt: skip
# "quý gần nhất" asked is the last quarter reported: the one just ended, as "quý vừa rồi".
RELATIVE_QUARTERS: dict[str, int] = {
    "quý này": 0, "quý nay": 0, "quý trước": -1, "quý vừa qua": -1, "quý vừa rồi": -1,
    "quý rồi": -1, "quý qua": -1, "quý gần nhất": -1, "quý gần đây nhất": -1,
    "quý trước nữa": -2, "quý tới": 1, "quý sau": 1,
}  # fmt: skip
# A question with one of these wants the newest articles ("Quy định mới nhất …?").
RECENT_WORDS = (
    "mới nhất", "gần đây", "gần nhất", "mới đây", "hiện nay", "hiện tại", "hiện giờ",
    "bây giờ", "thời gian qua", "vừa qua",
)  # fmt: skip
# "N năm qua" / "N năm gần đây" / "N năm trở lại đây": the last N years.
LAST_YEARS_TAILS = ("năm qua", "năm gần đây", "năm gần nhất", "năm trở lại đây", "năm vừa qua")
# A count of years, months or quarters back from now: "hai năm trước", "3 tháng về trước",
# "cách đây hai năm" (a year, not "năm trước"'s last year). Not "hai năm trước đó" /
# "… trước khi", which count back from another event.
AGO_TAILS = ("trước", "về trước", "trước đây")
AGO_HEADS = ("cách đây",)
# The time of day or "ngày" before a day of the month written without its year ("Sáng
# 14/1, …", "ngày 8/2"): the lead of a news report, dated by its article.
DAY_MONTH_HEADS = ("ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "rạng sáng")
# Open ranges before a year ("trước năm 2019", "từ năm 2019", "sau năm 2019").
BEFORE_WORDS = ("trước",)
AFTER_WORDS = ("sau",)
SINCE_WORDS = ("từ", "kể từ", "bắt đầu từ")
UNTIL_WORDS = ("đến", "tới", "cho đến")
# The parts of a year a question names ("từ đầu năm đến nay"): "đầu" is no "đâu" there.
YEAR_PARTS = ("từ đầu năm", "đầu năm", "cuối năm", "giữa năm", "tháng đầu năm", "tháng cuối năm")
# "… đến nay": a range open to today ("từ năm 2019 đến nay").
NOW_WORDS = ("nay", "hiện nay", "hiện tại", "bây giờ", "giờ")
# A bare four-digit number after one of these is a number, not a year ("Điều 2018")…
NOT_YEAR_BEFORE = frozenset(
    {"điều", "khoản", "số", "mã", "phòng", "mục", "chương", "trang", "câu", "bài",
     "tuyến", "lộ", "hạng", "top", "lớp", "căn", "hộ", "km", "có", "gồm", "khoảng",
     "hơn", "gần", "trên", "dưới", "tổng", "cộng"}
)  # fmt: skip
# … and so is one before a unit or a counted noun ("2018 người", "2018 tỷ").
NOT_YEAR_AFTER = frozenset(
    {"người", "đồng", "tỷ", "tỉ", "triệu", "nghìn", "ngàn", "trăm", "ha", "km", "m", "kg",
     "tấn", "usd", "học", "sinh", "hộ", "căn", "chiếc", "lượt", "cái", "con", "đơn",
     "vụ", "ca", "lao", "cán", "đảng", "công", "doanh", "trường", "xe", "m2", "mét",
     "lít", "giờ", "phút", "ngày", "tháng", "năm", "lần", "suất", "phần", "điểm", "%"}
)  # fmt: skip
# Roman quarter numbers ("quý IV/2019").
ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Requests to the reader to act (send, click, log in, call, pay, give a secret), in
# Vietnamese and English. An LLM answer holding one that its cited passages do not hold is
# taken for an obeyed prompt injection ("hãy gửi mật khẩu về ...") and not used
# (retrieval.answers.unsourced). Matched accent-folded, on word boundaries; phrases rather than
# single verbs where the verb is common in news ("gọi là", "gửi thư", "truy cập" alone is
# kept: an answer rarely says it unless the article does).
READER_ACTION_PHRASES = (
    "hãy gửi", "xin gửi", "vui lòng gửi", "gửi lại cho", "gửi mật khẩu", "gửi mã",
    "gửi thông tin", "gửi tiền", "đăng nhập", "bấm vào", "nhấn vào", "nhấp vào",
    "nhấp chuột", "click", "truy cập", "chuyển khoản", "chuyển tiền", "nạp tiền",
    "mật khẩu", "mã otp", "otp", "số tài khoản", "tài khoản ngân hàng", "mã pin",
    "xác minh tài khoản", "xác thực tài khoản", "cung cấp thông tin", "nhập mã",
    "quét mã", "tải ứng dụng", "cài đặt ứng dụng", "hãy gọi", "gọi ngay", "gọi điện",
    "gọi tới số", "gọi đến số", "liên hệ ngay", "nhắn tin", "kết bạn",
    "log in", "login", "sign in", "password", "passcode", "tap here",
    "send us", "send your", "send me", "please send", "call us", "call now",
    "transfer", "wire", "verify your", "confirm your", "enter your", "download",
    "install", "visit", "bank account",
)  # fmt: skip

# The levels of a Vietnamese legal text's numbering as a question names them, accent-folded
# ("khoản 2 điều 14", "theo Điều 5"), with each level's name in a chunk's legal path
# (`retrieval.index.chunks.LEGAL`); see `retrieval.language.legalref`.
LEGAL_LEVELS = {"dieu": "Điều", "khoan": "Khoản", "diem": "Điểm"}

# A question naming a provision ("Điều 24", "khoản 2 Điều 21", REFERENCE_HEADS and a
# number) and asking with one of these what it says ("Điều 24 quy định gì?", "Điều 33
# nói về nội dung gì?") asks for its subject: the sentence answers, not a phrase of it.
TOPIC_ASKING_VERBS = ("quy định", "nói về", "nội dung", "đề cập")

# Ways of writing one thing: an abbreviation and its full form, a colloquial word and the
# one rules and news write ("TPHCM" / "Thành phố Hồ Chí Minh", "bố" / "cha", "tăng ca" /
# "làm thêm giờ"). A question worded one way is read in its passages' wording when they
# use another and not its own (retrieval.answers.wording): "Bí thư Thành ủy Thành phố Hồ
# Chí Minh" finds an article saying "TPHCM". A space in an abbreviation also stands for
# ".", "&" or "-" ("tp.hcm", "gd&đt", "kt-xh"). A word with another meaning too ("mất":
# to lose, to take time) is read so only where its passages lack it.
SAME_MEANING: tuple[tuple[str, ...], ...] = (
    ("thành phố hồ chí minh", "tp hcm", "tphcm", "tp hồ chí minh"),
    ("ủy ban nhân dân", "ubnd"),
    ("hội đồng nhân dân", "hđnd"),
    ("mặt trận tổ quốc", "mttq"),
    ("ban chấp hành", "bch"),
    ("ban thường vụ", "btv"),
    ("ủy ban kiểm tra", "ubkt"),
    ("trung ương", "tw", "t ư"),
    ("xã hội chủ nghĩa", "xhcn"),
    ("kinh tế - xã hội", "kinh tế xã hội", "kt xh"),
    ("công nghiệp hóa, hiện đại hóa", "công nghiệp hóa - hiện đại hóa", "cnh hđh"),
    ("cán bộ, công chức, viên chức", "cán bộ công chức viên chức", "cbccvc"),
    ("bảo hiểm xã hội", "bhxh"),
    ("bảo hiểm y tế", "bhyt"),
    ("bảo hiểm thất nghiệp", "bhtn"),
    ("người lao động", "nlđ"),
    ("trách nhiệm hữu hạn", "tnhh"),
    ("khu công nghiệp", "kcn"),
    ("đồng bằng sông cửu long", "đbscl"),
    ("trung học phổ thông", "thpt"),
    ("trung học cơ sở", "thcs"),
    ("giáo dục và đào tạo", "gd đt", "gdđt"),
    ("lao động - thương binh và xã hội", "lao động thương binh và xã hội", "lđ tb xh",
     "lđtbxh"),
    ("giao thông vận tải", "gtvt"),
    ("tài nguyên và môi trường", "tn mt", "tnmt"),
    ("nông nghiệp và phát triển nông thôn", "nn ptnt", "nnptnt"),
    ("nông nghiệp và môi trường", "nn mt", "nnmt"),  # the department merged in 2025
    ("kế hoạch và đầu tư", "kh đt", "khđt"),
    ("khoa học và công nghệ", "kh cn", "khcn"),
    ("thông tin và truyền thông", "tt tt", "tttt"),
    ("văn hóa, thể thao và du lịch", "văn hóa thể thao và du lịch", "vh tt dl", "vhttdl"),
    ("giấy phép lái xe", "gplx", "bằng lái xe", "bằng lái"),
    ("cảnh sát giao thông", "csgt"),
    ("an toàn giao thông", "atgt"),
    ("an toàn lao động", "atlđ"),
    ("an toàn, vệ sinh lao động", "an toàn vệ sinh lao động", "atvslđ"),
    ("vệ sinh an toàn thực phẩm", "vsattp"),
    ("phòng cháy chữa cháy", "phòng cháy, chữa cháy", "pccc"),
    ("liên hợp quốc", "lhq"),
    ("hợp đồng lao động", "hđlđ"),
    ("người sử dụng lao động", "nsdlđ"),
    ("cán bộ công nhân viên", "cbcnv"),
    ("ký túc xá", "ktx"),
    ("câu lạc bộ", "clb"),
    ("thạc sĩ", "ths"),
    ("phó giáo sư", "pgs"),
    ("mũ bảo hiểm", "nón bảo hiểm"),
    ("nghỉ thai sản", "nghỉ sinh con", "nghỉ sinh", "nghỉ đẻ"),
    ("nghỉ ốm", "nghỉ bệnh"),
    ("thời giờ làm việc", "giờ làm việc", "giờ hành chính"),
    ("cha", "bố"),
    ("xe mô tô", "xe máy", "xe gắn máy"),
    ("xe ô tô", "ô tô", "xe hơi"),
    ("kết hôn", "cưới", "lấy vợ", "lấy chồng"),
    ("làm thêm giờ", "tăng ca", "làm ngoài giờ"),
    ("đến muộn", "đi muộn", "đi làm muộn", "đến trễ", "đi trễ", "đi làm trễ"),
    ("sa thải", "đuổi việc"),
    ("thôi việc", "nghỉ việc"),
    ("buộc thôi học", "đuổi học"),
    ("chết", "qua đời", "từ trần", "mất"),
    ("nghỉ hằng năm", "nghỉ phép năm", "nghỉ phép hằng năm", "nghỉ phép"),
    # when a rule takes effect: "Quy chế … áp dụng từ bao giờ?" of "… có hiệu lực kể từ …"
    ("có hiệu lực thi hành kể từ", "có hiệu lực thi hành từ", "có hiệu lực kể từ",
     "có hiệu lực từ", "áp dụng kể từ", "áp dụng từ"),
    ("hội đồng quản trị", "hđqt"),
    ("đại hội đồng cổ đông", "đhđcđ"),
    ("tổng giám đốc", "tgđ"),
    ("thu nhập cá nhân", "tncn"),
    ("vận động viên", "vđv"),
    ("thủ tục hành chính", "tthc"),
    ("cải cách hành chính", "cchc"),
    ("giải phóng mặt bằng", "gpmb"),
    ("hợp tác xã", "htx"),
    ("ngân sách nhà nước", "nsnn"),
    ("quản lý thị trường", "qltt"),
    ("tai nạn giao thông", "tngt"),
    ("bệnh viện", "bv"),
    ("trung tâm y tế", "ttyt"),
    ("cơ sở dữ liệu", "csdl"),
    ("sản xuất kinh doanh", "sản xuất, kinh doanh", "sxkd"),
    ("thu nhập doanh nghiệp", "tndn"),
    ("giá trị gia tăng", "gtgt"),
    ("chỉ số giá tiêu dùng", "cpi"),
    ("đầu tư trực tiếp nước ngoài", "fdi"),
    # a company's results as staff ask them and as its reports word them
    ("lợi nhuận sau thuế", "lãi sau thuế", "lãi ròng"),
    ("lợi nhuận trước thuế", "lãi trước thuế"),
    ("tổng mức đầu tư", "tổng vốn đầu tư"),
    ("sàng lọc", "tầm soát"),
    ("bất động sản", "bđs"),
    ("ban quản lý", "bql"),
    ("thành phố", "tp"),
    # what staff type for what a procedure sheet, a notice or a rule writes
    ("trực tuyến", "online"),
    ("cắt điện", "cúp điện", "ngừng cung cấp điện", "ngừng cấp điện", "ngưng cung cấp điện",
     "ngưng cấp điện", "mất điện"),
    ("ngưng cung cấp nước", "cúp nước", "cắt nước", "ngừng cung cấp nước", "ngưng cấp nước",
     "ngừng cấp nước", "mất nước"),
    ("giấy chứng nhận quyền sử dụng đất", "sổ đỏ"),
    ("cấp lại", "làm lại"),
    ("căn cước công dân", "cccd"),
    ("lý lịch tư pháp", "lltp"),
    # a unit as staff spell it out and as documents write its symbol ("60 m2", "12 km")
    ("m2", "mét vuông", "m vuông"),
    ("m3", "mét khối", "m khối"),
    ("km", "ki lô mét", "kilômét", "kilomet", "cây số"),
    ("kg", "ki lô gam", "kilôgam", "kilogam"),
)  # fmt: skip

# Qualifiers that mark one of two sides of a thing ("khách trong nước" / "khách nước
# ngoài", "tập thể" / "cá nhân"): a sentence that names only the other side of the one
# a question names answers for the other side (retrieval.answers.contrasts). Besides
# these, "trong X" and "ngoài X" for the same next word X ("trong giờ" / "ngoài giờ").
# Kinds of leave, each with the names staff and rules give it.
_LEAVE_KINDS = (
    ("nghỉ hằng năm", "nghỉ phép"), ("nghỉ việc riêng",), ("nghỉ không hưởng lương",),
    ("nghỉ lễ",), ("nghỉ học tạm thời",), ("nghỉ ốm",), ("nghỉ thai sản",),
)  # fmt: skip
CONTRASTING: tuple[tuple[str, str], ...] = (
    ("trong nước", "nước ngoài"), ("trong nước", "quốc tế"), ("nội địa", "quốc tế"),
    ("nội địa", "nước ngoài"), ("nội thành", "ngoại thành"), ("tập thể", "cá nhân"),
    ("ban ngày", "ban đêm"), ("nam giới", "nữ giới"), ("lao động nam", "lao động nữ"),
    ("công lập", "ngoài công lập"), ("công lập", "tư thục"), ("chính quy", "vừa làm vừa học"),
    ("toàn thời gian", "bán thời gian"), ("đảng viên chính thức", "đảng viên dự bị"),
    ("trong ngày", "qua đêm"), ("ngày thường", "ngày nghỉ"), ("ngày thường", "ngày lễ"),
    ("trực tiếp", "trực tuyến"), ("xuất khẩu", "nhập khẩu"), ("trước thuế", "sau thuế"),
    ("thạc sĩ", "tiến sĩ"), ("cử nhân", "thạc sĩ"), ("nhà nước", "tư nhân"),
    ("có thời hạn", "không thời hạn"), ("có lương", "không lương"),
    ("hưởng lương", "không hưởng lương"), ("tối đa", "tối thiểu"),
    # vehicles: the rule for one is not the rule for another
    ("xe đạp", "xe máy"), ("xe đạp", "xe gắn máy"), ("xe đạp", "mô tô"), ("xe đạp", "ô tô"),
    ("xe máy", "ô tô"), ("xe gắn máy", "ô tô"), ("mô tô", "ô tô"),
    # kinds of leave: each its own rules (how long, who approves, how early to ask)
    *(
        (a, b)
        for k, kind in enumerate(_LEAVE_KINDS)
        for other in _LEAVE_KINDS[k + 1 :]
        for a in kind
        for b in other
    ),
)  # fmt: skip

# The units of each kind of measure, as written (lowercase): a question asking in one
# ("bao nhiêu giờ", "mấy ngày", "bao nhiêu tiền") is answered by a number in a unit of
# the same kind (retrieval.answers.counting). The longest is tried first ("km vuông"
# before "km"); matched as written: "dòng" is no "đồng". A kind's order matters:
# "hours" before "time", which also holds "giờ".
MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    "area": ("km vuông", "mét vuông", "m vuông", "dặm vuông", "km2", "m2", "km²", "m²", "ha",
             "héc-ta", "hécta", "hecta", "mẫu"),
    "speed": ("km/h", "km/giờ", "km một giờ", "km mỗi giờ", "dặm/giờ", "m/s", "hải lý/giờ"),
    # hours, or the hour ("mấy giờ": how many, or what time): not "45 phút", "3 ngày"
    "hours": ("giờ", "tiếng"),
    "time": ("giây", "phút", "giờ", "tiếng", "ngày", "tuần", "tháng", "quý", "năm", "học kỳ",
             "học kì", "thế kỷ", "thế kỉ", "thập kỷ", "thập kỉ", "nhiệm kỳ", "nhiệm kì"),
    "length": ("km", "ki-lô-mét", "kilômét", "kilomet", "mét", "m", "cm", "mm", "dặm", "feet",
               "foot", "inch", "yard", "hải lý"),
    "mass": ("kg", "ki-lô-gam", "kilôgam", "kilogam", "gam", "g", "tấn", "tạ", "yến", "lạng",
             "pound", "lb", "lbs", "ounce", "oz"),
    "money": ("đồng", "đ", "vnđ", "vnd", "usd", "euro", "eur", "đô la", "đô-la", "đôla",
              "bảng anh", "bảng", "yên", "won", "nhân dân tệ", "franc"),
    "temperature": ("độ c", "độ f", "°c", "°f", "độ"),
    "percent": ("phần trăm", "%"),
    # "bao nhiêu khối cát" is asked in cubic metres ("58.000 m³ cát"): units.unit_asked
    "volume": ("mét khối", "m³", "m3", "lít", "ml"),
    "age": ("tuổi",),
    # power ("công suất 5.318 MW") is no energy ("112,6 triệu kWh"), asked in either
    "power": ("mw", "kw", "gw", "megawatt", "kilowatt"),
    "energy": ("kwh", "mwh", "gwh", "triệu kwh", "tỷ kwh", "số điện"),
}  # fmt: skip
# What "khối" measures when it is a cubic metre ("bao nhiêu khối cát", "mấy khối nước"),
# not a group ("khối ngành", "khối A", "khối cơ quan").
VOLUME_MATERIALS = frozenset({"cát", "đất", "nước", "bê", "đá", "gỗ", "rác", "khí", "bùn",
                              "sỏi", "bê tông"})  # fmt: skip
# What is paid ("được trả bao nhiêu?") is a sum, a share of a pay ("bằng 200% tiền lương") or
# months of it ("thưởng 2,0 tháng lương").
MEASURE_UNITS["pay"] = MEASURE_UNITS["money"] + MEASURE_UNITS["percent"] + ("tháng lương",)
# The verbs asking what is paid when no unit follows "bao nhiêu" ("Làm thêm giờ vào ngày
# nghỉ được trả bao nhiêu?"), and the words that may come between.
PAYING_VERBS = ("trả", "chi trả", "thanh toán", "khoán", "phạt", "thưởng", "phụ cấp",
                "hỗ trợ", "trợ cấp", "giảm trừ",
                # spent so far: "Tiền bồi thường … đã chi được bao nhiêu?"
                "đã chi", "chi được", "giải ngân")  # fmt: skip
# Amounts of money by name: asked "bao nhiêu" with no unit and no change ("Dự án có tổng
# mức đầu tư bao nhiêu?"), a sum answers, not "62%" nor "42 hộ" (answers/units.py).
MONEY_NOUNS = ("kinh phí", "tổng mức đầu tư", "vốn đầu tư", "tổng vốn", "doanh thu",
               "lợi nhuận", "ngân sách", "kim ngạch", "giá trị hợp đồng", "tổng chi", "tổng thu",
               "giá vé", "giá bán", "số dư", "trị giá", "giá trị")  # fmt: skip
# The sums a question names when it asks what they come to ("Học phí … là bao nhiêu?").
PAY_NOUNS = ("lương", "thưởng", "phụ cấp", "trợ cấp", "học phí", "chi phí", "lệ phí",
             "công tác phí", "mức phạt", "tiền phạt", "mức chi", "mức khoán", "thù lao",
             "số tiền", "giá vé", "giá bán", "mức giảm trừ")  # fmt: skip
