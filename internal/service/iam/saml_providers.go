package iam

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/saml"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// SAML provider quota and identifiers.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const (
	samlProvidersPerAccount = 100
	quotaSAMLProviders      = "SAMLProvidersPerAccount"
	samlIDPrefix            = "ASAM" // internal store IDs; AWS shows ARNs
	// samlDefaultValidity is how long a provider whose metadata has no
	// validUntil stays valid: AWS reports a ValidUntil a hundred years
	// after creation (as other emulators checked against AWS record).
	samlDefaultValidity = 100
)

// Messages of the SAML provider operations.
const (
	// msgSAMLProviderNotFound is AWS's NoSuchEntity text, as AWS users'
	// tools record it ("Manifest not found for arn ...").
	msgSAMLProviderNotFound = "Manifest not found for arn %s"
	// msgSAMLMetadataInvalid is AWS's documented text for metadata it
	// cannot read.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_issuer-metadata
	msgSAMLMetadataInvalid = "Could not parse metadata."
	// The following texts come from an emulator checked against AWS; the
	// API reference documents only the codes.
	msgSAMLProviderExists   = "SAMLProvider %s already exists."
	msgSAMLNothingToUpdate  = "Unable to update identity provider. No updates are defined for metadata or encryption assertion."
	msgSAMLRequiredWithoutK = "Unable to set assertion encryption mode to Required because no private key is provided."
	// msgSAMLPrivateKeys is iamd's own: it does not decrypt assertions.
	msgSAMLPrivateKeys = "iamd does not support SAML private keys: encrypted assertions cannot be decrypted."
)

// samlProviderOps declares the SAML provider operations, each authorized
// on the provider's ARN.
func (s *Service) samlProviderOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateSAMLProvider", s.CreateSAMLProvider,
			service.WithContextKeys(func(in *CreateSAMLProviderRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *CreateSAMLProviderRequest) string {
				return samlProviderARN(p.AccountID, in.Name)
			})),
		service.Op("iam", "GetSAMLProvider", s.GetSAMLProvider, service.ReadOnly[GetSAMLProviderRequest](),
			service.OnResource(func(_ *principal.Principal, in *GetSAMLProviderRequest) string { return in.SAMLProviderArn })),
		service.Op("iam", "UpdateSAMLProvider", s.UpdateSAMLProvider,
			service.OnResource(func(_ *principal.Principal, in *UpdateSAMLProviderRequest) string { return in.SAMLProviderArn })),
		service.Op("iam", "ListSAMLProviders", s.ListSAMLProviders, service.ReadOnly[ListSAMLProvidersRequest](),
			service.OnResource(func(p *principal.Principal, _ *ListSAMLProvidersRequest) string {
				return accountWildcardARN(p.AccountID, "saml-provider")
			})),
		service.Op("iam", "DeleteSAMLProvider", s.DeleteSAMLProvider,
			service.OnResource(func(_ *principal.Principal, in *DeleteSAMLProviderRequest) string { return in.SAMLProviderArn })),
		service.Op("iam", "TagSAMLProvider", s.TagSAMLProvider,
			service.WithContextKeys(func(in *TagSAMLProviderRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(_ *principal.Principal, in *TagSAMLProviderRequest) string { return in.SAMLProviderArn })),
		service.Op("iam", "UntagSAMLProvider", s.UntagSAMLProvider,
			service.WithContextKeys(func(in *UntagSAMLProviderRequest) []service.ContextKey { return tagKeyNames(in.TagKeys) }),
			service.OnResource(func(_ *principal.Principal, in *UntagSAMLProviderRequest) string { return in.SAMLProviderArn })),
		service.Op("iam", "ListSAMLProviderTags", s.ListSAMLProviderTags, service.ReadOnly[ListSAMLProviderTagsRequest](),
			service.OnResource(func(_ *principal.Principal, in *ListSAMLProviderTagsRequest) string { return in.SAMLProviderArn })),
	}
}

// samlProviderARN formats arn:aws:iam::ACCOUNT:saml-provider/NAME.
func samlProviderARN(accountID, name string) string {
	return "arn:aws:iam::" + accountID + ":saml-provider/" + name
}

