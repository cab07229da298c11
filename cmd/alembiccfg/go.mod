module github.com/koanf-alembic/koanf-alembic/cmd/alembiccfg

go 1.24

require github.com/koanf-alembic/koanf-alembic v0.0.0

require (
	github.com/fsnotify/fsnotify v1.9.0 // indirect
	github.com/go-viper/mapstructure/v2 v2.4.0 // indirect
	github.com/knadh/koanf/maps v0.1.2 // indirect
	github.com/knadh/koanf/providers/env/v2 v2.0.2 // indirect
	github.com/knadh/koanf/v2 v2.4.1 // indirect
	github.com/mitchellh/copystructure v1.2.0 // indirect
	github.com/mitchellh/reflectwalk v1.0.2 // indirect
	github.com/pelletier/go-toml/v2 v2.4.3 // indirect
	golang.org/x/sys v0.32.0 // indirect
	gopkg.in/ini.v1 v1.67.3 // indirect
)

replace github.com/koanf-alembic/koanf-alembic => ../..
