"""One module per source format: bytes of a file (or a fetched page) -> `Article`s.

`ingest.loaders` is the public entry point; it picks the module by extension. Shared helpers
and the result/error types live in `ingest.formats.common`.
"""
