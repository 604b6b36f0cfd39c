#!/usr/bin/env bash
# Entity / relation / card-relation F1 of `geokg extract` on every gold corpus we have.
set -u
cd "$(dirname "$0")/.."
scorer=../shared/eval/score.py
for dir in ../shared/corpus/seed ../shared/corpus/dev eval/corpus/dev2 eval/corpus/dev3 eval/corpus/dev4 eval/corpus/holdout; do
  [ -f "$dir/gold.jsonl" ] || continue
  files=$(ls "$dir" | grep -v '^gold.jsonl$' | sed "s|^|$dir/|")
  out=$(mktemp)
  .venv/bin/geokg extract --format jsonl $files > "$out" 2>/dev/null
  printf '%-28s ' "$dir"
  python3 "$scorer" "$dir/gold.jsonl" "$out" --json | python3 -c 'import json,sys; s=json.load(sys.stdin); print("  ".join(f"{k} {s[k][2]:.3f}" for k in ("entities","relations","card_relations")))'
  rm -f "$out"
done
