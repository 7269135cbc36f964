#!/usr/bin/env bash
# Key press → the first frame that shows it, as a speaker meets it: release build, an Xvfb
# of its own at 1920×1080, PRESSES presses (default 20) each at a random moment (a wait of
# 0.3–1.5 s before it, so presses land anywhere between the clock's ticks):
#   - on the Up next card: Right starts the talk (a `gong run` of one-second talks; after
#     each, N on the TIME card brings the next speaker's card);
#   - on a slide: Right shows the next one (`gong present` of a long deck).
# The key goes out through libxdo (as xdotool sends it), timed just before the call
# (press_timed), which then sleeps a quarter of a second before it returns, so nothing of
# the script runs beside the frame it measures. The frame that answers it is the first
# line of the paint trace (GONG_PAINT_TRACE, see src/window/trace.rs) that started after
# the key and answered input; "frame" is its start, "shown" its buffer swap returning (its picture on screen).
# On the Up next card "busy" is that frame's own work up to its picture being composed,
# from the frame trace's `Talk` line: handling the key and composing the first slide
# (builds before the log was synced after the picture also wrote and synced
# `talk_started` and `slide_shown` there). A binary without a paint trace (an older build,
# GONG=path) is measured there by that line alone, which is the answering frame's start.
#
#   scripts/bench-key-latency.sh          PRESSES=10 scripts/bench-key-latency.sh
#
# Needs Xvfb, xdotool (libxdo) and python3 (ctypes).
source "$(dirname "$0")/bench-session-common.sh"

presses=${PRESSES:-20}
deadline $((presses * 20 + 600))
prepare_gong
start_xvfb

: >"$samples"
# The Up next card.
write_lineup $((presses + 1)) 1s
start_gong
for n in $(seq "$presses"); do
    random_pause
    read -r before _after < <(press_timed Right 0.25)
    wait_trace "Talk $n\$"
    sample upnext "$before" "$(grep " Talk $n " "$trace" | head -n 1 | cut -d' ' -f4)"
    wait_trace "TimeUp $n\$"
    xdotool key n
    wait_trace "UpNext $((n + 1))\$"
done
kill "$gong_pid" 2>/dev/null || true
wait "$gong_pid" 2>/dev/null || true

# A slide: a deck with a slide for every press, and some text on each.
deck=$work/long.md
for n in $(seq $((presses + 2))); do
    printf '# Slide %s\n\n- the point of slide %s\n- and a second line about it\n\n---\n\n' "$n" "$n"
done >"$deck"
: >"$trace"
: >"$painted"
(cd "$work" && GONG_WINDOW_SIZE=1920x1080 GONG_FRAME_TRACE="$trace" GONG_PAINT_TRACE="$painted" \
    exec ./gong present "$deck" --windowed --mute 2>"$work/stderr.txt") &
gong_pid=$!
wait_trace 'UpNext 1$' 60
wait_glyphs_warm
xdotool mousemove 10 10
press_until Right "Talk 1$"
if [ -s "$painted" ]; then
    for _ in $(seq "$presses"); do
        random_pause
        read -r before _after < <(press_timed Right 0.25)
        sample slide "$before"
    done
else
    echo "(no paint trace from this binary: the slide case is not measured)" >&2
fi

printf '%d presses a case at random moments, 1920x1080 under Xvfb (llvmpipe), ms after the key:\n' "$presses"
print_samples upnext slide