// getSAMLProvider finds the account's provider named by arn; another
// account's ARN, or one of another kind, is NoSuchEntity like an absent one.
func getSAMLProvider(ctx context.Context, st store.Store, accountID, arn string) (*store.SAMLProvider, error) {
	if !strings.HasPrefix(arn, "arn:") || strings.Count(arn, ":") < 5 {
		return nil, awserr.InvalidInput(msgInvalidARN, arn)
	}
	notFound := awserr.NoSuchEntity(msgSAMLProviderNotFound, arn)
	name, ok := strings.CutPrefix(arn, "arn:aws:iam::"+accountID+":saml-provider/")
	if !ok || name == "" {
		return nil, notFound
	}
	p, err := st.SAMLProviders().Get(ctx, accountID, name)
	if err != nil {
		return nil, storeError(err, ifNotFound(notFound))
	}
	if p.Name != name { // names are case-insensitively unique, ARNs exact
		return nil, notFound
	}
	return p, nil
}

// checkSAMLOptions applies the rules on encryption settings: iamd keeps no
// private keys, so "Required" and any key change are refused.
func checkSAMLOptions(mode, addKey, removeKey string) error {
	if addKey != "" || removeKey != "" {
		return awserr.InvalidInput("%s", msgSAMLPrivateKeys)
	}
	if mode == "Required" {
		return awserr.InvalidInput("%s", msgSAMLRequiredWithoutK)
	}
	return nil
}

// samlValidUntil is the metadata's validUntil, else a hundred years after
// created.
func samlValidUntil(md *saml.Metadata, created time.Time) time.Time {
	if md.ValidUntil != nil {
		return md.ValidUntil.UTC().Truncate(time.Second)
	}
	return created.AddDate(samlDefaultValidity, 0, 0)
}

func parseSAMLMetadata(doc string) (*saml.Metadata, error) {
	md, err := saml.ParseMetadata([]byte(doc))
	if errors.Is(err, saml.ErrInvalidMetadata) {
		return nil, awserr.InvalidInput("%s", msgSAMLMetadataInvalid)
	}
	return md, err
}

// CreateSAMLProvider stores an IdP's metadata after checking it names an
// entity ID and at least one signing certificate.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
func (s *Service) CreateSAMLProvider(ctx context.Context, in *CreateSAMLProviderRequest) (*CreateSAMLProviderResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	if err := checkSAMLOptions(in.AssertionEncryptionMode, in.AddPrivateKey, ""); err != nil {
		return nil, err
	}
	md, err := parseSAMLMetadata(in.SAMLMetadataDocument)
	if err != nil {
		return nil, err
	}
	id, err := s.uniqueID(samlIDPrefix)
	if err != nil {
		return nil, err
	}
	uuid, err := secrets.NewRequestID()
	if err != nil {
		return nil, err
	}
	now := s.now()
	p := &store.SAMLProvider{AccountID: accountID, ID: id, Name: in.Name, UUID: uuid,
		MetadataDocument: in.SAMLMetadataDocument, AssertionEncryptionMode: in.AssertionEncryptionMode,
		CreatedAt: now, ValidUntil: samlValidUntil(md, now)}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		err := tx.SAMLProviders().Create(ctx, p, samlProvidersPerAccount)
		if err != nil {
			return storeError(err,
				ifExists(awserr.EntityAlreadyExists(msgSAMLProviderExists, in.Name)),
				ifLimit(errQuota(quotaSAMLProviders, samlProvidersPerAccount)))
		}
		return s.setTags(ctx, tx, accountID, store.TagSAMLProvider, p.ID, in.Tags)
	})
	if err != nil {
		return nil, err
	}
	return &CreateSAMLProviderResponse{SAMLProviderArn: samlProviderARN(accountID, p.Name), Tags: in.Tags}, nil
}

