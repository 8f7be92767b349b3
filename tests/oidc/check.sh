#!/usr/bin/env bash
# Smoke test of tests/oidc/server.mjs (the oidc-provider fixture), with curl + openssl.
#   OIDC_MODULES=/work/main/tools/oidc/node_modules bash tests/oidc/check.sh
# Exits 0 only if every check held; prints one line per check and a closing
# "N passed, N failed" line.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export OIDC_MODULES="${OIDC_MODULES:-$root/tools/oidc/node_modules}"
# Everything here talks to 127.0.0.1 only: never through a proxy.
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"

passed=0
failed=0
ok()   { passed=$((passed + 1)); echo "ok   - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
check() { # check "description" command...
  local what="$1"; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

# JSON field of $1 (a JSON text), "" when absent.
jget() { node -e 'let v; try { v = JSON.parse(process.argv[1])[process.argv[2]]; } catch {} process.stdout.write(v === undefined || v === null ? "" : String(v));' "$1" "$2"; }
# Query parameter $2 of URL $1, "" when absent.
qget() { node -e 'process.stdout.write(new URL(process.argv[1]).searchParams.get(process.argv[2]) ?? "")' "$1" "$2"; }

b64url() { base64 | tr '+/' '-_' | tr -d '=\n'; }
new_verifier() { openssl rand 48 | b64url; }                       # 64 chars
challenge_of() { printf '%s' "$1" | openssl dgst -sha256 -binary | b64url; }

stderr_log="$(mktemp)"
trap 'rm -f "$stderr_log"' EXIT

# The server exits when its stdin reaches EOF: a coprocess keeps that pipe open.
coproc SRV { exec node "$here/server.mjs" 2>"$stderr_log"; }
srv_pid=$SRV_PID
line=""
if ! IFS= read -r -t 30 line <&"${SRV[0]}"; then
  echo "server did not print its JSON line; stderr:"; cat "$stderr_log"; exit 1
fi
echo "server: $line"
issuer=$(jget "$line" issuer)
auth=$(jget "$line" authorization_endpoint)
token=$(jget "$line" token_endpoint)
client_id=$(jget "$line" client_id)
secret=$(jget "$line" client_secret)
revoke=$(jget "$line" revoke_url)
stats_url=$(jget "$line" stats_url)
check "JSON line has issuer, endpoints, client and revoke_url" \
  test -n "$issuer" -a -n "$auth" -a -n "$token" -a -n "$client_id" -a -n "$secret" -a -n "$revoke"
# Nothing else may reach stdout.
extra=""
IFS= read -r -t 1 extra <&"${SRV[0]}"
check "stdout carries only the one JSON line" test -z "$extra"

port=$((20000 + RANDOM % 40000))
redirect="http://127.0.0.1:$port/oauth/callback"

# authorize_url REDIRECT STATE [CHALLENGE [METHOD]]
authorize_url() {
  local u="$auth?response_type=code&client_id=$client_id&redirect_uri=$1&state=$2"
  [ -n "${3:-}" ] && u="$u&code_challenge=$3&code_challenge_method=${4:-S256}"
  printf '%s' "$u"
}

# Follows redirects one GET at a time (no cookies) while they stay on the issuer;
# prints "HOPS STATUS URL" where URL is the first location off the issuer (or the last URL).
follow() {
  local url="$1" hops=0 status target
  while :; do
    read -r status target < <(curl -s -o /dev/null -w '%{http_code} %{redirect_url}\n' "$url")
    hops=$((hops + 1))
    if [ -z "$target" ] || [ "${target#"$issuer"}" = "$target" ] || [ $hops -ge 10 ]; then
      echo "$hops $status ${target:-$url}"; return
    fi
    url="$target"
  done
}

# post_token FORM... (client_secret_post) -> prints "STATUS BODY"
post_token() {
  local args=() kv
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  curl -s -w '\n%{http_code}' "$token" --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$secret" "${args[@]}" \
    | { body=$(cat); echo "${body##*$'\n'} ${body%$'\n'*}"; }
}
post_token_basic() {
  local args=() kv
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  curl -s -w '\n%{http_code}' "$token" -u "$client_id:$secret" "${args[@]}" \
    | { body=$(cat); echo "${body##*$'\n'} ${body%$'\n'*}"; }
}

# authorize_code REDIRECT VERIFIER STATE -> sets CODE, HOPS, FINAL
authorize_code() {
  local r
  r=$(follow "$(authorize_url "$1" "$3" "$(challenge_of "$2")")")
  HOPS=${r%% *}; r=${r#* }; STATUS=${r%% *}; FINAL=${r#* }
  CODE=$(qget "$FINAL" code 2>/dev/null)
}

echo "--- grant A: authorize (S256) -> code -> token -> refresh -> reuse"
verifier=$(new_verifier)
authorize_code "$redirect" "$verifier" "state-A"
echo "authorize: $HOPS hop(s), $STATUS -> $FINAL"
check "authorize redirects straight to the loopback redirect_uri on random port $port" \
  test "$HOPS" = 1 -a "$STATUS" = 302 -a "${FINAL%%\?*}" = "$redirect"
check "redirect carries code and state=state-A" test -n "$CODE" -a "$(qget "$FINAL" state)" = "state-A"

r=$(post_token grant_type=authorization_code "code=$CODE" "redirect_uri=$redirect" "code_verifier=$verifier")
status=${r%% *}; body=${r#* }
echo "token (client_secret_post): $status $body"
at1=$(jget "$body" access_token); rt1=$(jget "$body" refresh_token)
check "code exchange gives access + refresh token" test "$status" = 200 -a -n "$at1" -a -n "$rt1"
check "access token lives 3 s (expires_in=3)" test "$(jget "$body" expires_in)" = 3

r=$(post_token grant_type=refresh_token "refresh_token=$rt1")
status=${r%% *}; body=${r#* }
echo "refresh rt1: $status $body"
rt2=$(jget "$body" refresh_token)
check "refresh works and rotates the refresh token" test "$status" = 200 -a -n "$rt2" -a "$rt2" != "$rt1" -a "$(jget "$body" expires_in)" = 3

r=$(post_token grant_type=refresh_token "refresh_token=$rt1")
status=${r%% *}; body=${r#* }
echo "refresh rt1 again (reuse): $status $body"
check "reused refresh token is invalid_grant" test "$status" = 400 -a "$(jget "$body" error)" = invalid_grant

r=$(post_token grant_type=refresh_token "refresh_token=$rt2")
status=${r%% *}; body=${r#* }
echo "refresh rt2 (newest of the revoked grant): $status $body"
check "reuse revoked the grant: the newest refresh token fails too" test "$status" = 400 -a "$(jget "$body" error)" = invalid_grant

echo "--- grant B: client_secret_basic, then /_test/revoke"
port2=$((20000 + RANDOM % 40000))
redirect2="http://127.0.0.1:$port2/oauth/callback"
verifier=$(new_verifier)
authorize_code "$redirect2" "$verifier" "state-B"
echo "authorize: $HOPS hop(s), $STATUS -> $FINAL"
check "another loopback port ($port2) is accepted too" test "${FINAL%%\?*}" = "$redirect2" -a -n "$CODE"
r=$(post_token_basic grant_type=authorization_code "code=$CODE" "redirect_uri=$redirect2" "code_verifier=$verifier")
status=${r%% *}; body=${r#* }
echo "token (client_secret_basic): $status $body"
rtb=$(jget "$body" refresh_token)
check "client_secret_basic is accepted as well" test "$status" = 200 -a -n "$rtb"
r=$(post_token grant_type=refresh_token "refresh_token=$rtb")
rtb2=$(jget "${r#* }" refresh_token)
check "grant B refreshes" test -n "$rtb2"
r=$(curl -s -w ' %{http_code}' -X POST "$revoke")
echo "POST /_test/revoke: $r"
check "/_test/revoke answers 200 and revoked the one live grant (B)" test "$r" = '{"revoked":1} 200'
r=$(post_token grant_type=refresh_token "refresh_token=$rtb2")
status=${r%% *}; body=${r#* }
echo "refresh after /_test/revoke: $status $body"
check "refresh after /_test/revoke is invalid_grant" test "$status" = 400 -a "$(jget "$body" error)" = invalid_grant

echo "--- refusals"
r=$(follow "$(authorize_url "$redirect" "state-C")")
final=${r#* }; final=${final#* }
echo "authorize without code_challenge: $r"
check "authorize without code_challenge is refused (error=invalid_request, no code)" \
  test "$(qget "$final" error)" = invalid_request -a -z "$(qget "$final" code)"
verifier=$(new_verifier)
r=$(follow "$(authorize_url "$redirect" "state-D" "$verifier" plain)")
final=${r#* }; final=${final#* }
echo "authorize with code_challenge_method=plain: $r"
check "code_challenge_method=plain is refused" test "$(qget "$final" error)" = invalid_request -a -z "$(qget "$final" code)"
authorize_code "$redirect" "$verifier" "state-E"
r=$(post_token grant_type=authorization_code "code=$CODE" "redirect_uri=$redirect" "code_verifier=$(new_verifier)")
echo "token with a wrong code_verifier: $r"
check "a wrong code_verifier is invalid_grant" test "$(jget "${r#* }" error)" = invalid_grant
r=$(post_token grant_type=authorization_code "code=$CODE" "redirect_uri=$redirect" "code_verifier=$verifier")
rte=$(jget "${r#* }" refresh_token)
check "the same code with the right verifier then works" test "${r%% *}" = 200 -a -n "$rte"
r=$(post_token grant_type=authorization_code "code=$CODE" "redirect_uri=$redirect" "code_verifier=$verifier")
echo "the code used a second time: $r"
check "a code cannot be used twice (invalid_grant)" test "$(jget "${r#* }" error)" = invalid_grant
r=$(post_token grant_type=refresh_token "refresh_token=$rte")
echo "refresh with the token of the reused code: $r"
check "code reuse revoked that grant (its refresh token is invalid_grant)" test "$(jget "${r#* }" error)" = invalid_grant
r=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$(authorize_url "http://127.0.0.1:$port/elsewhere" "s" "$(challenge_of "$verifier")")")
echo "authorize with an unregistered path: $r"
check "an unregistered redirect path is refused without redirect" test "${r%% *}" = 400 -a "${r#* }" = ""
r=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$(authorize_url "http://localhost:$port/oauth/callback" "s" "$(challenge_of "$verifier")")")
echo "authorize with localhost instead of 127.0.0.1: $r"
check "another host is refused without redirect" test "${r%% *}" = 400 -a "${r#* }" = ""
r=$(curl -s -w ' %{http_code}' "$token" --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=wrong" \
  --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$rt2")
echo "token with a wrong secret: $r"
check "a wrong client secret is invalid_client" test "$(jget "${r% *}" error)" = invalid_client

echo "--- stats"
stats=$(curl -s "$stats_url")
echo "GET /_test/stats: $stats"
check "stats: reuse_detected=1" test "$(jget "$stats" reuse_detected)" = 1
check "stats: refreshes_ok=2 (A once, B once)" test "$(jget "$stats" refreshes_ok)" = 2
# rt1 reused, rt2 after the reuse, B after /_test/revoke, the wrong secret, E after its code reuse
check "stats: refreshes_failed=5" test "$(jget "$stats" refreshes_failed)" = 5
# the 4 refresh invalid_grants above but the wrong secret (invalid_client), + wrong verifier + code reuse
check "stats: invalid_grant=6" test "$(jget "$stats" invalid_grant)" = 6
check "stats: token_grants=5 (3 codes, 2 refreshes)" test "$(jget "$stats" token_grants)" = 5

echo "--- lifetime"
exec {SRV[1]}>&-
for _ in $(seq 50); do kill -0 "$srv_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$srv_pid" 2>/dev/null; then
  fail "server exits when its stdin closes"; kill "$srv_pid"
else
  ok "server exits when its stdin closes"
fi
wait "$srv_pid" 2>/dev/null
echo "server stderr:"; sed 's/^/  /' "$stderr_log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
