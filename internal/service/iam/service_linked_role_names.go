package iam

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/iamd/iamd/internal/awsmanaged"
)

// How iamd names a service-linked role and chooses its policy.
//
// AWS names each service's role itself (AWSServiceRoleForAutoScaling for
// autoscaling.amazonaws.com, AWSServiceRoleForECS for ecs.amazonaws.com,
// AWSServiceRoleForEC2Spot for spot.amazonaws.com) and attaches the
// service's own policy from /aws-service-role/. iamd cannot know every
// service's choice, so it derives both from the principal and from the names
// of the /aws-service-role/ policies in the AWS managed catalog, which carry
// each service's own capitalisation:
//
//  1. The service's key is the principal without ".amazonaws.com", its
//     dot-separated labels reversed (the service before its feature:
//     replicator.lambda gives lambda, replicator) and joined without dots
//     or hyphens, in lower case: "lambdareplicator".
//  2. A catalog policy under /aws-service-role/ matches when its name is an
//     optional owner ("AWSServiceRoleFor", "AWS" or "Amazon"), then the key
//     in any case, then one of the policy endings below (or nothing): AutoScalingServiceRolePolicy and
//     AWSLambdaReplicator match. Failing that, a name whose part before the
//     ending ends, at a word boundary, with the key matches:
//     AWSEC2SpotServiceRolePolicy for spot. The first match in catalog
//     order wins.
//  3. The role's service word is that part of the matched policy's name, as
//     written there ("AutoScaling", "EC2Spot"), and the policy is attached
//     to the role. With no match, no policy is attached and the word is the
//     labels, each split at hyphens, with every piece capitalised as it is
//     written in some /aws-service-role/ policy name (elasticloadbalancing
//     gives ElasticLoadBalancing) or else with its first letter upper case.
//  4. The name is "AWSServiceRoleFor" + the word, and "_" + CustomSuffix
//     when one is given.
//
// Services whose AWS names break the pattern (es.amazonaws.com is
// AWSServiceRoleForAmazonElasticsearchService) get a plausible name, not
// AWS's.

// serviceLinkedRolePrefix starts every service-linked role's name.
const serviceLinkedRolePrefix = "AWSServiceRoleFor"

// servicePrincipalSuffix ends the service principals iamd accepts.
const servicePrincipalSuffix = ".amazonaws.com"

// slrPolicyOwners are the optional words a service-linked role policy's
// name starts with before the service's own word, tried in order; the first
// that leaves a word is the name's owner. A few policies are named as their
// role is (AWSServiceRoleForIoTSiteWise).
var slrPolicyOwners = []string{serviceLinkedRolePrefix, "AWS", "Amazon", ""}

// slrPolicyEndings end a service-linked role policy's name after the
// service's word, longest first so the longest ending is removed; ""
// (nothing) last, for names such as AWSLambdaReplicator.
var slrPolicyEndings = []string{
	"ServiceLinkedRolePolicy", "ServiceRolePolicy", "ServiceTrustPolicy", "ServicePolicy", "RolePolicy", "Policy", "",
}

// slrCandidate is a catalog policy with the service word its name spells.
type slrCandidate struct {
	word   string // as cased in the policy's name ("AutoScaling")
	policy *awsmanaged.Policy
}

// slrIndex maps service keys to their catalog policies.
type slrIndex struct {
	exact  map[string]slrCandidate // key -> the word is the whole middle
	suffix map[string]slrCandidate // key -> the middle ends with the key
	// words maps a lower-case run of words in some service-linked role
	// policy's name to its casing there, for the fallback rule.
	words map[string]string
}

var (
	slrIndexOnce sync.Once
	slrIndexData *slrIndex
)

// serviceLinkedIndex builds the index from the catalog once.
func serviceLinkedIndex() *slrIndex {
	slrIndexOnce.Do(func() { slrIndexData = buildSLRIndex(awsmanaged.All()) })
	return slrIndexData
}

