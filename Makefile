# storedesk: `make run` builds and opens the app; `make test` runs every test; `make bench` measures.
# Everything a step needs is installed here, on a fresh Debian machine, as root.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
TOOLS := $(CURDIR)/tools
TAURI_DRIVER := $(TOOLS)/td/bin/tauri-driver
# The local API's contract test runs schemathesis (PyPI) over the OpenAPI document.
SCHEMATHESIS := $(TOOLS)/st/bin/schemathesis
SCHEMATHESIS_VERSION := 4.32.5
APT_PACKAGES := build-essential pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev \
	libayatana-appindicator3-dev librsvg2-dev libxdo-dev libdbus-1-dev xvfb xauth webkit2gtk-driver dbus dbus-x11 \
	python3 python3-venv python3-requests
export NO_AT_BRIDGE := 1

.PHONY: help run test bench deps ui ui-deps api-tools oidc-tools lint test-rust test-ui test-e2e bindings-check app clean

help:
	@echo "make run    build and open storedesk (release build, UI embedded)"
	@echo "make test   every test: fmt, clippy, Rust, UI (Vitest), end to end in a real window"
	@echo "make bench  store benchmarks at 1,000,000 rows (BENCH_ROWS=N), sync benchmarks (BENCH_SYNC_ITEMS=N),"
	@echo "            pushing edits under a rate limit (BENCH_EDITS=N, BENCH_PUSH_RATE=R), and orders to the"
	@echo "            warehouse under its window (BENCH_WAREHOUSE_ORDERS=N, BENCH_WAREHOUSE_LIMIT=calls/min), and the"
	@echo "            offers refresher and chart (BENCH_OFFERS_PRODUCTS=N, BENCH_CHART_POINTS=N), and a full sync by"
	@echo "            storedesk-cli against a sequential Python script (BENCH_FULL_SIZES=\"20000 100000\"), and the"
	@echo "            desktop app's cold start to first row and its memory shown, in the tray and reopened"

## System packages: installed once, only those missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if ! command -v npm >/dev/null; then missing="$$missing nodejs npm"; fi; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui-deps: deps ui/node_modules/.package-lock.json

## The web UI, built into ui/dist (embedded into the binary at compile time).
ui: ui-deps
	cd ui && npm run build

$(SCHEMATHESIS):
	python3 -m venv $(TOOLS)/st
	$(TOOLS)/st/bin/pip install --quiet --disable-pip-version-check 'schemathesis==$(SCHEMATHESIS_VERSION)'

api-tools: deps $(SCHEMATHESIS)

# The token manager is also tested against panva's oidc-provider (npm, a certified OAuth 2.0 server),
# pinned by tests/oidc/package-lock.json and installed beside the other tools.
OIDC_PROVIDER := $(TOOLS)/oidc/node_modules/oidc-provider/package.json
$(OIDC_PROVIDER): tests/oidc/package.json tests/oidc/package-lock.json
	mkdir -p $(TOOLS)/oidc
	cp tests/oidc/package.json tests/oidc/package-lock.json $(TOOLS)/oidc/
	npm ci --prefix $(TOOLS)/oidc --no-audit --no-fund
	@touch $@

oidc-tools: deps $(OIDC_PROVIDER)

$(TAURI_DRIVER):
	$(CARGO) install --locked --root $(TOOLS)/td tauri-driver --version '^2'

run: ui
	$(CARGO) build --release -p storedesk
	./target/release/storedesk

test: lint test-rust test-ui test-e2e
	@echo "make test: all green"

lint: ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## Rust tests of every crate but the end-to-end one; they also regenerate the UI's TypeScript types.
test-rust: ui api-tools oidc-tools
	$(CARGO) test --workspace --exclude storedesk-e2e --locked
	$(MAKE) --no-print-directory bindings-check

## The generated TypeScript types must be committed as generated.
bindings-check:
	@if [ -n "$$(git status --porcelain -- ui/src/bindings)" ]; then \
		git status --short -- ui/src/bindings; \
		echo "ui/src/bindings is stale: run 'cargo test -p storedesk-core' and commit the result"; exit 1; \
	fi

test-ui: ui-deps
	cd ui && npm run check && npm test

app: ui
	$(CARGO) build -p storedesk --locked

## The real app in a real (virtual) window, driven over WebDriver.
test-e2e: deps app $(TAURI_DRIVER)
	TAURI_DRIVER=$(TAURI_DRIVER) xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
		$(CARGO) test -p storedesk-e2e --test e2e --locked -- --test-threads=1
	@echo "screenshots: target/e2e-screenshots/"

bench: deps ui $(TAURI_DRIVER)
	$(CARGO) bench -p storedesk-core --bench store --locked
	$(CARGO) bench -p storedesk-connectors --bench sync --locked
	$(CARGO) bench -p storedesk-app --bench push --locked
	$(CARGO) bench -p storedesk-app --bench warehouse --locked
	$(CARGO) bench -p storedesk-app --bench offers --locked
	$(CARGO) build --release -p storedesk-sim -p storedesk-cli --locked
	python3 benches/full_sync.py
	$(CARGO) build --release -p storedesk --locked
	python3 benches/desktop_footprint.py --app target/release/storedesk

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules tools
