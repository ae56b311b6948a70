#!/usr/bin/env bash
# Runs every test of iamd on a fresh machine: installs what the tests need
# (PostgreSQL for the store and end-to-end tests, staticcheck), then runs
# the static checks and the Go test suite, which includes the end-to-end
# tests that drive a real iamd with the AWS CLI, boto3 and aws-sdk-go-v2.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need_apt+=(postgresql)
fi
if ! command -v aws >/dev/null; then need_apt+=(awscli); fi
if ! python3 -c 'import boto3' 2>/dev/null; then need_apt+=(python3-boto3); fi
# zbarimg decodes the QR code PNG of CreateVirtualMFADevice (e2e/mfa_test.go).
if ! command -v zbarimg >/dev/null; then need_apt+=(zbar-tools); fi
# The web console's browser tests drive Debian's Chromium (e2e/console_*_test.go).
if ! command -v chromium >/dev/null; then need_apt+=(chromium); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]} with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

export PATH="$PATH:$(go env GOPATH)/bin"
if ! command -v staticcheck >/dev/null; then
  say "installing staticcheck"
  go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi

say "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi

say "go vet"
go vet ./...

say "staticcheck"
staticcheck ./...

say "generated files are current"
go run ./internal/tools/genreadme -check

say "go test"
# Tests keep what a person should look at (the console's screenshots) as
# artifacts, under test-artifacts/_artifacts/.
artifacts="${IAMD_ARTIFACTS_DIR:-$PWD/test-artifacts}"
mkdir -p "$artifacts"
go test -count=1 -timeout 30m -artifacts -outputdir "$artifacts" ./... 2>&1 | tee /tmp/iamd-go-test.log

say "policy engine beside its peers (bench/policy module): decisions agree"
(cd bench/policy && go test -count=1 . 2>&1 | tee -a /tmp/iamd-go-test.log)
