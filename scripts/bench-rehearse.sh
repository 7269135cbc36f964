#!/usr/bin/env bash
# Rehearsal figures for the README (issue 13), on the demo decks (or DECK...), release
# build, under an Xvfb of its own at 1920×1080:
#
# 1. save → reloaded frame: `gong rehearse` in the presenter view, the run started, the
#    deck saved SAVES times (10) as an editor saves (a new file renamed over it), half a
#    second apart. Each save is timed from just before the rename to the moment the
#    frame that took it in had its picture composed (the frame trace's DeckReloaded line:
#    its start plus its busy time); the painting that follows costs what figure 2 says.
# 2. the presenter view's frame cost against the audience view's, slide by slide: the
#    layout and composing a change of slide costs, and the painting every frame costs
#    (p50 of FRAMES frames, 300, pictures decoded), from the presenter_frames example;
#    a frame's cost is the two added, and the ratios are of those. Each view of each
#    slide is measured ROUNDS times (3), the two views taking turns, and the least of
#    each kept: on two shared cores a run is only ever slowed (the X server, another
#    process), and one slow run alone made single slides look ×0.6 or ×2.2.
#
#   scripts/bench-rehearse.sh [DECK...]      SAVES=10  FRAMES=300  ROUNDS=3
#
# Needs Xvfb and xdotool. Stops by itself after half an hour at the most.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/common.sh"
deadline 1800
saves=${SAVES:-10}
frames=${FRAMES:-300}
rounds=${ROUNDS:-3}
if [ $# -eq 0 ]; then
    set -- "$root"/talks/gong-tour.md "$root"/talks/kafka.md "$root"/talks/pictures.md
fi
work=$(work_dir)
release_gong "$work"
(cd "$root" && cargo build --release --locked --quiet --example presenter_frames)
cp "${CARGO_TARGET_DIR:-$root/target}/release/examples/presenter_frames" "$work/"
start_xvfb 1920x1080

echo "save → reloaded frame composed (ms), $saves saves a deck:"
for deck in "$@"; do
    name=$(basename "$deck")
    copy="$work/talk-$name"
    rm -rf "$copy"
    mkdir "$copy"
    cp -r "$(dirname "$deck")"/. "$copy"/
    find "$copy" -name '*.rehearsals.jsonl' -delete
    trace="$copy/frames.trace"
    GONG_WINDOW_SIZE=1920x1080 GONG_FRAME_TRACE="$trace" \
        "$work/gong" rehearse "$copy/$name" --windowed --mute >/dev/null 2>&1 &
    pid=$!
    on_exit "kill $pid"
    for _ in $(seq 400); do
        xdotool search --onlyvisible --name '^gong$' >/dev/null 2>&1 && break
        sleep 0.05
    done
    xdotool mousemove 10 10
    # The first press starts the run (pressed again if the window was not taking keys).
    for _ in $(seq 10); do
        xdotool key Right
        grep -q ' Talk ' "$trace" 2>/dev/null && break
        sleep 0.5
    done
    : >"$work/latencies"
    for i in $(seq "$saves"); do
        sleep 0.5
        cp "$copy/$name" "$copy/.saving"
        printf '\n<!-- notes: saved %d -->\n' "$i" >>"$copy/.saving"
        before=$(date +%s%N)
        mv "$copy/.saving" "$copy/$name"
        wait_for_line "$trace" "DeckReloaded" 10
        for _ in $(seq 500); do
            [ "$(grep -c DeckReloaded "$trace")" -ge "$i" ] && break
            sleep 0.01
        done
        grep DeckReloaded "$trace" | sed -n "${i}p" |
            awk -v before="$before" '{ printf "%.1f\n", $1 + $4 - before / 1e6 }' >>"$work/latencies"
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    sort -g "$work/latencies" | awk -v deck="$name" '
        { v[NR] = $1 }
        END { printf "  %s: p50 %.1f, max %.1f over %d saves\n", deck, v[int((NR + 1) / 2)], v[NR], NR }'
done

echo "presenter view against audience view (layout+compose ms, paint p50 ms):"
for deck in "$@"; do
    name=$(basename "$deck")
    slide=1
    measure() {
        GONG_WINDOW_SIZE=1920x1080 timeout 120 \
            "$work/presenter_frames" "$deck" "$slide" "$1" "$frames" 2>/dev/null
    }
    while audience=$(measure audience); do
        : >"$work/rounds"
        for round in $(seq "$rounds"); do
            [ "$round" -gt 1 ] && audience=$(measure audience)
            presenter=$(measure presenter)
            # "slide 2 audience: layout 1.23 ms, paint p50 0.45 ms"
            echo "$audience | $presenter" | awk '{ print $5, $9, $16, $20 }' >>"$work/rounds"
        done
        awk -v deck="$name" -v slide="$slide" '
            NR == 1 { al = $1; ap = $2; pl = $3; pp = $4 }
            { if ($1 < al) al = $1; if ($2 < ap) ap = $2; if ($3 < pl) pl = $3; if ($4 < pp) pp = $4 }
            END {
                printf "  %s slide %s: layout %.2f → %.2f, paint %.2f → %.2f, frame ×%.2f\n",
                    deck, slide, al, pl, ap, pp, (pl + pp) / (al + ap)
                print al + ap, pl + pp > "/dev/stderr"
            }' "$work/rounds" 2>>"$work/costs"
        slide=$((slide + 1))
    done
done
awk '{ r = $2 / $1; s += r; n++; if (r > worst) worst = r; a += $1; p += $2 }
    END { printf "frame cost, presenter against audience: mean ×%.2f, worst ×%.2f; all slides summed ×%.2f (%d slides)\n", s / n, worst, p / a, n }' \
    "$work/costs"
