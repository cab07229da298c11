package pyvalue

import "testing"

// A Dict searches linearly up to linearDict keys and keeps an index
// beyond: order, lookups, replacement, deletion and copies must not
// notice the change, in either direction.
func TestDictSizes(t *testing.T) {
	for _, n := range []int{0, 1, linearDict - 1, linearDict, linearDict + 1, linearDict + 2, 100} {
		d := NewDict()
		for i := 0; i < n; i++ {
			d.Set(string(rune('a'+i%26))+string(rune('0'+i/26)), i)
		}
		check := func(what string, d *Dict, want []int) {
			t.Helper()
			keys := d.Keys()
			if len(keys) != len(want) || d.Len() != len(want) {
				t.Fatalf("n=%d %s: %d keys, Len %d; want %d", n, what, len(keys), d.Len(), len(want))
			}
			j := 0
			d.Range(func(k string, v any) bool {
				if k != keys[j] || v != want[j] {
					t.Fatalf("n=%d %s: Range pair %d is %s=%v; want %s=%v", n, what, j, k, v, keys[j], want[j])
				}
				if got, ok := d.Get(k); !ok || got != v {
					t.Fatalf("n=%d %s: Get(%s) = %v, %v", n, what, k, got, ok)
				}
				j++
				return true
			})
			if d.Has("missing") {
				t.Fatalf("n=%d %s: Has(missing)", n, what)
			}
		}
		want := make([]int, n)
		for i := range want {
			want[i] = i
		}
		check("built", d, want)
		c := d.Copy()
		check("copy", c, want)
		if n == 0 {
			continue
		}
		// Replace the first value in place, delete down past the threshold.
		k0 := d.Keys()[0]
		d.Set(k0, -1)
		want[0] = -1
		check("replaced", d, want)
		check("copy after replace", c, append([]int{0}, want[1:]...))
		for len(want) > 0 {
			keys := d.Keys()
			if !d.Delete(keys[len(keys)/2]) || d.Delete(keys[len(keys)/2]) {
				t.Fatalf("n=%d: Delete(%s) twice", n, keys[len(keys)/2])
			}
			want = append(want[:len(want)/2], want[len(want)/2+1:]...)
			check("deleted", d, want)
		}
		d.Set("again", 1)
		check("refilled", d, []int{1})
	}
}

// Range iterates a snapshot taken when it starts (held on the stack up to
// four pairs, allocated beyond): a Dict that f changes while it runs, by
// replacing, deleting and adding keys, still yields exactly the pairs it
// had at the start, in order, at every size around the stack buffer and
// linearDict.
func TestDictRangeSnapshot(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 5, 6, linearDict + 1} {
		d := NewDict()
		var keys []string
		for i := 0; i < n; i++ {
			k := string(rune('a' + i))
			keys = append(keys, k)
			d.Set(k, i)
		}
		j := 0
		d.Range(func(k string, v any) bool {
			if j >= n || k != keys[j] || v != j {
				t.Fatalf("n=%d: pair %d is %s=%v; want %s=%d", n, j, k, v, keys[min(j, n-1)], j)
			}
			if j+1 < n {
				d.Set(keys[j+1], -1) // the next value replaced
			}
			if j+2 < n {
				d.Delete(keys[j+2]) // and the one after it gone
			}
			d.Set("new"+k, j) // and one added
			j++
			return true
		})
		if j != n {
			t.Fatalf("n=%d: Range gave %d pairs", n, j)
		}
	}
}

// A Dict of one key, built or copied from an empty one then set (how a
// load makes config_args with `here`), is one allocation; a second key
// grows it as a slice grows.
func TestDictOfOneIsOneAllocation(t *testing.T) {
	var empty *Dict
	for _, tc := range []struct {
		name string
		make func() *Dict
		want float64
	}{
		{"NewDict + Set", func() *Dict { return NewDict().Set("here", "dir") }, 1},
		{"Copy of nil + Set", func() *Dict { return empty.Copy().Set("here", "dir") }, 1},
		{"Copy of empty + Set", func() *Dict { return NewDict().Copy().Set("here", "dir") }, 2},
		{"two keys", func() *Dict { return NewDict().Set("a", "x").Set("b", "y") }, 2},
	} {
		var d *Dict
		if got := testing.AllocsPerRun(100, func() { d = tc.make() }); got != tc.want {
			t.Errorf("%s: %v allocations, want %v", tc.name, got, tc.want)
		}
		if v, ok := d.Get("here"); tc.name != "two keys" && (!ok || v != "dir") {
			t.Errorf("%s: here = %v, %v", tc.name, v, ok)
		}
	}
}
