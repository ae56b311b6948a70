package iam

import (
	"context"
	"fmt"
	"strings"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/policy"
)

// simulatorOps declares IAM's policy simulator. Both operations only read:
// they evaluate policies and change nothing.
func (s *Service) simulatorOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "SimulatePrincipalPolicy", s.SimulatePrincipalPolicy,
			service.ReadOnly[SimulatePrincipalPolicyRequest](),
			service.OnResource(func(_ *principal.Principal, in *SimulatePrincipalPolicyRequest) string {
				return in.PolicySourceArn
			})),
		service.Op("iam", "SimulateCustomPolicy", s.SimulateCustomPolicy,
			service.ReadOnly[SimulateCustomPolicyRequest]()),
	}
}

// Messages for simulator inputs IAM refuses with InvalidInput. AWS's
// reference states each rule but not its text; these are iamd's wording.
const (
	msgSimCallerNotUser  = "CallerArn %s is not the ARN of an IAM user."
	msgSimCallerRequired = "CallerArn is required when ResourcePolicy is specified."
	msgSimResourceOwner  = "ResourceOwner %s is not the ARN of an account (arn:aws:iam::ACCOUNT-ID:root)."
	msgSimOneBoundary    = "The list of Permissions Boundary policies cannot exceed 1 items."
	msgSimHandlingOption = "Invalid ResourceHandlingOption %s."
	msgSimSourceInvalid  = "Invalid PolicySourceArn %s."
)

// resourceHandlingOptions are AWS's EC2 scenarios
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html).
// They decide which resources an EC2 action needs; iamd evaluates the
// resources given, so a valid scenario changes nothing.
var resourceHandlingOptions = map[string]bool{
	"EC2-Classic-InstanceStore": true, "EC2-Classic-EBS": true,
	"EC2-VPC-InstanceStore": true, "EC2-VPC-InstanceStore-Subnet": true,
	"EC2-VPC-EBS": true, "EC2-VPC-EBS-Subnet": true,
}

// simRequest is what both simulator operations share.
type simRequest struct {
	identity, boundary []simSource
	actions, resources []string
	resourcePolicy     string
	resourceOwner      string
	callerARN          string
	// defaultCaller stands in when CallerArn is absent: the user of
	// PolicySourceArn.
	defaultCaller    string
	context          []ContextEntry
	handlingOption   string
	marker           string
	maxItems         *int32
	requesterAccount string
}

// SimulateCustomPolicy evaluates policies passed as strings against a list
// of actions and resources.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
func (s *Service) SimulateCustomPolicy(ctx context.Context, in *SimulateCustomPolicyRequest) (*SimulatePolicyResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	identity, err := parseSimPolicies(in.PolicyInputList, policy.KindIdentity, inputID(sourceIDInputList), sourceTypeInput)
	if err != nil {
		return nil, err
	}
	boundary, err := boundaryInputs(in.PermissionsBoundaryPolicyInputList)
	if err != nil {
		return nil, err
	}
	return s.simulate(&simRequest{
		identity: identity, boundary: boundary,
		actions: in.ActionNames, resources: in.ResourceArns,
		resourcePolicy: in.ResourcePolicy, resourceOwner: in.ResourceOwner, callerARN: in.CallerArn,
		context: in.ContextEntries, handlingOption: in.ResourceHandlingOption,
		marker: in.Marker, maxItems: in.MaxItems, requesterAccount: accountID,
	})
}

// SimulatePrincipalPolicy evaluates the policies of a user (its inline and
// attached policies, its groups' policies and its permissions boundary),
// with optional extra policies, against a list of actions and resources.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
func (s *Service) SimulatePrincipalPolicy(ctx context.Context, in *SimulatePrincipalPolicyRequest) (*SimulatePolicyResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	src, err := s.principalSources(ctx, in.PolicySourceArn)
	if err != nil {
		return nil, err
	}
	extra, err := parseSimPolicies(in.PolicyInputList, policy.KindIdentity, inputID(sourceIDInputList), sourceTypeInput)
	if err != nil {
		return nil, err
	}
	boundary := src.boundary
	if len(in.PermissionsBoundaryPolicyInputList) > 0 {
		// The boundary given replaces the principal's own.
		if boundary, err = boundaryInputs(in.PermissionsBoundaryPolicyInputList); err != nil {
			return nil, err
		}
	}
	return s.simulate(&simRequest{
		identity: append(src.identity, extra...), boundary: boundary,
		actions: in.ActionNames, resources: in.ResourceArns,
		resourcePolicy: in.ResourcePolicy, resourceOwner: in.ResourceOwner,
		callerARN: in.CallerArn, defaultCaller: src.userARN,
		context: in.ContextEntries, handlingOption: in.ResourceHandlingOption,
		marker: in.Marker, maxItems: in.MaxItems, requesterAccount: accountID,
	})
}

// boundaryInputs parses PermissionsBoundaryPolicyInputList: one policy at
// most, since an identity has one boundary.
func boundaryInputs(docs []string) ([]simSource, error) {
	if len(docs) > 1 {
		return nil, awserr.InvalidInput("%s", msgSimOneBoundary)
	}
	return parseSimPolicies(docs, policy.KindBoundary, inputID(sourceIDBoundaryList), sourceTypeInput)
}

