package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsmanaged"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/store"
)

// Managed policies come from two places: customer managed policies live in
// the store, AWS managed policies in the read-only awsmanaged catalog. Every
// operation that takes a PolicyArn resolves it here, once, into a
// managedPolicy, so the two kinds are told apart in one place.

// Messages of the managed-policy operations.
const (
	// msgPolicyNotFound: GetPolicy, DeletePolicy, ... for an unknown ARN;
	// also DetachUserPolicy for a policy that is not attached.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html
	msgPolicyNotFound = "Policy %s was not found."
	// msgAttachNotFound: AttachUserPolicy, ... for an unknown policy.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
	msgAttachNotFound = "Policy %s does not exist or is not attachable."
	// msgVersionNotFound: GetPolicyVersion, DeletePolicyVersion and
	// SetDefaultPolicyVersion for an unknown version.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
	msgVersionNotFound = "Policy %s version %s does not exist or is not attachable."
	// msgServiceRolePolicy: attaching an AWS policy reserved for
	// service-linked roles (path /aws-service-role/).
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
	msgServiceRolePolicy = "Cannot attach a Service Role Policy to a Customer Role."
	// msgNotAuthorized: AWS managed policies belong to AWS's account; a
	// write to one is a cross-account write, which IAM denies.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
	msgNotAuthorized = "User: %s is not authorized to perform: %s on resource: policy %s"
)

// awsManagedARNPrefix starts every AWS managed policy's ARN.
const awsManagedARNPrefix = "arn:aws:iam::aws:policy/"

// managedPolicy is a resolved PolicyArn: exactly one of AWS and Customer is
// set.
type managedPolicy struct {
	ARN      string
	AWS      *awsmanaged.Policy
	Customer *store.ManagedPolicy
}

// Name is the policy's friendly name.
func (p *managedPolicy) Name() string {
	if p.AWS != nil {
		return p.AWS.Name
	}
	return p.Customer.Name
}

// Attachable reports whether customers may attach the policy.
func (p *managedPolicy) Attachable() bool { return p.AWS == nil || p.AWS.IsAttachable }

// errPolicyUnknown is the sentinel resolvePolicy returns for a well-formed
// ARN that names no policy the caller can see; callers choose AWS's message.
var errPolicyUnknown = errors.New("iam: unknown managed policy")

// checkPolicyARN rejects what is not a policy ARN at all with AWS's
// InvalidInput ("ARN x is not valid.").
func checkPolicyARN(s string) error {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "policy/") ||
		strings.HasSuffix(a.Resource, "/") {
		return awserr.InvalidInput(msgInvalidARN, s)
	}
	return nil
}

// resolvePolicy finds the managed policy an ARN names: an AWS managed one,
// or a customer managed one of the caller's account (other accounts'
// policies are invisible, as if absent). It returns InvalidInput for a
// malformed ARN and errPolicyUnknown for an unknown one.
func (s *Service) resolvePolicy(ctx context.Context, st store.Store, accountID, policyArn string) (*managedPolicy, error) {
	if err := checkPolicyARN(policyArn); err != nil {
		return nil, err
	}
	if strings.HasPrefix(policyArn, awsManagedARNPrefix) {
		if p, ok := awsmanaged.ByARN(policyArn); ok {
			return &managedPolicy{ARN: policyArn, AWS: p}, nil
		}
		return nil, errPolicyUnknown
	}
	path, name, ok := parsePolicyARN(accountID, policyArn)
	if !ok {
		return nil, errPolicyUnknown
	}
	p, err := st.Policies().Get(ctx, accountID, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errPolicyUnknown
	}
	if err != nil {
		return nil, storeError(err)
	}
	// Names are unique per account regardless of path, but the ARN names
	// the path too: a wrong path is a different, absent policy.
	if p.Path != path || p.Name != name {
		return nil, errPolicyUnknown
	}
	return &managedPolicy{ARN: policyArn, Customer: p}, nil
}

// policyOr resolves a PolicyArn, reporting an unknown policy with
// NoSuchEntity and the message template (which takes the ARN).
func (s *Service) policyOr(ctx context.Context, st store.Store, accountID, policyArn, notFound string) (*managedPolicy, error) {
	p, err := s.resolvePolicy(ctx, st, accountID, policyArn)
	if errors.Is(err, errPolicyUnknown) {
		return nil, awserr.NoSuchEntity(notFound, policyArn)
	}
	return p, err
}

// customerPolicy resolves a PolicyArn for an operation that changes the
// policy: unknown policies are NoSuchEntity, AWS managed ones are denied as
// the cross-account writes they are.
func (s *Service) customerPolicy(ctx context.Context, st store.Store, action, policyArn string) (*managedPolicy, error) {
	caller, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.policyOr(ctx, st, caller.AccountID, policyArn, msgPolicyNotFound)
	if err != nil {
		return nil, err
	}
	if p.AWS != nil {
		return nil, errAWSManagedReadOnly(caller, action, policyArn)
	}
	return p, nil
}

// errAWSManagedReadOnly is the AccessDenied a write to an AWS managed policy
// gets.
func errAWSManagedReadOnly(caller *principal.Principal, action, policyArn string) *awserr.Error {
	return awserr.AccessDenied(fmt.Sprintf(msgNotAuthorized, caller.ARN, "iam:"+action, policyArn))
}
