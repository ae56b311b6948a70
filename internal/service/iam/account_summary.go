package iam

import (
	"context"
	"fmt"
	"strings"

	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/policy"
)

// emptyAccountInput is the input of the account-wide operations whose
// model has no input shape (GetAccountSummary, GenerateCredentialReport,
// GetCredentialReport).
type emptyAccountInput struct{}

// IAM quotas the Quotas struct does not configure, as GetAccountSummary
// reports them: AWS's defaults.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const (
	serverCertificatesQuota         = 20
	signingCertificatesPerUserQuota = 2
	policyVersionsInUseQuota        = 10000
)

// accountSummaryOps declares GetAccountSummary, authorized on "*".
func (s *Service) accountSummaryOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "GetAccountSummary", s.GetAccountSummary, service.ReadOnly[emptyAccountInput]()),
	}
}

// mfaSummary is the MFA part of the summary: devices in the account, those
// assigned to an identity, and whether the root user has one.
type mfaSummary struct {
	devices, inUse int
	rootEnabled    bool
}

// accountMFASummary counts the account's MFA devices, those assigned to an
// identity, and whether the root user has one.
func (s *Service) accountMFASummary(ctx context.Context, tx store.Store, accountID string) (mfaSummary, error) {
	var sum mfaSummary
	assigned := true
	for _, filter := range []*bool{nil, &assigned} {
		n, page := 0, store.Page{MaxItems: 1000}
		for {
			devices, next, err := tx.MFADevices().List(ctx, accountID, filter, page)
			if err != nil {
				return mfaSummary{}, fmt.Errorf("list MFA devices: %w", err)
			}
			n += len(devices)
			if next == "" {
				break
			}
			page.Marker = next
		}
		if filter == nil {
			sum.devices = n
		} else {
			sum.inUse = n
		}
	}
	root, err := tx.MFADevices().ListForUser(ctx, accountID, "")
	if err != nil {
		return mfaSummary{}, fmt.Errorf("list the root's MFA devices: %w", err)
	}
	sum.rootEnabled = len(root) > 0
	return sum, nil
}

// accountServerCertificates counts the account's server certificates.
func (s *Service) accountServerCertificates(ctx context.Context, tx store.Store, accountID string) (int, error) {
	return CountServerCertificates(ctx, tx, accountID)
}

// accountSigningCertificatesPresent reports whether the root user has a
// signing certificate.
func (s *Service) accountSigningCertificatesPresent(ctx context.Context, tx store.Store, accountID string) (bool, error) {
	return RootHasSigningCertificate(ctx, tx, accountID)
}

// GetAccountSummary reports the account's entity usage and IAM quotas
// under AWS's keys (SummaryKeyType): every key of the API reference,
// counts read from the store in one transaction.
func (s *Service) GetAccountSummary(ctx context.Context, _ *emptyAccountInput) (*GetAccountSummaryResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	var m map[string]int32
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		var err error
		m, err = s.accountSummary(ctx, tx, accountID)
		return err
	})
	if err != nil {
		return nil, storeError(err)
	}
	return &GetAccountSummaryResponse{SummaryMap: m}, nil
}

