package redact

import (
	"encoding/json"
	"os"
	"testing"
)

// TestURLPasswordsMakeURL checks URLPasswords against SQLAlchemy's
// make_url: testdata/makeurl/cases.json holds strings that start with a
// URL, the byte range of the password make_url reads from each and the one
// URLPasswords must mask (see testdata/makeurl/gen.py, which made them with
// the real make_url).
func TestURLPasswordsMakeURL(t *testing.T) {
	data, err := os.ReadFile("testdata/makeurl/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		SQLAlchemy string
		Cases      []struct {
			In       string
			Password *[2]int
			Masked   *[2]int
		}
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 1000 {
		t.Fatalf("only %d cases", len(file.Cases))
	}
	for _, c := range file.Cases {
		var spans [][2]int
		urlPasswordSpans(c.In, func(start, end int) { spans = append(spans, [2]int{start, end}) })
		switch {
		case c.Masked == nil && len(spans) != 0:
			t.Errorf("%q: masks %v, make_url reads no password", c.In, spans)
		case c.Masked != nil && (len(spans) != 1 || spans[0] != *c.Masked):
			t.Errorf("%q: masks %v, want %v (make_url's password: %v)", c.In, spans, *c.Masked, *c.Password)
		}
		if c.Password != nil && c.Password[1] > c.Password[0] && (len(spans) == 0 || spans[0][0] > c.Password[0] || spans[0][1] < c.Password[1]) {
			t.Errorf("%q: make_url's password %v not all masked: %v", c.In, *c.Password, spans)
		}
	}
}

// TestParametersLibpq checks Parameters against libpq:
// testdata/libpq/cases.json holds keyword DSNs with a password and the byte
// range of its raw value, the one range to mask (see testdata/libpq/gen.py,
// which checked every DSN with libpq's own parser).
func TestParametersLibpq(t *testing.T) {
	data, err := os.ReadFile("testdata/libpq/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Psycopg2 string
		Cases    []struct {
			In       string
			Password [2]int
		}
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 500 {
		t.Fatalf("only %d cases", len(file.Cases))
	}
	for _, c := range file.Cases {
		var spans [][2]int
		parameterSpans(c.In, func(start, end int) { spans = append(spans, [2]int{start, end}) })
		if len(spans) != 1 || spans[0] != c.Password {
			t.Errorf("%q: masks %v, want %v (%q)", c.In, spans, c.Password, c.In[c.Password[0]:c.Password[1]])
		}
		if again := Parameters(Parameters(c.In)); again != Parameters(c.In) {
			t.Errorf("%q: not idempotent: %q then %q", c.In, Parameters(c.In), again)
		}
	}
}
