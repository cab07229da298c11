package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// The example on an embedded member: it publishes the bundled file,
// follows the change made in etcd and prints it with its provenance,
// never the password.
func TestFleet(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an embedded etcd member")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, "", "/examples/fleet-test", &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"published 19 options of alembic.ini under /examples/fleet-test at revision ",
		"sqlalchemy.url = sqlite:///",
		"  from: etcd /examples/fleet-test/alembic/sqlalchemy.url @ revision ",
		"  overrode: file ",
		"put /examples/fleet-test/alembic/sqlalchemy.url\n",
		"changed: [alembic] sqlalchemy.url = postgresql://billing:***@db-2.internal/billing (etcd /examples/fleet-test/alembic/sqlalchemy.url @ revision ",
		"sqlalchemy.url = postgresql://billing:***@db-2.internal/billing\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "s3cret") {
		t.Errorf("the password leaked:\n%s", got)
	}
}
