#!/usr/bin/env bash
# compare.sh runs the benchmarks of this module and summarises them with
# benchstat (DESIGN.md §8: every target is a ratio measured in one run).
#
#   ./compare.sh              run, write new.txt, print benchstat new.txt
#   ./compare.sh old.txt      the same, then compare old.txt with new.txt
#
# Environment:
#   COUNT=6          runs of each benchmark (benchstat wants >= 6 for confidence intervals)
#   BENCH=.          -bench regexp, e.g. 'Parse/20MB' or 'TemplateGetMainOption'
#   BENCHTIME=1s     -benchtime, e.g. 3x for a smoke run
#   OUT=new.txt      where the raw results go
#   BENCH_HUGE=1     adds the 100MB input
#   PYTHON_BENCH=0   skips CPython's side (python/bench.py)
#   ALEMBIC_SRC=dir  Alembic source tree for python/bench.py (else the installed alembic)
# benchstat is used from PATH, else installed once into a temporary GOBIN.
set -euo pipefail

cd "$(dirname "$0")"

COUNT=${COUNT:-6}
BENCH=${BENCH:-.}
BENCHTIME=${BENCHTIME:-1s}
OUT=${OUT:-new.txt}
BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da

benchstat_bin() {
	if command -v benchstat >/dev/null 2>&1; then
		command -v benchstat
		return
	fi
	local gobin="${TMPDIR:-/tmp}/koanf-alembic-benchstat-${BENCHSTAT_VERSION}"
	if [ ! -x "$gobin/benchstat" ]; then
		echo "compare.sh: installing benchstat@${BENCHSTAT_VERSION} into $gobin" >&2
		mkdir -p "$gobin"
		GOBIN="$gobin" go install "golang.org/x/perf/cmd/benchstat@${BENCHSTAT_VERSION}" >&2
	fi
	echo "$gobin/benchstat"
}

BENCHSTAT=$(benchstat_bin)

go test -run '^$' -bench "$BENCH" -count "$COUNT" -benchtime "$BENCHTIME" -timeout 0 . | tee "$OUT"

# CPython's side (configparser, and Alembic when importable: ALEMBIC_SRC
# names a source tree such as Alembic 1.19.1's), in the same format.
if [ "${PYTHON_BENCH:-1}" = 1 ] && command -v python3 >/dev/null 2>&1; then
	PY=${PYTHON:-/usr/bin/python3}
	[ -x "$PY" ] || PY=python3
	"$PY" python/bench.py -count "$COUNT" | tee -a "$OUT" || echo "compare.sh: python/bench.py failed; Go results only" >&2
fi

echo
if [ $# -ge 1 ]; then
	"$BENCHSTAT" "$1" "$OUT"
else
	"$BENCHSTAT" "$OUT"
fi

# Side by side: the names rewritten as in=/impl= keys so that benchstat puts
# one implementation per column, each compared with configparser.
keyed=$(mktemp "${TMPDIR:-/tmp}/bench-keyed.XXXXXX")
trap 'rm -f "$keyed"' EXIT
sed -E \
	-e 's#^(BenchmarkParse)/([^/[:space:]]+)/([^[:space:]]+)-([0-9]+)([[:space:]])#\1/in=\2/impl=\3-\4\5#' \
	-e 's#^(BenchmarkTemplateGetMainOption)/([^/[:space:]]+)-([0-9]+)([[:space:]])#\1/in=template/impl=\2-\3\4#' \
	-e 's#^(BenchmarkEndToEnd)/([^/[:space:]]+)-([0-9]+)([[:space:]])#\1/in=template/impl=\2-\3\4#' \
	"$OUT" >"$keyed"
echo
"$BENCHSTAT" -col /impl "$keyed"
