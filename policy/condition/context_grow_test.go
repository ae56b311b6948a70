package condition

import "testing"

// TestGrowFillsWithoutAllocating: after Grow, setting lower-case keys
// allocates nothing, which is what the request path relies on.
func TestGrowFillsWithoutAllocating(t *testing.T) {
	keys := []string{"aws:currenttime", "aws:epochtime", "aws:sourceip", "aws:username", "aws:userid"}
	allocs := testing.AllocsPerRun(100, func() {
		var c Context
		c.Grow(len(keys))
		for _, k := range keys {
			c.Set(k, "v")
		}
		if c.Len() != len(keys) {
			t.Fatal("keys lost")
		}
	})
	// The one allocation is Grow's own.
	if allocs > 1 {
		t.Fatalf("filling a grown context allocated %.0f times, want 1", allocs)
	}
	var c Context
	c.Set("a", "1")
	c.Grow(3)
	if vs, ok := c.Get("A"); !ok || vs[0] != "1" {
		t.Fatal("Grow lost an existing key")
	}
}
