package iam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// lastAccessedServices are the services iamd serves, hence the only ones
// with last accessed data, by namespace, with the names AWS gives them.
// A report lists those of them the entity's policies grant.
var lastAccessedServices = []struct{ namespace, name string }{
	{"iam", "AWS Identity and Access Management"},
	{"sts", "AWS Security Token Service"},
}

// actionTrackedNamespaces are the services whose actions have last
// accessed data: AWS tracks IAM's, not STS's.
var actionTrackedNamespaces = map[string]bool{"iam": true}

// Values of Granularity and JobType, and the one JobStatus: iamd computes
// a report as it is requested.
const (
	granularityService = "SERVICE_LEVEL"
	granularityAction  = "ACTION_LEVEL"
	jobCompleted       = "COMPLETED"
)

// lastAccessedReportLife is how long a report stays readable. AWS
// publishes no period; a caller can always generate a new report.
const lastAccessedReportLife = 30 * 24 * time.Hour

// lastAccessedJob is a generated report as it is kept in the store, so
// that any node serves it.
type lastAccessedJob struct {
	Created  time.Time             `json:"created"`
	JobType  string                `json:"jobType"`
	Services []ServiceLastAccessed `json:"services"`
	// Entities lists, per namespace, the users and roles that count,
	// most recent access first.
	Entities map[string][]EntityDetails `json:"entities"`
}

// putLastAccessedJob stores the caller's job under a new job ID.
func (s *Service) putLastAccessedJob(ctx context.Context, caller *principal.Principal, job *lastAccessedJob) (string, error) {
	id, err := secrets.NewRequestID()
	if err != nil {
		return "", err
	}
	content, err := json.Marshal(job)
	if err != nil {
		return "", fmt.Errorf("encode last accessed report: %w", err)
	}
	r := &store.LastAccessedReport{AccountID: caller.AccountID, JobID: id, Requester: caller.ARN, CreatedAt: job.Created, Content: content}
	if err := s.store.LastAccessedReports().Put(ctx, r, job.Created.Add(-lastAccessedReportLife)); err != nil {
		return "", storeError(err)
	}
	return id, nil
}

// lastAccessedJobOf returns the caller's job. A job ID is served only to
// the principal that generated it, as AWS documents; another account's or
// another principal's job is NoSuchEntity, as is an expired one.
func (s *Service) lastAccessedJobOf(ctx context.Context, jobID string) (*lastAccessedJob, error) {
	caller, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.store.LastAccessedReports().Get(ctx, caller.AccountID, jobID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (r.Requester != caller.ARN || s.clock().Sub(r.CreatedAt) > lastAccessedReportLife)) {
		return nil, awserr.NoSuchEntity(msgLastAccessedJob, jobID)
	}
	if err != nil {
		return nil, storeError(err)
	}
	job := &lastAccessedJob{}
	if err := json.Unmarshal(r.Content, job); err != nil {
		return nil, fmt.Errorf("decode last accessed report %s: %w", jobID, err)
	}
	return job, nil
}

// lastAccessedOps declares the service last accessed operations;
// Generate and ListPoliciesGrantingServiceAccess are authorized on the
// entity, the reads of a report on "*" (they name no resource).
func (s *Service) lastAccessedOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "GenerateServiceLastAccessedDetails", s.GenerateServiceLastAccessedDetails,
			service.OnResource(func(_ *principal.Principal, in *GenerateServiceLastAccessedDetailsRequest) string { return in.Arn })),
		service.Op("iam", "GetServiceLastAccessedDetails", s.GetServiceLastAccessedDetails, service.ReadOnly[GetServiceLastAccessedDetailsRequest]()),
		service.Op("iam", "GetServiceLastAccessedDetailsWithEntities", s.GetServiceLastAccessedDetailsWithEntities,
			service.ReadOnly[GetServiceLastAccessedDetailsWithEntitiesRequest]()),
		service.Op("iam", "ListPoliciesGrantingServiceAccess", s.ListPoliciesGrantingServiceAccess,
			service.ReadOnly[ListPoliciesGrantingServiceAccessRequest](),
			service.OnResource(func(_ *principal.Principal, in *ListPoliciesGrantingServiceAccessRequest) string { return in.Arn })),
	}
}

