#!/usr/bin/env bash
# Frame time of every slide of the demo decks (or of DECK...), pictures included, as
# painted by the real painter at 1920×1080 under an Xvfb of its own: one line per slide
# (p50 / p99 / max over FRAMES frames, 600 by default), then the slowest slide by p99.
# Frames are painted back to back, as fast as the window allows; PACED=1 paints them 60
# a second, as the show does while anything moves, and reports each frame's own cost.
#
#   scripts/bench-frames.sh [DECK...]      FRAMES=600  PACED=1
#
# Needs Xvfb and xdotool. Builds the frame_times example (release). Stops by itself after
# an hour at the most.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/common.sh"
deadline 3600
frames=${FRAMES:-600}
pacing=--back-to-back
[ "${PACED:-}" = 1 ] && pacing=
if [ $# -eq 0 ]; then
    set -- "$root"/talks/*.md
fi
work=$(work_dir)

(cd "$root" && cargo build --release --locked --quiet --example frame_times)
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/frame_times
cp "$bin" "$work/frame_times"

start_xvfb 1920x1080

for deck in "$@"; do
    slide=1
    while line=$(GONG_WINDOW_SIZE=1920x1080 timeout 300 \
        "$work/frame_times" "$deck" "$slide" "$frames" $pacing 2>/dev/null); do
        echo "$(basename "$deck") $line" | tee -a "$work/all"
        slide=$((slide + 1))
    done
done
echo "slowest by p99:"
# "… p50 4.01 ms, p99 4.82 ms, max 7.14 ms": the p99 figure is the fifth field from the end.
awk '{ print $(NF - 4), $0 }' "$work/all" | sort -g | tail -n 1 | cut -d' ' -f2-
