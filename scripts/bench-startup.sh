#!/usr/bin/env bash
# Time from exec to the first frame on screen for `gong present`, release build, under
# an Xvfb of its own at 1920×1080: RUNS runs (default 10), median and worst.
#
# The start is taken just before exec (`date +%s%N`); the end is the frame trace's
# FirstFrameShown line, written when the first buffer swap returns (GONG_FRAME_TRACE).
# Needs Xvfb; GONG=path measures a given binary instead of building one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/common.sh"
runs=${RUNS:-10}
deadline $((runs * 30 + 600))
deck=${DECK:-$root/talks/gong-tour.md}
work=$(work_dir)
release_gong "$work"
start_xvfb 1920x1080

times=()
for run in $(seq "$runs"); do
    trace=$work/trace-$run
    start=$(date +%s%N)
    GONG_WINDOW_SIZE=1920x1080 GONG_FRAME_TRACE=$trace \
        "$work/gong" present "$deck" --windowed --mute >/dev/null 2>&1 &
    pid=$!
    if ! wait_for_line "$trace" FirstFrameShown 20; then
        kill "$pid" 2>/dev/null
        exit 1
    fi
    shown=$(awk '/FirstFrameShown/ { print $1; exit }' "$trace")
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    times+=("$(awk -v shown="$shown" -v start="$start" 'BEGIN { printf "%.1f", shown - start / 1e6 }')")
done
printf '%s\n' "${times[@]}" | sort -n | awk '
    { t[NR] = $1 }
    END { printf "exec to first frame, %d runs: median %.1f ms, worst %.1f ms\n", NR, t[int((NR + 1) / 2)], t[NR] }'
