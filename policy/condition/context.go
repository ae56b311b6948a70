package condition

import "strings"

// Context is the request context: condition keys and their values. Keys are
// case-insensitive and may hold several values (aws:TagKeys, for instance).
//
// It is a slice of entries rather than a map because a request carries a
// dozen keys at most, for which a linear scan over pre-lower-cased keys beats
// hashing, and because a Context can be Reset and refilled without
// allocating. The zero value is an empty context ready for use.
type Context struct {
	entries []entry
}

type entry struct {
	key    string    // lower-case
	one    [1]string // storage for the common single value
	many   []string  // used instead of one when the key has several values
	single bool
}

// Reset empties the context, keeping its storage for reuse.
func (c *Context) Reset() { c.entries = c.entries[:0] }

// Grow makes room for n more keys, so that a caller who knows roughly how
// many keys a request carries fills the context with one allocation.
func (c *Context) Grow(n int) {
	if free := cap(c.entries) - len(c.entries); free < n {
		grown := make([]entry, len(c.entries), len(c.entries)+n)
		copy(grown, c.entries)
		c.entries = grown
	}
}

// Len returns the number of keys in the context.
func (c *Context) Len() int { return len(c.entries) }

// Set gives key a single value, replacing any values it had.
func (c *Context) Set(key, value string) {
	e := c.slot(key)
	e.one[0], e.many, e.single = value, nil, true
}

// SetValues gives key several values, replacing any values it had. The
// context keeps the slice; the caller must not modify it afterwards. A key
// with no values is treated as absent.
func (c *Context) SetValues(key string, values []string) {
	e := c.slot(key)
	e.many, e.single = values, false
}

// Delete removes key from the context.
func (c *Context) Delete(key string) {
	if i := c.index(lowerASCII(key)); i >= 0 {
		c.entries = append(c.entries[:i], c.entries[i+1:]...)
	}
}

func (c *Context) slot(key string) *entry {
	key = lowerASCII(key)
	if i := c.index(key); i >= 0 {
		return &c.entries[i]
	}
	c.entries = append(c.entries, entry{key: key})
	return &c.entries[len(c.entries)-1]
}

func (c *Context) index(lowerKey string) int {
	for i := range c.entries {
		if c.entries[i].key == lowerKey {
			return i
		}
	}
	return -1
}

// Lookup returns the values of a key, which must already be lower-case
// (compiled policies lower-case their keys once, at compile time). A key
// that is missing, or present with no values, reports false.
func (c *Context) Lookup(lowerKey string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	for i := range c.entries {
		e := &c.entries[i]
		if e.key == lowerKey {
			if e.single {
				return e.one[:], true
			}
			return e.many, len(e.many) > 0
		}
	}
	return nil, false
}

// Get looks a key up in any letter case.
func (c *Context) Get(key string) ([]string, bool) { return c.Lookup(lowerASCII(key)) }

// ResolveVar returns the value of a single-valued key for policy-variable
// substitution. AWS does not substitute multivalued keys.
func (c *Context) ResolveVar(lowerKey string) (string, bool) {
	vs, ok := c.Lookup(lowerKey)
	if !ok || len(vs) != 1 {
		return "", false
	}
	return vs[0], true
}

// Keys returns the lower-cased keys in insertion order.
func (c *Context) Keys() []string {
	out := make([]string, len(c.entries))
	for i := range c.entries {
		out[i] = c.entries[i].key
	}
	return out
}

// lowerASCII lower-cases s, allocating only when s has an upper-case letter.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}
