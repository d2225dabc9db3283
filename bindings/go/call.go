package memoryrelay

import (
	"context"
	"encoding/json"
	"iter"
)

// Call runs any method by name with JSON params and returns the lossless result JSON (the
// contract's JSON layer, §1.6): the escape hatch for extras this package does not model yet.
// Delete methods return the JSON null.
func (c *Client) Call(ctx context.Context, method string, params json.RawMessage) (json.RawMessage, error) {
	if len(params) == 0 {
		params = json.RawMessage("{}")
	}
	out, err := c.callRaw(ctx, method, params)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(out), nil
}

// call marshals params, runs the method and decodes its result into a new T.
func call[T any](ctx context.Context, c *Client, method string, params any) (*T, error) {
	out, err := callJSON(ctx, c, method, params)
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := json.Unmarshal(out, v); err != nil {
		// The library checked that the body is JSON; a shape Go cannot decode is an API error.
		return nil, &Error{Code: CodeAPI, Kind: "api", Method: method, Body: string(out),
			Message: method + ": cannot decode response: " + err.Error()}
	}
	return v, nil
}

// callNoResult runs a delete method (whose result is null).
func callNoResult(ctx context.Context, c *Client, method string, params any) error {
	_, err := callJSON(ctx, c, method, params)
	return err
}

func callJSON(ctx context.Context, c *Client, method string, params any) ([]byte, error) {
	b, err := json.Marshal(params)
	if err != nil {
		return nil, invalidArgument(method, method+": cannot encode params: "+err.Error())
	}
	return c.callRaw(ctx, method, b)
}

// pageAll turns a page-fetching function into an iterator over every item, fetching the next
// page (offset += len(page)) while the server reports has_more. An error is yielded once, as
// the last element. Breaking out of the loop stops fetching.
func pageAll[T any](ctx context.Context, offset int, fetch func(offset int) (*List[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for {
			page, err := fetch(offset)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Data {
				if !yield(item, nil) {
					return
				}
			}
			if !page.HasMore || len(page.Data) == 0 {
				return
			}
			offset += len(page.Data)
			if ctx != nil && ctx.Err() != nil {
				var zero T
				yield(zero, ctx.Err())
				return
			}
		}
	}
}

// Helpers for optional fields: memoryrelay.String("x") etc.

// String returns a pointer to s.
func String(s string) *string { return &s }

// Float returns a pointer to f.
func Float(f float64) *float64 { return &f }

// Int returns a pointer to n.
func Int(n int) *int { return &n }

// Bool returns a pointer to b.
func Bool(b bool) *bool { return &b }
