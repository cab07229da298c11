package conformance

import "testing"

func TestEqualNumbers(t *testing.T) {
	num := func(s string) any { v, _ := decodeJSON([]byte(s)); return v }
	for _, tt := range []struct {
		a, b any
		want bool
	}{
		{num("1"), num("1"), true},
		{num("1"), num("1.0"), false},
		{num("1.0"), num("1e0"), true},
		{num("40"), int64(40), true},
		{num("40"), 40.0, false},
		{num("40.0"), 40.0, true},
		{num("40.0"), int64(40), false},
		{num("123456789012345678901234567890"), num("123456789012345678901234567890"), true},
		{num("9007199254740993"), int64(9007199254740992), false},
		{num("1"), true, false},
		{true, num("1"), false},
	} {
		if got := equal(tt.a, tt.b); got != tt.want {
			t.Errorf("equal(%v %T, %v %T) = %v", tt.a, tt.a, tt.b, tt.b, got)
		}
	}
}
