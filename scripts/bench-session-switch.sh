#!/usr/bin/env bash
# Speaker switch time: how long from the organiser's N on the TIME card to the next
# speaker's Up next card. Runs a session of HANDOVERS+1 one-second talks (20 handovers by
# default); each talk is started, runs to 0:00, and after a random wait of 0–300 ms
# (so the press lands anywhere in the frame cycle) N is pressed.
#
#   scripts/bench-session-switch.sh [HANDOVERS]     GONG=path/to/gong
#
# Figures, from the frame trace (GONG_FRAME_TRACE, see src/session.rs), in ms:
#   gap      last frame of the TIME card → first frame of the Up next card (frame clock)
#   busy     in that first frame: handling N (log lines written and synced) and composing
#            the card, up to the draw list being ready (painting and the swap not included)
#   key→card N sent (through libxdo, as xdotool sends it) → the Up next card composed: the
#            wait for the window's next frame plus busy, as the organiser sees it, less
#            painting and the swap (about 4 ms a frame here)
#   send     how long the libxdo call took (the key went out within it)
#
# Runs its own Xvfb; needs xdotool and python3 (ctypes). Builds target/release/gong if GONG is not set.

source "$(dirname "$0")/bench-session-common.sh"

handovers=${1:-20}
talks=$((handovers + 1))
deadline $((talks * 20 + 300))
prepare_gong
start_xvfb
write_lineup "$talks" 1s
start_gong

samples=$work/samples.txt
: >"$samples"
for n in $(seq "$handovers"); do
    if [ "$n" -eq 1 ]; then
        press_until Right "Talk 1$"
    else
        xdotool key Right
        wait_trace "Talk $n\$"
    fi
    wait_trace "TimeUp $n\$"
    sleep "0.$(printf '%03d' $((RANDOM % 300)))"
    read -r before after < <(press_timed n)
    wait_trace "UpNext $((n + 1))\$"
    read -r at _screen _talk busy gap < <(last_screen_line)
    awk -v at="$at" -v busy="$busy" -v gap="$gap" -v before="$before" -v after="$after" \
        'BEGIN { printf "%.3f %.3f %.3f %.3f\n", gap, busy, at + busy - before, after - before }' \
        >>"$samples"
done
xdotool key Right
wait_trace "Talk $talks\$"
wait_trace "TimeUp $talks\$"
xdotool key n
wait_trace "Summary"
xdotool key q

echo "$handovers handovers, 1920x1080 under Xvfb (llvmpipe), ms:"
for column in 1 2 3 4; do
    name=$(echo "gap busy key→card send" | cut -d' ' -f"$column")
    cut -d' ' -f"$column" "$samples" | sort -g | awk -v name="$name" '
        { v[NR] = $1; sum += $1 }
        END {
            median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            p90 = v[int(NR * 0.9 + 0.999)]
            printf "  %-9s min %7.2f  median %7.2f  p90 %7.2f  max %7.2f  mean %7.2f\n",
                name, v[1], median, p90, v[NR], sum / NR
        }'
done
