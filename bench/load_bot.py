"""Load on the real bot: simulated staff asking questions through a local Bot API server.

    python bench/load_bot.py [--users 50] [--questions 10]

Starts the tests' local Telegram Bot API server (tests/telegram_server.py) on 127.0.0.1 and
the real bot (`bot.app.build_application`: long polling, access control, rate limit,
journal, buttons) over a fresh index of the sample article. Each simulated user asks its
questions one after the other, waiting for each answer like a person would (a mix of
standalone questions, follow-ups and questions typed without diacritics); all users at once.

Prints errors (no answer in time, the error sentence, a rate-limit or "not ready" reply,
an ERROR log record: must be 0), the replies received, how many cited a source, and reply
latency p50/p95/max: from the push of the update to the bot's sendMessage, as recorded by
the server (one monotonic clock). Not a timed test: run it by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pydantic import SecretStr

from bot import messages
from bot.app import build_application
from bot.settings import BotSettings
from ingest.pipeline import run
from retrieval.embedding.factory import load_embedder
from retrieval.services import build_services
from tests.telegram_server import TelegramServer, private_text

SAMPLE_ARTICLE = REPO / "data" / "articles" / "000_1aedea3009184543.txt"
FIRST_USER = 10_001
REPLY_TIMEOUT = 120.0

# A conversation about the sample article: standalone questions, follow-ups that need the
# thread ("Ông ấy", "Còn … thì sao?"), and questions typed without diacritics.
CONVERSATION = (
    "Nhiệm vụ trọng tâm năm 2018 là gì?",
    "Ông Ma Xuân Việt báo cáo về nội dung gì?",
    "Ông ấy giữ chức vụ gì?",
    "Ai chủ trì hội nghị?",
    "Còn bà Nguyễn Thanh Xuân nói gì?",
    "nhiem vu trong tam nam 2018 la gi",
    "Quận 8 đã làm gì để nâng cao chất lượng chi bộ?",
    "Ông Tất Thành Cang đề nghị điều gì?",
    "Còn ông Nguyễn Thiện Nhân thì sao?",
    "Bao nhiêu tập thể được tặng bằng khen?",
)
# Replies that mean the question was not served.
_FAILURES = (
    messages.ERROR,
    messages.NOT_READY,
    messages.rate_limited(1, 1).split(":")[0],
    messages.refusal(0).split(".")[0],
)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def _user(server: TelegramServer, user_id: int, questions: list[str]) -> list[float | str]:
    """Ask `questions` in order; per question its latency in seconds, or what went wrong."""
    results: list[float | str] = []
    for question in questions:
        before = sum(1 for c in server.calls("sendMessage") if c.params.get("chat_id") == user_id)
        pushed = time.monotonic()
        server.push(private_text(user_id, question))
        try:
            sent = await server.wait_for(
                "sendMessage",
                count=before + 1,
                timeout=REPLY_TIMEOUT,
                where=lambda c: c.params.get("chat_id") == user_id,
            )
        except TimeoutError:
            results.append(f"user {user_id}: no reply to {question!r} in {REPLY_TIMEOUT:.0f} s")
            continue
        reply = sent[before]
        text = str(reply.params.get("text", ""))
        if any(marker in text for marker in _FAILURES):
            results.append(f"user {user_id}: {question!r} got {text[:80]!r}")
        else:
            results.append(reply.at - pushed)
    return results


async def main_async(users: int, questions: int, keep: bool) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="load-bot-"))
    articles = workdir / "articles"
    articles.mkdir()
    shutil.copy(SAMPLE_ARTICLE, articles / SAMPLE_ARTICLE.name)
    user_ids = list(range(FIRST_USER, FIRST_USER + users))
    server = TelegramServer()
    await server.start()
    settings = BotSettings(  # type: ignore[call-arg]
        _env_file=None,
        model_cache_dir=REPO / "data" / "models",
        chroma_path=workdir / "chroma",
        ingest_sources=[str(articles)],
        bot_data_dir=workdir / "bot",
        telegram_bot_token=SecretStr(server.token),
        telegram_api_base_url=server.base_url,
        allowed_user_ids=user_ids,
        log_level="WARNING",
    )
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    logging.getLogger().setLevel(logging.WARNING)
    try:
        print("loading the model and indexing the sample article…", flush=True)
        embedder = await asyncio.to_thread(load_embedder, settings)
        report = await asyncio.to_thread(run, settings, embedder)
        services = await asyncio.to_thread(build_services, settings, embedder)
        print(
            f"index: {len(report.added)} article(s), {report.chunks_embedded} chunks; "
            f"rate limit {settings.rate_limit_per_minute}/min per user",
            flush=True,
        )
        app = build_application(settings, lambda _s: services, close_services=False)
        await app.initialize()
        assert app.post_init is not None and app.updater is not None
        await app.post_init(app)
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            started = time.monotonic()
            per_user = await asyncio.gather(
                *(
                    _user(
                        server,
                        uid,
                        [CONVERSATION[(n + i) % len(CONVERSATION)] for n in range(questions)],
                    )
                    for i, uid in enumerate(user_ids)
                )
            )
            wall = time.monotonic() - started
        finally:
            await app.updater.stop()
            await app.stop()
            assert app.post_shutdown is not None
            await app.post_shutdown(app)
            await app.shutdown()
            services.close()
    finally:
        logging.getLogger().removeHandler(errors)
        await server.stop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)

    latencies = sorted(r for rs in per_user for r in rs if isinstance(r, float))
    problems = [r for rs in per_user for r in rs if isinstance(r, str)]
    answers = [c for c in server.calls("sendMessage") if c.params.get("chat_id") in user_ids]
    cited = sum("[1]" in str(c.params.get("text", "")) for c in answers)
    expected = users * questions
    extra = len(answers) - expected
    n_errors = len(problems) + len(errors.records) + max(extra, 0)
    print(f"users {users} × questions {questions} = {expected} questions in {wall:.1f} s")
    print(f"errors: {n_errors}")
    for line in problems[:10]:
        print(f"  {line}")
    for record in errors.records[:10]:
        print(f"  log: {record.getMessage()[:200]}")
    if extra > 0:
        print(f"  {extra} more messages than questions")
    print(f"replies: {len(answers)} (with a cited source: {cited})")
    if latencies:
        p50 = statistics.median(latencies)
        p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
        print(
            f"reply latency: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {latencies[-1] * 1000:.0f} ms; throughput {len(latencies) / wall:.1f} replies/s"
        )
    return 1 if n_errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=10, help="per user")
    parser.add_argument("--keep", action="store_true", help="keep the temporary index folder")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(main_async(args.users, args.questions, args.keep))
    return 130


if __name__ == "__main__":
    raise SystemExit(main())
