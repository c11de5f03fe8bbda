"""The articles the bot's tests index: the sample VOH report and a small article full of
characters that are special in Telegram HTML."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import SAMPLE_ARTICLE

SPECIAL = {
    "title": "Điện lực <A&B> công bố lịch cắt điện",
    "text": (
        "Công ty Điện lực A&B thông báo lịch cắt điện tại khu vực <Bến Nghé> vào ngày "
        "5/5/2024, từ 8 giờ đến 17 giờ, để bảo trì trạm biến áp 110kV.\n\n"
        "Khách hàng cần hỗ trợ gọi tổng đài 1900 & số nội bộ 5."
    ),
    "url": "https://example.vn/tin?id=1&lang=vi",
    "source": "Báo <Thử> & Cộng sự",
    "published": "2024-05-01",
}


def sample_articles(folder: Path, special: dict[str, str] = SPECIAL) -> Path:
    """`folder` holding the sample article and `special` as JSON; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE_ARTICLE, folder / SAMPLE_ARTICLE.name)
    (folder / "special.json").write_text(json.dumps(special, ensure_ascii=False), "utf-8")
    return folder