// GenerateServiceLastAccessedDetails computes the report for a user,
// group, role or managed policy at once and keeps it under a new job ID.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html
func (s *Service) GenerateServiceLastAccessedDetails(ctx context.Context, in *GenerateServiceLastAccessedDetailsRequest) (*GenerateServiceLastAccessedDetailsResponse, error) {
	caller, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	accountID := caller.AccountID
	entity, err := s.resolveAccessEntity(ctx, accountID, in.Arn, true)
	if err != nil {
		return nil, err
	}
	arns := make([]string, 0, len(entity.principals))
	for _, p := range entity.principals {
		arns = append(arns, p.arn)
	}
	var records []store.ServiceActivity
	if len(arns) > 0 {
		if records, err = s.store.Activity().List(ctx, accountID, arns); err != nil {
			return nil, storeError(err)
		}
	}
	job := &lastAccessedJob{Created: s.clock().UTC(), JobType: granularityService, Entities: map[string][]EntityDetails{}}
	if in.Granularity == granularityAction {
		job.JobType = granularityAction
	}
	for _, svc := range lastAccessedServices {
		granting, err := grantingSources(entity, svc.namespace)
		if err != nil {
			return nil, err
		}
		if len(granting) == 0 {
			continue
		}
		job.Services = append(job.Services, serviceReport(svc.namespace, svc.name, records, job.JobType == granularityAction))
		job.Entities[svc.namespace] = entityReport(entity.principals, svc.namespace, records)
	}
	id, err := s.putLastAccessedJob(ctx, caller, job)
	if err != nil {
		return nil, err
	}
	return &GenerateServiceLastAccessedDetailsResponse{JobId: id}, nil
}

// serviceReport summarises the records of one namespace: the latest
// access over all principals, how many principals accessed it, and at
// action level the latest access of each tracked action.
func serviceReport(namespace, name string, records []store.ServiceActivity, actionLevel bool) ServiceLastAccessed {
	out := ServiceLastAccessed{ServiceName: name, ServiceNamespace: namespace}
	principals := map[string]bool{}
	actions := map[string]store.ServiceActivity{}
	for _, r := range records {
		if r.Namespace != namespace {
			continue
		}
		if r.Action != "" {
			if cur, ok := actions[r.Action]; !ok || r.At.After(cur.At) {
				actions[r.Action] = r
			}
			continue
		}
		principals[r.PrincipalARN] = true
		if out.LastAuthenticated == nil || r.At.After(*out.LastAuthenticated) {
			at := r.At.UTC()
			out.LastAuthenticated, out.LastAuthenticatedEntity, out.LastAuthenticatedRegion = &at, r.PrincipalARN, r.Region
		}
	}
	if n := int32(len(principals)); n > 0 {
		out.TotalAuthenticatedEntities = &n
	}
	if actionLevel && actionTrackedNamespaces[namespace] {
		for _, r := range actions {
			at := r.At.UTC()
			out.TrackedActionsLastAccessed = append(out.TrackedActionsLastAccessed, TrackedActionLastAccessed{
				ActionName: r.Action, LastAccessedEntity: r.PrincipalARN, LastAccessedTime: &at, LastAccessedRegion: r.Region,
			})
		}
		sort.Slice(out.TrackedActionsLastAccessed, func(i, j int) bool {
			return out.TrackedActionsLastAccessed[i].ActionName < out.TrackedActionsLastAccessed[j].ActionName
		})
	}
	return out
}

// entityReport lists the principals with their last access to the
// namespace, most recent first, then those that never accessed it by ARN.
func entityReport(principals []accessPrincipal, namespace string, records []store.ServiceActivity) []EntityDetails {
	last := map[string]time.Time{}
	for _, r := range records {
		if r.Namespace == namespace && r.Action == "" {
			last[r.PrincipalARN] = r.At.UTC()
		}
	}
	out := make([]EntityDetails, 0, len(principals))
	for _, p := range principals {
		d := EntityDetails{EntityInfo: EntityInfo{Arn: p.arn, Name: p.name, Type: p.typ, Id: p.id, Path: p.path}}
		if at, ok := last[p.arn]; ok {
			d.LastAuthenticated = &at
		}
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].LastAuthenticated, out[j].LastAuthenticated
		switch {
		case a != nil && b != nil && !a.Equal(*b):
			return a.After(*b)
		case (a == nil) != (b == nil):
			return a != nil
		}
		return out[i].EntityInfo.Arn < out[j].EntityInfo.Arn
	})
	return out
}

