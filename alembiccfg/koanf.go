package alembiccfg

import (
	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/internal/state"
)

// Koanf returns a koanf snapshot of the merged configuration, for code
// that already speaks koanf (k.String, k.Unmarshal into structs with
// `koanf` tags). It is the tree provider/alembic's Read returns for the
// same files, with the layers on top: sections are top-level keys and
// their options (with the defaults, as Section gives them) sit under them,
// interpolated; pyproject.toml's [tool.alembic] appears under
// tool.alembic, formatted as Alembic's getters format it, go-toml's types
// kept. A value whose interpolation fails stays raw and is reported to
// Options.OnInterpolationError when the view is built (Options.Strict
// makes it the error); the logging formatter options logging.fileConfig
// reads raw (format, datefmt, style, defaults of [formatter_*]) are given
// raw and never reported. A pyproject.toml that cannot be read is the
// error of Koanf, as it is of the provider's Read.
//
// The snapshot is built on first call and rebuilt after a change or a
// Reload; treat it as read-only, and never Set a dotted path on it: koanf
// splits every written path at ".", so `sqlalchemy.url` would become two
// levels. Keys that would meet in koanf's "."-joined paths ([a] b.c and
// [a.b] c, or an ini [tool] section and tool.alembic) are a CollisionError
// naming both. Note that koanf's Unmarshal converts weakly ("True" becomes
// true), unlike Alembic's boolean getter.
func (c *Config) Koanf() (*koanf.Koanf, error) {
	var failures []state.Failure
	k, err := do1(c, func() (*koanf.Koanf, error) {
		if c.kview != nil {
			return c.kview, nil
		}
		fc, err := c.fileConfig()
		if err != nil {
			return nil, err
		}
		t, err := c.tomlState()
		if err != nil {
			return nil, err
		}
		tree, fl, err := state.Tree(fc, t, state.TreeOptions{Strict: c.opts.Strict})
		if err != nil {
			return nil, err
		}
		k, err := state.Koanf(tree)
		if err != nil {
			return nil, err
		}
		c.kview, failures = k, fl
		return k, nil
	})
	if report := c.opts.OnInterpolationError; report != nil {
		for _, f := range failures {
			report(f.Section, f.Option, f.Err)
		}
	}
	return k, err
}
