# callcloud — the two commands a newcomer runs are `make run` and `make test`.
# `make deps` installs missing Debian packages (as root) or prints the apt line.

BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
# libFuzzer targets (tests/fuzz): seconds each for `make fuzz`, and for the
# short run `make test` ends with
FUZZ_SECONDS      ?= 60
FUZZ_TEST_SECONDS ?= 10
DEB_PKGS   := build-essential cmake pkg-config libre-dev libjansson-dev \
              libinih-dev libsqlite3-dev libpq-dev postgresql libsodium-dev libcmocka-dev \
              libssl-dev libncurses-dev libasound2-dev libasound2 \
              sip-tester baresip-core kamailio tmux prometheus \
              chromium nodejs clang libclang-rt-14-dev

.PHONY: all deps build run test test-asan fuzz fuzz-build test-fuzz clean

all: build

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done; command -v npm >/dev/null || echo npm); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "deps: installing $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "deps: run as root: apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi
	@# the browser-test tooling, pinned by package-lock.json
	@if ! cmp -s package-lock.json node_modules/.callcloud-lock; then \
	  npm ci --no-audit --no-fund --loglevel=error && \
	  cp package-lock.json node_modules/.callcloud-lock; \
	fi

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j2

run: deps build
	@echo "callcloud: agents connect to port 10000 (JSON-RPC), HTTP on 8080, SIP on 5060."
	@echo "Over TLS: tls://127.0.0.1:10443 (JSON-RPC), https://localhost:8443 (the toolbar, wss://), sips: on 5061;"
	@echo "  the certificate is tls.pem next to callcloud.db, self-signed for localhost, made on first start"
	@echo "  (the log gives its SHA-256 fingerprint; a browser asks you to accept it once)."
	@echo "Register a SIP phone as 1889 (password 1234), then sign an agent in from another terminal:"
	@echo "  $(BUILD)/agentbar --cti 127.0.0.1:10000 --agent 2002 --password 2002123 --dn 1889 --skills 示例=3"
	@echo "Place a test call to sip:4000@127.0.0.1:5060: README.md, 'A five-minute tour'."
	./$(BUILD)/callcloud -c etc/callcloud.ini --demo

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j2 --timeout 300
	$(MAKE) test-asan

test-asan:
	@cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DCALLCLOUD_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_ASAN) -j2
	cd $(BUILD_ASAN) && ctest --output-on-failure -j2 --timeout 600
	$(MAKE) test-fuzz

# The fuzz build: clang, coverage + ASan + UBSan (tests/fuzz/fuzz.cmake).
fuzz-build:
	@CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCALLCLOUD_FUZZ=ON >/dev/null
	@cmake --build $(BUILD_FUZZ) -j2 --target fuzzers

# Every target: its regression inputs, then FUZZ_SECONDS of fuzzing.
fuzz: deps fuzz-build
	sh tests/fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

test-fuzz: fuzz-build
	sh tests/fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_TEST_SECONDS)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
