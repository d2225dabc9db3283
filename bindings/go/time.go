package memoryrelay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Time is a timestamp from the server. The contract sends Memory timestamps as integer unix
// seconds and every other one as RFC 3339, and asks clients to accept both forms everywhere
// (§1.4): Time decodes integer or fractional seconds and RFC 3339 (a string without an offset
// is UTC). It encodes as RFC 3339.
type Time struct{ time.Time }

// UnmarshalJSON accepts a number of seconds, an RFC 3339 string, or null (zero Time).
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		t.Time = time.Time{}
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
			if v, err := time.Parse(layout, s); err == nil {
				t.Time = v.UTC()
				return nil
			}
		}
		return fmt.Errorf("memoryrelay: unrecognised timestamp %q", s)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("memoryrelay: unrecognised timestamp %s", b)
	}
	sec, frac := math.Modf(f)
	t.Time = time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC()
	return nil
}

// MarshalJSON writes RFC 3339 (null for the zero Time).
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format(time.RFC3339Nano))
}
