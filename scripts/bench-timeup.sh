#!/usr/bin/env bash
# How late the clock's moments are, measured on the real program: builds a release gong,
# presents a three-second talk (warnings at 0:02 and 0:01 left) RUNS times under a private
# Xvfb, starts each with a key press as a clicker would, and reads the session log back.
# Each log line carries `talk_ms`, the monotonic milliseconds on the talk's clock when the
# event was handled, so the lateness of an event is its talk_ms minus its deadline:
#   wrap_up at 1000 ms, final at 2000 ms, time_up at 3000 ms (slot minus remaining_ms).
# Prints worst and median lateness per event. The product's bound is one frame (~17 ms).
#
#   scripts/bench-timeup.sh            # 20 runs
#   RUNS=5 scripts/bench-timeup.sh
#   SLOT=12 scripts/bench-timeup.sh    # a 12 s talk: the last 10 s pulse at full frame rate
#   GONG=path/to/gong scripts/bench-timeup.sh   # measure that binary, build nothing
#
# Needs: Xvfb, xdotool, jq. Sound goes to ALSA's null device, so cues are played (the sound
# thread works as in a show) but nothing is heard.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/lib/common.sh

runs=${RUNS:-20}
slot=${SLOT:-3}
slot_ms=$((slot * 1000))
deadline $((runs * (slot + 30) + 600))
need jq
work=$(work_dir)
gong_pid=""
on_exit '[ -n "$gong_pid" ] && kill "$gong_pid"'
release_gong "$work"
start_xvfb 1920x1080
export GONG_WINDOW_SIZE=1920x1080
printf 'pcm.!default { type null }\n' >"$work/alsa.conf"
export ALSA_CONFIG_PATH="$work/alsa.conf"

# Slides to spare: a start press sent again to a window that was only slow to answer
# moves a slide instead of ending the talk.
{
  printf -- '---\ntitle: Three seconds\nauthor: Bench\n---\n'
  for n in 1 2 3 4 5 6 7 8; do printf '# Slide %s\n\n---\n\n' "$n"; done
} >"$work/deck.md"

# Waits up to $2 seconds for a line with "event":"$1" in log $3.
wait_for() {
  local event=$1 seconds=$2 log=$3
  local tries=$((seconds * 20))
  for _ in $(seq "$tries"); do
    grep -q "\"event\":\"$event\"" "$log" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

: >"$work/lateness"
for run in $(seq "$runs"); do
  log="$work/run-$run.jsonl"
  GONG_FRAME_TRACE="$work/trace-$run" "$work/gong" present "$work/deck.md" --windowed \
    --duration "${slot}s" --warnings 2s,1s --log "$log" >"$work/run-$run.out" 2>&1 &
  gong_pid=$!
  timeout 30 xdotool search --sync --onlyvisible --name '^gong$' >/dev/null \
    || { echo "run $run: no window" >&2; cat "$work/run-$run.out" >&2; exit 1; }
  wait_for_line "$work/trace-$run" ' FirstFrameShown ' 30
  xdotool mousemove 10 10
  # A key sent before the window takes input is lost: press again until the talk starts.
  started=no
  for _ in $(seq 20); do
    xdotool key Right
    if wait_for talk_started 1 "$log"; then started=yes; break; fi
  done
  [ "$started" = yes ] || { echo "run $run: the talk never started" >&2; exit 1; }
  # Asleep through the talk: a harness polling the log meanwhile would share the two
  # cores with the frames it measures (a wake stalled by a millisecond makes it late).
  sleep "$slot.3"
  wait_for time_up 7 "$log" || { echo "run $run: no time_up" >&2; cat "$log" >&2; exit 1; }
  # The organiser ends the talk, then leaves the summary.
  xdotool key n
  wait_for session_ended 5 "$log" || true
  xdotool key n
  for _ in $(seq 40); do kill -0 "$gong_pid" 2>/dev/null || break; sleep 0.05; done
  kill "$gong_pid" 2>/dev/null || true
  wait "$gong_pid" 2>/dev/null || true
  gong_pid=""
  jq -r --argjson slot "$slot_ms" 'select(.event == "warning" or .event == "time_up")
         | [(if .event == "warning" then .which else .event end),
            (.talk_ms - $slot + (.remaining_ms // 0))]
         | @tsv' "$log" >>"$work/lateness"
  printf 'run %2d: %s\n' "$run" \
    "$(awk '{print $1 "=" $2 "ms"}' "$work/lateness" | tail -n3 | paste -sd' ')" >&2
done

build=${GONG:+$GONG}
printf '\n%d talks of %d s (%s), 1920x1080 under Xvfb; lateness = talk_ms - deadline\n' \
  "$runs" "$slot" "${build:-release build}"
printf '%-8s %6s %8s %8s %8s\n' event count best median worst
for event in wrap_up final time_up; do
  awk -v e="$event" '$1 == e {print $2}' "$work/lateness" | sort -n | awk -v e="$event" '
    { v[NR] = $1 }
    END {
      if (NR == 0) { printf "%-8s %6d\n", e, 0; exit }
      median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-8s %6d %6d ms %6s ms %6d ms\n", e, NR, v[1], median, v[NR]
    }'
done
