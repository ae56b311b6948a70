package saml

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
)

// The attribute names AWS reads, case-sensitive as AWS requires.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html
const (
	AttrRole              = "https://aws.amazon.com/SAML/Attributes/Role"
	AttrRoleSessionName   = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
	AttrSessionDuration   = "https://aws.amazon.com/SAML/Attributes/SessionDuration"
	AttrPrincipalTag      = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:" // + tag key
	AttrTransitiveTagKeys = "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys"
	AttrSourceIdentity    = "https://aws.amazon.com/SAML/Attributes/SourceIdentity"
)

// SessionDuration's bounds, in seconds.
const (
	minSessionDuration = 900
	maxSessionDuration = 43200
)

// sessionNamePattern is AWS's rule for RoleSessionName and SourceIdentity.
var sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)

// readAWSAttributes fills the AWS fields of a from its attributes. The Role
// attribute is read leniently (values that are no role and provider pair
// are skipped: the caller's RoleArn and PrincipalArn must match one pair
// anyway); RoleSessionName is required; the others are optional.
func readAWSAttributes(a *Assertion) error {
	for _, v := range a.Attributes[AttrRole] {
		if p, ok := parseRolePair(v); ok {
			a.Roles = append(a.Roles, p)
		}
	}
	names := a.Attributes[AttrRoleSessionName]
	if len(names) == 0 || names[0] == "" {
		return awserr.InvalidIdentityToken(msgSessionNameRequired)
	}
	if len(names) > 1 || !sessionNamePattern.MatchString(names[0]) {
		return awserr.InvalidIdentityToken(msgSessionNameInvalid)
	}
	a.RoleSessionName = names[0]
	if d, ok := a.Attributes[AttrSessionDuration]; ok {
		n, err := strconv.Atoi(firstOf(d))
		if err != nil || len(d) != 1 || n < minSessionDuration || n > maxSessionDuration {
			return awserr.InvalidIdentityToken(msgSessionDuration)
		}
		a.SessionDuration = int32(n)
	}
	if s, ok := a.Attributes[AttrSourceIdentity]; ok {
		v := firstOf(s)
		if len(s) != 1 || !sessionNamePattern.MatchString(v) || strings.HasPrefix(strings.ToLower(v), "aws:") {
			return awserr.InvalidIdentityToken(msgSourceIdentityInvalid)
		}
		a.SourceIdentity = v
	}
	for name, values := range a.Attributes {
		if key, ok := strings.CutPrefix(name, AttrPrincipalTag); ok && key != "" {
			a.PrincipalTags = append(a.PrincipalTags, Tag{Key: key, Value: firstOf(values)})
		}
	}
	sortTags(a.PrincipalTags)
	a.TransitiveTagKeys = append(a.TransitiveTagKeys, a.Attributes[AttrTransitiveTagKeys]...)
	return nil
}

// parseRolePair reads "roleARN,providerARN" in either order, as AWS accepts.
func parseRolePair(v string) (RolePair, bool) {
	first, second, ok := strings.Cut(v, ",")
	if !ok {
		return RolePair{}, false
	}
	first, second = strings.TrimSpace(first), strings.TrimSpace(second)
	isRole := func(s string) bool { return strings.HasPrefix(s, "arn:") && strings.Contains(s, ":role/") }
	isProvider := func(s string) bool { return strings.HasPrefix(s, "arn:") && strings.Contains(s, ":saml-provider/") }
	switch {
	case isRole(first) && isProvider(second):
		return RolePair{RoleARN: first, ProviderARN: second}, true
	case isProvider(first) && isRole(second):
		return RolePair{RoleARN: second, ProviderARN: first}, true
	}
	return RolePair{}, false
}

func firstOf(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

// sortTags orders tags by key so results do not depend on map order.
func sortTags(tags []Tag) {
	slices.SortFunc(tags, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
