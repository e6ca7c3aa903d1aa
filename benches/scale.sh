#!/usr/bin/env bash
# Scale benchmark: a whole association's season in one run.
#
#   benches/scale.sh [COACHES]        (default 20000)
#
# Builds release, generates the league once into $TARGET/scale-bench/league-N (reused when
# present; delete it to regenerate), then measures with /usr/bin/time -v:
#   cold run (empty reports/state), warm run (nothing changed), run after adding 100 new
#   certificates, extraction only (examples/extract_dir, one thread), matching only
#   (`coachcheck match` on the league's roster/records pair), the time from dropping one
#   certificate into a watched inbox to reports/latest pointing at the new report; then
#   checks that report.json, coaches.csv and findings.csv are byte-identical between
#   --jobs 1 and --jobs 2 (after removing generated_at and report-folder path lines).
#   Prints a markdown table.
#
# Env: JOBS (default 2) threads for the timed runs; SKIP_EXTRACT=1 skips the (single-thread,
# slow) extraction-only pass; CARGO_TARGET_DIR as usual.
set -euo pipefail
trap 'echo "scale.sh: stopped by a failing command at line $LINENO" >&2' ERR

COACHES="${1:-20000}"
JOBS="${JOBS:-2}"
AS_OF=2026-10-01
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BENCH="$TARGET/scale-bench"
LEAGUE="$BENCH/league-$COACHES"
WORK="$BENCH/work-$COACHES"

if [ ! -x /usr/bin/time ]; then
    echo "scale.sh: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi

echo "== building (release)" >&2
(cd "$ROOT" && cargo build --release --quiet --bin coachcheck --example gen_league --example extract_dir)
# Snapshot the binaries: a shared target folder may be rebuilt by someone else meanwhile.
rm -rf "$WORK"
mkdir -p "$WORK/bin"
cp "$TARGET/release/coachcheck" "$TARGET/release/examples/gen_league" \
    "$TARGET/release/examples/extract_dir" "$WORK/bin/"
BIN="$WORK/bin"

GEN_NOTE="reused"
if [ ! -f "$LEAGUE/.complete" ]; then
    echo "== generating $COACHES coaches into $LEAGUE" >&2
    rm -rf "$LEAGUE"
    /usr/bin/time -v -o "$WORK/time-generate.txt" \
        "$BIN/gen_league" --coaches "$COACHES" --out "$LEAGUE" 2> "$WORK/generate.log"
    touch "$LEAGUE/.complete"
    GEN_NOTE="generated"
fi
CERTS=$(find "$LEAGUE/inbox/certificates" -name '*.pdf' | wc -l)

# A private inbox of hard links: the +100 step adds files without touching the cache.
cp -al "$LEAGUE/inbox" "$WORK/inbox"
cd "$WORK"   # no coachcheck.toml here: built-in defaults

ROWS=()
# measure LABEL COMMAND...: wall seconds, CPU seconds and peak RSS (MiB) of one command.
measure() {
    local label="$1"
    shift
    local out="$WORK/time-${label// /_}.txt"
    /usr/bin/time -v -o "$out" "$@" > "$WORK/${label// /_}.log" 2>&1 || {
        echo "scale.sh: '$label' failed; see $WORK/${label// /_}.log" >&2
        tail -5 "$WORK/${label// /_}.log" >&2
        exit 1
    }
    local wall cpu rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.2f", s}' "$out")
    cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$out")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$out")
    ROWS+=("| $label | $wall | $cpu | $rss |")
    echo "   $label: ${wall}s wall, ${cpu}s CPU, ${rss} MiB" >&2
}

run() {
    local reports="$1"
    shift
    "$BIN/coachcheck" --quiet run --inbox "$WORK/inbox" --reports "$reports" --as-of "$AS_OF" "$@"
}
export -f run
export BIN WORK AS_OF

