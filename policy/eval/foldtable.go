package eval

// foldTable maps ASCII-case-insensitive strings to small integers. It is an
// open-addressing hash table built once at compile time and probed with the
// request's action as written, so that the hot path needs neither a
// lower-cased copy of the action nor a Go map.
type foldTable struct {
	keys []string // lower-case; "" marks an empty slot
	vals []int32
	mask uint32
	n    int
}

func newFoldTable(capacity int) foldTable {
	size := 8
	for size < capacity*2 {
		size *= 2
	}
	return foldTable{keys: make([]string, size), vals: make([]int32, size), mask: uint32(size - 1)}
}

// foldHash is FNV-1a over the ASCII-lower-cased bytes of s.
func foldHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// equalFoldASCII compares s with a lower-case key, folding only ASCII
// letters (action names and service prefixes are ASCII).
func equalFoldASCII(s, lowerKey string) bool {
	if len(s) != len(lowerKey) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lowerKey[i] {
			return false
		}
	}
	return true
}

// hasPrefixFoldASCII reports whether s starts with the lower-case prefix.
func hasPrefixFoldASCII(s, lowerPrefix string) bool {
	return len(s) >= len(lowerPrefix) && equalFoldASCII(s[:len(lowerPrefix)], lowerPrefix)
}

// put finds key in any ASCII letter case, storing it lower-cased if absent,
// and returns its value, calling next to make one for a new key. Only a new
// key with upper-case letters costs an allocation. key must be non-empty
// and ASCII, since lookups fold ASCII letters only.
func (t *foldTable) put(key string, next func() int32) int32 {
	if t.n*2 >= len(t.keys) {
		t.grow()
	}
	i := foldHash(key) & t.mask
	for t.keys[i] != "" {
		if equalFoldASCII(key, t.keys[i]) {
			return t.vals[i]
		}
		i = (i + 1) & t.mask
	}
	v := next()
	t.keys[i], t.vals[i] = lowerASCII(key), v
	t.n++
	return v
}

// each calls fn for every key and its value, in no particular order.
func (t *foldTable) each(fn func(key string, v int32)) {
	for i, k := range t.keys {
		if k != "" {
			fn(k, t.vals[i])
		}
	}
}

// lowerASCII lower-cases the ASCII letters of s, returning s itself when it
// has none in upper case.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// isASCII reports whether s is ASCII, for which lowerASCII and
// strings.ToLower agree.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (t *foldTable) grow() {
	old := *t
	*t = newFoldTable(len(old.keys))
	for i, k := range old.keys {
		if k != "" {
			j := foldHash(k) & t.mask
			for t.keys[j] != "" {
				j = (j + 1) & t.mask
			}
			t.keys[j], t.vals[j] = k, old.vals[i]
			t.n++
		}
	}
}

// get looks s up in any letter case.
func (t *foldTable) get(s string) (int32, bool) {
	if t.n == 0 || s == "" {
		return 0, false
	}
	i := foldHash(s) & t.mask
	for {
		k := t.keys[i]
		if k == "" {
			return 0, false
		}
		if equalFoldASCII(s, k) {
			return t.vals[i], true
		}
		i = (i + 1) & t.mask
	}
}
