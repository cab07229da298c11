package alembiccfg

import (
	"fmt"
	"testing"
	"testing/fstest"
)

// nameCache keeps four names inline and the rest in a map: every name is
// found with its latest value at every count around that threshold.
func TestNameCache(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 5, 6, 20} {
		var m nameCache
		for i := 0; i < n; i++ {
			m.put(fmt.Sprintf("k%d", i), fmt.Sprint(i))
		}
		for i := 0; i < n; i++ {
			m.put(fmt.Sprintf("k%d", i), fmt.Sprintf("v%d", i)) // replaced in place
		}
		for i := 0; i < n; i++ {
			if v, ok := m.get(fmt.Sprintf("k%d", i)); !ok || v != fmt.Sprintf("v%d", i) {
				t.Fatalf("n=%d: get(k%d) = %q, %v", n, i, v, ok)
			}
		}
		if _, ok := m.get("absent"); ok {
			t.Fatalf("n=%d: absent name found", n)
		}
		if n > len(m.few) && len(m.more) != n-len(m.few) {
			t.Fatalf("n=%d: %d names in the map", n, len(m.more))
		}
	}
}

// Through a Config: more main options looked up than the cache keeps
// inline, then a change, which every remembered value must follow.
func TestMainOptionCacheFollowsChanges(t *testing.T) {
	var ini string
	for i := 0; i < 7; i++ {
		ini += fmt.Sprintf("o%d = %%(here)s/%d\n", i, i)
	}
	cfg := New(Options{FS: fstest.MapFS{"alembic.ini": {Data: []byte("[alembic]\n" + ini)}}, File: "alembic.ini"})
	for round := 0; round < 2; round++ {
		for i := 0; i < 7; i++ {
			want := fmt.Sprintf("./%d", i)
			if round == 1 && i == 5 {
				want = "changed"
			}
			for k := 0; k < 2; k++ {
				if v, ok, err := cfg.MainOption(fmt.Sprintf("o%d", i)); err != nil || !ok || v != want {
					t.Fatalf("round %d: MainOption(o%d) = %q, %v, %v; want %q", round, i, v, ok, err, want)
				}
			}
		}
		if err := cfg.SetMainOption("o5", "changed"); err != nil {
			t.Fatal(err)
		}
	}
}
