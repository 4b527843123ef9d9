#!/bin/sh
# Commits since the last tag, one line each.
set -eu
last=$(git describe --tags --abbrev=0 2>/dev/null || git rev-list --max-parents=0 HEAD)
git log --oneline "$last"..HEAD
