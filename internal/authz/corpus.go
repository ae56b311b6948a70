package authz

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// CorpusFile is one topic's file of evaluation cases
// (testdata/corpus/*.json). The format is plain JSON so that other tools,
// such as a boto3 script driving IAM's policy simulator, can read it.
type CorpusFile struct {
	Topic string       `json:"topic"`
	Cases []CorpusCase `json:"cases"`
}

// CorpusCase is one request against a set of policies, with the decision
// AWS's documentation says it must get.
type CorpusCase struct {
	Name string    `json:"name"`
	Doc  CorpusDoc `json:"doc"`

	Principal CorpusPrincipal `json:"principal"`
	// Policies per type. Absent (null) means the type does not apply: no
	// boundary, no session policy, not in an organization, no
	// resource-based policy.
	Policies CorpusPolicies `json:"policies"`

	ResourceAccount   string `json:"resourceAccount,omitempty"`
	ResourceMustAllow bool   `json:"resourceMustAllow,omitempty"`

	Request CorpusRequest `json:"request"`
	Expect  CorpusExpect  `json:"expect"`
}

// CorpusDoc is the AWS documentation page that justifies a case, with the
// section or sentence it rests on.
type CorpusDoc struct {
	URL   string `json:"url"`
	Quote string `json:"quote"`
}

// CorpusPrincipal describes the caller.
type CorpusPrincipal struct {
	Kind    string `json:"kind"` // a PrincipalKind name: User, Root, AssumedRole, ...
	ARN     string `json:"arn"`
	Account string `json:"account"`
	// RoleARN: the role of a role session, or the IAM user behind a
	// federated user session.
	RoleARN string `json:"roleArn,omitempty"`
	// ID: a service principal's name (ec2.amazonaws.com).
	ID                          string `json:"id,omitempty"`
	IsManagementAccount         bool   `json:"isManagementAccount,omitempty"`
	ResourceInManagementAccount bool   `json:"resourceInManagementAccount,omitempty"`
	ServiceLinkedRole           bool   `json:"serviceLinkedRole,omitempty"`
}

// CorpusPolicies holds the policy documents of a case, as JSON.
type CorpusPolicies struct {
	Identity []json.RawMessage   `json:"identity,omitempty"`
	Boundary json.RawMessage     `json:"boundary,omitempty"`
	Session  json.RawMessage     `json:"session,omitempty"`
	SCPs     [][]json.RawMessage `json:"scps,omitempty"` // levels, organization root first
	RCPs     [][]json.RawMessage `json:"rcps,omitempty"`
	Resource json.RawMessage     `json:"resource,omitempty"`
}

// CorpusRequest is the action, the resource and the request context.
type CorpusRequest struct {
	Action   string          `json:"action"`
	Resource string          `json:"resource"`
	Context  []CorpusContext `json:"context,omitempty"`
}

// CorpusContext is one context key with its values and its type as IAM's
// policy simulator names them (string, stringList, numeric, boolean, date,
// ip, binary, arn and their List forms).
type CorpusContext struct {
	Key    string   `json:"key"`
	Type   string   `json:"type"`
	Values []string `json:"values"`
}

// CorpusExpect is the expected decision.
type CorpusExpect struct {
	Allowed    bool   `json:"allowed"`
	Reason     string `json:"reason"`     // a Reason name
	PolicyType string `json:"policyType"` // AWS's phrase, "" for the root user
	Message    string `json:"message,omitempty"`
}

// LoadCorpus reads every *.json file of dir, in name order.
func LoadCorpus(dir string) ([]CorpusFile, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("authz: list corpus: %w", err)
	}
	sort.Strings(names)
	var files []CorpusFile
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("authz: read corpus: %w", err)
		}
		var f CorpusFile
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("authz: corpus %s: %w", filepath.Base(name), err)
		}
		files = append(files, f)
	}
	return files, nil
}

