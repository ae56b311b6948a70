package permissions

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// ValidContextValue reports whether v is a value of a context key type as
// the policy simulator names them (string, numeric, boolean, ip, binary,
// date; the List variants share their base's rule). The simulator and the
// authorization API both check supplied context values with it.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html
func ValidContextValue(base, v string) bool {
	switch base {
	case "numeric":
		_, err := strconv.ParseFloat(v, 64)
		return err == nil
	case "boolean":
		return strings.EqualFold(v, "true") || strings.EqualFold(v, "false")
	case "ip":
		if _, err := netip.ParsePrefix(v); err == nil {
			return true
		}
		_, err := netip.ParseAddr(v)
		return err == nil
	case "binary":
		_, err := base64.StdEncoding.DecodeString(v)
		return err == nil
	case "date":
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			return true
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02"} {
			if _, err := time.Parse(layout, v); err == nil {
				return true
			}
		}
		return false
	}
	return true
}
