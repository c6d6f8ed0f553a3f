# The two commands: `make run` (install, build, create a demo database, serve) and `make test` (install, build, test).
BUILD    ?= build
ASAN_BUILD ?= build-asan
JOBS     ?= 2
DB       ?= var/motcua.db
LISTEN   ?= 127.0.0.1:8080
DEMO_DOSSIERS ?= 3000
CMAKE_FLAGS ?=

FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 5

.PHONY: all deps deps-test build run test test-sanitize bench fuzz fuzz-smoke clean

all: build

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh --test

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)
	@scripts/install-web-deps.sh

run: build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then echo "Creating $(DB) with demo data (agencies, catalogue, accounts, $(DEMO_DOSSIERS) dossiers)"; $(BUILD)/motcua demo --db $(DB) --dossiers $(DEMO_DOSSIERS) > /dev/null; fi
	@echo "Demo accounts: demo.clerk / Demo-Clerk-2026!  (more in README.md)"
	$(BUILD)/motcua serve --db $(DB) --listen $(LISTEN)

test: deps-test build
	@scripts/prepare-test-tools.sh
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory fuzz-smoke

# libFuzzer targets (clang, ASan + UBSan, in build-fuzz/): the request router with JSON decoding, and the calendar
# and deadline inputs. `make fuzz` runs each for FUZZ_SECONDS; `make test` ends with a FUZZ_SMOKE_SECONDS run.
fuzz: deps-test
	FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) scripts/fuzz.sh

fuzz-smoke: deps-test
	FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) JOBS=$(JOBS) scripts/fuzz.sh

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps-test
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMOTCUA_SANITIZE=ON -DMOTCUA_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	@scripts/prepare-test-tools.sh
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# Micro-benchmarks, HTTP load runs with wrk against nginx in the same run, and the database-size ladder
# (BENCH_LADDER=10k,1M,10M by default; docs/performance.md).
bench: deps-test build
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