// GetServiceLastAccessedDetails returns a page of a report's services.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetails.html
func (s *Service) GetServiceLastAccessedDetails(ctx context.Context, in *GetServiceLastAccessedDetailsRequest) (*GetServiceLastAccessedDetailsResponse, error) {
	job, err := s.lastAccessedJobOf(ctx, in.JobId)
	if err != nil {
		return nil, err
	}
	page, next, err := pageSlice(job.Services, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &GetServiceLastAccessedDetailsResponse{
		JobStatus: jobCompleted, JobType: job.JobType, JobCreationDate: job.Created, JobCompletionDate: job.Created,
		ServicesLastAccessed: append([]ServiceLastAccessed{}, page...),
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// GetServiceLastAccessedDetailsWithEntities returns a page of the users
// and roles behind one service of a report: a group's members, a policy's
// users and roles, or the user or role itself.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetailsWithEntities.html
func (s *Service) GetServiceLastAccessedDetailsWithEntities(ctx context.Context, in *GetServiceLastAccessedDetailsWithEntitiesRequest) (*GetServiceLastAccessedDetailsWithEntitiesResponse, error) {
	job, err := s.lastAccessedJobOf(ctx, in.JobId)
	if err != nil {
		return nil, err
	}
	page, next, err := pageSlice(job.Entities[in.ServiceNamespace], pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &GetServiceLastAccessedDetailsWithEntitiesResponse{
		JobStatus: jobCompleted, JobCreationDate: job.Created, JobCompletionDate: job.Created,
		EntityDetailsList: append([]EntityDetails{}, page...),
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// ListPoliciesGrantingServiceAccess lists, per namespace asked for, the
// permissions policies of a user (its own and its groups'), group or role
// that grant access to the service.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPoliciesGrantingServiceAccess.html
func (s *Service) ListPoliciesGrantingServiceAccess(ctx context.Context, in *ListPoliciesGrantingServiceAccessRequest) (*ListPoliciesGrantingServiceAccessResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	entity, err := s.resolveAccessEntity(ctx, accountID, in.Arn, false)
	if err != nil {
		return nil, err
	}
	entries := make([]ListPoliciesGrantingServiceAccessEntry, 0, len(in.ServiceNamespaces))
	for _, ns := range in.ServiceNamespaces {
		granting, err := grantingSources(entity, ns)
		if err != nil {
			return nil, err
		}
		entry := ListPoliciesGrantingServiceAccessEntry{ServiceNamespace: ns, Policies: []PolicyGrantingServiceAccess{}}
		for _, src := range granting {
			entry.Policies = append(entry.Policies, grantingPolicyShape(src))
		}
		entries = append(entries, entry)
	}
	page, next, err := pageSlice(entries, pageOf(in.Marker, nil))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListPoliciesGrantingServiceAccessResponse{PoliciesGrantingServiceAccess: page}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// grantingPolicyShape: a managed policy by name and ARN, an inline one by
// name and the user, group or role it is embedded in.
func grantingPolicyShape(src permissions.Source) PolicyGrantingServiceAccess {
	switch src.Type {
	case permissions.SourceAWSManaged, permissions.SourceUserManaged:
		return PolicyGrantingServiceAccess{PolicyName: src.ID[strings.LastIndex(src.ID, "/")+1:], PolicyType: "MANAGED", PolicyArn: src.ID}
	}
	out := PolicyGrantingServiceAccess{PolicyName: src.ID, PolicyType: "INLINE", EntityName: src.Owner}
	switch src.Type {
	case permissions.SourceUserInline:
		out.EntityType = entityTypeUser
	case permissions.SourceGroupInline:
		out.EntityType = entityTypeGroup
	default:
		out.EntityType = entityTypeRole
	}
	return out
}
