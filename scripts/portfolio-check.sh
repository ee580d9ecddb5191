#!/usr/bin/env bash
# The portfolio PDF as an assessor receives it, read by independent tools: poppler extracts its
# text and renders its first page, zbar decodes the QR code, and the URL it holds must open a
# verify page that says the evidence is genuine.
#
# On the release build in demo mode and a fresh database:
#   1. the demo learner's mentor signs off S1 with its duration; their line manager confirms
#      B1; a progress review is drafted and signed by the three; the learner shares with the
#      demo assessor;
#   2. the assessor downloads the PDF: it has pages, and its text names the learner, the
#      standard, KSB codes, off-the-job hours, the line manager's confirmation, the signed
#      review and the chain head;
#   3. the QR code on page 1 decodes to this site's /verify/<token>, which answers 200 and says
#      "Genuine" with the same chain head; the JSON verification agrees;
#   4. the learner revokes that portfolio: the same URL now answers 404 "Not found".
# Page 1 is kept as docs/screenshots/portfolio-page1.png.
#   scripts/portfolio-check.sh     after `cargo leptos build --release --split --precompress`
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/release/flowline ] || { echo "Build first: cargo leptos build --release --split --precompress" >&2; exit 1; }
for tool in pdftotext pdftoppm pdfinfo zbarimg; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: scripts/setup.sh --test installs it" >&2; exit 1; }
done

port="${PORTFOLIO_PORT:-3250}"
data="$(mktemp -d /tmp/flowline-portfolio.XXXXXX)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT
fail() { echo "portfolio check: $*" >&2; exit 1; }

source scripts/demo-server.sh
demo_server_start "$port" "$data" "" FLOWLINE_PUBLIC_URL="http://127.0.0.1:$port"
demo_server_wait_lessons 1
login() { # email, cookie jar
  curl -fsS -c "$2" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"flowline-demo\"}" "$base/api/v1/auth/login" >/dev/null
}
json() { python3 -c "import json,sys; v=json.load(sys.stdin); print($1)"; }
login learner@demo.flowline.test "$data/learner"
login mentor@demo.flowline.test "$data/mentor"
login assessor@demo.flowline.test "$data/assessor"
login employer@demo.flowline.test "$data/employer"
learner_id="$(curl -fsS -b "$data/learner" "$base/api/v1/me" | json 'v["id"]')"

echo "   the mentor signs off S1 (45 minutes); the learner shares with the assessor"
curl -fsS -b "$data/mentor" -H 'Content-Type: application/json' \
  -d "{\"learner_id\":\"$learner_id\",\"ksb_codes\":[\"S1\"],\"duration_minutes\":45,\"note\":\"Site set up safely.\",\"occurred_at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}" \
  "$base/api/v1/mentor/observations" >/dev/null
curl -fsS -b "$data/employer" -H 'Content-Type: application/json' \
  -d '{"note":"Stopped the job when the trench was not shored."}' \
  "$base/api/v1/learners/$learner_id/behaviours/B1/confirmation" >/dev/null
echo "   the line manager confirms B1; a progress review is drafted and signed by the three"
review="$(curl -fsS -b "$data/mentor" -X POST "$base/api/v1/learners/$learner_id/reviews" | json 'v["id"]')"
for who in learner employer mentor; do
  seen="$(curl -fsS -b "$data/$who" "$base/api/v1/reviews/$review" | json 'v["content_hash"]')"
  curl -fsS -b "$data/$who" -H 'Content-Type: application/json' \
    -d "{\"content_hash\":\"$seen\",\"comment\":\"\"}" \
    "$base/api/v1/reviews/$review/signature" >/dev/null
done
[ "$(curl -fsS -b "$data/mentor" "$base/api/v1/reviews/$review" | json 'v["signed"]')" = True ] \
  || fail "the review is not final after three signatures"
curl -fsS -b "$data/learner" -H 'Content-Type: application/json' \
  -d '{"assessor_email":"assessor@demo.flowline.test","days":7}' \
  "$base/api/v1/learners/$learner_id/shares" >/dev/null

echo "   the assessor downloads the PDF"
pdf="$data/portfolio.pdf"
curl -fsS -b "$data/assessor" -D "$data/headers" -o "$pdf" "$base/api/v1/learners/$learner_id/portfolio.pdf"
pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
[ "${pages:-0}" -ge 2 ] || fail "expected at least 2 pages, got ${pages:-none}"
pdftotext -layout "$pdf" "$data/portfolio.txt"
head_hash="$(curl -fsS -b "$data/assessor" "$base/api/v1/learners/$learner_id/readiness" | json 'v["chain_head"]')"
for want in "Alex Apprentice" "ST1332" "Power industry distribution cable jointer" \
  "Gateway to Completion readiness" "K1" "S1" "Off-the-job hours:" "Morgan Mentor" "$head_hash" \
  "Confirmed by the employer" "B1 · confirmed by Erin Employer" "Stopped the job when the trench was not shored." \
  "Progress reviews" "Review 1" "Line manager: Erin Employer"; do
  grep -qF -- "$want" "$data/portfolio.txt" || fail "the PDF's text lacks \"$want\""
done
echo "   $pages pages; its text names the learner, the standard, KSB codes, OTJ hours, the line manager's confirmation, the signed review and the chain head"

pdftoppm -r 110 -f 1 -l 1 -png "$pdf" "$data/page"
png="$(ls "$data"/page*.png | head -1)"
mkdir -p docs/screenshots && cp "$png" docs/screenshots/portfolio-page1.png
url="$(zbarimg --quiet --raw "$png" 2>/dev/null | head -1)"
case "$url" in
  "$base/verify/"*) ;;
  *) fail "the QR code holds \"$url\", not this site's verify page" ;;
esac
[ "$(grep -i '^x-verify-url:' "$data/headers" | tr -d '\r' | cut -d' ' -f2)" = "$url" ] || fail "the QR code is not the download's verify URL"
token="${url##*/}"
code="$(curl -sS -o "$data/verify.html" -w '%{http_code}' "$url")"
[ "$code" = 200 ] || fail "the verify page answered $code"
grep -qF "Genuine: the evidence verifies" "$data/verify.html" || fail "the verify page does not say the evidence is genuine"
grep -qF "$head_hash" "$data/verify.html" || fail "the verify page shows another chain head"
[ "$(curl -fsS "$base/api/v1/verify/$token" | json 'v["chain_verifies"]')" = True ] || fail "the JSON verification disagrees"
echo "   the QR code opens $base/verify/… : genuine, same chain head"

issue="$(curl -fsS -b "$data/learner" "$base/api/v1/learners/$learner_id/portfolios" | json 'v[0]["id"]')"
curl -fsS -b "$data/learner" -X DELETE "$base/api/v1/learners/$learner_id/portfolios/$issue" >/dev/null
code="$(curl -sS -o "$data/gone.html" -w '%{http_code}' "$url")"
[ "$code" = 404 ] || fail "a revoked portfolio's page answered $code"
grep -qF "Not found" "$data/gone.html" || fail "a revoked portfolio's page does not say \"Not found\""
echo "   revoked by the learner: the page answers 404 \"Not found\""
echo "Portfolio check: passed."
