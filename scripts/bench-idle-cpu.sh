#!/usr/bin/env bash
# CPU used by `gong present` while nothing happens, release build, under an Xvfb of its
# own at 1920×1080: the process's user + system time over SECONDS_MEASURED (default 10)
# as a share of one core, and the frames it painted meanwhile (from the paint trace,
# GONG_PAINT_TRACE; an older build without one prints no frame count). The X server's own
# time is not counted. CARD says what sits on the screen:
#   slide   the first slide of DECK with its clock running (default; DECK defaults to
#           talks/gong-tour.md, a text slide; talks/pictures.md opens on a full-bleed photo)
#   time    the TIME card of a one-second talk, counting overtime
#   upnext  the Up next card before the talk starts
#
#   scripts/bench-idle-cpu.sh        DECK=talks/pictures.md scripts/bench-idle-cpu.sh
#   CARD=time scripts/bench-idle-cpu.sh        CARD=upnext scripts/bench-idle-cpu.sh
#
# Needs Xvfb and xdotool; GONG=path measures a given binary instead of building one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/common.sh"
seconds=${SECONDS_MEASURED:-10}
card=${CARD:-slide}
deadline $((seconds + 600))
deck=${DECK:-$root/talks/gong-tour.md}
work=$(work_dir)
release_gong "$work"
start_xvfb 1920x1080

extra=()
case "$card" in
    slide | upnext) ;;
    time) extra=(--duration 1s) ;;
    *) echo "$0: CARD is slide, time or upnext, not $card" >&2; exit 2 ;;
esac
: >"$work/paint"
GONG_WINDOW_SIZE=1920x1080 GONG_FRAME_TRACE="$work/trace" GONG_PAINT_TRACE="$work/paint" \
    "$work/gong" present "$deck" --windowed --mute "${extra[@]}" >/dev/null 2>&1 &
gong_pid=$!
on_exit 'kill "$gong_pid"'
wait_for_line "$work/trace" ' FirstFrameShown ' 60
until xdotool search --onlyvisible --name '^gong$' >/dev/null 2>&1; do sleep 0.05; done
xdotool mousemove 10 10
wait_for_line "$work/trace" ' GlyphsWarm ' 60
if [ "$card" != upnext ]; then
    # Start the clock and show slide 1; a key that meets a window still settling is sent again.
    for _ in 1 2 3 4 5; do
        xdotool key Right
        wait_for_line "$work/trace" ' Talk 1 ' 2 2>/dev/null && break
    done
    wait_for_line "$work/trace" ' Talk 1 ' 5
fi
[ "$card" = time ] && wait_for_line "$work/trace" ' TimeUp 1 ' 10
sleep 2                                              # past the frames that follow a key

ticks() { awk '{ print $14 + $15 }' "/proc/$gong_pid/stat"; }
now_ms() { local ns; ns=$(date +%s%N); echo "${ns:0:-6}"; }
hz=$(getconf CLK_TCK)
from=$(now_ms)
before=$(ticks)
sleep "$seconds"
after=$(ticks)
to=$(now_ms)
# A frame's line is written when the next frame starts: give the last one its second.
sleep 1.2
frames=$(awk -v from="$from" -v to="$to" '$1 >= from && $1 < to' "$work/paint" | wc -l)
# The time between frames, which a window edge cuts no frame off: painted a second apart
# on a still card.
apart=$(awk -v from="$from" -v to="$to" '$1 >= from && $1 < to { if (last) { sum += $1 - last; n++ } last = $1 }
    END { if (n) printf "%.0f", sum / n; else print "-" }' "$work/paint")
case "$card" in
    slide) label="slide of $(basename "$deck")" ;;
    time) label="TIME card" ;;
    upnext) label="Up next card" ;;
esac
awk -v used=$((after - before)) -v hz="$hz" -v s="$seconds" -v label="$label" \
    -v frames="$frames" -v apart="$apart" -v traced="$([ -s "$work/paint" ] && echo yes || echo no)" '
    BEGIN {
        printf "still on the %s: %.1f %% of one core over %d s", label, 100 * used / hz / s, s
        if (traced == "yes") printf ", %d frames, %s ms apart on average", frames, apart
        printf "\n"
    }'
