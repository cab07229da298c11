package alembiccfg

import (
	"os"
	"strings"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/internal/pyformat"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// PrintStdout is print_stdout: with args, Python's str(text) % args; without,
// the text verbatim. Unless MessagingOpts().Quiet, the output and then "\n"
// are written to Options.Stdout in two separate writes, characters that
// Options.StdoutEncoding cannot encode replaced by "?"; write errors are
// ignored, as in Alembic. A formatting error (TypeError, ValueError,
// KeyError) is returned.
func (c *Config) PrintStdout(text any, args ...any) error {
	output := pyvalue.Str(text)
	if len(args) > 0 {
		var err error
		if output, err = pyformat.Format(output, pyvalue.Tuple(args)); err != nil {
			return err
		}
	}
	c.mu.Lock()
	quiet := c.messagingOpts().Quiet
	c.mu.Unlock()
	if quiet {
		return nil
	}
	w := c.opts.Stdout
	if w == nil {
		w = os.Stdout
	}
	for _, piece := range []string{output, "\n"} {
		if _, err := w.Write([]byte(encodeReplace(piece, c.opts.StdoutEncoding))); err != nil {
			break
		}
	}
	return nil
}

// encodeReplace is s.encode(encoding, "replace").decode(encoding) for the
// encodings a terminal reports: UTF-8 keeps everything, Latin-1 what is
// below U+0100, ASCII what is below U+0080.
func encodeReplace(s, encoding string) string {
	limit := rune(utf8.MaxRune)
	switch strings.ReplaceAll(strings.ToLower(encoding), "_", "-") {
	case "", "utf-8", "utf8":
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1":
		limit = 0xff
	default: // "ascii" and anything else Python would fall back on
		limit = 0x7f
	}
	if limit == utf8.MaxRune {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r > limit {
			return '?'
		}
		return r
	}, s)
}