echo "== timed runs (--jobs $JOBS)" >&2
measure "cold run" bash -c "run '$WORK/reports' --jobs $JOBS"
measure "warm run" bash -c "run '$WORK/reports' --jobs $JOBS"
mkdir -p "$WORK/inbox/certificates/new"
cp "$LEAGUE"/extra/*.pdf "$WORK/inbox/certificates/new/"
EXTRA=$(find "$WORK/inbox/certificates/new" -name '*.pdf' | wc -l)
measure "run +$EXTRA certs" bash -c "run '$WORK/reports' --jobs $JOBS"
rm -rf "$WORK/inbox/certificates/new"

# watch: one certificate dropped into a warm inbox; time until reports/latest points at a
# new report (the watcher waits `settle` = 1 s of quiet first, which is included).
latest_target() { readlink "$WORK/reports/latest" 2>/dev/null || true; }
wait_for_new_latest() { # OLD TIMEOUT_S -> 0 once latest differs from OLD
    local old="$1" deadline=$((SECONDS + $2))
    while [ "$(latest_target)" = "$old" ]; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.02
    done
}
echo "== watch: one dropped certificate" >&2
BEFORE=$(latest_target)
"$BIN/coachcheck" --quiet watch --inbox "$WORK/inbox" --reports "$WORK/reports" > "$WORK/watch.log" 2>&1 &
WATCHER=$!
trap 'kill -TERM "$WATCHER" 2> /dev/null || true' EXIT
wait_for_new_latest "$BEFORE" 120 || { echo "scale.sh: the watcher's first run did not finish" >&2; exit 1; }
sleep 1
BEFORE=$(latest_target)
DROP=$(find "$LEAGUE/extra" -name '*.pdf' | sort | head -1)
START=$(date +%s.%N)
cp "$DROP" "$WORK/inbox/certificates/zz-dropped.pdf"
# The first new report that lists the dropped file.
until wait_for_new_latest "$BEFORE" 60 && grep -qF zz-dropped.pdf "$WORK/reports/latest/report.json"; do
    [ "$(latest_target)" != "$BEFORE" ] || { echo "scale.sh: the watcher did not pick up the drop" >&2; exit 1; }
    BEFORE=$(latest_target)
done
END=$(date +%s.%N)
kill -TERM "$WATCHER" 2> /dev/null || true
wait "$WATCHER" 2> /dev/null || true
rm -f "$WORK/inbox/certificates/zz-dropped.pdf"
WATCH_FIG=$(awk -v a="$START" -v b="$END" 'BEGIN {printf "%.2f s (of which settle 1.00 s)", b - a}')
echo "   watch drop -> latest: $WATCH_FIG" >&2

if [ "${SKIP_EXTRACT:-0}" != 1 ]; then
    measure "extraction only (1 thread)" "$BIN/extract_dir" "$WORK/inbox/certificates"
fi
measure "matching only" "$BIN/coachcheck" --quiet match --roster "$LEAGUE/match-roster.csv" \
    --records "$LEAGUE/match-records.csv" --out "$WORK/matches.csv"

echo "== determinism (--jobs 1 vs --jobs 2)" >&2
run "$WORK/det-1" --jobs 1 > /dev/null
run "$WORK/det-2" --jobs 2 > /dev/null
DET="identical"
for file in report.json coaches.csv findings.csv; do
    for n in 1 2; do
        grep -v -e '"generated_at"' -e "$WORK/det-$n" "$WORK/det-$n/latest/$file" > "$WORK/det-$n.$file"
    done
    if ! cmp -s "$WORK/det-1.$file" "$WORK/det-2.$file"; then
        DET="DIFFERENT ($file)"
        diff "$WORK/det-1.$file" "$WORK/det-2.$file" | head -5 >&2 || true
    fi
done

echo "== findings vs the generator's intent" >&2
CHECK=$("$BIN/gen_league" --check "$LEAGUE/truth.csv" "$WORK/det-2/latest" | grep '^check:' || true)

GEN_FIG="$GEN_NOTE"
if [ -f "$WORK/time-generate.txt" ]; then
    GEN_FIG=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.1f s", s}' "$WORK/time-generate.txt")
fi

echo
echo "### $COACHES coaches, $CERTS certificate files, --jobs $JOBS, $(nproc) cores"
echo
echo "| step | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "- watch, one certificate dropped -> reports/latest updated: $WATCH_FIG"
echo "- generation: $GEN_FIG"
echo "- determinism (report.json, coaches.csv, findings.csv; --jobs 1 vs 2): $DET"
echo "- ${CHECK:-check: not run}"
