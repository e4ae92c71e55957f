# repro: reproduce the article's benchmark tables on this machine.
#
#   make report [PROFILE=full|quick] [RUN=<id>]   collect -> normalize -> archive -> analyze -> render
#   make report RUN=<id> [REJUDGE=1]              re-render an archived run with the claims it was
#                                                  judged with (REJUDGE=1: with today's)
#   make report [RESUME=no]                        continues an unfinished run of the same settings
#                                                  (RESUME=no: a new run; RUN=<id> RESUME=yes: that one)
#   make test                                      unit tests, sanitizer build, short fuzz, end-to-end run
#   make fuzz [FUZZ_S=N]                           every libFuzzer harness (tests/fuzz/) N seconds
#   make bench                                     statistics engine speed and memory figures
#
# Every stage is its own executable under build/bin and its own target here.

PROFILE ?= full
RUN     ?=
RESULTS ?= data/results
RUNS    ?= data/runs
OUT     ?= out
# Today's claims, tables and templates: what a new run is judged with and archived with.
CLAIMS    ?= data/claims
TABLES    ?= data/tables.tsv
TEMPLATES ?= templates
REJUDGE   ?=
# An unfinished run of the same profile and settings is continued unless RESUME=no; RUN=<id>
# RESUME=yes continues that run.
RESUME    ?=

CC      ?= cc
PKGS    := libgit2 xlsxwriter gsl
OPT     ?= -O2 -g
CFLAGS  := $(OPT) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Istages/common -Istages
LDLIBS  += -lgit2 -lxlsxwriter -lcmark-gfm-extensions -lcmark-gfm -lgsl -lgslcblas -lm

BUILD   ?= build
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

STAGES  := collect normalize analyze render archive
# The engine (stages/engine/): the statistics, the decision table, claim judging and the
# precision rule, over structs and arrays; it reads and writes no file (test_engine_no_io.sh).
# Not a command: collect, analyze and the commands over the archive link it.
ENGINE  = $(call stage_objs,engine)
# analyze's claims loader: claims files into the engine's claims (claims_load.o, claims_set.o),
# the one place they are parsed and checked.
ANALYZE_CLAIMS = $(patsubst %,$(BUILD)/stages/analyze/%.o,claims_load claims_set)
# analyze's loaders: the claims loader, samples text into cells (cells.o) and a judgment as
# claims.tsv's row (claims_out.o). runset judges an archived run from its files exactly as
# analyze judges a fresh one, so it links these, not analyze's model writers or attribution.
ANALYZE_LOAD = $(ANALYZE_CLAIMS) $(patsubst %,$(BUILD)/stages/analyze/%.o,cells claims_out)
# analyze's regimes file (regime.o: regime_load, regime_posture_group): compare and fleet group
# runs by the posture regime analyze names, from the same data/regimes.tsv.
ANALYZE_REGIME = $(BUILD)/stages/analyze/regime.o
# Commands over the archive (docs/results.md): each its own folder and executable; they share
# stages/runset/ (runs read from the results repository) and link the engine with analyze's
# loaders, the archive's layout and render's document and writers (their pages are
# documents like the report) rather than copying them.
CMDS    := compare history fleet
FLEET_LIBS = $(call stage_objs,runset) $(ENGINE) $(ANALYZE_LOAD) $(ANALYZE_REGIME) \
             $(call stage_objs,archive) $(call stage_objs,render)
EXTRA_compare = $(FLEET_LIBS)
EXTRA_history = $(FLEET_LIBS)
EXTRA_fleet   = $(FLEET_LIBS)
EXTRA_analyze = $(ENGINE)
# collect's precision target asks the engine which comparisons each claim implies and how each
# stands (precision.c), on the claims as analyze's loader reads them.
EXTRA_collect = $(ENGINE) $(ANALYZE_CLAIMS)
EXTRA_runset  = $(ENGINE) $(ANALYZE_LOAD) $(ANALYZE_REGIME) $(call stage_objs,archive) \
                $(call stage_objs,render)
LIB_SRC := $(wildcard stages/common/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)