// GetSAMLProvider returns the stored metadata document and dates.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSAMLProvider.html
func (s *Service) GetSAMLProvider(ctx context.Context, in *GetSAMLProviderRequest) (*GetSAMLProviderResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := getSAMLProvider(ctx, s.store, accountID, in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	tags, err := s.store.Tags().List(ctx, accountID, store.TagSAMLProvider, p.ID)
	if err != nil {
		return nil, storeError(err)
	}
	return &GetSAMLProviderResponse{
		SAMLProviderUUID: p.UUID, SAMLMetadataDocument: p.MetadataDocument,
		CreateDate: &p.CreatedAt, ValidUntil: &p.ValidUntil, Tags: tagsFromStore(tags),
		AssertionEncryptionMode: p.AssertionEncryptionMode,
	}, nil
}

// UpdateSAMLProvider replaces the metadata document (and ValidUntil with
// it) or the encryption mode; something must change.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSAMLProvider.html
func (s *Service) UpdateSAMLProvider(ctx context.Context, in *UpdateSAMLProviderRequest) (*UpdateSAMLProviderResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if in.SAMLMetadataDocument == "" && in.AssertionEncryptionMode == "" && in.AddPrivateKey == "" && in.RemovePrivateKey == "" {
		return nil, awserr.InvalidInput("%s", msgSAMLNothingToUpdate)
	}
	if err := checkSAMLOptions(in.AssertionEncryptionMode, in.AddPrivateKey, in.RemovePrivateKey); err != nil {
		return nil, err
	}
	var md *saml.Metadata
	if in.SAMLMetadataDocument != "" {
		if md, err = parseSAMLMetadata(in.SAMLMetadataDocument); err != nil {
			return nil, err
		}
	}
	var arn string
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := getSAMLProvider(ctx, tx, accountID, in.SAMLProviderArn)
		if err != nil {
			return err
		}
		if md != nil {
			p.MetadataDocument = in.SAMLMetadataDocument
			if md.ValidUntil != nil {
				p.ValidUntil = samlValidUntil(md, p.CreatedAt)
			}
		}
		if in.AssertionEncryptionMode != "" {
			p.AssertionEncryptionMode = in.AssertionEncryptionMode
		}
		arn = samlProviderARN(accountID, p.Name)
		return storeError(tx.SAMLProviders().Update(ctx, p), ifNotFound(awserr.NoSuchEntity(msgSAMLProviderNotFound, in.SAMLProviderArn)))
	})
	if err != nil {
		return nil, err
	}
	return &UpdateSAMLProviderResponse{SAMLProviderArn: arn}, nil
}

// ListSAMLProviders lists the account's providers (not paginated, as in
// AWS).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSAMLProviders.html
func (s *Service) ListSAMLProviders(ctx context.Context, _ *ListSAMLProvidersRequest) (*ListSAMLProvidersResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.store.SAMLProviders().List(ctx, accountID)
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListSAMLProvidersResponse{SAMLProviderList: []SAMLProviderListEntry{}}
	for _, p := range list {
		out.SAMLProviderList = append(out.SAMLProviderList, SAMLProviderListEntry{
			Arn: samlProviderARN(accountID, p.Name), ValidUntil: &p.ValidUntil, CreateDate: &p.CreatedAt})
	}
	return out, nil
}

// DeleteSAMLProvider deletes the provider and its tags. Roles that trust
// it stay as they are; no one can assume them through it any more.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSAMLProvider.html
func (s *Service) DeleteSAMLProvider(ctx context.Context, in *DeleteSAMLProviderRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := getSAMLProvider(ctx, tx, accountID, in.SAMLProviderArn)
		if err != nil {
			return err
		}
		return storeError(tx.SAMLProviders().Delete(ctx, accountID, p.ID), ifNotFound(awserr.NoSuchEntity(msgSAMLProviderNotFound, in.SAMLProviderArn)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// TagSAMLProvider adds or overwrites tags (at most 50 per provider).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagSAMLProvider.html
func (s *Service) TagSAMLProvider(ctx context.Context, in *TagSAMLProviderRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := getSAMLProvider(ctx, tx, accountID, in.SAMLProviderArn)
		if err != nil {
			return err
		}
		return s.setTags(ctx, tx, accountID, store.TagSAMLProvider, p.ID, in.Tags)
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// UntagSAMLProvider removes tags by key; absent keys are ignored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagSAMLProvider.html
func (s *Service) UntagSAMLProvider(ctx context.Context, in *UntagSAMLProviderRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := getSAMLProvider(ctx, tx, accountID, in.SAMLProviderArn)
		if err != nil {
			return err
		}
		return storeError(tx.Tags().Remove(ctx, accountID, store.TagSAMLProvider, p.ID, in.TagKeys))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListSAMLProviderTags lists a provider's tags ordered by key, paginated.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSAMLProviderTags.html
func (s *Service) ListSAMLProviderTags(ctx context.Context, in *ListSAMLProviderTagsRequest) (*ListSAMLProviderTagsResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := getSAMLProvider(ctx, s.store, accountID, in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	tags, err := s.store.Tags().List(ctx, accountID, store.TagSAMLProvider, p.ID)
	if err != nil {
		return nil, storeError(err)
	}
	page, err := listTagsPage(tags, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	return &ListSAMLProviderTagsResponse{Tags: page.Tags, IsTruncated: page.IsTruncated, Marker: page.Marker}, nil
}
