#!/usr/bin/env bash
# Webhook delivery benchmark (issue 7 "Performance"): deliveries/s with signing to a local receiver, and
# commit-to-first-attempt latency p50/p99 at a steady event rate.
#
#   bench/webhooks/throughput.sh [EVENTS=20000] [ENDPOINTS=10] [RATE=200] [SECONDS=20]
#
# Phase 1 (throughput): EVENTS events are committed while the dispatcher is off (Webhooks:DispatcherEnabled=false),
# then the server restarts with the dispatcher on and drains the backlog; deliveries/s = EVENTS / (last - first
# arrival at the receiver). Phase 2 (latency): RATE events/s for SECONDS seconds (open loop) with the dispatcher on;
# the receiver measures arrival minus the event's created_at for each first arrival, after WARMUP (default 3) seconds
# at the same rate that are reported but not counted.
# Needs: a built server (dotnet build src/Switchboard.Server; CONFIGURATION=Release for a -c Release build), node, curl. SQLite by default; set
# SWITCHBOARD_CONNECTION (a PostgreSQL connection string) to run against PostgreSQL — use an empty database.
set -euo pipefail
EVENTS=${1:-20000}
ENDPOINTS=${2:-10}
RATE=${3:-200}
SECONDS_=${4:-20}
WARMUP=${WARMUP:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DLL="$ROOT/src/Switchboard.Server/bin/${CONFIGURATION:-Debug}/net10.0/switchboard.dll"
WORK=$(mktemp -d /tmp/sb-whbench-XXXXXX)
API_PORT=${API_PORT:-18491}
RECV_PORT=${RECV_PORT:-18492}
API="http://127.0.0.1:$API_PORT"
RECV="http://127.0.0.1:$RECV_PORT"
[ -f "$DLL" ] || { echo "build first: dotnet build src/Switchboard.Server" >&2; exit 2; }

ARGS=(--Switchboard:DataDirectory="$WORK/data" --Switchboard:ApiKeyPepper=bench-pepper-0123456789abcdef0123456789
      --Outbound:AllowedHosts:0=127.0.0.1 --urls="$API" --Logging:LogLevel:Default=Warning
      --Switchboard:RateLimits:PerKeyPerMinute=1000000 --Switchboard:RateLimits:PerOrganizationPerMinute=10000000)
[ -n "${SWITCHBOARD_CONNECTION:-}" ] && ARGS+=(--ConnectionStrings:Switchboard="$SWITCHBOARD_CONNECTION")
# Extra server settings, e.g. SERVER_ARGS="--Webhooks:FastPathWorkers=0" to measure without the fast path.
read -r -a EXTRA <<< "${SERVER_ARGS:-}"
ARGS+=("${EXTRA[@]}")

cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null || true; [ -n "${RECVPID:-}" ] && kill "$RECVPID" 2>/dev/null || true; }
trap cleanup EXIT

node "$ROOT/bench/webhooks/latency-receiver.js" "$RECV_PORT" & RECVPID=$!
KEY=$(dotnet "$DLL" admin create-api-key --org "bench$RANDOM" --name bench "${ARGS[@]}" | tail -1)

start_server() {
  dotnet "$DLL" serve "${ARGS[@]}" "$@" > "$WORK/server.log" 2>&1 & SERVER=$!
  until curl -sf "$API/health/live" > /dev/null; do sleep 0.2; done
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }
stat() { curl -s "$RECV/stats" | node -e "const s=JSON.parse(require('fs').readFileSync(0));console.log(s.$1)"; }

start_server --Webhooks:DispatcherEnabled=false
IDS=()
for i in $(seq 1 "$ENDPOINTS"); do
  IDS+=("$(curl -s -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
    -d "{\"url\":\"$RECV/e$i\"}" "$API/api/v1/webhooks" | sed -E 's/.*"id":"([^"]+)".*/\1/')")
done
echo "endpoints: ${IDS[*]}"; echo "enqueue $EVENTS events over $ENDPOINTS endpoints (dispatcher off): $(node "$ROOT/bench/webhooks/load.js" "$API" "$KEY" 0 "$EVENTS" "${IDS[@]}")"
stop_server
# Experiment: SQLITE_WAL=1 switches the SQLite file to write-ahead logging (persistent in the file) before the dispatcher
# runs; the server itself leaves SQLite in its default rollback-journal mode.
if [ -n "${SQLITE_WAL:-}" ] && [ -z "${SWITCHBOARD_CONNECTION:-}" ]; then
  python3 -c "import sqlite3,sys; print('journal_mode:', sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL').fetchone()[0])" "$WORK/data/switchboard.db"
fi

start_server
for _ in $(seq 1 600); do [ "$(stat unique)" -ge "$EVENTS" ] && break; sleep 0.1; done
FIRST=$(stat first_ms); LAST=$(stat last_ms); UNIQUE=$(stat unique)
echo "throughput: $UNIQUE deliveries in $((LAST - FIRST)) ms = $(( UNIQUE * 1000 / (LAST - FIRST + 1) )) deliveries/s"

# Warm-up at the same rate, not counted: the drain above ran the round loop, but the API's event path and the fast
# path are still cold in this process (JIT tiering, connection pools, receiver connections). WARMUP=0 measures cold.
if [ "$WARMUP" -gt 0 ]; then
  curl -s -X POST "$RECV/reset" > /dev/null
  WCOUNT=$((RATE * WARMUP))
  echo "warm-up load: $(node "$ROOT/bench/webhooks/load.js" "$API" "$KEY" "$RATE" "$WCOUNT" "${IDS[@]}")"
  for _ in $(seq 1 300); do [ "$(stat unique)" -ge "$WCOUNT" ] && break; sleep 0.1; done
  echo "warm-up (not counted) at $RATE events/s: $(curl -s "$RECV/stats")"
fi
curl -s -X POST "$RECV/reset" > /dev/null
COUNT=$((RATE * SECONDS_))
echo "latency load: $(node "$ROOT/bench/webhooks/load.js" "$API" "$KEY" "$RATE" "$COUNT" "${IDS[@]}")"
for _ in $(seq 1 300); do [ "$(stat unique)" -ge "$COUNT" ] && break; sleep 0.1; done
echo "commit-to-first-attempt at $RATE events/s: $(curl -s "$RECV/stats")"
echo "work folder: $WORK"
