package memoryrelay

/*
#include "memoryrelay.h"
#include <stdlib.h>
*/
import "C"

import (
	"encoding/json"
	"sync"
	"time"
	"unsafe"
)

// Client is a MemoryRelay client. It is safe for concurrent use by any number of goroutines;
// create one per process and Close it when done. Every call takes a context: cancelling it (or
// its deadline passing) abandons the HTTP exchange and returns ctx.Err().
type Client struct {
	// mu guards handle: calls hold it shared while they use the handle; Close holds it
	// exclusively while it takes the handle away, so no call uses a freed handle.
	mu     sync.RWMutex
	handle *C.mr_client

	Memories  *MemoriesService
	Agents    *AgentsService
	Entities  *EntitiesService
	Sessions  *SessionsService
	Decisions *DecisionsService
	Projects  *ProjectsService
	Patterns  *PatternsService
}

// config is serialized to the core's one client-options JSON (ClientConfig::from_json: durations
// in seconds). Unset options are omitted so that the Rust core applies its environment fallback
// and defaults.
type config struct {
	APIKey            string   `json:"api_key,omitempty"`
	BaseURL           string   `json:"base_url,omitempty"`
	Timeout           *float64 `json:"timeout,omitempty"`
	MaxRetries        *int     `json:"max_retries,omitempty"`
	MaxRetryAfter     *float64 `json:"max_retry_after,omitempty"`
	AllowInsecureHTTP bool     `json:"allow_insecure_http,omitempty"`
	UserAgentSuffix   string   `json:"user_agent_suffix,omitempty"`
}

// Option configures NewClient.
type Option func(*config)

// WithAPIKey sets the API key; without it the MEMORYRELAY_API_KEY environment variable is used,
// and without either NewClient fails with CodeAuthentication.
func WithAPIKey(key string) Option { return func(c *config) { c.APIKey = key } }

// WithBaseURL sets the server URL; default MEMORYRELAY_API_URL, else https://api.memoryrelay.net.
func WithBaseURL(url string) Option { return func(c *config) { c.BaseURL = url } }

// WithTimeout sets the per-attempt timeout (default 30 s); a negative one is CodeInvalidArgument.
func WithTimeout(d time.Duration) Option {
	return func(c *config) { s := d.Seconds(); c.Timeout = &s }
}

// WithMaxRetries sets how many times a failed attempt is retried (0..10, default 2).
func WithMaxRetries(n int) Option { return func(c *config) { c.MaxRetries = &n } }

// WithMaxRetryAfter caps how long the client honours a server's Retry-After (default 60 s);
// above it the call fails at once with Error.RetryAfter set.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(c *config) { s := d.Seconds(); c.MaxRetryAfter = &s }
}

// WithAllowInsecureHTTP allows a plain http:// base URL that is not loopback.
func WithAllowInsecureHTTP() Option { return func(c *config) { c.AllowInsecureHTTP = true } }

// WithUserAgentSuffix replaces the User-Agent suffix (default "go").
func WithUserAgentSuffix(s string) Option { return func(c *config) { c.UserAgentSuffix = s } }

// NewClient creates a client. Options are validated by the Rust core: a bad one is an *Error
// with CodeInvalidArgument naming it; a missing API key is CodeAuthentication.
func NewClient(opts ...Option) (*Client, error) {
	if err := abiMismatch(); err != nil {
		return nil, err
	}
	cfg := config{UserAgentSuffix: "go"}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	doc, err := json.Marshal(cfg)
	if err != nil {
		return nil, invalidArgument("client", "client config: "+err.Error())
	}
	cDoc := C.CString(string(doc))
	defer C.free(unsafe.Pointer(cDoc))
	var handle *C.mr_client
	var cErr *C.char
	st := C.mr_client_new(cDoc, &handle, &cErr)
	if st != C.MR_OK {
		errDoc := C.GoString(cErr)
		C.mr_string_free(cErr)
		return nil, decodeError("client", int32(st), []byte(errDoc))
	}
	c := &Client{handle: handle}
	c.Memories = &MemoriesService{c}
	c.Agents = &AgentsService{c}
	c.Entities = &EntitiesService{c}
	c.Sessions = &SessionsService{c}
	c.Decisions = &DecisionsService{c}
	c.Projects = &ProjectsService{c}
	c.Patterns = &PatternsService{c}
	return c, nil
}

// Close releases the client. Calls still in flight are cancelled and return an error wrapping
// ErrClosed; later calls fail the same way. Close returns after every in-flight call's
// completion has been delivered. It is safe to call more than once.
func (c *Client) Close() error {
	c.mu.Lock()
	h := c.handle
	c.handle = nil
	c.mu.Unlock()
	if h != nil {
		// Outside the lock: mr_client_free waits for in-flight callbacks, and the goroutines
		// waiting on them may need the lock (shared) to try mr_cancel.
		C.mr_client_free(h)
	}
	return nil
}

// isClosed is also true for a zero Client (not made by NewClient): its calls fail cleanly.
func (c *Client) isClosed() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.handle == nil
}

// Version is the loaded library's version, e.g. "0.1.0".
func Version() string { return C.GoString(C.mr_version()) }
