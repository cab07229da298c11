package redact_test

import (
	"fmt"

	"github.com/koanf-alembic/koanf-alembic/redact"
)

func Example() {
	raw := map[string]string{
		"db_password":    "hunter2",
		"sqlalchemy.url": "postgresql://scott:%(db_password)s@db/app",
		"backup_url":     "postgresql://scott:tiger@backup/app",
		"keys":           "root,alembic",
	}
	value := map[string]string{ // after interpolation
		"db_password":    "hunter2",
		"sqlalchemy.url": "postgresql://scott:hunter2@db/app",
		"backup_url":     "postgresql://scott:tiger@backup/app",
		"keys":           "root,alembic",
	}
	show := func(option string) string {
		if value[option] != "" && redact.Interpolating(raw[option], redact.IsSecretName) {
			return redact.Mask
		}
		return redact.Value(option, value[option])
	}
	for _, option := range []string{"db_password", "sqlalchemy.url", "backup_url", "keys"} {
		fmt.Printf("%s = %s\n", option, show(option))
	}
	fmt.Println(redact.Text("cannot use 'hunter2' to log in", []string{"hunter2"}))
	// Output:
	// db_password = ***
	// sqlalchemy.url = ***
	// backup_url = postgresql://scott:***@backup/app
	// keys = root,alembic
	// cannot use '***' to log in
}
