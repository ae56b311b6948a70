package condition

import (
	"net/netip"
	"strings"
)

// ipMatcher serves IpAddress and NotIpAddress. Policy values are CIDR blocks
// (IPv4 or IPv6) or single addresses, which stand for /32 or /128.
type ipMatcher struct {
	prefixes []netip.Prefix
}

// ParseCIDR reads a policy value for the IP operators.
func ParseCIDR(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') < 0 {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked(), true
}

func compileIP(values []string) (matcher, []string) {
	m := &ipMatcher{}
	var invalid []string
	for _, v := range values {
		p, ok := ParseCIDR(v)
		if !ok {
			invalid = append(invalid, v)
			continue
		}
		m.prefixes = append(m.prefixes, p)
	}
	return m, invalid
}

func (m *ipMatcher) matchAny(v string, _ *Context) bool {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range m.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
