// Package bench holds the benchmarks of koanf-alembic against the field
// (DESIGN.md §8, issue 14): gopkg.in/ini.v1, spf13/viper, koanf with its
// own TOML parser, a bare os.ReadFile, and, through python/bench.py,
// CPython's configparser and Alembic. It is a separate module so that the
// main module does not depend on what it is compared with; the benchmarks
// live in _test.go files, the input generator in package gen, the report
// (tables, goals, SVG plot) in cmd/report.
//
// Run everything, write results/latest.{txt,md,svg}: ./compare.sh
// (QUICK=1 for a smoke run). See README.md.
package bench
