package saml

import (
	"time"

	"github.com/iamd/iamd/internal/awserr"
)

// Provider is what AssumeRoleWithSAML needs of a stored SAML provider.
type Provider struct {
	ARN       string // arn:aws:iam::ACCOUNT:saml-provider/NAME
	AccountID string
	Name      string
	// Metadata is the provider's parsed metadata document (ParseMetadata
	// of the stored document; callers may cache it per provider version).
	Metadata *Metadata
}

// Federation is a verified AssumeRoleWithSAML request: the assertion, the
// role and provider pair the caller chose from it, and the saml:* keys of
// the trust policy's request context.
type Federation struct {
	Assertion   *Assertion
	Role        RolePair
	ContextKeys []ContextKey
	// NameQualifier and SubjectType are AssumeRoleWithSAML's NameQualifier
	// and SubjectType response elements (Subject is Assertion.NameID,
	// Issuer Assertion.Issuer, Audience Assertion.Recipient).
	NameQualifier string
	SubjectType   string
}

// Authenticate verifies samlResponse against provider p (see VerifyWith)
// and checks that the assertion's Role attribute lists the pair the caller
// asked for (roleARN, principalARN): AWS answers AccessDenied "Not
// authorized to perform sts:AssumeRoleWithSAML" otherwise. The trust
// policy, session tags, SourceIdentity permission and duration are the
// caller's to check; Federation carries what they need.
func Authenticate(p Provider, roleARN, principalARN, samlResponse string, now time.Time, opts Options) (*Federation, error) {
	if p.Metadata == nil || principalARN != p.ARN {
		return nil, awserr.AccessDenied(msgNotAuthorized)
	}
	a, err := VerifyWith(samlResponse, p.Metadata, now, opts)
	if err != nil {
		return nil, err
	}
	want := RolePair{RoleARN: roleARN, ProviderARN: principalARN}
	for _, pair := range a.Roles {
		if pair == want {
			return &Federation{
				Assertion:     a,
				Role:          pair,
				ContextKeys:   a.ContextKeys(p.AccountID, p.Name),
				NameQualifier: NameQualifier(a.Issuer, p.AccountID, p.Name),
				SubjectType:   a.SubjectType(),
			}, nil
		}
	}
	return nil, awserr.AccessDenied(msgNotAuthorized)
}
