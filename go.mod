module github.com/koanf-alembic/koanf-alembic

go 1.24
