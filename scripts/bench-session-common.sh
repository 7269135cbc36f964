# Shared by scripts/bench-session-switch.sh, scripts/bench-key-latency.sh,
# scripts/bench-clicker.sh and scripts/soak-session.sh (sourced, not run): an Xvfb of
# their own, a generated lineup of short talks, a `gong run` with the frame trace
# (GONG_FRAME_TRACE) and the paint trace (GONG_PAINT_TRACE) on, waiting on the frame trace
# rather than sleeping, and keys timed to the frames that answer them.
#
# Needs Xvfb, xdotool, and a built gong (GONG=path, else target/release/gong, built with
# `cargo build --release --locked` if missing). The binary is copied first: a build
# sharing the target folder may replace it while the script runs.

set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/common.sh"
work=$(work_dir)
gong_pid=
on_exit '[ -n "$gong_pid" ] && kill "$gong_pid"'

# The binary to measure, copied into the work folder.
prepare_gong() {
    need Xvfb
    need xdotool
    local built=${GONG:-}
    if [ -z "$built" ]; then
        local target=${CARGO_TARGET_DIR:-$root/target}
        built=$target/release/gong
        if [ ! -x "$built" ]; then
            (cd "$root" && cargo build --release --locked)
        fi
    fi
    cp "$built" "$work/gong"
    echo "binary: $built ($(stat -c %y "$built" | cut -d. -f1))"
}

# write_lineup COUNT SLOT: COUNT talks of SLOT each, every one with a two-slide deck.
write_lineup() {
    local count=$1 slot=$2
    {
        printf 'title = "Bench"\nduration = "%s"\nsound = false\n' "$slot"
        for n in $(seq "$count"); do
            printf '# Speaker %s\n\nTalk number %s.\n\n---\n\n## Second slide\n\n- one\n- two\n' \
                "$n" "$n" >"$work/talk$n.md"
            printf '\n[[talk]]\nspeaker = "Speaker %s"\ntitle = "Talk %s"\ndeck = "talk%s.md"\n' \
                "$n" "$n" "$n"
        done
    } >"$work/lineup.toml"
}

trace=
painted=
# start_gong: gong run on the lineup, until its first Up next card is up and settled.
start_gong() {
    trace=$work/frames.trace
    painted=$work/paint.trace
    : >"$trace"
    (cd "$work" && GONG_WINDOW_SIZE=1920x1080 GONG_FRAME_TRACE="$trace" GONG_PAINT_TRACE="$painted" \
        exec ./gong run lineup.toml --windowed --mute --fresh 2>"$work/stderr.txt") &
    gong_pid=$!
    wait_trace 'UpNext 1$' 60
    local until=$((SECONDS + 30))
    until xdotool search --onlyvisible --name '^gong$' >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$until" ] || { echo "$0: no gong window after 30 s" >&2; exit 1; }
        sleep 0.05
    done
    xdotool mousemove 10 10
    sleep 0.3
    # As on a real night, the first Up next card is up long enough for the show to
    # settle; measuring starts from there.
    wait_glyphs_warm
}

# The newest screen line of the trace (last_screen: without its busy and gap fields).
# Marker lines (FirstFrameShown, GlyphsWarm) name a moment, not a screen.
last_screen() {
    last_screen_line | cut -d' ' -f1-3
}

last_screen_line() {
    grep -v -e ' FirstFrameShown ' -e ' GlyphsWarm ' "$trace" | tail -n 1
}

# wait_glyphs_warm: until the show has rasterised the glyphs of every card to come.
wait_glyphs_warm() {
    local deadline=$((SECONDS + 30))
    until grep -q ' GlyphsWarm ' "$trace"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "$0: the glyphs were not warm after 30 s" >&2
            exit 1
        fi
        sleep 0.02
    done
}

# wait_trace PATTERN [SECONDS]: until the newest trace line (without its busy field)
# matches; e.g. 'Talk 3$'.
wait_trace() {
    local pattern=$1 limit=${2:-30}
    local deadline=$((SECONDS + limit))
    while :; do
        if last_screen | grep -q -- "$pattern"; then
            return 0
        fi
        if ! kill -0 "$gong_pid" 2>/dev/null; then
            echo "$0: gong exited; stderr:" >&2
            cat "$work/stderr.txt" >&2
            exit 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "$0: waited $limit s for '$pattern'; trace ends:" >&2
            tail -n 5 "$trace" >&2
            exit 1
        fi
        sleep 0.01
    done
}

# press_until KEY PATTERN: the first key after a start may meet a window still settling.
press_until() {
    local key=$1 pattern=$2
    for _ in 1 2 3; do
        xdotool key "$key"
        for _ in $(seq 150); do
            last_screen | grep -q -- "$pattern" && return 0
            sleep 0.02
        done
    done
    wait_trace "$pattern" 5
}

rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$gong_pid/status"
}

now_ms() {
    local ns
    ns=$(date +%s%N)
    echo "${ns:0:-6}.${ns: -6:3}"
}

# The key-to-frame measures (scripts/bench-key-latency.sh, scripts/bench-clicker.sh):
# keys sent at random moments, each answered by a frame of the paint trace.
samples=$work/samples.txt

random_pause() {
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.3 + 1.2 * r / 32767 }')"
}

# answer BEFORE: the start and swap end of the first frame that answered input and started
# after BEFORE (ms), from the paint trace; the frame trace's newest screen line when
# there is no paint trace.
answer() {
    local before=$1 until=$((SECONDS + 10)) line
    while [ "$SECONDS" -lt "$until" ]; do
        if [ -s "$painted" ]; then
            line=$(awk -v before="$before" '$1 > before && $3 > 0 { print $1, $2; exit }' "$painted")
        else
            line=$(grep -E ' Talk [0-9]+ ' "$trace" | awk -v before="$before" '$1 > before { print $1, "-"; exit }')
        fi
        if [ -n "$line" ]; then
            echo "$line"
            return 0
        fi
        sleep 0.01
    done
    echo "$0: no frame answered the key sent at $before" >&2
    exit 1
}

# sample CASE BEFORE [BUSY]: one line of the samples file ($samples): the case, and the
# answering frame's start and swap end in ms after the key, and BUSY.
sample() {
    local case=$1 before=$2 busy=${3:--} start shown
    read -r start shown < <(answer "$before")
    awk -v c="$case" -v b="$before" -v s="$start" -v w="$shown" -v busy="$busy" \
        'BEGIN { printf "%s %.3f %s %s\n", c, s - b, (w == "-") ? "-" : sprintf("%.3f", w - b), busy }' >>"$samples"
}

# print_samples CASE...: min, median and max of each case's columns, those it has.
print_samples() {
    local case column name
    for case in "$@"; do
        for column in 2 3 4; do
            name=$(echo "frame shown busy" | cut -d' ' -f$((column - 1)))
            awk -v c="$case" -v k="$column" '$1 == c && $k != "-" { print $k }' "$samples" | sort -g |
                awk -v name="$case $name" '
                { v[NR] = $1 }
                END {
                    if (NR == 0) exit
                    median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                    printf "  %-14s n %2d  min %6.1f  median %6.1f  max %6.1f\n", name, NR, v[1], median, v[NR]
                }'
        done
    done
}
