#!/usr/bin/env bash
# The install and one answer, end to end, on one more Python: `make setup` into a throwaway
# virtualenv, then .ci/smoke.py (ingest the sample article into a throwaway index and model
# cache, ask the README's question, check the answer cites the sample article). Everything it
# makes is deleted on exit, pass or fail.
#
# Usage: .ci/smoke.sh PYTHON        (a path or a command name; 3.11 to 3.13)
#
# Cost, measured on the 2-core machine CI runs on (see .ci/run for the figures): on 3.12 and
# 3.13 pip takes PyPI's Linux build of torch, the CUDA one, since the CPU wheel on disk is for
# 3.11 only: ~3 GB downloaded, ~6 GB in the virtualenv while it lives.
set -euo pipefail

python=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/hoidap-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
echo "== smoke test on Python $version ($python)"
start=$SECONDS

# No pip cache: it would keep the multi-GB wheels on disk after the virtualenv is gone.
if ! PIP_NO_CACHE_DIR=1 make -C "$repo" setup PYTHON="$python" VENV="$work/venv" \
    >"$work/setup.log" 2>&1; then
    tail -n 40 "$work/setup.log"
    echo "FAILED: make setup on Python $version (log above)"
    exit 1
fi
echo "make setup: $((SECONDS - start)) s, virtualenv $(du -sh "$work/venv" | cut -f1)," \
    "disk free $(df -h --output=avail "$work" | tail -n 1 | tr -d ' ')"

# A folder of its own, so no .env and no data/ of the repository's is read.
cd "$work"
CHROMA_PATH="$work/chroma" MODEL_CACHE_DIR="$work/models" \
    "$work/venv/bin/python" "$repo/.ci/smoke.py" "$repo"
echo "smoke test on Python $version: ok in $((SECONDS - start)) s"
