#!/usr/bin/env bash
# The issue-7 acceptance test: a burst of events to several endpoints, the server killed with SIGKILL in the
# middle, restarted; the receiver must end up with every event whose API call was acknowledged (202) — zero
# lost; duplicates, if any, carry the same webhook-id and are counted separately.
#
#   bench/webhooks/crash-test.sh [EVENTS=10000] [ENDPOINTS=4]
#
# Needs: a built server (dotnet build src/Switchboard.Server; CONFIGURATION=Release for a -c Release build), node, curl. SQLite by default; set
# SWITCHBOARD_CONNECTION (a PostgreSQL connection string) to run against PostgreSQL.
set -euo pipefail
EVENTS=${1:-10000}
ENDPOINTS=${2:-4}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DLL="$ROOT/src/Switchboard.Server/bin/${CONFIGURATION:-Debug}/net10.0/switchboard.dll"
WORK=$(mktemp -d /tmp/sb-crash-XXXXXX)
API_PORT=${API_PORT:-18481}
RECV_PORT=${RECV_PORT:-18482}
API="http://127.0.0.1:$API_PORT"
[ -f "$DLL" ] || { echo "build first: dotnet build src/Switchboard.Server" >&2; exit 2; }

ARGS=(--Switchboard:DataDirectory="$WORK/data" --Switchboard:ApiKeyPepper=crash-test-pepper-0123456789abcdef0123
      --Outbound:AllowedHosts:0=127.0.0.1 --urls="$API"
      --Switchboard:RateLimits:PerKeyPerMinute=1000000 --Switchboard:RateLimits:PerOrganizationPerMinute=10000000)
[ -n "${SWITCHBOARD_CONNECTION:-}" ] && ARGS+=(--ConnectionStrings:Switchboard="$SWITCHBOARD_CONNECTION")

cleanup() { [ -n "${SERVER:-}" ] && kill -9 "$SERVER" 2>/dev/null || true; [ -n "${RECV:-}" ] && kill "$RECV" 2>/dev/null || true; }
trap cleanup EXIT

node "$ROOT/bench/webhooks/receiver.js" "$RECV_PORT" "$WORK/received.log" & RECV=$!
KEY=$(dotnet "$DLL" admin create-api-key --org crash --name crash "${ARGS[@]}" | tail -1)

start_server() {
  dotnet "$DLL" serve "${ARGS[@]}" > "$WORK/server-$1.log" 2>&1 & SERVER=$!
  until curl -sf "$API/health/live" > /dev/null; do sleep 0.2; done
}
start_server 1

IDS=()
for i in $(seq 1 "$ENDPOINTS"); do
  IDS+=("$(curl -sf -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$RECV_PORT/e$i\"}" "$API/api/v1/webhooks" | sed -E 's/.*"id":"([^"]+)".*/\1/')")
done

# The burst: 8 concurrent senders; each acknowledged event id is written to acked.log.
# A sender whose request fails (the server is down) tries again, as a real client would, for up to a minute.
fire() {
  local n=$1 id=$2 out
  for _ in $(seq 1 300); do
    out=$(curl -s -m 10 -o - -w ' %{http_code}' -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
      -d '{"event_type":"call.ended"}' "$API/api/v1/webhooks/$id/test" || true)
    if [ "${out##* }" = "202" ]; then
      echo "$id $(echo "$out" | sed -E 's/.*"event_id":"([^"]+)".*/\1/')" >> "$WORK/acked.log"
      return 0
    fi
    sleep 0.2
  done
}
export -f fire; export KEY API WORK
touch "$WORK/acked.log"
( for n in $(seq 1 "$EVENTS"); do echo "$n ${IDS[$((n % ENDPOINTS))]}"; done | xargs -P 8 -n 2 bash -c 'fire "$0" "$1"' ) & BURST=$!

# Kill the server hard once a third of the events are acknowledged, then bring it back.
until [ "$(wc -l < "$WORK/acked.log" 2>/dev/null || echo 0)" -ge $((EVENTS / 3)) ]; do sleep 0.2; done
kill -9 "$SERVER"; echo "SIGKILL after $(wc -l < "$WORK/acked.log") acknowledged events"
sleep 1
start_server 2
wait "$BURST" || true
ACKED=$(wc -l < "$WORK/acked.log")
echo "acknowledged: $ACKED of $EVENTS requests"

# Wait (up to 10 minutes) until every acknowledged event has reached the receiver. Events whose commit
# happened but whose 202 was lost in the kill may arrive too; they are extra, not missing.
missing() { cut -d' ' -f2 "$WORK/acked.log" | sort -u | comm -23 - <(cut -d' ' -f2 "$WORK/received.log" | sort -u) | wc -l; }
for _ in $(seq 1 600); do
  [ "$(missing)" -eq 0 ] && break
  sleep 1
done
echo "receiver: $(curl -s "http://127.0.0.1:$RECV_PORT/stats")"
MISSING=$(missing)
echo "lost: $MISSING (work folder: $WORK)"
[ "$MISSING" -eq 0 ]
