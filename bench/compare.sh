#!/usr/bin/env bash
# compare.sh runs every benchmark of this module and CPython's side
# (python/bench.py) in one go, then writes, from that run alone, the raw
# benchstat-compatible output, the Markdown tables with the goals of
# DESIGN.md §8 marked met or missed, and the plot (cmd/report):
#
#   results/$NAME.txt   raw output: machine config lines, Go's and bench.py's results
#   results/$NAME.md    the tables and goals
#   results/$NAME.svg   parse time and heap against input size, log-log
#
#   ./compare.sh              the full run (NAME=latest; also fills the
#                             report blocks of README.md and ../README.md)
#   ./compare.sh old.txt      the same, then benchstat old.txt against the new run
#   QUICK=1 ./compare.sh      a smoke run (1 count, short benchtime, inputs up to
#                             1 MB; NAME=quick, READMEs untouched): ~2 minutes
#
# Environment:
#   NAME=latest       results/$NAME.*; QUICK=1 makes it quick
#   COUNT=6           runs of each benchmark (benchstat wants >= 6 for confidence intervals)
#   HUGE_COUNT=1      runs of the inputs above 20 MB (Go: 100MB; CPython: 100MB and 1Msections)
#   BENCHTIME=1s      -benchtime
#   BENCH=.           -bench regexp of the main pass (inputs up to 20 MB); with
#                     the default, the template rows run first, COUNT rounds
#                     of Go's and CPython's side by side, and the main pass
#                     skips them
#   HUGE=1            0 skips the pass over the inputs above 20 MB
#   PYTHON_BENCH=1    0 skips CPython's side
#   PYTHON=/usr/bin/python3
#   ALEMBIC_SRC=dir   Alembic source tree (e.g. Alembic 1.19.1's) for bench.py, else the installed alembic
#   UPDATE_README=1   fill README.md's and ../README.md's report blocks (default: only when NAME=latest)
# benchstat is used from PATH, else installed once into a temporary GOBIN.
set -euo pipefail

cd "$(dirname "$0")"

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
	NAME=${NAME:-quick}
	COUNT=${COUNT:-1}
	BENCHTIME=${BENCHTIME:-100ms}
	HUGE=${HUGE:-0}
	MAXSIZE=1MB
else
	NAME=${NAME:-latest}
	COUNT=${COUNT:-6}
	BENCHTIME=${BENCHTIME:-1s}
	HUGE=${HUGE:-1}
	MAXSIZE=20MB
fi
HUGE_COUNT=${HUGE_COUNT:-1}
BENCH=${BENCH:-.}
UPDATE_README=${UPDATE_README:-$([ "$NAME" = latest ] && echo 1 || echo 0)}
BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da
PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=$(command -v python3 || true)

benchstat_bin() {
	if command -v benchstat >/dev/null 2>&1; then
		command -v benchstat
		return
	fi
	local gobin="${TMPDIR:-/tmp}/koanf-alembic-benchstat-${BENCHSTAT_VERSION}"
	if [ ! -x "$gobin/benchstat" ]; then
		echo "compare.sh: installing benchstat@${BENCHSTAT_VERSION} into $gobin" >&2
		mkdir -p "$gobin"
		if ! GOBIN="$gobin" timeout 300 go install "golang.org/x/perf/cmd/benchstat@${BENCHSTAT_VERSION}" >&2; then
			echo "compare.sh: could not install benchstat; skipping its summary" >&2
			return
		fi
	fi
	echo "$gobin/benchstat"
}

mkdir -p results
OUT=results/$NAME.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/koanf-alembic-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

# The machine, as benchstat config lines (goos, goarch, pkg and cpu come from go test).
{
	echo "cpu-model: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
	echo "cores: $(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)"
	echo "go: $(go env GOVERSION)"
	if [ "${PYTHON_BENCH:-1}" = 1 ] && [ -n "$PY" ]; then
		"$PY" python/bench.py -config
	fi
} | tee "$OUT"

go test -c -o "$tmp/bench.test" .
run_go() { "$tmp/bench.test" -test.run '^$' -test.timeout 0 -test.benchtime "$BENCHTIME" "$@"; }
python_bench=0
if [ "${PYTHON_BENCH:-1}" = 1 ] && [ -n "$PY" ]; then
	python_bench=1
fi

# The template rows first, Go's and CPython's side by side, round by round:
# the speed of these VMs drifts by tens of percent within minutes, and a
# ratio means something only when its two sides share the machine's state.
TEMPLATE_ROWS='^BenchmarkLoadTemplate(Bytes)?$'
skip=()
if [ "$BENCH" = . ]; then
	echo "compare.sh: the template rows, $COUNT rounds of Go's and CPython's" >&2
	for _ in $(seq "$COUNT"); do
		BENCH_MAXSIZE=$MAXSIZE run_go -test.bench "$TEMPLATE_ROWS" -test.count 1 | tee -a "$OUT"
		if [ "$python_bench" = 1 ]; then
			"$PY" python/bench.py -count 1 | tee -a "$OUT" ||
				echo "compare.sh: python/bench.py failed on the template rows" >&2
		fi
	done
	skip=(-test.skip "$TEMPLATE_ROWS")
fi

echo "compare.sh: Go benchmarks up to $MAXSIZE, count $COUNT, benchtime $BENCHTIME" >&2
BENCH_MAXSIZE=$MAXSIZE run_go -test.bench "$BENCH" "${skip[@]}" -test.count "$COUNT" | tee -a "$OUT"
if [ "$HUGE" = 1 ]; then
	echo "compare.sh: Go benchmarks above 20 MB, count $HUGE_COUNT" >&2
	BENCH_MINSIZE=21MB run_go -test.bench 'Parse' -test.count "$HUGE_COUNT" | tee -a "$OUT"
fi

# CPython's side of the inputs, in the same format.
if [ "$python_bench" = 1 ]; then
	echo "compare.sh: CPython on the inputs" >&2
	pymax=$MAXSIZE
	[ "$HUGE" = 1 ] && pymax=
	go run ./cmd/geninputs -dir "$tmp/inputs" ${pymax:+-max "$pymax"}
	"$PY" python/bench.py -count "$COUNT" -hugecount "$HUGE_COUNT" -inputs "$tmp/inputs" | tee -a "$OUT" ||
		echo "compare.sh: python/bench.py failed; Go results only" >&2
fi

echo "compare.sh: the run took $(($(date +%s) - start)) s" >&2

# The tables, the goals and the plot, from this run's output.
update=()
if [ "$UPDATE_README" = 1 ]; then
	update=(-update README.md -update ../README.md)
fi
echo
go run ./cmd/report -in "$OUT" -md "results/$NAME.md" -svg "results/$NAME.svg" "${update[@]}"
echo "compare.sh: wrote $OUT, results/$NAME.md, results/$NAME.svg" >&2

BENCHSTAT=$(benchstat_bin)
if [ -n "$BENCHSTAT" ]; then
	echo
	if [ $# -ge 1 ]; then
		"$BENCHSTAT" "$1" "$OUT"
	else
		"$BENCHSTAT" "$OUT"
	fi
fi
