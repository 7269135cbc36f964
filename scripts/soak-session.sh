#!/usr/bin/env bash
# A long session, driven as an organiser would: TALKS talks of one second each (50 by
# default), each started with →, run to 0:00, and handed over with N, to the summary.
# Prints the process's resident memory (VmRSS) during the first talk, every tenth talk and
# at the end, and fails if the end is more than 10 MB above the first talk.
#
#   scripts/soak-session.sh [TALKS]      GONG=path/to/gong
#
# Runs its own Xvfb; needs xdotool. Builds target/release/gong if GONG is not set and it
# is missing.

source "$(dirname "$0")/bench-session-common.sh"

talks=${1:-50}
deadline $((talks * 20 + 300))
prepare_gong
start_xvfb
write_lineup "$talks" 1s
start_gong
began=$SECONDS

first=
for n in $(seq "$talks"); do
    if [ "$n" -eq 1 ]; then
        press_until Right "Talk 1$"
        first=$(rss_kb)
        echo "talk 1: VmRSS $first kB"
    else
        xdotool key Right
        wait_trace "Talk $n\$"
    fi
    wait_trace "TimeUp $n\$"
    if [ $((n % 10)) -eq 0 ]; then
        echo "talk $n: VmRSS $(rss_kb) kB"
    fi
    xdotool key n
    if [ "$n" -lt "$talks" ]; then
        wait_trace "UpNext $((n + 1))\$"
    else
        wait_trace "Summary"
    fi
done

log=$work/lineup.session.jsonl
until grep -q '"session_ended"' "$log"; do sleep 0.05; done
last=$(rss_kb)
ended=$(grep -c '"talk_ended"' "$log")
echo "end ($talks talks, $ended talk_ended, $((SECONDS - began)) s): VmRSS $last kB"
growth=$((last - first))
echo "growth: $growth kB"
xdotool key q
if [ "$ended" -ne "$talks" ]; then
    echo "FAIL: $ended talks ended, expected $talks" >&2
    exit 1
fi
if [ "$growth" -gt 10240 ]; then
    echo "FAIL: memory grew by more than 10 MB" >&2
    exit 1
fi
echo "ok"
