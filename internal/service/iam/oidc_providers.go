package iam

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// OpenID Connect provider quotas: AWS's, fixed (Quotas has no fields for
// them yet).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const (
	oidcProvidersPerAccount  = 100
	clientIDsPerOIDCProvider = 100
	thumbprintsPerProvider   = 5
	// oidcIDPrefix prefixes the store's internal provider IDs (AWS shows
	// providers only by ARN).
	oidcIDPrefix = "AOID"
)

// Messages of the OpenID Connect provider operations. AWS's API reference
// gives the codes; the texts are those AWS sends as quoted by real clients
// (the duplicate URL, in Terraform and CDK reports) and by moto, whose IAM
// tests are checked against AWS (getattr, quotas, thumbprints, URL).
const (
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
	msgOIDCProviderExists = "Provider with url %s already exists."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOpenIDConnectProvider.html
	msgOIDCProviderNotFound = "OpenIDConnect Provider not found for arn %s"
	msgInvalidOIDCURL       = "Invalid Open ID Connect Provider URL"
	msgTooManyThumbprints   = "Thumbprint list must contain fewer than 5 entries."

	quotaOIDCProvidersPerAccount  = "OpenIdConnectProvidersPerAccount"
	quotaClientIDsPerOIDCProvider = "ClientIdsPerOpenIdConnectProvider"
)

