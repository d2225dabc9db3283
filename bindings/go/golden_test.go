package memoryrelay

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"
	"time"
)

// Golden bodies (tests/golden/bodies.json: missing, null and unknown members) decoded by the Go
// models give the values of tests/golden/expected.json, the file the Rust and Python suites
// compare against too. Go's nil map or slice is its empty value, so it matches {} and [].

func decodeAs[T any](body json.RawMessage) (any, error) {
	v := new(T)
	if err := json.Unmarshal(body, v); err != nil {
		return nil, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	return out, json.Unmarshal(b, &out)
}

var goldenModels = map[string]func(json.RawMessage) (any, error){
	"Memory":               decodeAs[Memory],
	"Agent":                decodeAs[Agent],
	"AgentStats":           decodeAs[AgentStats],
	"Entity":               decodeAs[Entity],
	"EntityLink":           decodeAs[EntityLink],
	"Session":              decodeAs[Session],
	"SessionSummary":       decodeAs[SessionSummary],
	"Decision":             decodeAs[Decision],
	"DecisionCheckResult":  decodeAs[DecisionCheckResult],
	"Project":              decodeAs[Project],
	"ProjectContext":       decodeAs[ProjectContext],
	"Pattern":              decodeAs[Pattern],
	"PatternSearchResults": decodeAs[PatternSearchResults],
	"SearchResults":        decodeAs[SearchResults],
	"BatchResult":          decodeAs[BatchResult],
	"Health":               decodeAs[Health],
	"MemoryList":           decodeAs[List[Memory]],
}

// The JSON names of a model's members are its json tags, so the decoded value re-encoded as
// JSON is compared member by member.
func checkGolden(t *testing.T, path string, expected, actual any) {
	t.Helper()
	switch e := expected.(type) {
	case map[string]any:
		if want, ok := e["$time"]; ok {
			s, ok := actual.(string)
			if !ok {
				t.Errorf("%s: %v is no time", path, actual)
				return
			}
			got, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				return
			}
			if d := float64(got.UnixNano())/1e9 - want.(float64); math.Abs(d) > 1e-6 {
				t.Errorf("%s: %v != %v", path, got, want)
			}
			return
		}
		if actual == nil && len(e) == 0 {
			return // a nil map
		}
		a, ok := actual.(map[string]any)
		if !ok {
			t.Errorf("%s: %v is no object", path, actual)
			return
		}
		for k, v := range e {
			got, ok := a[k]
			if !ok {
				t.Errorf("%s.%s missing", path, k)
				continue
			}
			checkGolden(t, path+"."+k, v, got)
		}
	case []any:
		if actual == nil && len(e) == 0 {
			return // a nil slice
		}
		a, ok := actual.([]any)
		if !ok || len(a) != len(e) {
			t.Errorf("%s: %v, want %d items", path, actual, len(e))
			return
		}
		for i := range e {
			checkGolden(t, fmt.Sprintf("%s[%d]", path, i), e[i], a[i])
		}
	default:
		if expected != actual {
			t.Errorf("%s: %#v != %#v", path, actual, expected)
		}
	}
}

func TestGoldenBodies(t *testing.T) {
	var cases []struct {
		Name  string          `json:"name"`
		Model string          `json:"model"`
		Body  json.RawMessage `json:"body"`
	}
	var expected map[string]any
	for file, into := range map[string]any{"bodies.json": &cases, "expected.json": &expected} {
		b, err := os.ReadFile("../../tests/golden/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatal(err)
		}
	}
	if len(cases) < 20 {
		t.Fatalf("only %d golden cases", len(cases))
	}
	for _, c := range cases {
		decode, ok := goldenModels[c.Model]
		if !ok {
			t.Fatalf("no Go model for %s", c.Model)
		}
		actual, err := decode(c.Body)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		checkGolden(t, c.Name, expected[c.Name], actual)
	}
}
