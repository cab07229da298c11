package difftest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pytoml"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

const defaultTOMLDocs = 400

// TestDifferentialTOML compares pyproject.toml reading with CPython's
// tomllib, as Alembic calls it (tomllib.load of the file's bytes), on
// generated documents:
//
//	go test -run TestDifferentialTOML ./internal/difftest                 # 400 documents, fresh seed
//	DIFF_TOML_DOCS=20000 go test -run TestDifferentialTOML ./internal/difftest
//	DIFF_SEED=123 DIFF_TOML_DOCS=400 go test -run TestDifferentialTOML ./internal/difftest   # replay
//
// Every document must read as tomllib reads it: both refuse it with the
// same kind of error (TOMLDecodeError, UnicodeDecodeError), or both read
// it and the repr() of what they read is the same. The one documented
// difference: an integer beyond 64 bits, which tomllib reads and this
// library refuses (a TOMLDecodeError); the summary counts these. Error
// messages are compared and counted, not required to agree: the common
// ones are worded as tomllib words them, the rest in go-toml's words.
func TestDifferentialTOML(t *testing.T) {
	docs := int(envInt(t, "DIFF_TOML_DOCS", defaultTOMLDocs))
	seed := envInt(t, "DIFF_SEED", time.Now().UnixNano())
	t.Logf("seed %d; replay with DIFF_SEED=%d DIFF_TOML_DOCS=%d", seed, seed, docs)

	orc, err := startLineOracle("toml_oracle.py")
	if err != nil {
		t.Fatal(err)
	}
	defer orc.cmd.Process.Kill()

	type job struct {
		doc *TOMLDoc
		err error
	}
	jobs := make(chan job, 16)
	go func() {
		defer close(jobs)
		defer orc.stdin.Close()
		for i := range docs {
			d := GenerateTOML(seed, i)
			req, _ := json.Marshal(map[string]any{"id": i, "b64": base64.StdEncoding.EncodeToString(d.Text)})
			if _, err := orc.stdin.Write(append(req, '\n')); err != nil {
				jobs <- job{err: fmt.Errorf("sending document %d to the oracle: %v", i, err)}
				return
			}
			jobs <- job{doc: d}
		}
	}()

	var (
		count, read, refused, bigints, sameMessage, bad int
		version                                         string
		kinds                                           = map[string]int{}
	)
	for j := range jobs {
		if j.err != nil {
			t.Fatal(j.err)
		}
		var ans tomlAnswer
		if err := orc.receive(&ans); err != nil {
			t.Fatal(err)
		}
		if ans.ID != j.doc.Index {
			t.Fatalf("the oracle answered document %d for %d", ans.ID, j.doc.Index)
		}
		version = ans.Version
		count++
		got, gotErr := readTOML(j.doc.Text)
		var dis string
		switch {
		case ans.Error == "" && gotErr == nil:
			read++
			if got != ans.Repr {
				dis = fmt.Sprintf("read differently:\n  tomllib: %s\n  library: %s", ans.Repr, got)
			}
		case ans.Error == "" && ans.BigInt && errors.Is(gotErr, alembicerr.TOMLDecodeError):
			bigints++ // the documented limit
		case ans.Error == "":
			dis = fmt.Sprintf("tomllib reads it as %s; the library refuses it: %v", ans.Repr, gotErr)
		case gotErr == nil:
			dis = fmt.Sprintf("tomllib refuses it (%s: %s); the library reads it as %s", ans.Error, ans.Message, got)
		default:
			refused++
			kinds[ans.Error]++
			var e *alembicerr.Error
			if !errors.As(gotErr, &e) || string(e.Kind) != ans.Error {
				dis = fmt.Sprintf("refused with another kind of error:\n  tomllib: %s: %s\n  library: %v", ans.Error, ans.Message, gotErr)
			} else if e.Message == ans.Message {
				sameMessage++
			}
		}
		if dis != "" {
			bad++
			if bad <= 10 {
				t.Errorf("%s: %s\n  document: %q", j.doc, dis, j.doc.Text)
			}
		}
	}
	if count != docs {
		t.Fatalf("%d documents compared of %d", count, docs)
	}
	var ks []string
	for k, n := range kinds {
		ks = append(ks, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(ks)
	t.Logf("CPython %s", version)
	fmt.Printf("differential toml: %d documents, seed %d, %d disagreements; %d read alike, %d refused alike (%s; same message %d), %d integers beyond 64 bits (the documented limit)\n",
		count, seed, bad, read, refused, strings.Join(ks, ", "), sameMessage, bigints)
}

// readTOML is what the library reads of a pyproject.toml: repr() of the
// document as Python would print it, or the error.
func readTOML(text []byte) (string, error) {
	d, err := pytoml.Decode("pyproject.toml", text)
	if err != nil {
		return "", err
	}
	return pyvalue.Repr(d), nil
}

// tomlAnswer is the oracle's reading of one document.
type tomlAnswer struct {
	ID      int    `json:"id"`
	Version string `json:"version"`
	Repr    string `json:"repr"`
	BigInt  bool   `json:"bigint"`
	Error   string `json:"error"`
	Message string `json:"message"`
}
