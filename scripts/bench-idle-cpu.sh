#!/usr/bin/env bash
# CPU used by `gong present` sitting on a slide with the clock running, release build,
# under an Xvfb of its own at 1920×1080: the process's user + system time over SECONDS
# (default 10) as a share of one core. The X server's own time is not counted.
# Needs Xvfb and xdotool; GONG=path measures a given binary instead of building one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${SECONDS_MEASURED:-10}
deck=${DECK:-$root/talks/gong-tour.md}
display=${DISPLAY_NUMBER:-:94}
work=$(mktemp -d)
xvfb_pid=
gong_pid=
cleanup() {
    [ -n "$gong_pid" ] && kill "$gong_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
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
DISPLAY=$display GONG_WINDOW_SIZE=1920x1080 "$work/gong" present "$deck" --windowed --mute \
    >/dev/null 2>&1 &
gong_pid=$!
sleep 2
DISPLAY=$display xdotool mousemove 10 10 key Right   # start the clock, show slide 1
sleep 2                                              # past the lively time after a key

ticks() { awk '{ print $14 + $15 }' "/proc/$gong_pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$seconds"
after=$(ticks)
awk -v used=$((after - before)) -v hz="$hz" -v s="$seconds" \
    'BEGIN { printf "idle on a slide, clock running: %.1f %% of one core over %d s\n", 100 * used / hz / s, s }'
