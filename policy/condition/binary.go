package condition

// binaryMatcher serves BinaryEquals. Policy and request both carry the bytes
// base64-encoded; AWS compares them byte for byte, so the encoded texts are
// compared exactly.
type binaryMatcher struct {
	values []string
}

func compileBinary(values []string) matcher {
	return &binaryMatcher{values: values}
}

func (m *binaryMatcher) matchAny(v string, _ *Context) bool {
	for _, p := range m.values {
		if p == v {
			return true
		}
	}
	return false
}
