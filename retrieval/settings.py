"""The one settings object, read from the environment and `.env`.

Built once at start-up (`Settings()`) and passed down; nothing else reads `os.environ`.
The Telegram bot's own fields are in `bot.settings.BotSettings`, which extends this class,
so a bot process still has one settings object. Every field is documented, with its
default, in `.env.example`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_MODEL = "intfloat/multilingual-e5-small"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # --- store -------------------------------------------------------------------------
    chroma_path: Path = Path("data/chroma")
    chroma_collection: str = "hoidap"
    # Empty: embedded Chroma in CHROMA_PATH (one process at a time). A URL such as
    # http://127.0.0.1:8000: a Chroma server (`chroma run --path … --port …`) that the bot
    # and ingestion share; CHROMA_PATH then only holds this host's search snapshot and locks.
    chroma_url: str = ""
    # Seconds one request to the Chroma server may take before the store counts as
    # unavailable (a hung server must not hang questions).
    chroma_timeout: float = Field(default=15.0, gt=0)
    # A long-running reader (the bot) checks at most this often, before a question, whether
    # an ingestion changed the index, and then reloads what it needs.
    index_check_seconds: float = Field(default=5.0, ge=0)

    # --- embedding model ---------------------------------------------------------------
    embedding_model: str = DEFAULT_MODEL
    # None means "decide from the model name" (e5 models take "query: " / "passage: ").
    embedding_query_prefix: str | None = None
    embedding_passage_prefix: str | None = None
    embedding_batch_size: int = Field(default=32, ge=1)
    # "onnx-int8": ONNX Runtime, int8 weights; "onnx": ONNX Runtime, float32; "torch":
    # sentence-transformers on PyTorch. The ONNX files are exported once from the model
    # folder (retrieval/onnx_backend.py). int8 by measurement (bench/bench_embed.py): same
    # vectors within the bound (cosine >= 0.99 against torch) at a fraction of the time.
    embedding_backend: Literal["onnx-int8", "onnx", "torch"] = "onnx-int8"
    # ONNX Runtime threads per forward pass; 0 = every core this process may run on.
    embedding_threads: int = Field(default=0, ge=0)
    embedding_device: str = "cpu"
    model_cache_dir: Path = Path("data/models")
    # Off by default: staff machines are often on closed networks, and a hub lookup
    # that hangs is worse than a clear error.
    allow_model_download: bool = False

    # --- ingestion ---------------------------------------------------------------------
    ingest_sources: Annotated[list[str], NoDecode] = ["data/articles"]
    # Measured on ../shared/eval (see README, "Chunk size"): 1000 beat 300/500/700 on xquad_vi
    # hit@1/@3 and matched 1500 on hit@5 while keeping citations shorter.
    chunk_target_chars: int = Field(default=1000, ge=100)
    # New chunks embedded and written per batch; a killed run loses at most one batch.
    ingest_batch_chunks: int = Field(default=256, ge=1)
    max_file_mb: float = Field(default=20.0, gt=0)
    # Caps per file, so that no crafted or broken file costs more than itself (each one
    # refused is reported with the setting to raise): the bytes a .docx unpacks to (all
    # its zip entries, as declared and as actually inflated) and its entry count; the
    # characters of one article (past it, the article is refused, not cut); how deeply
    # a .json/.jsonl record may nest.
    docx_max_uncompressed_mb: float = Field(default=50.0, gt=0)
    docx_max_entries: int = Field(default=2000, ge=1)
    max_article_chars: int = Field(default=2_000_000, ge=1000)
    json_max_depth: int = Field(default=100, ge=2, le=10_000)
    # OCR of scanned PDF pages and images (ingest.ocr, Tesseract with its Vietnamese data,
    # Debian packages tesseract-ocr and tesseract-ocr-vie): the command, the most pages of
    # one document that are read by OCR (a document with more is refused, not cut), and the
    # seconds one page may take (a page past it is left out with a warning).
    tesseract_cmd: str = "tesseract"
    ocr_max_pages: int = Field(default=100, ge=1)
    ocr_timeout_seconds: float = Field(default=60.0, gt=0)
    fetch_timeout: float = Field(default=15.0, gt=0)
    fetch_max_mb: float = Field(default=5.0, gt=0)
    fetch_max_feed_items: int = Field(default=50, ge=1)
    # Hosts fetched although they resolve to internal addresses (ingest.fetch's policy):
    # names ("intranet.example.vn", "*.corp.example.vn") or addresses/networks ("10.1.2.0/24").
    fetch_allow_hosts: Annotated[list[str], NoDecode] = []

    # Knowledge scopes (retrieval/index/scopes.py): which articles each user and chat may
    # see, re-read when it changes. No such file: one public scope over INGEST_SOURCES.
    access_file: Path = Path("data/access.toml")

    # --- search ------------------------------------------------------------------------
    search_top_k: int = Field(default=5, ge=1, le=50)
    # Below this confidence the answer is "not found" (with the two closest passages
    # offered as related) instead of a quote that does not answer. The confidence is the
    # decline gate's (retrieval/answers/gate.py): passage cosine, how much of the question
    # the best sentence and its passage cover, whether it holds what the question asks
    # for (a number, a date, a name), names, numbers and rare words of the question it
    # lacks. Higher declines more unanswerable questions and also more answerable ones.
    # Measured with bench/tune_answer.py on xquad_vi with half its articles indexed
    # (answered share of answerable / declined share of same-domain unanswerable
    # questions): 0.05: 98.8% / 49%; 0.17: 97% / 75% (the default, where the refit gate
    # answers 97%); 0.25: 95.5% / 81.5%; 0.40: 92% / 88%.
    relevance_floor: float = Field(default=0.17, ge=0.0, le=1.0)

    # "Today" for relative times in questions ("năm nay", "tháng trước") as YYYY-MM-DD;
    # empty: the real date. Fixed for tests, evaluations and replays.
    today: date | None = None

    # --- answers -----------------------------------------------------------------------
    # Sentences quoted by the extractive answer (the default, and the LLM fallback).
    answer_max_sentences: int = Field(default=3, ge=1, le=10)
    # "none": extractive answers only; "openai": any OpenAI-compatible endpoint;
    # "ollama": an Ollama server.
    llm_provider: Literal["none", "openai", "ollama"] = "none"
    # Empty: the provider's own default (api.openai.com, or http://localhost:11434).
    llm_base_url: str = ""
    llm_model: str = ""
    # SecretStr: never printed by repr() or logs. None: servers that need no key.
    llm_api_key: SecretStr | None = None
    # Seconds for the whole LLM call; past it the extractive answer is given instead.
    llm_timeout: float = Field(default=20.0, gt=0)
    llm_temperature: float = Field(default=0.0, ge=0, le=2)

    log_level: str = "INFO"

    @field_validator("ingest_sources", "fetch_allow_hosts", mode="before")
    @classmethod
    def _split_sources(cls, value: object) -> object:
        # Accept "a,b" and "a\nb" as well as a JSON list, so the setting is easy to write.
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]
        return value

    @field_validator("embedding_query_prefix", "embedding_passage_prefix", "today", mode="before")
    @classmethod
    def _empty_is_auto(cls, value: object) -> object:
        # `EMBEDDING_QUERY_PREFIX=` in a .env file means "decide from the model name".
        return None if value == "" else value

    def query_prefix(self) -> str:
        if self.embedding_query_prefix is not None:
            return self.embedding_query_prefix
        return "query: " if _is_e5(self.embedding_model) else ""

    def passage_prefix(self) -> str:
        if self.embedding_passage_prefix is not None:
            return self.embedding_passage_prefix
        return "passage: " if _is_e5(self.embedding_model) else ""


def _is_e5(model: str) -> bool:
    name = model.rstrip("/").rsplit("/", 1)[-1].lower()
    return "e5" in name.split("-") or name.startswith("e5") or "-e5-" in name
