package permissions

import (
	"context"

	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/internal/service"
)

// AuthorizationMessage is the decoded form of an encoded authorization
// failure message, in the JSON shape sts:DecodeAuthorizationMessage returns
// for AWS's (allowed, explicitDeny, matchedStatements, failures, context)
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html).
type AuthorizationMessage struct {
	Allowed           bool             `json:"allowed"`
	ExplicitDeny      bool             `json:"explicitDeny"`
	MatchedStatements itemList[Stmt]   `json:"matchedStatements"`
	Failures          itemList[string] `json:"failures"`
	Context           MessageContext   `json:"context"`
}

// Stmt is a statement that decided.
type Stmt struct {
	StatementID string `json:"statementId"`
	Effect      string `json:"effect"`
	// Policy is the policy's name or ARN, and PolicyType AWS's phrase for
	// its type ("identity-based policy", ...).
	Policy     string `json:"policy,omitempty"`
	PolicyType string `json:"policyType,omitempty"`
}

// MessageContext is the request the message is about.
type MessageContext struct {
	Principal  MessagePrincipal        `json:"principal"`
	Action     string                  `json:"action"`
	Resource   string                  `json:"resource"`
	Conditions itemList[ConditionItem] `json:"conditions"`
}

// MessagePrincipal names the caller.
type MessagePrincipal struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	ARN  string `json:"arn"`
}

// ConditionItem is one key of the request context and its values.
type ConditionItem struct {
	Key    string              `json:"key"`
	Values itemList[ValueItem] `json:"values"`
}

// ValueItem wraps one value, as AWS's message does.
type ValueItem struct {
	Value string `json:"value"`
}

// itemList is AWS's {"items":[...]} wrapper; items is never null.
type itemList[T any] struct {
	Items []T `json:"items"`
}

// NewAuthorizationMessage describes a decision for
// DecodeAuthorizationMessage: the statement that decided (none for an
// implicit deny) and the request context it was decided in.
func NewAuthorizationMessage(req *service.AuthzRequest, in *authz.Input, d authz.Decision) AuthorizationMessage {
	m := AuthorizationMessage{
		Allowed:           d.Allowed,
		ExplicitDeny:      d.Reason == authz.ExplicitDeny,
		MatchedStatements: itemList[Stmt]{Items: []Stmt{}},
		Failures:          itemList[string]{Items: []string{}},
		Context: MessageContext{
			Principal:  MessagePrincipal{ID: req.Principal.UserID, Name: req.Principal.UserName, ARN: req.Principal.ARN},
			Action:     req.Action,
			Resource:   req.Resource,
			Conditions: itemList[ConditionItem]{Items: []ConditionItem{}},
		},
	}
	if d.Deciding.Policy >= 0 && d.Deciding.Effect != "" {
		m.MatchedStatements.Items = append(m.MatchedStatements.Items, Stmt{
			StatementID: d.Deciding.Sid, Effect: upper(d.Deciding.Effect),
			Policy: d.Deciding.Ref, PolicyType: d.PolicyType.String(),
		})
	}
	if in != nil && in.Request != nil {
		c := &in.Request.Context
		for _, k := range c.Keys() {
			values, _ := c.Get(k)
			item := ConditionItem{Key: k, Values: itemList[ValueItem]{Items: make([]ValueItem, 0, len(values))}}
			for _, v := range values {
				item.Values.Items = append(item.Values.Items, ValueItem{Value: v})
			}
			m.Context.Conditions.Items = append(m.Context.Conditions.Items, item)
		}
	}
	return m
}

// upper spells an effect as AWS's messages do: "ALLOW", "DENY".
func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Explain decides a request and describes the decision as
// DecodeAuthorizationMessage would show it; a caller that encodes
// authorization failure messages seals its JSON (session.Sealer.SealMessage).
func (e *Enforcer) Explain(ctx context.Context, req *service.AuthzRequest) (AuthorizationMessage, error) {
	in, err := e.Input(ctx, req)
	if err != nil {
		return AuthorizationMessage{}, err
	}
	return NewAuthorizationMessage(req, in, authz.Decide(in)), nil
}
