# Shared by the benchmark scripts: docs/benchmarks.md is made of sections, one
# per script, each between <!-- section:NAME --> and <!-- /section:NAME -->;
# a script rewrites only its own.

# bench_write_section FILE NAME: replaces section NAME of FILE with standard
# input (appends it when FILE has no such section yet).
bench_write_section() {
  local file="$1" name="$2" body
  body="$(mktemp)"
  cat >"$body"
  local begin="<!-- section:$name -->" end="<!-- /section:$name -->"
  [[ -f "$file" ]] || printf '# Benchmarks\n' >"$file"
  if grep -qxF "$begin" "$file"; then
    awk -v begin="$begin" -v end="$end" -v body="$body" '
      $0 == begin { print; while ((getline line < body) > 0) print line; skipping = 1; next }
      $0 == end { skipping = 0 }
      !skipping { print }
    ' "$file" >"$file.new"
    mv "$file.new" "$file"
  else
    { printf '\n%s\n' "$begin"; cat "$body"; printf '%s\n' "$end"; } >>"$file"
  fi
  rm -f "$body"
}
