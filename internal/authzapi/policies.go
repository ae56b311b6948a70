package authzapi

import (
	"errors"
	"sync"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// resourcePolicyRef names the resource policy in evidence.
const resourcePolicyRef = "resource-policy"

// maxCachedPolicies bounds the cache of compiled resource policies; past
// it the cache starts afresh.
const maxCachedPolicies = 4096

// policyCache keeps compiled resource policies by document text: a service
// sends the same bucket policy with every request, and compiling it each
// time would cost more than the decision.
type policyCache struct {
	mu  sync.RWMutex
	set map[string]*eval.Set
}

func newPolicyCache() *policyCache { return &policyCache{set: map[string]*eval.Set{}} }

// get returns the compiled policy; nil for none. A document IAM would
// refuse as a resource-based policy is MalformedPolicyDocument, with the
// policy language's message.
func (c *policyCache) get(doc []byte) (*eval.Set, error) {
	if len(doc) == 0 || string(doc) == "null" {
		return nil, nil
	}
	c.mu.RLock()
	s, ok := c.set[string(doc)]
	c.mu.RUnlock()
	if ok {
		return s, nil
	}
	parsed, err := policy.ParseAndValidate(doc, policy.KindResource)
	if err != nil {
		var perr *policy.Error
		if errors.As(err, &perr) {
			return nil, awserr.MalformedPolicyDocument("%s", perr.Message)
		}
		return nil, awserr.MalformedPolicyDocument("%s", "Syntax errors in policy.")
	}
	s, err = eval.Compile(eval.PolicyInput{Kind: policy.KindResource, Ref: resourcePolicyRef, Doc: parsed})
	if err != nil {
		return nil, awserr.MalformedPolicyDocument("%s", err.Error())
	}
	c.mu.Lock()
	if len(c.set) >= maxCachedPolicies {
		c.set = map[string]*eval.Set{}
	}
	c.set[string(doc)] = s
	c.mu.Unlock()
	return s, nil
}
