#!/usr/bin/env bash
# SIPp load run of `switchboard sip echo` (issue 4, "Performance"). See docs/performance.md, "SIP stack".
#
#   bench/sip-load/run.sh [CALLS [RATE [LIMIT [HOLD_MS]]]]        defaults: 1000 calls, 20 cps, 500 concurrent, 25000 ms
#
# Starts the Release build of the echo server on 127.0.0.1, drives it with SIPp (bench/sip-load/uac-echo-load.xml:
# INVITE with PCMU, RTP both ways for HOLD_MS, BYE), samples the server's CPU, RSS and counters every second, captures
# our outbound RTP with tcpdump for CAPTURE_SECONDS at the plateau, checks for leaks after the last call, and writes
# OUT/report.md. Everything is bounded: SIPp and tcpdump run under timeout(1), the sampler has a maximum duration, and
# every process this script starts is stopped by its pid on exit.
#
# Environment: OUT (run directory, default a new /tmp/sip-load.XXXXXX), SIP_PORT (15060), RTP_PORTS (30000-31999),
# SIPP_PORT (15062), SIPP_MEDIA_PORT (16000), CAPTURE_SECONDS (5), NO_BUILD=1 (reuse the last Release build),
# ECHO_ARGS (more `sip echo` options, e.g. --realtime-clock).
# Needs: sipp (Debian sip-tester), tcpdump, python3, the .NET SDK. Exit 0 when setup success ≥ 99.9 % and nothing
# leaked, 1 otherwise, 2 on a usage or environment error.
set -euo pipefail

CALLS=${1:-1000}
RATE=${2:-20}
LIMIT=${3:-500}
HOLD_MS=${4:-25000}
SIP_PORT=${SIP_PORT:-15060}
RTP_PORTS=${RTP_PORTS:-30000-31999}
SIPP_PORT=${SIPP_PORT:-15062}
SIPP_MEDIA_PORT=${SIPP_MEDIA_PORT:-16000}
CAPTURE_SECONDS=${CAPTURE_SECONDS:-5}
RTP_FROM=${RTP_PORTS%-*}
RTP_TO=${RTP_PORTS#*-}

for n in "$CALLS" "$RATE" "$LIMIT" "$HOLD_MS" "$CAPTURE_SECONDS" "$RTP_FROM" "$RTP_TO"; do
  [[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]] || { echo "usage: $0 [CALLS [RATE [LIMIT [HOLD_MS]]]] (positive integers)" >&2; exit 2; }
done
if (( CALLS > 5000 || RATE > 200 || LIMIT > 2000 || HOLD_MS > 120000 )); then
  echo "refusing an oversized run (at most 5000 calls, 200 cps, 2000 concurrent, 120 s hold)" >&2; exit 2
fi
if (( (RTP_TO - RTP_FROM + 1) / 2 < LIMIT )); then
  echo "RTP_PORTS $RTP_PORTS holds fewer than $LIMIT port pairs" >&2; exit 2
fi
for tool in sipp tcpdump python3 dotnet timeout; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (sipp: apt-get install -y sip-tester; tcpdump: apt-get install -y tcpdump)" >&2; exit 2; }
done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-$(mktemp -d /tmp/sip-load.XXXXXX)}
mkdir -p "$OUT"
TOOL="python3 $HERE/sipload.py"
BIN="$ROOT/src/Switchboard.Server/bin/Release/net10.0/switchboard"

if [[ "${NO_BUILD:-0}" != 1 ]]; then
  dotnet build -c Release "$ROOT/src/Switchboard.Server" -v q -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 2; }
fi
[[ -x "$BIN" ]] || { echo "no Release build at $BIN" >&2; exit 2; }

bound_before=$($TOOL udp-bound "$RTP_FROM" "$RTP_TO")
if [[ "$bound_before" != "[]" ]]; then
  echo "UDP ports in $RTP_PORTS are already bound: $bound_before" >&2; exit 2
fi

cp "$HERE/uac-echo-load.xml" "$OUT/"
$TOOL audio "$OUT/echo-load.ulaw"
STARTED_UTC=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
HOLD_S=$(( (HOLD_MS + 999) / 1000 ))
# Ramp (CALLS / RATE) plus one hold plus margins for setup, retransmissions and the last BYEs.
RUN_LIMIT_S=$(( CALLS / RATE + HOLD_S + 90 ))

ECHO_PID= SAMPLER_PID= SIPP_TIMEOUT_PID= TCPDUMP_PID=
cleanup() {
  touch "$OUT/stop-sampler"
  for pid in $TCPDUMP_PID $SIPP_TIMEOUT_PID; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$ECHO_PID" ]] && kill -0 "$ECHO_PID" 2>/dev/null; then
    kill -INT "$ECHO_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$ECHO_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$ECHO_PID" 2>/dev/null || true
  fi
  [[ -n "$SAMPLER_PID" ]] && wait "$SAMPLER_PID" 2>/dev/null || true
}
trap cleanup EXIT

echo "run directory: $OUT"
# ECHO_ARGS adds options to the echo server, e.g. ECHO_ARGS=--realtime-clock.
"$BIN" sip echo --bind 127.0.0.1 --port "$SIP_PORT" --rtp-ports "$RTP_PORTS" --stats-file "$OUT/echo-stats.txt" ${ECHO_ARGS:-} >"$OUT/echo.log" 2>&1 &
ECHO_PID=$!
for _ in $(seq 1 150); do [[ -s "$OUT/echo-stats.txt" ]] && break; kill -0 "$ECHO_PID" || { cat "$OUT/echo.log" >&2; exit 2; }; sleep 0.2; done
[[ -s "$OUT/echo-stats.txt" ]] || { echo "the echo server did not start" >&2; exit 2; }
sleep 3
IDLE_RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$ECHO_PID/status")

