package iam

import (
	"context"
	"strconv"
	"strings"

	"github.com/iamd/iamd/internal/awsmanaged"
	"github.com/iamd/iamd/internal/store"
)

// ListPolicies pages through two sources: AWS's managed policies (the
// catalog, sorted by name) and then the account's own (the store). Its
// marker says which source and where: "aws:N" resumes the catalog at index
// N, "local:M" resumes the store at its marker M. Markers are opaque to
// clients, as AWS's are.
const (
	markerAWS   = "aws:"
	markerLocal = "local:"
)

// Values of ListPolicies' Scope and PolicyUsageFilter.
const (
	scopeAll   = "All"
	scopeAWS   = "AWS"
	scopeLocal = "Local"

	usagePermissionsPolicy   = "PermissionsPolicy"
	usagePermissionsBoundary = "PermissionsBoundary"
)

// ListPolicies lists managed policies: AWS's, the account's or both,
// optionally only those attached (or used as a boundary) in the account.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
func (s *Service) ListPolicies(ctx context.Context, in *ListPoliciesRequest) (*ListPoliciesResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	l := &policyLister{
		st:           s.store,
		accountID:    accountID,
		pathPrefix:   pathOrDefault(in.PathPrefix),
		onlyAttached: in.OnlyAttached != nil && *in.OnlyAttached,
		usage:        in.PolicyUsageFilter,
		limit:        pageOf("", in.MaxItems).Limit(),
		out:          []Policy{},
	}
	scope := in.Scope
	if scope == "" {
		scope = scopeAll
	}
	if err := l.loadCounts(ctx); err != nil {
		return nil, err
	}
	next := ""
	switch {
	case strings.HasPrefix(in.Marker, markerLocal):
		if scope != scopeAWS {
			next, err = l.local(ctx, strings.TrimPrefix(in.Marker, markerLocal))
		}
	case in.Marker != "" && !strings.HasPrefix(in.Marker, markerAWS):
		return nil, storeError(store.ErrInvalidMarker) // not a marker this service issued
	default:
		start := 0
		if in.Marker != "" {
			n, convErr := strconv.Atoi(strings.TrimPrefix(in.Marker, markerAWS))
			if convErr != nil || n < 0 || n > len(awsmanaged.All()) {
				return nil, storeError(store.ErrInvalidMarker)
			}
			start = n
		}
		if scope == scopeLocal {
			next, err = l.local(ctx, "")
			break
		}
		next, err = l.aws(ctx, start)
		if err == nil && next == "" && scope == scopeAll && len(l.out) < l.limit {
			next, err = l.local(ctx, "")
		}
	}
	if err != nil {
		return nil, err
	}
	truncated, marker := pageEnd(next)
	return &ListPoliciesResponse{Policies: l.out, IsTruncated: truncated, Marker: marker}, nil
}

// policyLister fills one page of ListPolicies, applying its filters.
type policyLister struct {
	st           store.Store
	accountID    string
	pathPrefix   string
	onlyAttached bool
	usage        string
	limit        int
	out          []Policy

	// attached and boundaries map policy ARNs to their attachments and
	// permissions boundary uses in the account: two queries per page
	// rather than two per policy considered (the catalog has over a
	// thousand).
	attached, boundaries map[string]int
}

// loadCounts reads the account's attachment and boundary counts of every
// policy.
func (l *policyLister) loadCounts(ctx context.Context) error {
	var err error
	if l.attached, err = l.st.Attachments().AttachedARNs(ctx, l.accountID); err != nil {
		return storeError(err)
	}
	if l.boundaries, err = l.st.Attachments().BoundaryARNs(ctx, l.accountID); err != nil {
		return storeError(err)
	}
	return nil
}

// consider appends p, with its uses in the account, when it passes the
// filters.
func (l *policyLister) consider(_ context.Context, p *managedPolicy) error {
	a, b := l.attached[p.ARN], l.boundaries[p.ARN]
	// PermissionsBoundary keeps the policies some user or role uses as its
	// boundary; otherwise OnlyAttached keeps those attached to some
	// identity. PermissionsPolicy narrows nothing further: any managed
	// policy can serve as a permissions policy.
	if l.usage == usagePermissionsBoundary {
		if b == 0 {
			return nil
		}
	} else if l.onlyAttached && a == 0 {
		return nil
	}
	l.out = append(l.out, policyShape(p, a, b))
	return nil
}

// aws appends AWS managed policies from catalog index start; it returns the
// marker of the next page, or "" when the catalog is exhausted.
func (l *policyLister) aws(ctx context.Context, start int) (string, error) {
	all := awsmanaged.All()
	for i := start; i < len(all); i++ {
		if len(l.out) == l.limit {
			return markerAWS + strconv.Itoa(i), nil
		}
		p := all[i]
		if !strings.HasPrefix(p.Path, l.pathPrefix) {
			continue
		}
		if err := l.consider(ctx, &managedPolicy{ARN: p.ARN, AWS: p}); err != nil {
			return "", err
		}
	}
	return "", nil
}

// local appends the account's policies from store marker m. It asks the
// store for no more than the page still needs, so a filtered store page
// never overflows and its next marker resumes exactly after it.
func (l *policyLister) local(ctx context.Context, m string) (string, error) {
	for len(l.out) < l.limit {
		ps, next, err := l.st.Policies().List(ctx, l.accountID, l.pathPrefix,
			store.Page{Marker: m, MaxItems: l.limit - len(l.out)})
		if err != nil {
			return "", storeError(err)
		}
		for _, p := range ps {
			mp := &managedPolicy{ARN: policyARN(l.accountID, p.Path, p.Name), Customer: p}
			if err := l.consider(ctx, mp); err != nil {
				return "", err
			}
		}
		if next == "" {
			return "", nil
		}
		m = next
	}
	return markerLocal + m, nil
}
