package iam

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// msgTooManyVersions: CreatePolicyVersion on a policy that has five.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
const msgTooManyVersions = "A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version."

// policyVersionOps declares the policy version operations; each is
// authorized on the policy's ARN.
func (s *Service) policyVersionOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreatePolicyVersion", s.CreatePolicyVersion,
			service.OnResource(func(_ *principal.Principal, in *CreatePolicyVersionRequest) string { return in.PolicyArn })),
		service.Op("iam", "GetPolicyVersion", s.GetPolicyVersion, service.ReadOnly[GetPolicyVersionRequest](),
			service.OnResource(func(_ *principal.Principal, in *GetPolicyVersionRequest) string { return in.PolicyArn })),
		service.Op("iam", "ListPolicyVersions", s.ListPolicyVersions, service.ReadOnly[ListPolicyVersionsRequest](),
			service.OnResource(func(_ *principal.Principal, in *ListPolicyVersionsRequest) string { return in.PolicyArn })),
		service.Op("iam", "DeletePolicyVersion", s.DeletePolicyVersion,
			service.OnResource(func(_ *principal.Principal, in *DeletePolicyVersionRequest) string { return in.PolicyArn })),
		service.Op("iam", "SetDefaultPolicyVersion", s.SetDefaultPolicyVersion,
			service.OnResource(func(_ *principal.Principal, in *SetDefaultPolicyVersionRequest) string { return in.PolicyArn })),
	}
}

// CreatePolicyVersion adds a version to a customer managed policy, at most
// five in all, optionally making it the default.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
func (s *Service) CreatePolicyVersion(ctx context.Context, in *CreatePolicyVersionRequest) (*CreatePolicyVersionResponse, error) {
	setDefault := in.SetAsDefault != nil && *in.SetAsDefault
	v := &store.PolicyVersion{Document: in.PolicyDocument, IsDefault: setDefault, CreatedAt: s.now()}
	err := s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := s.customerPolicy(ctx, tx, "CreatePolicyVersion", in.PolicyArn)
		if err != nil {
			return err
		}
		if err := s.checkPolicyDocument(kindManaged, in.PolicyDocument); err != nil {
			return err
		}
		v.PolicyID = p.Customer.ID
		maxVersions := s.quotas.VersionsPerPolicy
		err = tx.Policies().CreateVersion(ctx, p.Customer.AccountID, p.Customer.ID, v, setDefault, maxVersions)
		return storeError(err,
			ifLimit(awserr.LimitExceeded(msgTooManyVersions, maxVersions)),
			ifNotFound(awserr.NoSuchEntity(msgPolicyNotFound, in.PolicyArn)))
	})
	if err != nil {
		return nil, err
	}
	// CreatePolicyVersion's result carries no document, as AWS's does not.
	return &CreatePolicyVersionResponse{PolicyVersion: &PolicyVersion{
		VersionId:        v.VersionID,
		IsDefaultVersion: &setDefault,
		CreateDate:       &v.CreatedAt,
	}}, nil
}

// GetPolicyVersion returns one version with its document. Of an AWS
// managed policy only the default version is known.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
func (s *Service) GetPolicyVersion(ctx context.Context, in *GetPolicyVersionRequest) (*GetPolicyVersionResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.policyOr(ctx, s.store, accountID, in.PolicyArn, msgPolicyNotFound)
	if err != nil {
		return nil, err
	}
	notFound := awserr.NoSuchEntity(msgVersionNotFound, in.PolicyArn, in.VersionId)
	if p.AWS != nil {
		if in.VersionId != p.AWS.DefaultVersionID {
			return nil, notFound
		}
		v := awsDefaultVersion(p)
		return &GetPolicyVersionResponse{PolicyVersion: &v}, nil
	}
	v, err := s.store.Policies().GetVersion(ctx, accountID, p.Customer.ID, in.VersionId)
	if err != nil {
		return nil, storeError(err, ifNotFound(notFound))
	}
	out := versionShape(v, true)
	return &GetPolicyVersionResponse{PolicyVersion: &out}, nil
}

// ListPolicyVersions lists a policy's versions, newest first, without their
// documents.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html
func (s *Service) ListPolicyVersions(ctx context.Context, in *ListPolicyVersionsRequest) (*ListPolicyVersionsResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.policyOr(ctx, s.store, accountID, in.PolicyArn, msgPolicyNotFound)
	if err != nil {
		return nil, err
	}
	var all []PolicyVersion
	if p.AWS != nil {
		v := awsDefaultVersion(p)
		v.Document = ""
		all = []PolicyVersion{v}
	} else {
		vs, err := s.store.Policies().ListVersions(ctx, accountID, p.Customer.ID)
		if err != nil {
			return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgPolicyNotFound, in.PolicyArn)))
		}
		for _, v := range vs {
			all = append(all, versionShape(v, false))
		}
	}
	page, next, err := pageSlice(all, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	truncated, marker := pageEnd(next)
	return &ListPolicyVersionsResponse{Versions: page, IsTruncated: truncated, Marker: marker}, nil
}

// DeletePolicyVersion deletes a version that is not the default.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html
func (s *Service) DeletePolicyVersion(ctx context.Context, in *DeletePolicyVersionRequest) (*noOutput, error) {
	err := s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := s.customerPolicy(ctx, tx, "DeletePolicyVersion", in.PolicyArn)
		if err != nil {
			return err
		}
		err = tx.Policies().DeleteVersion(ctx, p.Customer.AccountID, p.Customer.ID, in.VersionId)
		return storeError(err, ifNotFound(awserr.NoSuchEntity(msgVersionNotFound, in.PolicyArn, in.VersionId)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// SetDefaultPolicyVersion makes a version the one in effect.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
func (s *Service) SetDefaultPolicyVersion(ctx context.Context, in *SetDefaultPolicyVersionRequest) (*noOutput, error) {
	err := s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := s.customerPolicy(ctx, tx, "SetDefaultPolicyVersion", in.PolicyArn)
		if err != nil {
			return err
		}
		err = tx.Policies().SetDefaultVersion(ctx, p.Customer.AccountID, p.Customer.ID, in.VersionId, s.now())
		return storeError(err, ifNotFound(awserr.NoSuchEntity(msgVersionNotFound, in.PolicyArn, in.VersionId)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// versionShape converts a stored version; listings omit the document.
func versionShape(v *store.PolicyVersion, withDocument bool) PolicyVersion {
	isDefault, created := v.IsDefault, v.CreatedAt
	out := PolicyVersion{VersionId: v.VersionID, IsDefaultVersion: &isDefault, CreateDate: &created}
	if withDocument {
		out.Document = v.Document
	}
	return out
}

// awsDefaultVersion is the one version of an AWS managed policy iamd
// carries: the default, dated when AWS last updated the policy.
func awsDefaultVersion(p *managedPolicy) PolicyVersion {
	isDefault, created := true, p.AWS.UpdateDate
	return PolicyVersion{
		Document:         p.AWS.Document,
		VersionId:        p.AWS.DefaultVersionID,
		IsDefaultVersion: &isDefault,
		CreateDate:       &created,
	}
}
