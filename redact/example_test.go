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

func ExampleValue() {
	for _, o := range []struct{ option, value string }{
		{"db_password", "hunter2"},
		{"db_password", ""},
		{"api_key", "k-123"},
		{"sqlalchemy.url", "postgresql://scott:tiger@db/app"},
		{"sqlalchemy.url", "postgresql://scott@db/app?sslmode=require&password=tiger"},
		{"dsn", "host=db user=scott password='ti ger' dbname=app"},
		{"keys", "root,alembic"},
	} {
		fmt.Printf("%s = %q\n", o.option, redact.Value(o.option, o.value))
	}
	// Output:
	// db_password = "***"
	// db_password = ""
	// api_key = "***"
	// sqlalchemy.url = "postgresql://scott:***@db/app"
	// sqlalchemy.url = "postgresql://scott@db/app?sslmode=require&password=***"
	// dsn = "host=db user=scott password='***' dbname=app"
	// keys = "root,alembic"
}

func ExampleIsSecretName() {
	for _, name := range []string{"db_password", "api_key", "apiKey", "db_pass", "auth", "keys", "passenger", "author", "sqlalchemy.url"} {
		fmt.Println(name, redact.IsSecretName(name))
	}
	// Output:
	// db_password true
	// api_key true
	// apiKey true
	// db_pass true
	// auth true
	// keys false
	// passenger false
	// author false
	// sqlalchemy.url false
}

func ExampleURLPasswords() {
	for _, v := range []string{
		"postgresql://scott:tiger@db/app",
		"postgresql://scott:ti/ger#1?x y@db/app", // make_url's password: "ti/ger#1?x y"
		"postgresql://scott:p@ss@db/app",         // make_url: "p" at host "ss@db"; urllib: "p@ss"
		"postgresql://scott:p%%40ss@db/app",      // a raw, %%-doubled value
		"postgresql://scott:%(db_password)s@db/app",
		"postgresql://scott@db/app",
		"sqlite:///app.db",
	} {
		fmt.Println(redact.URLPasswords(v))
	}
	// Output:
	// postgresql://scott:***@db/app
	// postgresql://scott:***@db/app
	// postgresql://scott:***@db/app
	// postgresql://scott:***@db/app
	// postgresql://scott:***@db/app
	// postgresql://scott@db/app
	// sqlite:///app.db
}

func ExampleParameters() {
	for _, v := range []string{
		"postgresql://db/app?user=scott&password=tiger&sslmode=require",
		"jdbc:sqlserver://db:1433;databaseName=app;user=scott;password=tiger;encrypt=true",
		"DRIVER={ODBC Driver 18 for SQL Server};SERVER=db;UID=scott;PWD={ti;ger};Encrypt=yes",
		"host=db user=scott password='it\\'s me' dbname=app",
		"mssql+pyodbc:///?odbc_connect=DRIVER%%3D%%7BODBC+Driver+18%%7D%%3BSERVER%%3Ddb%%3BPWD%%3Dtiger%%3B",
	} {
		fmt.Println(redact.Parameters(v))
	}
	// Output:
	// postgresql://db/app?user=scott&password=***&sslmode=require
	// jdbc:sqlserver://db:1433;databaseName=app;user=scott;password=***;encrypt=true
	// DRIVER={ODBC Driver 18 for SQL Server};SERVER=db;UID=scott;PWD={***};Encrypt=yes
	// host=db user=scott password='***' dbname=app
	// mssql+pyodbc:///?odbc_connect=DRIVER%%3D%%7BODBC+Driver+18%%7D%%3BSERVER%%3Ddb%%3BPWD%%3D***%%3B
}

func ExampleInline() {
	fmt.Println(redact.Inline("mssql+pyodbc://scott:tiger@dsn?driver=ODBC+Driver+18&token=t0k"))
	// Output:
	// mssql+pyodbc://scott:***@dsn?driver=ODBC+Driver+18&token=***
}

func ExampleText() {
	secrets := []string{"hunter2", "p%40ss"} // values of secret options
	fmt.Println(redact.Text("option db_password: bad value 'hunter2'", secrets))
	fmt.Println(redact.Text("raw value 'p%%40ss' in [alembic]", secrets))
	fmt.Println(redact.Text("cannot connect to postgresql://scott:tiger@db/app", nil))
	fmt.Println(redact.Text("bad DSN 'host=db password=tiger dbname=app'", nil))
	// Output:
	// option db_password: bad value '***'
	// raw value '***' in [alembic]
	// cannot connect to postgresql://scott:***@db/app
	// bad DSN 'host=db password=*** dbname=app'
}

func ExampleInterpolating() {
	raw := "postgresql://scott:%(db_password)s@db/app"
	fmt.Println(redact.Interpolating(raw, redact.IsSecretName))
	fmt.Println(redact.Interpolating("%(here)s/migrations", redact.IsSecretName))
	// Output:
	// true
	// false
}
