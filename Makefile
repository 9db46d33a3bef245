# ctxtimeout developer targets. They need Go 1.26 and the Go module proxy
# (golangci-lint, gopls, staticcheck and actionlint are built from it);
# `make test` also installs missing Debian packages with apt-get (sip-tester,
# neovim, nodejs and npm; through sudo unless run as root) and fetches the
# SARIF Multitool from the npm registry. No git access to GitHub is needed.
SHELL := /bin/bash
GO    ?= go
BUILD := $(CURDIR)/build
BIN   := $(BUILD)/bin

.PHONY: all build test test-root test-quick test-dialer fuzz staticcheck demo bench corpus realworld golangci gopls sarif-validator neovim node actionlint sipp clean

all: build

# -buildvcs=auto: stamp the VCS revision (-version prints it) even where
# GOFLAGS sets -buildvcs=false; a tree without .git still builds.
build:
	$(GO) build -buildvcs=auto -o $(BIN)/ctxtimeout ./cmd/ctxtimeout

## test: every test (root module, analyzers, front ends, dialer-example in both builds)
test: test-root test-dialer realworld

test-root: golangci gopls sarif-validator neovim actionlint staticcheck
	$(GO) vet ./...
	$(GO) test -count=1 ./...

## test-quick: only the analyzers' tests (fixtures, goldens, seeds), for inner loops
test-quick:
	$(GO) test ./analyzers/...

## fuzz: mutate the fixtures and run every check on them for FUZZTIME.
## Measured on the 2-core CI machine: about 3,800 execs/s on average
## (38,459 execs in 10s, 109,431 in 30s; reported in bursts, with stretches
## at 0/sec). CI (.ci/run) runs it for 30s after make test.
FUZZTIME ?= 10s
fuzz:
	$(GO) test -count=1 -run='^$$' -fuzz=FuzzAnalyzers -fuzztime=$(FUZZTIME) ./analyzers/all

## test-dialer: the bundled dialer in the default and the incident build
test-dialer: sipp
	cd dialer-example && $(GO) vet ./... && $(GO) vet -tags incident ./...
	cd dialer-example && $(GO) test -count=1 ./...
	cd dialer-example && $(GO) test -count=1 -tags incident ./...

## sipp: install the sipp SIP tester from Debian when it is missing
sipp:
	@command -v sipp >/dev/null 2>&1 || { \
	  echo "installing sipp (Debian package sip-tester)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq sip-tester >/dev/null; }

## actionlint: the GitHub Actions workflow linter, for the README's CI recipes
ACTIONLINT_VERSION := v1.7.12
actionlint: $(BIN)/actionlint
$(BIN)/actionlint:
	GOBIN=$(BIN) $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

## neovim: install Neovim from Debian when missing (the editor test drives
## the gopls build through Neovim's built-in LSP client)
neovim:
	@command -v nvim >/dev/null 2>&1 || { \
	  echo "installing neovim (Debian package)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq neovim >/dev/null; }

## node: install Node.js and npm from Debian when npm is missing (the SARIF
## Multitool is an npm package)
node:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing nodejs and npm (Debian packages)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }

## demo: ctxtimeout over the bundled dialer with the incident build tag
demo: build
	@echo "== dialer-example, incident build (-tags incident): one timeoutflow finding expected"
	@cd dialer-example && { $(BIN)/ctxtimeout -tags incident ./...; rc=$$?; \
	  test $$rc -eq 1 || { echo "demo: expected findings (exit 1), got exit $$rc"; exit 1; }; }
	@echo "== dialer-example, default build: no findings expected"
	@cd dialer-example && $(BIN)/ctxtimeout ./... && echo "(no findings)"

clean:
	rm -rf $(BUILD)

## bench: side-by-side benchmark against go vet and staticcheck 
STATICCHECK_VERSION := v0.8.2
BENCH_RUNS ?= 3
# BENCH_MODULES: comma-separated module paths from bench/modules.txt (default: the "bench" ones)
BENCH_MODULES ?=

$(BIN)/staticcheck:
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## staticcheck: the pinned staticcheck over the root module; fails on any finding
staticcheck: $(BIN)/staticcheck
	$(BIN)/staticcheck ./...

bench: build $(BIN)/staticcheck
	$(GO) run ./bench bench -runs $(BENCH_RUNS) -out $(BUILD)/bench -bin $(BIN) -readme $(BUILD)/README-bench.md -modules "$(BENCH_MODULES)"

## corpus: every check over the standard library and real modules 
# CORPUS_BIN=$(BIN)/ctxtimeout also runs the built command once per target
# (exercises the lintcmd front end; compiles every dependency first).
CORPUS_BIN ?=
# CORPUS_TESTS=true analyses test variants too (about twice the time;
# checks never report in _test.go files, so the default leaves them out).
CORPUS_TESTS ?= false

corpus: build
	$(GO) run ./bench corpus -runs 3 -tests=$(CORPUS_TESTS) -out $(BUILD)/corpus -bin "$(CORPUS_BIN)"

## realworld: every check over pinned public modules, compared with the
## triaged expectations (bench/realworld/README.md); fails when an expected
## finding is lost or an untriaged one appears. About 2 minutes warm; the
## first run downloads the modules through the proxy.
realworld:
	$(GO) run ./bench realworld -out $(BUILD)/realworld

## golangci: custom golangci-lint v2.15.0 with the ctxtimeout plugin, built offline 
golangci:
	@.ci/build-golangci.sh $(BIN)/custom-gcl

## sarif-validator: Microsoft's SARIF Multitool (npm), which checks SARIF
## against the 2.1.0 schema and GitHub code scanning's ingestion rules
SARIF_MULTITOOL_VERSION := 5.7.0
SARIF_MULTITOOL := $(BUILD)/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
sarif-validator: $(SARIF_MULTITOOL)
$(SARIF_MULTITOOL): | node
	@mkdir -p $(BUILD)/npm
	cd $(BUILD)/npm && npm install --no-audit --no-fund --no-save --silent --prefix . @microsoft/sarif-multitool-linux@$(SARIF_MULTITOOL_VERSION)
	chmod u+x $@

## gopls: gopls v0.23.0 with ctxtimeout's analyzers, built offline 
gopls:
	@.ci/build-gopls.sh $(BIN)/gopls
