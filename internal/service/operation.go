// Package service defines how an operation is declared: once, in its
// service's registry, with everything the gateway, the authorizer, the
// audit trail and the README's operation table need to know about it.
package service

import (
	"context"
	"fmt"
	"sort"

	"github.com/iamd/iamd/internal/principal"
)

// Operation is one API operation of one service.
type Operation struct {
	// Service is the signing name and action prefix ("iam", "sts").
	Service string
	// Name is the wire name ("CreateUser").
	Name string
	// ReadOnly marks operations that change nothing (audit: readOnly).
	ReadOnly bool
	// Unauthorized operations skip authorization (sts:GetCallerIdentity
	// needs no permission).
	Unauthorized bool
	// Anonymous operations may be called without credentials (the model's
	// noAuth operations: AssumeRoleWithSAML, AssumeRoleWithWebIdentity);
	// they carry their own proof of identity and skip authorization.
	Anonymous bool
	// NewInput returns a pointer to a fresh typed input value.
	NewInput func() any
	// Resource returns the ARN the action is authorized against, for the
	// caller and decoded input; nil means "*".
	Resource func(p *principal.Principal, in any) string
	// ContextKeys returns the operation's own condition keys for the
	// decoded input (iam:PolicyARN, aws:RequestTag/..., aws:TagKeys ...).
	ContextKeys func(in any) []ContextKey
	// Invoke runs the operation; in is what NewInput returned, decoded.
	// The output is a pointer to the typed output value, or nil.
	Invoke func(ctx context.Context, in any) (any, error)
}

// Action is the IAM action name, "iam:CreateUser".
func (o *Operation) Action() string { return o.Service + ":" + o.Name }

// Op declares a typed operation. h is the service's method; the wrappers
// convert the untyped registry calls into typed ones, so no handler sees raw
// form values and no code switches on operation names.
func Op[I, O any](service, name string, h func(context.Context, *I) (*O, error), opts ...Option[I]) Operation {
	op := Operation{
		Service:  service,
		Name:     name,
		NewInput: func() any { return new(I) },
		Invoke: func(ctx context.Context, in any) (any, error) {
			typed, ok := in.(*I)
			if !ok {
				return nil, fmt.Errorf("operation %s: input is %T, want *%T", name, in, typed)
			}
			out, err := h(ctx, typed)
			if err != nil || out == nil {
				return nil, err
			}
			return out, nil
		},
	}
	for _, o := range opts {
		o(&op)
	}
	return op
}

// Option refines an operation declared with Op.
type Option[I any] func(*Operation)

// ReadOnly marks an operation that changes nothing.
func ReadOnly[I any]() Option[I] { return func(o *Operation) { o.ReadOnly = true } }

// NoAuthorization marks an operation every authenticated caller may call.
func NoAuthorization[I any]() Option[I] { return func(o *Operation) { o.Unauthorized = true } }

// AllowAnonymous marks an operation that needs no credentials, as the
// model's noAuth operations do; it implies NoAuthorization.
func AllowAnonymous[I any]() Option[I] {
	return func(o *Operation) { o.Anonymous, o.Unauthorized = true, true }
}

// OnResource sets how the operation's resource ARN is formed from the
// caller and the input.
func OnResource[I any](f func(p *principal.Principal, in *I) string) Option[I] {
	return func(o *Operation) {
		o.Resource = func(p *principal.Principal, in any) string {
			typed, _ := in.(*I)
			if typed == nil {
				return "*"
			}
			return f(p, typed)
		}
	}
}

// ContextKey is one condition key of a request and its values.
type ContextKey struct {
	Key    string
	Values []string
}

// WithContextKeys declares the condition keys an operation's input sets.
func WithContextKeys[I any](f func(in *I) []ContextKey) Option[I] {
	return func(o *Operation) {
		o.ContextKeys = func(in any) []ContextKey {
			typed, _ := in.(*I)
			if typed == nil {
				return nil
			}
			return f(typed)
		}
	}
}

// AuthzRequest is what is known of a request when it is authorized:
// the facts AWS's global condition keys describe, and the operation's own.
type AuthzRequest struct {
	Principal       *principal.Principal
	Action          string
	Resource        string
	SourceIP        string
	UserAgent       string
	SecureTransport bool
	Region          string
	Keys            []ContextKey
}

// RequestFacts are what the transport knows of a request that an operation
// may need beyond its input: the client's address (to throttle password
// guessing per address), user agent, TLS and signing region.
type RequestFacts struct {
	SourceIP        string
	UserAgent       string
	SecureTransport bool
	Region          string
}

type requestFactsKey struct{}

// WithRequestFacts returns ctx carrying f.
func WithRequestFacts(ctx context.Context, f RequestFacts) context.Context {
	return context.WithValue(ctx, requestFactsKey{}, f)
}

// RequestFactsFrom returns the facts in ctx, or zero values.
func RequestFactsFrom(ctx context.Context) RequestFacts {
	f, _ := ctx.Value(requestFactsKey{}).(RequestFacts)
	return f
}

// Registry indexes the operations of one service by name.
type Registry struct {
	byName map[string]*Operation
}

// NewRegistry builds a registry; a duplicate name is a programming error.
func NewRegistry(ops []Operation) (*Registry, error) {
	r := &Registry{byName: make(map[string]*Operation, len(ops))}
	for i := range ops {
		op := &ops[i]
		if _, dup := r.byName[op.Name]; dup {
			return nil, fmt.Errorf("service registry: operation %s declared twice", op.Name)
		}
		r.byName[op.Name] = op
	}
	return r, nil
}

// Lookup finds an operation by its wire name (case-sensitive, as AWS).
func (r *Registry) Lookup(name string) (*Operation, bool) {
	op, ok := r.byName[name]
	return op, ok
}

// Names lists the registered operation names, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.byName))
	for n := range r.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
