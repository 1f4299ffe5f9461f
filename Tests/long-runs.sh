#!/bin/sh
# Long runs: does memory stay flat?  (issue 8)
#
#   Tests/long-runs.sh train     gpw train for $STEPS steps (default 100000), RSS sampled every $EVERY s
#   Tests/long-runs.sh explore   the explorer in tmux, running (space) for $MINUTES min (default 30),
#                                RSS and the step counter sampled every $INTERVAL s (default 60)
#   Tests/long-runs.sh all       both
#
# GPW picks the binary (default .build/release/gpw: build it with `swift build -c release`).
# RSS is VmRSS from /proc/PID/status (Linux only); VmHWM is the peak. Needs tmux for `explore`.
set -eu
cd "$(dirname "$0")/.."
GPW=${GPW:-$PWD/.build/release/gpw}
STEPS=${STEPS:-100000}
EVERY=${EVERY:-5}
MINUTES=${MINUTES:-30}
INTERVAL=${INTERVAL:-60}
[ -x "$GPW" ] || { echo "no gpw binary at $GPW (swift build -c release, or set GPW=)" >&2; exit 1; }

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }
hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }

train_run() {
    log=$(mktemp)
    echo "== gpw train --data synthetic:demo --steps $STEPS (RSS every ${EVERY}s)"
    start=$(date +%s)
    "$GPW" train --data synthetic:demo --steps "$STEPS" --eval-every $((STEPS / 10)) >"$log" 2>&1 &
    pid=$!
    sleep 1
    first=$(rss $pid); last=$first; peak=0; samples=0
    echo "t=1s rss=${first} kB"
    while kill -0 $pid 2>/dev/null; do
        sleep "$EVERY"
        r=$(rss $pid); [ -n "$r" ] || break
        last=$r; peak=$(hwm $pid); samples=$((samples + 1))
        echo "t=$(( $(date +%s) - start ))s rss=${r} kB hwm=${peak} kB"
    done
    status=0; wait $pid || status=$?
    tail -4 "$log"; rm -f "$log"
    echo "train: exit $status, $(( $(date +%s) - start )) s, RSS first ${first} kB, last ${last} kB, peak ${peak} kB, ${samples} samples"
}

explore_run() {
    command -v tmux >/dev/null || { echo "explore: tmux not found" >&2; return 1; }
    sock="gpw-longrun-$$"
    T="tmux -L $sock"
    trap '$T kill-server 2>/dev/null || true' EXIT
    echo "== gpw (explorer) running for $MINUTES min in tmux 160x48 (RSS every ${INTERVAL}s)"
    $T new-session -d -x 160 -y 48 -s run \
        "sh -c 'echo PID=\$\$; exec env TERM=tmux-256color LANG=C.UTF-8 $GPW'; echo EXIT=\$?; sleep 600"
    pid=""
    for _ in $(seq 1 100); do
        sleep 0.1
        pid=$($T capture-pane -t run -p -a 2>/dev/null | sed -n 's/^PID=//p' | head -1)
        [ -n "$pid" ] && $T capture-pane -t run -p | grep -q "step 0" && break
    done
    [ -n "$pid" ] || { echo "explorer did not start" >&2; return 1; }
    step() { $T capture-pane -t run -p | grep -o 'step [0-9]*' | head -1; }
    first=$(rss "$pid")
    echo "min 0: rss=${first} kB ($(step))"
    $T send-keys -t run space
    last=$first
    for m in $(seq 1 "$MINUTES"); do
        sleep "$INTERVAL"
        kill -0 "$pid" 2>/dev/null || { echo "explorer exited early"; break; }
        last=$(rss "$pid")
        echo "sample $m: rss=${last} kB hwm=$(hwm "$pid") kB ($(step))"
    done
    peak=$(hwm "$pid")
    $T send-keys -t run q
    sleep 1
    exit_line=$($T capture-pane -t run -p | grep -o 'EXIT=[0-9]*' | head -1)
    echo "explore: ${exit_line:-no EXIT line}, RSS start ${first} kB, end ${last} kB, peak ${peak} kB"
    $T kill-server 2>/dev/null || true
    trap - EXIT
}

case "${1:-all}" in
train) train_run ;;
explore) explore_run ;;
all) train_run; explore_run ;;
*) echo "usage: $0 [train|explore|all]" >&2; exit 64 ;;
esac
