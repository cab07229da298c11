package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// jsonString writes what encoding/json (HTML escaping off) writes, without
// its per-call allocations.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b\\c", "\x00\x1f\n\r\t\b\f", "é\u2028\u2029", "\xff\xfe bad", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		if want := strings.TrimSuffix(b.String(), "\n"); jsonString(s) != want {
			t.Fatalf("%q: got %s want %s", s, jsonString(s), want)
		}
	})
}