$TOOL sample "$OUT/samples.tsv" "$ECHO_PID" "$OUT/echo-stats.txt" "$OUT/stop-sampler" $(( RUN_LIMIT_S + 60 )) "$OUT/sipp.pid" &
SAMPLER_PID=$!

(
  cd "$OUT"
  exec timeout --kill-after=5 "${RUN_LIMIT_S}s" sipp "127.0.0.1:$SIP_PORT" -sf uac-echo-load.xml \
    -r "$RATE" -rp 1000 -l "$LIMIT" -m "$CALLS" -d "$HOLD_MS" \
    -i 127.0.0.1 -p "$SIPP_PORT" -mi 127.0.0.1 -mp "$SIPP_MEDIA_PORT" \
    -trace_stat -stf sipp-stats.csv -fd 1 -trace_err -error_file sipp-errors.log \
    -trace_screen -screen_file sipp-screen.log -nostdin -timeout "${RUN_LIMIT_S}s"
) >"$OUT/sipp.out" 2>&1 &
SIPP_TIMEOUT_PID=$!
for _ in $(seq 1 50); do
  child=$(cat "/proc/$SIPP_TIMEOUT_PID/task/$SIPP_TIMEOUT_PID/children" 2>/dev/null | awk '{print $1}')
  [[ -n "$child" ]] && { echo "$child" >"$OUT/sipp.pid"; break; }
  sleep 0.1
done

# Capture once the plateau is reached: the steady-state concurrency is RATE × hold, capped by LIMIT and CALLS.
PLATEAU=$(( RATE * HOLD_S < LIMIT ? RATE * HOLD_S : LIMIT ))
PLATEAU=$(( PLATEAU < CALLS ? PLATEAU : CALLS ))
TARGET=$(( PLATEAU * 95 / 100 ))
deadline=$(( SECONDS + PLATEAU / RATE + 30 ))
while (( SECONDS < deadline )) && kill -0 "$SIPP_TIMEOUT_PID" 2>/dev/null; do
  active=$(sed -n 's/.* active=\([0-9]*\).*/\1/p' "$OUT/echo-stats.txt")
  (( ${active:-0} >= TARGET )) && break
  sleep 0.5
done
echo "capturing $CAPTURE_SECONDS s of outbound RTP at ${active:-?} active calls"
timeout --kill-after=5 "${CAPTURE_SECONDS}s" tcpdump -i lo -n -s 96 -B 32768 -w "$OUT/rtp-out.pcap" \
  "udp and src portrange $RTP_FROM-$RTP_TO and dst port $SIPP_MEDIA_PORT" >"$OUT/tcpdump.log" 2>&1 &
TCPDUMP_PID=$!
wait "$TCPDUMP_PID" || true
TCPDUMP_PID=

SIPP_EXIT=0
wait "$SIPP_TIMEOUT_PID" || SIPP_EXIT=$?
SIPP_TIMEOUT_PID=
# The last BYE's 200 has been sent when SIPp exits; give the server a moment to release the last calls.
for _ in $(seq 1 20); do
  grep -q ' active=0 ' "$OUT/echo-stats.txt" && grep -q ' rtp_ports_in_use=0 ' "$OUT/echo-stats.txt" && break
  sleep 0.5
done
sleep 2
cp "$OUT/echo-stats.txt" "$OUT/echo-stats-after.txt"
BOUND_AFTER=$($TOOL udp-bound "$RTP_FROM" "$RTP_TO")
touch "$OUT/stop-sampler"
wait "$SAMPLER_PID" || true
SAMPLER_PID=

STARTED_UTC="$STARTED_UTC" LOAD_BEFORE="$LOAD_BEFORE" IDLE_RSS_KB="$IDLE_RSS_KB" BOUND_AFTER="$BOUND_AFTER" SIPP_EXIT="$SIPP_EXIT" \
CALLS="$CALLS" RATE="$RATE" LIMIT="$LIMIT" HOLD_MS="$HOLD_MS" \
DOTNET="$(dotnet --version 2>/dev/null | sed 's/^/.NET SDK /')" SIPP_VERSION="$(sipp -v 2>/dev/null | grep -o 'SIPp v[^ ]*' | head -1)" \
python3 - "$OUT/run.json" <<'EOF'
import json, os, sys
e = os.environ
json.dump({
    "started_utc": e["STARTED_UTC"], "calls": int(e["CALLS"]), "rate": int(e["RATE"]), "limit": int(e["LIMIT"]),
    "hold_ms": int(e["HOLD_MS"]), "nproc": os.cpu_count(), "load_before": e["LOAD_BEFORE"],
    "idle_rss_kb": int(e["IDLE_RSS_KB"]), "udp_bound_after": json.loads(e["BOUND_AFTER"]),
    "sipp_exit": int(e["SIPP_EXIT"]), "dotnet": e["DOTNET"], "sipp": e["SIPP_VERSION"],
}, open(sys.argv[1], "w"), indent=2)
EOF
grep -i 'dropped by kernel' "$OUT/tcpdump.log" || true
echo "sipp exit code: $SIPP_EXIT"
$TOOL report "$OUT"