func (s *Service) accountSummary(ctx context.Context, tx store.Store, accountID string) (map[string]int32, error) {
	counts := map[string]func(context.Context, string) (int, error){
		"Users":            tx.Users().Count,
		"Groups":           tx.Groups().Count,
		"Roles":            tx.Roles().Count,
		"Policies":         tx.Policies().Count,
		"InstanceProfiles": tx.InstanceProfiles().Count,
	}
	m := make(map[string]int32, 34)
	for key, count := range counts {
		n, err := count(ctx, accountID)
		if err != nil {
			return nil, fmt.Errorf("count %s: %w", key, err)
		}
		m[key] = int32(n)
	}
	version, err := GlobalEndpointTokenVersion(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	m["GlobalEndpointTokenVersion"] = int32(version)
	providers, err := countProviders(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	m["Providers"] = int32(providers)
	versions, err := policyVersionsInUse(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	m["PolicyVersionsInUse"] = int32(versions)
	rootKeys, err := tx.AccessKeys().List(ctx, accountID, "")
	if err != nil {
		return nil, fmt.Errorf("list root keys: %w", err)
	}
	m["AccountAccessKeysPresent"] = boolCount(len(rootKeys) > 0)
	// The root user of an iamd account signs in with access keys only: it
	// has no console password.
	m["AccountPasswordPresent"] = 0
	mfa, err := s.accountMFASummary(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	m["MFADevices"], m["MFADevicesInUse"] = int32(mfa.devices), int32(mfa.inUse)
	m["AccountMFAEnabled"] = boolCount(mfa.rootEnabled)
	certs, err := s.accountServerCertificates(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	m["ServerCertificates"] = int32(certs)
	signing, err := s.accountSigningCertificatesPresent(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	m["AccountSigningCertificatesPresent"] = boolCount(signing)

	q := s.quotas
	for key, v := range map[string]int{
		"UsersQuota":                      q.Users,
		"GroupsQuota":                     q.Groups,
		"RolesQuota":                      q.Roles,
		"PoliciesQuota":                   q.Policies,
		"InstanceProfilesQuota":           q.InstanceProfiles,
		"GroupsPerUserQuota":              q.GroupsPerUser,
		"AccessKeysPerUserQuota":          q.AccessKeysPerUser,
		"AttachedPoliciesPerUserQuota":    q.ManagedPoliciesPerUser,
		"AttachedPoliciesPerGroupQuota":   q.ManagedPoliciesPerGroup,
		"AttachedPoliciesPerRoleQuota":    q.ManagedPoliciesPerRole,
		"VersionsPerPolicyQuota":          q.VersionsPerPolicy,
		"UserPolicySizeQuota":             policy.MaxUserInlineSize,
		"GroupPolicySizeQuota":            policy.MaxGroupInlineSize,
		"RolePolicySizeQuota":             policy.MaxRoleInlineSize,
		"PolicySizeQuota":                 policy.MaxManagedPolicySize,
		"AssumeRolePolicySizeQuota":       policy.MaxTrustPolicySize,
		"ServerCertificatesQuota":         serverCertificatesQuota,
		"SigningCertificatesPerUserQuota": signingCertificatesPerUserQuota,
		"PolicyVersionsInUseQuota":        policyVersionsInUseQuota,
	} {
		m[key] = int32(v)
	}
	return m, nil
}

// countProviders counts the account's SAML and OpenID Connect providers,
// which the summary reports together as Providers.
func countProviders(ctx context.Context, tx store.Store, accountID string) (int, error) {
	saml, err := tx.SAMLProviders().List(ctx, accountID)
	if err != nil {
		return 0, fmt.Errorf("list saml providers: %w", err)
	}
	oidc, err := tx.OIDCProviders().List(ctx, accountID)
	if err != nil {
		return 0, fmt.Errorf("list oidc providers: %w", err)
	}
	return len(saml) + len(oidc), nil
}

// policyVersionsInUse counts the versions the account's managed policies
// hold: every version of each customer managed policy, and the default
// version of each AWS managed policy attached in the account (an AWS
// managed policy counts against the quota only while attached).
func policyVersionsInUse(ctx context.Context, tx store.Store, accountID string) (int, error) {
	n := 0
	p := store.Page{MaxItems: listAllPageSize}
	for {
		policies, next, err := tx.Policies().List(ctx, accountID, "", p)
		if err != nil {
			return 0, fmt.Errorf("list policies: %w", err)
		}
		for _, mp := range policies {
			versions, err := tx.Policies().ListVersions(ctx, accountID, mp.ID)
			if err != nil {
				return 0, fmt.Errorf("list versions of %s: %w", mp.Name, err)
			}
			n += len(versions)
		}
		if next == "" {
			break
		}
		p.Marker = next
	}
	attached, err := tx.Attachments().AttachedARNs(ctx, accountID)
	if err != nil {
		return 0, fmt.Errorf("attached policies: %w", err)
	}
	for arn := range attached {
		if strings.HasPrefix(arn, awsManagedARNPrefix) {
			n++
		}
	}
	return n, nil
}

// listAllPageSize is the page size of the loops that read a whole
// listing from the store.
const listAllPageSize = 1000

// boolCount is the summary's 0/1 for a flag.
func boolCount(b bool) int32 {
	if b {
		return 1
	}
	return 0
}