// simulate checks the shared inputs, compiles the policies once and
// evaluates one page of the action × resource pairs.
func (s *Service) simulate(r *simRequest) (*SimulatePolicyResponse, error) {
	if r.handlingOption != "" && !resourceHandlingOptions[r.handlingOption] {
		return nil, awserr.InvalidInput(msgSimHandlingOption, r.handlingOption)
	}
	if err := checkContextEntries(r.context); err != nil {
		return nil, err
	}
	sim := &simulation{context: r.context, callerAccount: r.requesterAccount}
	switch {
	case r.callerARN != "":
		account, ok := iamUserAccount(r.callerARN)
		if !ok {
			return nil, awserr.InvalidInput(msgSimCallerNotUser, r.callerARN)
		}
		sim.callerARN, sim.callerAccount = r.callerARN, account
	case r.defaultCaller != "":
		sim.callerARN = r.defaultCaller
	case r.resourcePolicy != "":
		return nil, awserr.InvalidInput("%s", msgSimCallerRequired)
	}
	sim.resourceOwner = sim.callerAccount
	if r.resourceOwner != "" {
		a, err := arn.Parse(r.resourceOwner)
		if err != nil || !arn.IsAccountID(a.AccountID) {
			return nil, awserr.InvalidInput(msgSimResourceOwner, r.resourceOwner)
		}
		sim.resourceOwner = a.AccountID
	}
	var err error
	if sim.identity, err = compileSimSet(policy.KindIdentity, r.identity); err != nil {
		return nil, err
	}
	if sim.boundary, err = compileSimSet(policy.KindBoundary, r.boundary); err != nil {
		return nil, err
	}
	if r.resourcePolicy != "" {
		res, err := parseSimPolicies([]string{r.resourcePolicy}, policy.KindResource,
			func(int) string { return sourceIDResource }, sourceTypeResource)
		if err != nil {
			return nil, err
		}
		if sim.resource, err = compileSimSet(policy.KindResource, res); err != nil {
			return nil, err
		}
	}
	page, next, err := pageSlice(pairs(r.actions, r.resources), pageOf(r.marker, r.maxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &SimulatePolicyResponse{EvaluationResults: make([]EvaluationResult, 0, len(page))}
	for _, p := range page {
		out.EvaluationResults = append(out.EvaluationResults, sim.evaluate(p))
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// iamUserAccount returns the account of an IAM user's ARN; ok is false for
// anything else (roles, sessions, service principals), which the simulator
// cannot use as its caller.
func iamUserAccount(s string) (account string, ok bool) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" || a.ResourceType() != "user" || !arn.IsAccountID(a.AccountID) {
		return "", false
	}
	return a.AccountID, true
}

// principalPolicies are the policies of a PolicySourceArn.
type principalPolicies struct {
	userARN  string
	identity []simSource
	boundary []simSource
}

// principalSources loads the policies of the user, role or group a
// PolicySourceArn names, through the loader the authorizer uses, so that the
// simulator sees what enforcement sees. A user's include its groups'; a
// group's are its own (AWS simulates a group as the policies attached to
// it).
func (s *Service) principalSources(ctx context.Context, sourceARN string) (*principalPolicies, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	a, err := arn.Parse(sourceARN)
	if err != nil || a.Service != "iam" {
		return nil, awserr.InvalidInput(msgSimSourceInvalid, sourceARN)
	}
	name := a.Resource[strings.LastIndex(a.Resource, "/")+1:]
	var sets *permissions.Sets
	out := &principalPolicies{}
	switch a.ResourceType() {
	case "user":
		if a.AccountID != accountID {
			return nil, errUserNotFound(name)
		}
		u, err := getUser(ctx, s.store, accountID, name)
		if err != nil {
			return nil, err
		}
		if sets, err = s.permissions.ForUser(ctx, accountID, u.ID); err != nil {
			return nil, storeError(err, ifNotFound(errUserNotFound(name)))
		}
		// A user is the caller of its own simulation.
		out.userARN = userARN(accountID, u.Path, u.Name)
	case "role":
		if a.AccountID != accountID {
			return nil, errRoleNotFound(name)
		}
		r, err := getRole(ctx, s.store, accountID, name)
		if err != nil {
			return nil, err
		}
		if sets, err = s.permissions.ForRole(ctx, accountID, r.ID); err != nil {
			return nil, storeError(err, ifNotFound(errRoleNotFound(name)))
		}
	case "group":
		if a.AccountID != accountID {
			return nil, errGroupNotFound(name)
		}
		g, err := getGroup(ctx, s.store, accountID, name)
		if err != nil {
			return nil, err
		}
		if sets, err = s.permissions.ForGroup(ctx, accountID, g.ID); err != nil {
			return nil, storeError(err, ifNotFound(errGroupNotFound(name)))
		}
	default:
		return nil, awserr.InvalidInput(msgSimSourceInvalid, sourceARN)
	}
	for _, src := range sets.IdentitySources {
		doc, err := policy.Parse([]byte(src.Document))
		if err != nil {
			return nil, fmt.Errorf("iam: stored policy %s: %w", src.ID, err)
		}
		out.identity = append(out.identity, simSource{id: src.ID, typ: string(src.Type), doc: doc})
	}
	if b := sets.BoundarySource; b.ID != "" {
		doc, err := policy.Parse([]byte(b.Document))
		if err != nil {
			return nil, fmt.Errorf("iam: stored boundary %s: %w", b.ID, err)
		}
		out.boundary = []simSource{{id: b.ID, typ: string(b.Type), doc: doc}}
	}
	return out, nil
}
