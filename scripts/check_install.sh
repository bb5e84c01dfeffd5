#!/usr/bin/env bash
# `pip install .` (not editable) into a fresh virtualenv, then `govmon demo --no-serve` and
# `govmon serve` from a directory outside the checkout: the wheel must carry everything
# (registry files, families, vocabulary, the replica, datasette_config and its plugins).
# Usage: scripts/check_install.sh [PYTHON]   (default python3.11; pip's cache is reused)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${1:-${PYTHON:-python3.11}}
WORK=$(mktemp -d)
SERVE_PID=
cleanup() {
  if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "== fresh virtualenv ($("$PYTHON" --version)), pip $("$PYTHON" -m pip --version | cut -d' ' -f2)"
"$PYTHON" -m venv "$WORK/venv"
# Build from a copy so the install never writes build/ or *.egg-info into the checkout.
mkdir "$WORK/src"
git -C "$SRC" ls-files -z --cached --others --exclude-standard \
  | (cd "$SRC" && xargs -0 cp --parents -t "$WORK/src" 2>/dev/null || true)
time "$WORK/venv/bin/pip" install --quiet "$WORK/src" 2> >(grep -v "is ignored" >&2)
GOVMON="$WORK/venv/bin/govmon"

mkdir "$WORK/elsewhere" && cd "$WORK/elsewhere"
echo "== govmon demo --no-serve (from $PWD)"
time "$GOVMON" demo --no-serve --db "$WORK/demo.db" --port "$(free_port)"

PORT=$(free_port)
echo "== govmon serve on port $PORT"
"$GOVMON" serve --db "$WORK/demo.db" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 60); do
  if curl -fs -o "$WORK/home.html" "http://127.0.0.1:$PORT/"; then break; fi
  if ! kill -0 "$SERVE_PID" 2>/dev/null; then cat "$WORK/serve.log"; echo "govmon serve exited"; exit 1; fi
  sleep 0.5
done
grep -q "govmon" "$WORK/home.html" || { echo "/ did not answer with govmon's home page"; cat "$WORK/serve.log"; exit 1; }
# govmon's own pages come from its installed plugins (entry points), not from a folder.
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/-/search?q=chuyen+doi+so" \
  || { echo "/-/search failed: govmon's Datasette plugins are not registered"; exit 1; }
echo "== ok: installed, crawled the replica and served it from outside the checkout"