// Inputs builds the case's Input for Decide and ReferenceInput for
// ReferenceDecide.
func (c *CorpusCase) Inputs() (*Input, *ReferenceInput, error) {
	kind, ok := ParsePrincipalKind(c.Principal.Kind)
	if !ok {
		return nil, nil, fmt.Errorf("authz: case %q: unknown principal kind %q", c.Name, c.Principal.Kind)
	}
	req, err := c.request(kind)
	if err != nil {
		return nil, nil, err
	}
	in := &Input{
		PrincipalKind: kind, PrincipalARN: c.Principal.ARN, PrincipalAccount: c.Principal.Account,
		IsManagementAccount:         c.Principal.IsManagementAccount,
		ResourceInManagementAccount: c.Principal.ResourceInManagementAccount,
		ServiceLinkedRole:           c.Principal.ServiceLinkedRole,
		ResourceMustAllow:           c.ResourceMustAllow, ResourceAccount: c.ResourceAccount,
		Request: req,
	}
	ref := &ReferenceInput{
		PrincipalKind: kind, PrincipalAccount: c.Principal.Account,
		IsManagementAccount:         c.Principal.IsManagementAccount,
		ResourceInManagementAccount: c.Principal.ResourceInManagementAccount,
		ServiceLinkedRole:           c.Principal.ServiceLinkedRole,
		ResourceMustAllow:           c.ResourceMustAllow, ResourceAccount: c.ResourceAccount,
		Request: req,
	}
	p := &c.Policies
	if ref.Identity, in.Identity, err = c.compile("identity", policy.KindIdentity, p.Identity...); err != nil {
		return nil, nil, err
	}
	for _, one := range []struct {
		raw  json.RawMessage
		kind policy.Kind
		name string
		ref  *[]eval.PolicyInput
		set  **eval.Set
	}{
		{p.Boundary, policy.KindBoundary, "boundary", &ref.Boundary, &in.Boundary},
		{p.Session, policy.KindSession, "session", &ref.Session, &in.Session},
		{p.Resource, policy.KindResource, "resource", &ref.Resource, &in.Resource},
	} {
		if len(one.raw) == 0 || string(one.raw) == "null" {
			continue
		}
		if *one.ref, *one.set, err = c.compile(one.name, one.kind, one.raw); err != nil {
			return nil, nil, err
		}
	}
	for i, level := range p.SCPs {
		refs, set, err := c.compile(fmt.Sprintf("scp level %d", i), policy.KindSCP, level...)
		if err != nil {
			return nil, nil, err
		}
		ref.SCPs, in.SCPs = append(ref.SCPs, refs), append(in.SCPs, set)
	}
	for i, level := range p.RCPs {
		refs, set, err := c.compile(fmt.Sprintf("rcp level %d", i), policy.KindResource, level...)
		if err != nil {
			return nil, nil, err
		}
		ref.RCPs, in.RCPs = append(ref.RCPs, refs), append(in.RCPs, set)
	}
	return in, ref, nil
}

func (c *CorpusCase) compile(what string, kind policy.Kind, docs ...json.RawMessage) ([]eval.PolicyInput, *eval.Set, error) {
	inputs := []eval.PolicyInput{}
	for i, raw := range docs {
		doc, err := policy.Parse(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("authz: case %q: %s policy %d: %w", c.Name, what, i, err)
		}
		inputs = append(inputs, eval.PolicyInput{Kind: kind, Ref: policyRef(raw, what, i), Doc: doc})
	}
	set, err := eval.Compile(inputs...)
	if err != nil {
		return nil, nil, fmt.Errorf("authz: case %q: %s: %w", c.Name, what, err)
	}
	return inputs, set, nil
}

// policyRef names a corpus policy: its Id when it is an ARN (a managed
// policy), else its type and position.
func policyRef(raw json.RawMessage, what string, i int) string {
	var head struct {
		ID string `json:"Id"`
	}
	if json.Unmarshal(raw, &head) == nil && strings.HasPrefix(head.ID, "arn:") {
		return head.ID
	}
	return fmt.Sprintf("%s-%d", what, i)
}

func (c *CorpusCase) request(kind PrincipalKind) (*eval.Request, error) {
	req := &eval.Request{Action: c.Request.Action, Resource: c.Request.Resource}
	switch kind {
	case Anonymous:
		req.Principal = &eval.Principal{Type: eval.PrincipalAnonymous}
	case ServicePrincipal:
		req.Principal = &eval.Principal{Type: policy.PrincipalService, ID: c.Principal.ID}
	default:
		req.Principal = &eval.Principal{Type: policy.PrincipalAWS, ARN: c.Principal.ARN,
			RoleARN: c.Principal.RoleARN, Account: c.Principal.Account}
	}
	for _, kv := range c.Request.Context {
		if kv.Key == "" || len(kv.Values) == 0 {
			return nil, fmt.Errorf("authz: case %q: context key %q needs a name and values", c.Name, kv.Key)
		}
		if strings.HasSuffix(kv.Type, "List") {
			req.Context.SetValues(kv.Key, append([]string(nil), kv.Values...))
		} else {
			if len(kv.Values) != 1 {
				return nil, fmt.Errorf("authz: case %q: context key %q of type %s has %d values", c.Name, kv.Key, kv.Type, len(kv.Values))
			}
			req.Context.Set(kv.Key, kv.Values[0])
		}
	}
	return req, nil
}
