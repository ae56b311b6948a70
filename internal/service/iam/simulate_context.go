package iam

import (
	"context"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// contextKeyOps declares GetContextKeysForCustomPolicy and
// GetContextKeysForPrincipalPolicy, which read policies and change nothing.
func (s *Service) contextKeyOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "GetContextKeysForCustomPolicy", s.GetContextKeysForCustomPolicy,
			service.ReadOnly[GetContextKeysForCustomPolicyRequest]()),
		service.Op("iam", "GetContextKeysForPrincipalPolicy", s.GetContextKeysForPrincipalPolicy,
			service.ReadOnly[GetContextKeysForPrincipalPolicyRequest](),
			service.OnResource(func(_ *principal.Principal, in *GetContextKeysForPrincipalPolicyRequest) string {
				return in.PolicySourceArn
			})),
	}
}

// GetContextKeysForCustomPolicy lists the context keys the given policies
// reference.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForCustomPolicy.html
func (s *Service) GetContextKeysForCustomPolicy(_ context.Context, in *GetContextKeysForCustomPolicyRequest) (*GetContextKeysForPolicyResponse, error) {
	var keys contextKeySet
	for _, text := range in.PolicyInputList {
		doc, err := policy.Parse([]byte(text))
		if err != nil {
			return nil, invalidPolicy(err)
		}
		keys.addDocument(doc)
	}
	return &GetContextKeysForPolicyResponse{ContextKeyNames: keys.names}, nil
}

// GetContextKeysForPrincipalPolicy lists the context keys referenced by the
// policies of a user (its own and its groups') and by the extra policies
// given.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForPrincipalPolicy.html
func (s *Service) GetContextKeysForPrincipalPolicy(ctx context.Context, in *GetContextKeysForPrincipalPolicyRequest) (*GetContextKeysForPolicyResponse, error) {
	src, err := s.principalSources(ctx, in.PolicySourceArn)
	if err != nil {
		return nil, err
	}
	var keys contextKeySet
	for _, p := range src.identity {
		keys.addDocument(p.doc)
	}
	for _, text := range in.PolicyInputList {
		doc, err := policy.Parse([]byte(text))
		if err != nil {
			return nil, invalidPolicy(err)
		}
		keys.addDocument(doc)
	}
	return &GetContextKeysForPolicyResponse{ContextKeyNames: keys.names}, nil
}

// contextKeySet collects context key names once each, ignoring case as
// IAM compares keys, and keeping the first spelling seen.
type contextKeySet struct {
	names []string
	seen  map[string]bool
}

func (k *contextKeySet) add(name string) {
	if k.seen == nil {
		k.seen = map[string]bool{}
	}
	lower := strings.ToLower(name)
	if name == "" || k.seen[lower] {
		return
	}
	k.seen[lower] = true
	k.names = append(k.names, name)
}

// addDocument adds every key a document references, in document order:
// per statement the policy variables of Resource (or NotResource), then
// each condition key followed by the variables in its values. AWS's
// example lists "aws:username" (a variable in Resource) before
// "aws:CurrentTime" (a condition key) this way.
func (k *contextKeySet) addDocument(doc *policy.Document) {
	for i := range doc.Statements {
		k.addStatement(doc, &doc.Statements[i])
	}
}

func (k *contextKeySet) addStatement(doc *policy.Document, st *policy.Statement) {
	vars := doc.SupportsVariables()
	if vars {
		for _, r := range append(st.Resource.Values[:len(st.Resource.Values):len(st.Resource.Values)], st.NotResource.Values...) {
			k.addVariables(r)
		}
	}
	for _, block := range st.Condition {
		for _, key := range block.Keys {
			k.add(key.Key)
			if vars {
				for _, v := range key.Values {
					k.addVariables(v)
				}
			}
		}
	}
}

// addVariables adds the keys of the policy variables in s: "${key}" or
// "${key, 'default'}". ${*}, ${?} and ${$} are escaped characters, not
// keys.
func (k *contextKeySet) addVariables(s string) {
	for {
		start := strings.Index(s, "${")
		if start < 0 {
			return
		}
		s = s[start+2:]
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return
		}
		name := s[:end]
		s = s[end+1:]
		if i := strings.IndexByte(name, ','); i >= 0 {
			name = name[:i]
		}
		name = strings.TrimSpace(name)
		switch name {
		case "*", "?", "$", "":
			continue
		}
		k.add(name)
	}
}

// missingContext lists the context keys that statements matching the
// request's action, resource and principal reference but the request
// context lacks: the keys a caller must supply for those statements'
// conditions to be decided as intended.
func (sim *simulation) missingContext(req *eval.Request) []string {
	var keys contextKeySet
	var ev eval.Evidence
	for _, s := range []*simSet{sim.identity, sim.boundary, sim.resource} {
		if s == nil {
			continue
		}
		s.bare.EvaluateAll(req, &ev)
		for _, m := range ev.Matches {
			if m.Policy < 0 || m.Policy >= len(s.sources) {
				continue
			}
			doc := s.sources[m.Policy].doc
			if m.Statement < 0 || m.Statement >= len(doc.Statements) {
				continue
			}
			var referenced contextKeySet
			referenced.addStatement(doc, &doc.Statements[m.Statement])
			for _, name := range referenced.names {
				if _, ok := req.Context.Get(name); !ok {
					keys.add(name)
				}
			}
		}
	}
	return keys.names
}

// The ContextKeyType values AWS accepts, with whether each is a list.
var contextKeyTypes = map[string]bool{
	"string": false, "stringList": true,
	"numeric": false, "numericList": true,
	"boolean": false, "booleanList": true,
	"ip": false, "ipList": true,
	"binary": false, "binaryList": true,
	"date": false, "dateList": true,
}

// Messages for ContextEntries IAM would refuse. AWS's reference names the
// error (InvalidInput) but not its text; these are iamd's.
const (
	msgContextKeyName  = "Context key name must not be empty."
	msgContextKeyType  = "Invalid context key type %s for context key %s."
	msgContextKeyValue = "Invalid value %s for context key %s of type %s."
	msgContextKeyOne   = "Context key %s of type %s takes exactly one value."
)

// checkContextEntries validates ContextEntries once per call, so that
// fillSimContext cannot fail later.
func checkContextEntries(entries []ContextEntry) error {
	for _, e := range entries {
		if e.ContextKeyName == "" {
			return awserr.InvalidInput("%s", msgContextKeyName)
		}
		typ := e.ContextKeyType
		if typ == "" {
			typ = "string"
		}
		list, ok := contextKeyTypes[typ]
		if !ok {
			return awserr.InvalidInput(msgContextKeyType, e.ContextKeyType, e.ContextKeyName)
		}
		if !list && len(e.ContextKeyValues) != 1 {
			return awserr.InvalidInput(msgContextKeyOne, e.ContextKeyName, typ)
		}
		base := strings.TrimSuffix(typ, "List")
		for _, v := range e.ContextKeyValues {
			if !permissions.ValidContextValue(base, v) {
				return awserr.InvalidInput(msgContextKeyValue, v, e.ContextKeyName, typ)
			}
		}
	}
	return nil
}

// fillSimContext puts validated ContextEntries into a request context: the
// List types as multivalued keys, the others single-valued.
func fillSimContext(c *eval.Context, entries []ContextEntry) {
	for _, e := range entries {
		if contextKeyTypes[e.ContextKeyType] {
			c.SetValues(e.ContextKeyName, append([]string(nil), e.ContextKeyValues...))
			continue
		}
		if len(e.ContextKeyValues) == 1 {
			c.Set(e.ContextKeyName, e.ContextKeyValues[0])
		}
	}
}
