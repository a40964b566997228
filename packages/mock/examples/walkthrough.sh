#!/usr/bin/env bash
# Dollr test mode with nothing but curl and jq, against a running sandbox:
#
#   dollr-mock --stateful --port 4010          # in another terminal
#   SANDBOX=http://127.0.0.1:4010 ./walkthrough.sh
#
# It creates a tenant, makes a payment fail, loses a response after the money moved (and
# recovers the way the Dollr docs say), advances the clock past a session's expiry, and reads
# what the integration doctor says. Every step checks what it expects and stops if it differs.
set -euo pipefail

SANDBOX="${SANDBOX:-http://127.0.0.1:4010}"
JSON='content-type: application/json'

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'walkthrough: %s\n' "$*" >&2; exit 1; }
expect() { [ "$1" = "$2" ] || fail "expected $2, got $1 ($3)"; }
uuid() { python3 -c 'import uuid; print(uuid.uuid4())' 2>/dev/null || cat /proc/sys/kernel/random/uuid; }

# POST/PUT/GET with the tenant's token; prints the body.
api() {
  local method=$1 path=$2 body=${3:-}
  curl -sS -X "$method" "$SANDBOX$path" -H "authorization: Bearer $TOKEN" \
    ${body:+-H "$JSON" -d "$body"}
}

token() {
  curl -sSf -X POST "$SANDBOX/v1/jwt/client/obtain/token" -H "$JSON" \
    -d "{\"client_id\":\"$1\",\"client_secret\":\"$2\"}" | jq -r .access_token
}

step "1. A token with the public test credentials, then a tenant of our own"
TOKEN=$(token dollr_test_client dollr_test_secret)
TENANT=$(api POST /_sandbox/tenants '{"name":"walkthrough","clock":"manual"}')
echo "$TENANT" | jq '{id, client_id, clock}'
TOKEN=$(token "$(echo "$TENANT" | jq -r .client_id)" "$(echo "$TENANT" | jq -r .client_secret)")
expect "$(api GET /_sandbox/tenant | jq -r .name)" walkthrough "our token acts on our tenant"

pay() { # pay <invoice id> <payment account> <reference id> [extra curl args…]: prints the answer
  local invoice=$1 account=$2 reference=$3
  shift 3
  local session
  session=$(api POST /v1/sessions/checkout "{\"source_id\":$invoice,\"source_type\":\"INVOICE\"}" | jq -r .id)
  curl -sS -X POST "$SANDBOX/v1/executions/collection" -H "authorization: Bearer $TOKEN" -H "$JSON" "$@" \
    -d "{\"session_id\":\"$session\",\"payment_account_id\":\"$account\",\"currency\":\"USD\",\"reference_id\":\"$reference\"}"
}

step "2. Make a payment fail: the next collection on mobile money account 18 is declined"
api PUT /_sandbox/payment-accounts/18/outcome \
  '{"status":"FAILED","gateway_message":"The payer declined the request","count":1}' | jq -c .
REF=$(uuid)
pay 101 18 "$REF" | jq -c '{reference_id, status}'
api POST /_sandbox/clock/advance '{"by":"5s"}' | jq -c .
STATUS=$(api GET "/v1/status/collection/$REF")
echo "$STATUS" | jq -c '{status, gateway_message}'
expect "$(echo "$STATUS" | jq -r .status)" FAILED "the collection failed"

step "3. Lose the response after the money moved: the connection is reset after the commit"
REF=$(uuid)
if pay 102 18 "$REF" -H 'Dollr-Sandbox-Fault: RESET_AFTER_EFFECT' >/dev/null 2>&1; then
  fail "the response should have been lost"
fi
echo "no answer. Do not execute again with a new reference id: look up the same one."
STATUS=$(api GET "/v1/status/collection/$REF")
echo "$STATUS" | jq -c '{reference_id, status}'
expect "$(echo "$STATUS" | jq -r .status)" PENDING "the execution was committed once"
api GET "/v1/status/collection/$REF" >/dev/null # polled again at once: the doctor will notice
api POST /_sandbox/clock/advance '{"by":"5s"}' >/dev/null
expect "$(api GET "/v1/status/collection/$REF" | jq -r .status)" COMPLETED "it completed on its own"
expect "$(api GET /_sandbox/executions | jq "[.executions[] | select(.reference_id == \"$REF\")] | length")" 1 "exactly one execution"

step "4. Advance the clock past a session's expiry (checkout sessions last 15 minutes)"
SESSION=$(api POST /v1/sessions/checkout '{"source_id":103,"source_type":"INVOICE"}' | jq -r .id)
api POST /_sandbox/clock/advance '{"by":"16m"}' | jq -c .
LATE=$(api POST /v1/executions/collection \
  "{\"session_id\":\"$SESSION\",\"payment_account_id\":\"18\",\"currency\":\"USD\",\"reference_id\":\"$(uuid)\"}")
echo "$LATE" | jq -c .
expect "$(echo "$LATE" | jq -r '.detail[0].loc | join(".")')" body.session_id "the expired session is refused"

step "5. What the integration doctor says about this code"
DOCTOR=$(api GET /_sandbox/doctor)
echo "$DOCTOR" | jq -r '.findings[] | "\(.rule) (request #\(.request_id) \(.method) \(.path))\n  \(.message)\n  \(.citation)"'
echo "$DOCTOR" | jq -e '[.findings[].rule] | index("POLL_TOO_FAST")' >/dev/null || fail "the doctor missed the fast poll"
echo "$DOCTOR" | jq -e '[.findings[].rule] | index("SESSION_REUSED")' >/dev/null || fail "the doctor missed the expired session"

step "6. Clean up"
curl -sSf -X DELETE "$SANDBOX/_sandbox/tenants/$(echo "$TENANT" | jq -r .id)" \
  -H "authorization: Bearer $(token dollr_test_client dollr_test_secret)"
echo "tenant deleted"
