#!/usr/bin/env bash
# CPU used by `gong present` sitting on a slide with the clock running, release build,
# under an Xvfb of its own at 1920×1080: the process's user + system time over SECONDS
# (default 10) as a share of one core. The X server's own time is not counted.
# Needs Xvfb and xdotool; GONG=path measures a given binary instead of building one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/common.sh"
seconds=${SECONDS_MEASURED:-10}
deadline $((seconds + 600))
deck=${DECK:-$root/talks/gong-tour.md}
work=$(work_dir)
release_gong "$work"
start_xvfb 1920x1080

GONG_WINDOW_SIZE=1920x1080 GONG_FRAME_TRACE="$work/trace" "$work/gong" present "$deck" \
    --windowed --mute >/dev/null 2>&1 &
gong_pid=$!
on_exit 'kill "$gong_pid"'
wait_for_line "$work/trace" ' FirstFrameShown ' 60
until xdotool search --onlyvisible --name '^gong$' >/dev/null 2>&1; do sleep 0.05; done
xdotool mousemove 10 10
# Start the clock and show slide 1; a key that meets a window still settling is sent again.
for _ in 1 2 3 4 5; do
    xdotool key Right
    wait_for_line "$work/trace" ' Talk 1 ' 2 2>/dev/null && break
done
wait_for_line "$work/trace" ' Talk 1 ' 5
sleep 2                                              # past the lively time after a key

ticks() { awk '{ print $14 + $15 }' "/proc/$gong_pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$seconds"
after=$(ticks)
awk -v used=$((after - before)) -v hz="$hz" -v s="$seconds" \
    'BEGIN { printf "idle on a slide, clock running: %.1f %% of one core over %d s\n", 100 * used / hz / s, s }'