// oidcProviderOps declares the OpenID Connect provider operations, each
// authorized on the provider's ARN.
func (s *Service) oidcProviderOps() []service.Operation {
	onARN := func(arn string) string { return arn }
	return []service.Operation{
		service.Op("iam", "CreateOpenIDConnectProvider", s.CreateOpenIDConnectProvider,
			service.WithContextKeys(func(in *CreateOpenIDConnectProviderRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *CreateOpenIDConnectProviderRequest) string {
				if u, err := oidcProviderURL(in.Url); err == nil {
					return oidcProviderARN(p.AccountID, u)
				}
				return accountWildcardARN(p.AccountID, "oidc-provider")
			})),
		service.Op("iam", "GetOpenIDConnectProvider", s.GetOpenIDConnectProvider, service.ReadOnly[GetOpenIDConnectProviderRequest](),
			service.OnResource(func(_ *principal.Principal, in *GetOpenIDConnectProviderRequest) string {
				return onARN(in.OpenIDConnectProviderArn)
			})),
		service.Op("iam", "ListOpenIDConnectProviders", s.ListOpenIDConnectProviders, service.ReadOnly[ListOpenIDConnectProvidersRequest](),
			service.OnResource(func(p *principal.Principal, _ *ListOpenIDConnectProvidersRequest) string {
				return accountWildcardARN(p.AccountID, "oidc-provider")
			})),
		service.Op("iam", "DeleteOpenIDConnectProvider", s.DeleteOpenIDConnectProvider,
			service.OnResource(func(_ *principal.Principal, in *DeleteOpenIDConnectProviderRequest) string {
				return onARN(in.OpenIDConnectProviderArn)
			})),
		service.Op("iam", "AddClientIDToOpenIDConnectProvider", s.AddClientIDToOpenIDConnectProvider,
			service.OnResource(func(_ *principal.Principal, in *AddClientIDToOpenIDConnectProviderRequest) string {
				return onARN(in.OpenIDConnectProviderArn)
			})),
		service.Op("iam", "RemoveClientIDFromOpenIDConnectProvider", s.RemoveClientIDFromOpenIDConnectProvider,
			service.OnResource(func(_ *principal.Principal, in *RemoveClientIDFromOpenIDConnectProviderRequest) string {
				return onARN(in.OpenIDConnectProviderArn)
			})),
		service.Op("iam", "UpdateOpenIDConnectProviderThumbprint", s.UpdateOpenIDConnectProviderThumbprint,
			service.OnResource(func(_ *principal.Principal, in *UpdateOpenIDConnectProviderThumbprintRequest) string {
				return onARN(in.OpenIDConnectProviderArn)
			})),
		service.Op("iam", "TagOpenIDConnectProvider", s.TagOpenIDConnectProvider,
			service.WithContextKeys(func(in *TagOpenIDConnectProviderRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(_ *principal.Principal, in *TagOpenIDConnectProviderRequest) string {
				return onARN(in.OpenIDConnectProviderArn)
			})),
		service.Op("iam", "UntagOpenIDConnectProvider", s.UntagOpenIDConnectProvider,
			service.WithContextKeys(func(in *UntagOpenIDConnectProviderRequest) []service.ContextKey { return tagKeyNames(in.TagKeys) }),
			service.OnResource(func(_ *principal.Principal, in *UntagOpenIDConnectProviderRequest) string {
				return onARN(in.OpenIDConnectProviderArn)
			})),
		service.Op("iam", "ListOpenIDConnectProviderTags", s.ListOpenIDConnectProviderTags, service.ReadOnly[ListOpenIDConnectProviderTagsRequest](),
			service.OnResource(func(_ *principal.Principal, in *ListOpenIDConnectProviderTagsRequest) string {
				return onARN(in.OpenIDConnectProviderArn)
			})),
	}
}

// oidcProviderARN is arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH.
func oidcProviderARN(accountID, providerURL string) string {
	return "arn:aws:iam::" + accountID + ":oidc-provider/" + providerURL
}

// oidcProviderURL checks a CreateOpenIDConnectProvider Url and returns it
// as IAM keeps it: without "https://". The URL must be https with a host,
// and without query, fragment or user info (OpenID Connect issuers have
// none). A port is accepted: AWS's reference says the URL "should not"
// contain one, and loopback test issuers need it.
func oidcProviderURL(raw string) (string, error) {
	invalid := awserr.ValidationError(msgInvalidOIDCURL)
	if !strings.HasPrefix(raw, "https://") {
		return "", invalid
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Opaque != "" {
		return "", invalid
	}
	return strings.TrimPrefix(raw, "https://"), nil
}

// providerFromARN finds the caller's provider an ARN names; NoSuchEntity
// for anything that is not one of the account's providers.
func providerFromARN(ctx context.Context, st store.Store, accountID, arn string) (*store.OIDCProvider, error) {
	if !strings.HasPrefix(arn, "arn:") || strings.Count(arn, ":") < 5 {
		return nil, awserr.InvalidInput(msgInvalidARN, arn)
	}
	notFound := awserr.NoSuchEntity(msgOIDCProviderNotFound, arn)
	prefix := oidcProviderARN(accountID, "")
	if !strings.HasPrefix(arn, prefix) || len(arn) == len(prefix) {
		return nil, notFound
	}
	p, err := st.OIDCProviders().Get(ctx, accountID, arn[len(prefix):])
	if err != nil {
		return nil, storeError(err, ifNotFound(notFound))
	}
	return p, nil
}

// uniqueStrings returns list without repeats, in first-seen order.
func uniqueStrings(list []string, fold bool) []string {
	out := make([]string, 0, len(list))
	seen := make(map[string]bool, len(list))
	for _, v := range list {
		k := v
		if fold {
			k = strings.ToLower(v)
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// checkThumbprints applies the five-thumbprint limit (the model checks
// each is 40 characters); repeats, compared without case, count once.
func checkThumbprints(list []string) ([]string, error) {
	list = uniqueStrings(list, true)
	if len(list) > thumbprintsPerProvider {
		return nil, awserr.InvalidInput("%s", msgTooManyThumbprints)
	}
	return list, nil
}

// CreateOpenIDConnectProvider registers an OpenID Connect issuer. Client
// IDs and thumbprints are optional (AWS no longer requires thumbprints: it
// trusts public CAs for the JWKS endpoint).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
func (s *Service) CreateOpenIDConnectProvider(ctx context.Context, in *CreateOpenIDConnectProviderRequest) (*CreateOpenIDConnectProviderResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	providerURL, err := oidcProviderURL(in.Url)
	if err != nil {
		return nil, err
	}
	clientIDs := uniqueStrings(in.ClientIDList, false)
	if len(clientIDs) > clientIDsPerOIDCProvider {
		return nil, errQuota(quotaClientIDsPerOIDCProvider, clientIDsPerOIDCProvider)
	}
	thumbprints, err := checkThumbprints(in.ThumbprintList)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	id, err := s.uniqueID(oidcIDPrefix)
	if err != nil {
		return nil, err
	}
	p := &store.OIDCProvider{AccountID: accountID, ID: id, URL: providerURL, ClientIDs: clientIDs, Thumbprints: thumbprints, CreatedAt: s.now()}
	var tags []store.Tag
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if err := tx.OIDCProviders().Create(ctx, p, oidcProvidersPerAccount); err != nil {
			return storeError(err, ifExists(awserr.EntityAlreadyExists(msgOIDCProviderExists, in.Url)),
				ifLimit(errQuota(quotaOIDCProvidersPerAccount, oidcProvidersPerAccount)))
		}
		if err := s.setTags(ctx, tx, accountID, store.TagOIDCProvider, p.ID, in.Tags); err != nil {
			return err
		}
		tags, err = tx.Tags().List(ctx, accountID, store.TagOIDCProvider, p.ID)
		return storeError(err)
	})
	if err != nil {
		return nil, err
	}
	return &CreateOpenIDConnectProviderResponse{OpenIDConnectProviderArn: oidcProviderARN(accountID, providerURL), Tags: tagsFromStore(tags)}, nil
}

// GetOpenIDConnectProvider returns a provider: its Url without scheme, as
// AWS reports it.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOpenIDConnectProvider.html
func (s *Service) GetOpenIDConnectProvider(ctx context.Context, in *GetOpenIDConnectProviderRequest) (*GetOpenIDConnectProviderResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := providerFromARN(ctx, s.store, accountID, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	tags, err := s.store.Tags().List(ctx, accountID, store.TagOIDCProvider, p.ID)
	if err != nil {
		return nil, storeError(err)
	}
	created := p.CreatedAt.UTC()
	return &GetOpenIDConnectProviderResponse{
		Url:            p.URL,
		ClientIDList:   p.ClientIDs,
		ThumbprintList: p.Thumbprints,
		CreateDate:     &created,
		Tags:           tagsFromStore(tags),
	}, nil
}

// ListOpenIDConnectProviders lists the account's providers' ARNs (the
// operation has no paging).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOpenIDConnectProviders.html
func (s *Service) ListOpenIDConnectProviders(ctx context.Context, _ *ListOpenIDConnectProvidersRequest) (*ListOpenIDConnectProvidersResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.store.OIDCProviders().List(ctx, accountID)
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListOpenIDConnectProvidersResponse{OpenIDConnectProviderList: make([]OpenIDConnectProviderListEntry, 0, len(list))}
	for _, p := range list {
		out.OpenIDConnectProviderList = append(out.OpenIDConnectProviderList, OpenIDConnectProviderListEntry{Arn: oidcProviderARN(accountID, p.URL)})
	}
	return out, nil
}

// DeleteOpenIDConnectProvider deletes a provider. AWS documents it as
// idempotent: deleting a provider that does not exist succeeds.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html
func (s *Service) DeleteOpenIDConnectProvider(ctx context.Context, in *DeleteOpenIDConnectProviderRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := providerFromARN(ctx, tx, accountID, in.OpenIDConnectProviderArn)
		if awserr.Is(err, "NoSuchEntity") {
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.OIDCProviders().Delete(ctx, accountID, p.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return storeError(err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// changeProvider runs edit on the provider the ARN names, in a transaction.
func (s *Service) changeProvider(ctx context.Context, arn string, edit func(tx store.Store, accountID string, p *store.OIDCProvider) error) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := providerFromARN(ctx, tx, accountID, arn)
		if err != nil {
			return err
		}
		return edit(tx, accountID, p)
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// AddClientIDToOpenIDConnectProvider adds a client ID; adding one the
// provider has is a no-op, as AWS documents.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddClientIDToOpenIDConnectProvider.html
func (s *Service) AddClientIDToOpenIDConnectProvider(ctx context.Context, in *AddClientIDToOpenIDConnectProviderRequest) (*noOutput, error) {
	return s.changeProvider(ctx, in.OpenIDConnectProviderArn, func(tx store.Store, accountID string, p *store.OIDCProvider) error {
		return storeError(tx.OIDCProviders().AddClientID(ctx, accountID, p.ID, in.ClientID, clientIDsPerOIDCProvider),
			ifLimit(errQuota(quotaClientIDsPerOIDCProvider, clientIDsPerOIDCProvider)),
			ifNotFound(awserr.NoSuchEntity(msgOIDCProviderNotFound, in.OpenIDConnectProviderArn)))
	})
}

// RemoveClientIDFromOpenIDConnectProvider removes a client ID; removing
// one the provider lacks succeeds, as AWS documents.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveClientIDFromOpenIDConnectProvider.html
func (s *Service) RemoveClientIDFromOpenIDConnectProvider(ctx context.Context, in *RemoveClientIDFromOpenIDConnectProviderRequest) (*noOutput, error) {
	return s.changeProvider(ctx, in.OpenIDConnectProviderArn, func(tx store.Store, accountID string, p *store.OIDCProvider) error {
		return storeError(tx.OIDCProviders().RemoveClientID(ctx, accountID, p.ID, in.ClientID),
			ifNotFound(awserr.NoSuchEntity(msgOIDCProviderNotFound, in.OpenIDConnectProviderArn)))
	})
}

// UpdateOpenIDConnectProviderThumbprint replaces the thumbprint list.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateOpenIDConnectProviderThumbprint.html
func (s *Service) UpdateOpenIDConnectProviderThumbprint(ctx context.Context, in *UpdateOpenIDConnectProviderThumbprintRequest) (*noOutput, error) {
	thumbprints, err := checkThumbprints(in.ThumbprintList)
	if err != nil {
		return nil, err
	}
	return s.changeProvider(ctx, in.OpenIDConnectProviderArn, func(tx store.Store, accountID string, p *store.OIDCProvider) error {
		return storeError(tx.OIDCProviders().SetThumbprints(ctx, accountID, p.ID, thumbprints),
			ifNotFound(awserr.NoSuchEntity(msgOIDCProviderNotFound, in.OpenIDConnectProviderArn)))
	})
}

// TagOpenIDConnectProvider adds or overwrites tags of a provider.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagOpenIDConnectProvider.html
func (s *Service) TagOpenIDConnectProvider(ctx context.Context, in *TagOpenIDConnectProviderRequest) (*noOutput, error) {
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	return s.changeProvider(ctx, in.OpenIDConnectProviderArn, func(tx store.Store, accountID string, p *store.OIDCProvider) error {
		return s.setTags(ctx, tx, accountID, store.TagOIDCProvider, p.ID, in.Tags)
	})
}

// UntagOpenIDConnectProvider removes tags by key; absent keys are ignored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagOpenIDConnectProvider.html
func (s *Service) UntagOpenIDConnectProvider(ctx context.Context, in *UntagOpenIDConnectProviderRequest) (*noOutput, error) {
	return s.changeProvider(ctx, in.OpenIDConnectProviderArn, func(tx store.Store, accountID string, p *store.OIDCProvider) error {
		return storeError(tx.Tags().Remove(ctx, accountID, store.TagOIDCProvider, p.ID, in.TagKeys))
	})
}

// ListOpenIDConnectProviderTags lists a provider's tags ordered by key,
// paginated.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOpenIDConnectProviderTags.html
func (s *Service) ListOpenIDConnectProviderTags(ctx context.Context, in *ListOpenIDConnectProviderTagsRequest) (*ListOpenIDConnectProviderTagsResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := providerFromARN(ctx, s.store, accountID, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	tags, err := s.store.Tags().List(ctx, accountID, store.TagOIDCProvider, p.ID)
	if err != nil {
		return nil, storeError(err)
	}
	page, err := listTagsPage(tags, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	return &ListOpenIDConnectProviderTagsResponse{Tags: page.Tags, IsTruncated: page.IsTruncated, Marker: page.Marker}, nil
}
