module github.com/koanf-alembic/koanf-alembic/bench

go 1.24

require (
	github.com/koanf-alembic/koanf-alembic v0.0.0
	gopkg.in/ini.v1 v1.67.3
)

replace github.com/koanf-alembic/koanf-alembic => ../
