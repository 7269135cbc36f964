#!/usr/bin/env bash
# A clicker's keys on a projector, as a speaker meets them: release build, an Xvfb of its
# own with two 1920×1080 monitors side by side (RandR), a window manager
# (matchbox-window-manager), and `gong present` fullscreen on the right-hand one
# (`--screen 2`). PRESSES presses (default 24) of the keys clickers send — PgDn, PgUp,
# B, `.`, →, ← — each at a random moment (0.3–1.5 s after the one before), timed as
# `scripts/bench-key-latency.sh` times them: the key sent through libxdo, the answer the
# first frame of the paint trace that started after it and answered input, "shown" its
# buffer swap returning.
#
#   scripts/bench-clicker.sh          PRESSES=12 scripts/bench-clicker.sh
#
# Needs Xvfb, xrandr, xdotool (libxdo), xwininfo, matchbox-window-manager and python3 (ctypes).
source "$(dirname "$0")/bench-session-common.sh"

presses=${PRESSES:-24}
deadline $((presses * 10 + 300))
need xrandr
need matchbox-window-manager
need xwininfo
prepare_gong
start_xvfb 3840x1080
xrandr --setmonitor left 1920/508x1080/286+0+0 screen >/dev/null
xrandr --setmonitor right 1920/508x1080/286+1920+0 none >/dev/null
matchbox-window-manager >/dev/null 2>&1 &
on_exit "kill $!"
until xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; do
    sleep 0.05
done

trace=$work/frames.trace
painted=$work/paint.trace
: >"$trace"
: >"$painted"
deck=$work/long.md
for n in $(seq $((presses + 2))); do
    printf '# Slide %s\n\n- the point of slide %s\n- and a second line about it\n\n---\n\n' "$n" "$n"
done >"$deck"
(cd "$work" && GONG_FRAME_TRACE="$trace" GONG_PAINT_TRACE="$painted" \
    exec ./gong present "$deck" --screen 2 --mute 2>"$work/stderr.txt") &
gong_pid=$!
wait_trace 'UpNext 1$' 60
wait_glyphs_warm
xdotool mousemove 10 10
press_until Right "Talk 1$"
window=$(xdotool search --onlyvisible --class '^gong$' | head -n 1)
place=$(xwininfo -id "$window" | awk '/Absolute upper-left X/ { x = $NF } /Absolute upper-left Y/ { y = $NF }
    /Width:/ { w = $NF } /Height:/ { h = $NF } END { printf "%sx%s+%s+%s", w, h, x, y }')
if [ "$place" != "1920x1080+1920+0" ]; then
    echo "$0: the window is at $place, not fullscreen on the right-hand monitor" >&2
    exit 1
fi

# Every key changes the picture: forward twice, black and back twice, back twice.
keys=(Next b b Right period period Prior Left)
: >"$samples"
for n in $(seq 0 $((presses - 1))); do
    random_pause
    read -r before _after < <(press_timed "${keys[$((n % ${#keys[@]}))]}" 0.25)
    sample clicker "$before"
done

printf '%d clicker presses, the window at %s (the right of two 1920x1080 monitors), matchbox, ms after the key:\n' "$presses" "$place"
print_samples clicker
