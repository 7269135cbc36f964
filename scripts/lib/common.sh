# Sourced by the benchmark scripts (not run): an Xvfb of the script's own on a display
# number no other server has (`free_display`), so two scripts, or a script and the test
# suite, never collide; a wait for the server that ends; and a deadline for the whole
# script, so a window that never opens ends the run with a message instead of hanging.
#
#   source "$(dirname "$0")/lib/common.sh"
#   deadline 300          # seconds for the whole script
#   start_xvfb            # exports DISPLAY; the server stops when the script exits
#   on_exit 'kill "$pid"' # more clean-up, run before the server stops

_on_exit=()
_work_dirs=()

on_exit() { _on_exit+=("$1"); }

_cleanup() {
    local step
    for step in "${_on_exit[@]}"; do eval "$step" 2>/dev/null || true; done
    [ -n "${_xvfb_pid:-}" ] && kill "$_xvfb_pid" 2>/dev/null || true
    [ -n "${_watchdog:-}" ] && kill "$_watchdog" 2>/dev/null || true
    for step in "${_work_dirs[@]}"; do rm -rf "$step"; done
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

need() {
    command -v "$1" >/dev/null || { echo "$0: $1 is not installed" >&2; exit 2; }
}

# A temporary folder removed at exit.
work_dir() {
    local dir
    dir=$(mktemp -d)
    _work_dirs+=("$dir")
    echo "$dir"
}

# deadline SECONDS: the script is stopped (exit 124, with a message) after that long.
deadline() {
    local seconds=$1 script=$$
    # The sleep holds no pipe of the caller's (a pipeline reading this script's output
    # would wait for it), and goes with the watchdog when the script ends first.
    ( trap 'kill "$nap" 2>/dev/null; exit 0' TERM
      sleep "$seconds" </dev/null >/dev/null 2>&1 &
      nap=$!
      wait "$nap"
      echo "$0: gave up after $seconds s (deadline)" >&2
      kill -TERM "$script" 2>/dev/null
      # A script waits for its foreground command before it takes a signal: end that too.
      pkill -TERM -P "$script" 2>/dev/null ) &
    _watchdog=$!
}

# free_display: a display number no server has, far from the low ones that servers
# numbering themselves (-displayfd) take. Both the socket file and the abstract socket
# are checked: a server whose /tmp is not this one's sees no lock file of ours, and one
# that cannot bind the abstract socket still starts, so clients asking for its number
# would reach the other server (keys sent into another program's window, a server that
# goes away mid-run).
free_display() {
    local number
    for _ in $(seq 100); do
        number=$((2000 + RANDOM % 30000))
        [ -e "/tmp/.X$number-lock" ] || [ -e "/tmp/.X11-unix/X$number" ] && continue
        grep -q "@/tmp/.X11-unix/X$number\$" /proc/net/unix 2>/dev/null && continue
        echo "$number"
        return 0
    done
    echo "$0: no free display number" >&2
    exit 2
}

# start_xvfb [WIDTHxHEIGHT]: a new server, DISPLAY exported once it answers. -noreset:
# a server resets when its last client leaves, and a program started right after one
# ended (the next run of a bench) could meet it closed for that moment.
start_xvfb() {
    need Xvfb
    need xdotool
    local size=${1:-1920x1080} file
    file=$(mktemp)
    _work_dirs+=("$file")
    Xvfb ":$(free_display)" -displayfd 3 -noreset -screen 0 "${size}x24" -nolisten tcp 3>"$file" >/dev/null 2>&1 &
    _xvfb_pid=$!
    local number=
    for _ in $(seq 200); do
        number=$(tr -dc '0-9' <"$file")
        [ -n "$number" ] && grep -q $'\n' "$file" && break
        kill -0 "$_xvfb_pid" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$number" ]; then
        echo "$0: Xvfb did not start" >&2
        exit 2
    fi
    export DISPLAY=":$number"
    for _ in $(seq 200); do
        xdotool getmouselocation >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "$0: Xvfb on $DISPLAY does not answer" >&2
    exit 2
}

# wait_for_line FILE PATTERN [SECONDS]: until a line of FILE matches (grep -E), or fail.
wait_for_line() {
    local file=$1 pattern=$2 seconds=${3:-30}
    local tries=$((seconds * 50))
    for _ in $(seq "$tries"); do
        grep -qE "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.02
    done
    echo "$0: no line matching '$pattern' in $file after $seconds s" >&2
    return 1
}

# release_gong: the gong binary to measure (GONG=path, else a release build), copied into
# DIR first: a build sharing the target folder may replace it while the script runs.
release_gong() {
    local dir=$1 built=${GONG:-}
    if [ -z "$built" ]; then
        (cd "$root" && cargo build --release --locked --quiet)
        built=${CARGO_TARGET_DIR:-$root/target}/release/gong
    fi
    cp "$built" "$dir/gong"
    echo "binary: $built ($(stat -c %y "$built" | cut -d. -f1))" >&2
}

# press_timed KEY [QUIET]: sends KEY through libxdo (what xdotool uses) and prints the
# wall-clock ms just before and just after the call, so the mark is the send itself, not
# xdotool's start-up (20–60 ms here). With QUIET (seconds) it then sleeps that long before
# it exits and prints: on 2 cores the interpreter's exit and a caller polling for the answer
# would share the CPU with the frame being measured, and a user's machine runs neither.
press_timed() {
    python3 - "$1" "${2:-0}" <<'PY'
import ctypes, sys, time
xdo = ctypes.CDLL("libxdo.so.3")
xdo.xdo_new.restype = ctypes.c_void_p
handle = xdo.xdo_new(None)
key = sys.argv[1].encode()
before = time.time_ns()
xdo.xdo_send_keysequence_window(ctypes.c_void_p(handle), 0, key, 0)
after = time.time_ns()
time.sleep(float(sys.argv[2]))
print(f"{before / 1e6:.3f} {after / 1e6:.3f}")
PY
}
