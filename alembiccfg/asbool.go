package alembiccfg

import (
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// AsBool is SQLAlchemy's asbool, which Alembic applies to
// get_alembic_option("revision_environment"): a string is true for
// true/yes/on/y/t/1 and false for false/no/off/n/f/0 (stripped,
// case-insensitive), anything else a ValueError; nil is false; other
// values follow Python's truthiness.
func AsBool(v any) (bool, error) {
	switch v := v.(type) {
	case nil:
		return false, nil
	case string:
		s := pyvalue.Lower(pyvalue.Strip(v))
		switch s {
		case "true", "yes", "on", "y", "t", "1":
			return true, nil
		case "false", "no", "off", "n", "f", "0":
			return false, nil
		}
		return false, alembicerr.New(alembicerr.ValueError, "String is not true/false: "+pyvalue.ReprString(s))
	case bool:
		return v, nil
	case int:
		return v != 0, nil
	case int64:
		return v != 0, nil
	case float64:
		return v != 0, nil
	case []any:
		return len(v) > 0, nil
	case *Dict:
		return v.Len() > 0, nil
	}
	return true, nil
}
