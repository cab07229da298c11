// Package bench holds the benchmarks of koanf-alembic against
// gopkg.in/ini.v1 (DESIGN.md §8). It is a separate module so that the main
// module does not depend on ini.v1 for its benchmarks; the code lives in
// _test.go files and the input generator in package gen.
//
// Run: go test -run '^$' -bench . -count 6 | tee new.txt; benchstat new.txt
package bench
