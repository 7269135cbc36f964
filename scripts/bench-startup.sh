#!/usr/bin/env bash
# Time from exec to the first frame on screen for `gong present`, release build, under
# an Xvfb of its own at 1920×1080: RUNS runs (default 10), median and worst.
#
# The start is taken just before exec (`date +%s%N`); the end is the frame trace's
# FirstFrameShown line, written when the first buffer swap returns (GONG_FRAME_TRACE).
# Needs Xvfb; GONG=path measures a given binary instead of building one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-10}
deck=${DECK:-$root/talks/gong-tour.md}
display=${DISPLAY_NUMBER:-:93}
work=$(mktemp -d)
xvfb_pid=
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

gong=${GONG:-}
if [ -z "$gong" ]; then
    (cd "$root" && cargo build --release --locked --quiet)
    gong=${CARGO_TARGET_DIR:-$root/target}/release/gong
fi
cp "$gong" "$work/gong"

Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

times=()
for run in $(seq "$runs"); do
    trace=$work/trace-$run
    start=$(date +%s%N)
    DISPLAY=$display GONG_WINDOW_SIZE=1920x1080 GONG_FRAME_TRACE=$trace \
        "$work/gong" present "$deck" --windowed --mute >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 500); do
        grep -q FirstFrameShown "$trace" 2>/dev/null && break
        sleep 0.01
    done
    shown=$(awk '/FirstFrameShown/ { print $1; exit }' "$trace")
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    times+=("$(awk -v shown="$shown" -v start="$start" 'BEGIN { printf "%.1f", shown - start / 1e6 }')")
done
printf '%s\n' "${times[@]}" | sort -n | awk '
    { t[NR] = $1 }
    END { printf "exec to first frame, %d runs: median %.1f ms, worst %.1f ms\n", NR, t[int((NR + 1) / 2)], t[NR] }'