// buildSLRIndex indexes the /aws-service-role/ policies among all.
func buildSLRIndex(all []*awsmanaged.Policy) *slrIndex {
	idx := &slrIndex{exact: map[string]slrCandidate{}, suffix: map[string]slrCandidate{}, words: map[string]string{}}
	var suffixes []slrCandidate
	for _, p := range all {
		if p.Path != serviceLinkedRolePath {
			continue
		}
		words := camelWords(p.Name)
		for i := range words {
			run := ""
			for _, w := range words[i:] {
				run += w
				if _, seen := idx.words[strings.ToLower(run)]; !seen {
					idx.words[strings.ToLower(run)] = run
				}
			}
		}
		if middle, ok := policyMiddle(p.Name); ok {
			c := slrCandidate{word: middle, policy: p}
			if _, taken := idx.exact[strings.ToLower(middle)]; !taken {
				idx.exact[strings.ToLower(middle)] = c
			}
			suffixes = append(suffixes, c)
		}
	}
	// For suffix matches the shortest middle is the closest one: spot
	// gives EC2Spot rather than some longer name ending in Spot.
	sort.SliceStable(suffixes, func(i, j int) bool { return len(suffixes[i].word) < len(suffixes[j].word) })
	for _, c := range suffixes {
		for _, start := range wordStarts(c.word) {
			if start == 0 {
				continue
			}
			key := strings.ToLower(c.word[start:])
			if _, taken := idx.suffix[key]; !taken {
				idx.suffix[key] = c
			}
		}
	}
	return idx
}

// policyMiddle returns the service word a policy name spells: the name
// without its owner and its longest ending. ok is false when nothing that
// starts a word is left.
func policyMiddle(name string) (middle string, ok bool) {
	for _, owner := range slrPolicyOwners {
		rest, found := strings.CutPrefix(name, owner)
		if !found {
			continue
		}
		for _, end := range slrPolicyEndings {
			if m, cut := strings.CutSuffix(rest, end); cut && m != "" && unicode.IsUpper(rune(m[0])) {
				return m, true
			}
		}
	}
	return "", false
}

// serviceKey is the principal's lower-case key (rule 1) and its labels in
// key order; ok is false for what is not "<labels>.amazonaws.com".
func serviceKey(principal string) (key string, labels []string, ok bool) {
	base, found := strings.CutSuffix(principal, servicePrincipalSuffix)
	if !found || base == "" {
		return "", nil, false
	}
	labels = strings.Split(base, ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	var b strings.Builder
	for _, l := range labels {
		if l == "" {
			return "", nil, false
		}
		b.WriteString(strings.ReplaceAll(strings.ToLower(l), "-", ""))
	}
	return b.String(), labels, true
}

// serviceLinkedRoleFor returns the role name for a service principal and
// custom suffix, and the AWS managed policy to attach (nil for none). ok is
// false when the principal is not a service principal.
func serviceLinkedRoleFor(principal, customSuffix string) (name string, policy *awsmanaged.Policy, ok bool) {
	key, labels, ok := serviceKey(principal)
	if !ok {
		return "", nil, false
	}
	idx := serviceLinkedIndex()
	word := ""
	if c, found := idx.exact[key]; found {
		word, policy = c.word, c.policy
	} else if c, found := idx.suffix[key]; found {
		word, policy = c.word, c.policy
	} else {
		word = idx.fallbackWord(labels)
	}
	name = serviceLinkedRolePrefix + word
	if customSuffix != "" {
		name += "_" + customSuffix
	}
	return name, policy, true
}

// fallbackWord spells labels as rule 3's fallback does.
func (idx *slrIndex) fallbackWord(labels []string) string {
	var b strings.Builder
	for _, l := range labels {
		for _, piece := range strings.Split(l, "-") {
			if piece == "" {
				continue
			}
			if cased, ok := idx.words[strings.ToLower(piece)]; ok {
				b.WriteString(cased)
				continue
			}
			b.WriteString(strings.ToUpper(piece[:1]) + piece[1:])
		}
	}
	return b.String()
}

// camelWords splits a policy name into its words: "AWSEC2SpotFleet" gives
// AWSEC2, Spot, Fleet; underscores separate words and are dropped.
func camelWords(name string) []string {
	var words []string
	for _, part := range strings.Split(name, "_") {
		starts := wordStarts(part)
		for i, s := range starts {
			end := len(part)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			words = append(words, part[s:end])
		}
	}
	return words
}

// wordStarts returns the offsets where words begin in a CamelCase ASCII
// name: at 0, at an upper-case letter after a lower-case letter or digit,
// and at the last upper-case letter of a run that a lower-case letter
// follows ("ECSService" splits before "Service").
func wordStarts(s string) []int {
	if s == "" {
		return nil
	}
	starts := []int{0}
	for i := 1; i < len(s); i++ {
		if !isUpper(s[i]) {
			continue
		}
		prev := s[i-1]
		if isLower(prev) || isDigit(prev) || (isUpper(prev) && i+1 < len(s) && isLower(s[i+1])) {
			starts = append(starts, i)
		}
	}
	return starts
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