# A stage's objects other than main.o: what its unit tests link against.
stage_objs = $(patsubst %.c,$(BUILD)/%.o,$(filter-out stages/$(1)/main.c,$(wildcard stages/$(1)/*.c)))

.SECONDEXPANSION:
.SECONDARY:
BINS := $(BUILD)/bin/repro $(STAGES:%=$(BUILD)/bin/repro-%) $(CMDS:%=$(BUILD)/bin/repro-%) \
        $(BUILD)/bin/repro-probe $(BUILD)/bin/repro-rusage \
        $(BUILD)/bin/repro-rpc $(BUILD)/bin/repro-fib.test

.PHONY: all deps report collect normalize analyze render archive test unit e2e bench clean \
        test-deliverables test-debian13 format compare history fleet push pull site fuzz fuzz-build
all: $(BINS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/bin/repro-%: $(BUILD)/stages/%/main.o $(LIB_OBJ) $$(call stage_objs,$$*) $$(EXTRA_$$*)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

# The one command line (git-style: `repro compare` runs repro-compare); --version prints the
# revision it was built from, kept in a stamp file that changes only when the revision does.
REVISION := $(shell rev=$$(git rev-parse HEAD 2>/dev/null) || rev=unknown; \
              [ -z "$$(git status --porcelain 2>/dev/null)" ] || rev=$$rev-dirty; echo $$rev)
$(BUILD)/revision: FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = "$(REVISION)" ] || echo "$(REVISION)" >$@
FORCE:
$(BUILD)/stages/common/version.o: $(BUILD)/revision
$(BUILD)/stages/common/version.o: CFLAGS += -DREPRO_REVISION='"$(REVISION)"'
$(BUILD)/bin/repro: $(BUILD)/stages/repro/main.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

# The probe runs inside every environment (containers, the VM): static, no dependencies.
$(BUILD)/bin/repro-probe: $(wildcard stages/probe/*.c)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -static $^ -o $@

$(BUILD)/bin/repro-rusage: $(BUILD)/bin/repro-probe
	ln -sf repro-probe $@

# The Go workloads, built once here and run from the same static binary in every environment:
# Table 1's benchmark (what `go test` would build and run) and Table 4.4's server and gRPC load
# generator (offline, in GOPATH mode against Debian's packaged gRPC sources).
GO_OFFLINE = GOPROXY=off CGO_ENABLED=0 GOCACHE=$(abspath build)/go-build HOME=$(abspath build)
$(BUILD)/bin/repro-fib.test: $(wildcard stages/collect/workloads/fib/*)
	@mkdir -p $(dir $@)
	cd stages/collect/workloads/fib && $(GO_OFFLINE) GOFLAGS=-mod=mod go test -c -o $(abspath $@) .

$(BUILD)/bin/repro-rpc: $(wildcard stages/collect/workloads/rpc/*.go)
	@mkdir -p $(dir $@)
	cd stages/collect/workloads/rpc && $(GO_OFFLINE) GO111MODULE=off GOPATH=/usr/share/gocode \
		GOFLAGS= go build -o $(abspath $@) .

# Unit tests: tests/unit/test_<stage>_<what>.c links the shared library and that stage's
# objects; tests/unit/test_common_<what>.c only the shared library.
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
test_stage = $(word 2,$(subst _, ,$(1)))
$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) $$(call stage_objs,$$(call test_stage,$$*)) \
                  $$(EXTRA_$$(call test_stage,$$*))
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $^ -o $@ $(LDLIBS)

# Fuzz harnesses: tests/fuzz/fuzz_<stage>_<what>.c, built by clang with libFuzzer, ASan and
# UBSan, linked like a unit test (the shared library and that stage's objects). clang's
# -Wunsequenced misreads NUM() in initializer lists, which C11 sequences indeterminately.
FUZZ_CC     := clang
FUZZ_BUILD  := build/fuzz
FUZZ_CFLAGS := -O1 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unsequenced \
               -Istages/common -Istages \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_S      ?= 60
FUZZ_SHORT  ?= 4
FUZZ_SRC    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN    := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
# A harness of analyze links the engine too, as analyze does.
fuzz_uses_analyze = engine
fuzz_objs = $(patsubst %.c,$(FUZZ_BUILD)/%.o,$(LIB_SRC) \
              $(filter-out stages/$(1)/main.c,$(wildcard stages/$(1)/*.c)) \
              $(foreach u,$(fuzz_uses_$(1)),$(wildcard stages/$(u)/*.c)))
$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $$(call fuzz_objs,$$(call test_stage,fuzz_$$*))
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz $(filter %.c %.o,$^) -o $@ $(LDLIBS)

-include $(shell find $(BUILD)/stages $(BUILD)/tests $(FUZZ_BUILD) -name '*.d' -type f 2>/dev/null)

# ---- the pipeline ----------------------------------------------------------------------
# Packages by feature (pipeline/deps.sh): make report wants core + its environments' groups
# (REPRO_ENVS), make test every group, make fuzz core + clang.
DEPS_FOR ?= report
test: DEPS_FOR = test
fuzz: DEPS_FOR = fuzz
deps:
	@pipeline/deps.sh --for $(DEPS_FOR)

PIPELINE = RESULTS="$(RESULTS)" RUNS="$(RUNS)" OUT="$(OUT)" BIN="$(BUILD)/bin" \
           CLAIMS="$(CLAIMS)" TABLES="$(TABLES)" TEMPLATES="$(TEMPLATES)" REJUDGE="$(REJUDGE)" \
           PUSH="$(PUSH)" RESUME="$(RESUME)" $(BUILD)/bin/repro report

report: deps
	@$(MAKE) --no-print-directory all
	@$(PIPELINE) "$(PROFILE)" "$(RUN)"

collect normalize analyze render archive: deps
	@$(MAKE) --no-print-directory all
	@$(PIPELINE) "$(PROFILE)" "$(RUN)" $@

# Questions across archived runs and machines (docs/results.md). A=, B= name runs (<id> or
# <machine>/<id>); MACHINE= one machine's history; REMOTE= the shared remote [origin].
PUSH    ?=
REMOTE  ?=
MACHINE ?=
A ?=
B ?=
compare: all
	@$(BUILD)/bin/repro compare --repo "$(RESULTS)" --out "$(OUT)/compare" --claims "$(CLAIMS)" \
		--tables "$(TABLES)" "$(A)" "$(B)"
history: all
	@$(BUILD)/bin/repro history --repo "$(RESULTS)" --out "$(OUT)/history" --claims "$(CLAIMS)" \
		--tables "$(TABLES)" $(if $(MACHINE),--machine "$(MACHINE)")
fleet: all
	@$(BUILD)/bin/repro fleet --repo "$(RESULTS)" --out "$(OUT)/fleet" --claims "$(CLAIMS)" \
		--tables "$(TABLES)"
push pull: all
	@$(BUILD)/bin/repro $@ --repo "$(RESULTS)" $(REMOTE)
site: all
	@RESULTS="$(RESULTS)" OUT="$(OUT)" CLAIMS="$(CLAIMS)" TABLES="$(TABLES)" \
		$(BUILD)/bin/repro site

# ---- tests -----------------------------------------------------------------------------
# ... and the check that no engine object references file I/O (test_engine_no_io.sh).
unit: $(UNIT_BIN) $(ENGINE)
	@ENGINE_OBJS="$(ENGINE)" tests/run-unit.sh $(UNIT_BIN) tests/unit/test_engine_no_io.sh

fuzz-build: $(FUZZ_BIN)

# Every harness FUZZ_S seconds, two at a time; fails on any crash, leak or UB report.
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run.sh $(FUZZ_S) $(FUZZ_BIN)

test: deps
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g $(SAN_FLAGS)" all unit
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SHORT) $(FUZZ_BIN)
	@$(MAKE) --no-print-directory all
	@pipeline/image.sh build/image build/asan/bin/repro-probe
	@tests/e2e/run-all.sh build/asan/bin
	@$(MAKE) --no-print-directory test-deliverables

# Debian 13 in a debootstrapped root (tests/debian13/run.sh): too slow for make test.
test-debian13:
	@pipeline/deps.sh --for debian13
	@tests/debian13/run.sh

test-deliverables:
	@if [ -x tests/deliverables/run.sh ]; then tests/deliverables/run.sh; fi

bench: deps
	@$(MAKE) --no-print-directory all
	@tests/bench/analyze.sh $(BUILD)/bin
	@pipeline/image.sh build/image $(BUILD)/bin/repro-probe >/dev/null
	@tests/bench/overhead.sh $(BUILD)/bin
	@tests/bench/fleet_scale.sh $(BUILD)/bin

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
