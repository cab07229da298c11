package pyvalue

import (
	"fmt"
	"strings"
)

// Date is a TOML local date, Python's datetime.date.
type Date struct {
	Year, Month, Day int
}

// Time is a TOML local time, Python's datetime.time (without tzinfo).
// Python keeps microseconds only: the repr and str of a Time use
// Nanosecond/1000, as tomllib drops digits after the sixth.
type Time struct {
	Hour, Minute, Second, Nanosecond int
}

// DateTime is a TOML local or offset date-time, Python's
// datetime.datetime.
type DateTime struct {
	Date
	Time
	// Offset is the UTC offset in seconds east of UTC (negative west of
	// it), or nil for a local date-time (tzinfo=None). An offset of zero
	// is Python's datetime.timezone.utc.
	Offset *int
}

// String returns Python's str() of the date: "2024-01-01".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// String returns Python's str() of the time: "07:32:00", with
// ".ffffff" when there are microseconds.
func (t Time) String() string {
	s := fmt.Sprintf("%02d:%02d:%02d", t.Hour, t.Minute, t.Second)
	if us := t.microsecond(); us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s
}

// String returns Python's str() of the date-time: "1979-05-27 07:32:00",
// followed by the offset ("+00:00", "-07:00") when there is one.
func (dt DateTime) String() string {
	s := dt.Date.String() + " " + dt.Time.String()
	if dt.Offset != nil {
		s += offsetString(*dt.Offset)
	}
	return s
}

func (t Time) microsecond() int { return t.Nanosecond / 1000 }

// offsetString is the "+HH:MM[:SS]" suffix of datetime.isoformat().
func offsetString(off int) string {
	sign := byte('+')
	if off < 0 {
		sign = '-'
		off = -off
	}
	s := fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
	if off%60 != 0 {
		s += fmt.Sprintf(":%02d", off%60)
	}
	return s
}

func (d Date) repr() string {
	return fmt.Sprintf("datetime.date(%d, %d, %d)", d.Year, d.Month, d.Day)
}

func (t Time) repr() string {
	return "datetime.time(" + t.reprFields() + ")"
}

// reprFields lists hour and minute, then second and microsecond as far as
// they are not zero, as time.__repr__ and datetime.__repr__ do.
func (t Time) reprFields() string {
	s := fmt.Sprintf("%d, %d", t.Hour, t.Minute)
	switch us := t.microsecond(); {
	case us != 0:
		s += fmt.Sprintf(", %d, %d", t.Second, us)
	case t.Second != 0:
		s += fmt.Sprintf(", %d", t.Second)
	}
	return s
}

func (dt DateTime) repr() string {
	var b strings.Builder
	fmt.Fprintf(&b, "datetime.datetime(%d, %d, %d, %s", dt.Year, dt.Month, dt.Day, dt.Time.reprFields())
	if dt.Offset != nil {
		b.WriteString(", tzinfo=")
		b.WriteString(timezoneRepr(*dt.Offset))
	}
	b.WriteByte(')')
	return b.String()
}

// timezoneRepr is the repr of datetime.timezone(timedelta(seconds=off)),
// which is datetime.timezone.utc for a zero offset.
func timezoneRepr(off int) string {
	if off == 0 {
		return "datetime.timezone.utc"
	}
	days, secs := off/86400, off%86400
	if secs < 0 {
		days--
		secs += 86400
	}
	var fields []string
	if days != 0 {
		fields = append(fields, fmt.Sprintf("days=%d", days))
	}
	if secs != 0 {
		fields = append(fields, fmt.Sprintf("seconds=%d", secs))
	}
	return "datetime.timezone(datetime.timedelta(" + strings.Join(fields, ", ") + "))"
}
