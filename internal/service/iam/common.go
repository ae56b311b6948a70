package iam

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsmanaged"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/store"
)

// noOutput is the result of operations whose model has no output shape
// (DeleteUser, AddUserToGroup, ...): the wire response carries only
// ResponseMetadata.
type noOutput struct{}

// defaultPath is the path of an entity created without one.
const defaultPath = "/"

// pathOrDefault returns p, or "/" when the caller gave none.
func pathOrDefault(p string) string {
	if p == "" {
		return defaultPath
	}
	return p
}

// callerOf returns the authenticated caller. The gateway always puts one in
// the context; its absence is a wiring bug, reported as InternalFailure.
func callerOf(ctx context.Context) (*principal.Principal, error) {
	p := principal.FromContext(ctx)
	if p == nil || p.AccountID == "" {
		return nil, errors.New("iam: no principal in context")
	}
	return p, nil
}

// accountOf returns the caller's account ID: every operation reads and
// writes that account only.
func accountOf(ctx context.Context) (string, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return "", err
	}
	return p.AccountID, nil
}

// uniqueID returns a new unique ID with AWS's prefix for the entity kind
// (secrets.PrefixUser, PrefixGroup, ...).
func (s *Service) uniqueID(prefix string) (string, error) {
	id, err := s.newID(prefix)
	if err != nil {
		return "", fmt.Errorf("iam: new %s ID: %w", prefix, err)
	}
	return id, nil
}

// ARNs. IAM is global: no region. The path is part of the ARN
// (arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob); paths
// always begin and end with "/".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns

// entityARN formats arn:aws:iam::ACCOUNT:KIND/PATH/NAME.
func entityARN(accountID, kind, path, name string) string {
	return "arn:aws:iam::" + accountID + ":" + kind + pathOrDefault(path) + name
}

// rootARN is the ARN of an account's root user.
func rootARN(accountID string) string { return "arn:aws:iam::" + accountID + ":root" }

func userARN(accountID, path, name string) string {
	return entityARN(accountID, "user", path, name)
}

func groupARN(accountID, path, name string) string {
	return entityARN(accountID, "group", path, name)
}

func roleARN(accountID, path, name string) string {
	return entityARN(accountID, "role", path, name)
}

func policyARN(accountID, path, name string) string {
	return entityARN(accountID, "policy", path, name)
}

func instanceProfileARN(accountID, path, name string) string {
	return entityARN(accountID, "instance-profile", path, name)
}

// accountWildcardARN is the resource of account-wide actions on a kind
// (ListUsers is authorized on arn:aws:iam::ACCOUNT:user/*).
func accountWildcardARN(accountID, kind string) string {
	return "arn:aws:iam::" + accountID + ":" + kind + "/*"
}

// parsePolicyARN splits a customer managed policy ARN of the account into
// path and name. ok is false for other accounts, AWS managed policies
// (account "aws") and anything that is not a policy ARN.
func parsePolicyARN(accountID, arn string) (path, name string, ok bool) {
	prefix := "arn:aws:iam::" + accountID + ":policy/"
	if !strings.HasPrefix(arn, prefix) {
		return "", "", false
	}
	rest := arn[len(prefix)-1:] // keep the leading "/"
	i := strings.LastIndex(rest, "/")
	path, name = rest[:i+1], rest[i+1:]
	if name == "" {
		return "", "", false
	}
	return path, name, true
}

// Paging: AWS's Marker/MaxItems/IsTruncated over the store's opaque page
// markers. The store's markers are passed through unchanged.

// pageOf converts a request's Marker and MaxItems into a store page. The
// model already bounds MaxItems to 1..1000; nil means AWS's default, 100.
func pageOf(marker string, maxItems *int32) store.Page {
	p := store.Page{Marker: marker}
	if maxItems != nil {
		p.MaxItems = int(*maxItems)
	}
	return p
}

// pageEnd returns a listing's IsTruncated and Marker from the store's next
// marker: AWS always sends IsTruncated, and a Marker only when truncated.
func pageEnd(next string) (isTruncated *bool, marker string) {
	t := next != ""
	return &t, next
}

// pageSlice pages an in-memory list (tags, access keys) the way the store
// pages its listings: the marker is the decimal offset of the next item.
// A marker that is no such offset is store.ErrInvalidMarker, which
// storeError reports as AWS does.
func pageSlice[T any](items []T, p store.Page) (page []T, next string, err error) {
	start := 0
	if p.Marker != "" {
		n, convErr := strconv.Atoi(p.Marker)
		if convErr != nil || n < 0 || n > len(items) {
			return nil, "", store.ErrInvalidMarker
		}
		start = n
	}
	end := start + p.Limit()
	if end >= len(items) {
		return items[start:], "", nil
	}
	return items[start:end], strconv.Itoa(end), nil
}

// Errors: storage sentinels become AWS errors with AWS's messages here, in
// the service, so codecs only serialise.

// onStoreError maps one storage sentinel to the AWS error a call reports.
type onStoreError struct {
	sentinel error
	aws      *awserr.Error
}

func ifNotFound(e *awserr.Error) onStoreError { return onStoreError{store.ErrNotFound, e} }
func ifExists(e *awserr.Error) onStoreError   { return onStoreError{store.ErrAlreadyExists, e} }
func ifLimit(e *awserr.Error) onStoreError    { return onStoreError{store.ErrLimitExceeded, e} }

// msgInvalidMarker is IAM's answer to a Marker it did not issue, a
// ValidationError. AWS's API reference does not document it; the code and
// text are what AWS sends as quoted by IAM emulators checked against it
// (moto's list_virtual_mfa_devices test) and reported by AWS users
// ("Invalid Marker Error" from ListAccessKeys given another listing's
// marker, trek10inc/awsets#21).
const msgInvalidMarker = "Invalid Marker."

// storeError translates err: an AWS error passes unchanged, a sentinel
// listed in cases becomes its AWS error, a *store.ConflictError becomes
// AWS's DeleteConflict for its dependent, store.ErrInvalidMarker becomes
// AWS's ValidationError for a bad Marker, and anything else is wrapped so
// the gateway reports InternalFailure and logs the cause.
func storeError(err error, cases ...onStoreError) error {
	if err == nil {
		return nil
	}
	var aws *awserr.Error
	if errors.As(err, &aws) {
		return aws
	}
	for _, c := range cases {
		if errors.Is(err, c.sentinel) {
			return c.aws
		}
	}
	var conflict *store.ConflictError
	if errors.As(err, &conflict) {
		if msg, ok := deleteConflictMessages[conflict.Dependent]; ok {
			return awserr.DeleteConflict("%s", msg)
		}
	}
	if errors.Is(err, store.ErrInvalidMarker) {
		return awserr.ValidationError(msgInvalidMarker)
	}
	return fmt.Errorf("iam: %w", err)
}

// deleteConflictMessages gives AWS's DeleteConflict text for each
// dependent the store reports.
var deleteConflictMessages = map[store.Dependent]string{
	store.DependentAccessKeys:       msgMustDeleteAccessKeys,
	store.DependentLoginProfile:     msgMustDeleteLoginProfile,
	store.DependentGroupMemberships: msgMustRemoveFromGroup,
	store.DependentGroupMembers:     msgMustRemoveFromGroup,
	store.DependentInlinePolicies:   msgMustDeletePolicies,
	store.DependentAttachedPolicies: msgMustDetachPolicies,
	store.DependentAttachments:      msgPolicyAttached,
	store.DependentInstanceProfiles: msgMustRemoveRolesFromProfile,
	store.DependentRoles:            msgMustRemoveRolesFromProfile,
	store.DependentDefaultVersion:   msgCannotDeleteDefaultVersion,
}

// Common AWS errors of this package, built from messages.go.

func errUserNotFound(name string) *awserr.Error { return awserr.NoSuchEntity(msgUserNotFound, name) }
func errGroupNotFound(name string) *awserr.Error {
	return awserr.NoSuchEntity(msgGroupNotFound, name)
}
func errRoleNotFound(name string) *awserr.Error { return awserr.NoSuchEntity(msgRoleNotFound, name) }
func errInstanceProfileNotFound(name string) *awserr.Error {
	return awserr.NoSuchEntity(msgInstanceProfileNotFound, name)
}

// errQuota is LimitExceeded for the named quota.
func errQuota(quota string, limit int) *awserr.Error {
	return awserr.LimitExceeded(msgQuotaExceeded, quota, limit)
}

// Tags.

// tagsToStore converts wire tags into store tags.
func tagsToStore(tags []Tag) []store.Tag {
	out := make([]store.Tag, len(tags))
	for i, t := range tags {
		out[i] = store.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// tagsFromStore converts store tags into wire tags (nil for none, so the
// element is omitted as AWS omits it).
func tagsFromStore(tags []store.Tag) []Tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]Tag, len(tags))
	for i, t := range tags {
		out[i] = Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// checkTags applies IAM's tag rules the model cannot express to the tags of
// one request: no "aws:" prefix (any case) and no two keys equal but for
// case. Lengths, characters and the 50-per-request bound are the model's.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating
func checkTags(tags []Tag) error {
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		lower := strings.ToLower(t.Key)
		if strings.HasPrefix(lower, "aws:") {
			return awserr.InvalidInput("%s", msgReservedTagKey)
		}
		if seen[lower] {
			return awserr.InvalidInput("%s", msgDuplicateTagKeys)
		}
		seen[lower] = true
	}
	return nil
}

// setTags stores tags on an entity within the per-entity quota, mapping
// the store's ErrLimitExceeded to AWS's message.
func (s *Service) setTags(ctx context.Context, st store.Store, accountID string, kind store.TaggableKind, id string, tags []Tag) error {
	if len(tags) == 0 {
		return nil
	}
	err := st.Tags().Set(ctx, accountID, kind, id, tagsToStore(tags), s.quotas.TagsPerEntity)
	return storeError(err, ifLimit(awserr.LimitExceeded("%s", msgTooManyTags)))
}

// checkBoundaryPolicy verifies that a permissions boundary names a managed
// policy the caller's account can attach: an attachable AWS managed policy
// or a customer managed policy of the account. AWS answers anything else
// that looks like an ARN with NoSuchEntity "Scope ARN: ... does not exist
// or is not attachable.", and a value that is no ARN with InvalidInput.
func checkBoundaryPolicy(ctx context.Context, st store.Store, accountID, arn string) error {
	if !strings.HasPrefix(arn, "arn:") || strings.Count(arn, ":") < 5 {
		return awserr.InvalidInput(msgInvalidARN, arn)
	}
	notAttachable := awserr.NoSuchEntity(msgPolicyNotAttachable, arn)
	if strings.HasPrefix(arn, "arn:aws:iam::aws:policy/") {
		if p, ok := awsmanaged.ByARN(arn); ok && p.IsAttachable {
			return nil
		}
		return notAttachable
	}
	path, name, ok := parsePolicyARN(accountID, arn)
	if !ok {
		return notAttachable
	}
	p, err := st.Policies().Get(ctx, accountID, name)
	if err != nil {
		return storeError(err, ifNotFound(notAttachable))
	}
	// Names are unique per account whatever the path, but the ARN must
	// name the policy's own path, exactly.
	if p.Path != path || p.Name != name {
		return notAttachable
	}
	return nil
}

// boundaryShape is the PermissionsBoundary element of a user or role.
func boundaryShape(arn string) *AttachedPermissionsBoundary {
	if arn == "" {
		return nil
	}
	return &AttachedPermissionsBoundary{
		PermissionsBoundaryType: "PermissionsBoundaryPolicy",
		PermissionsBoundaryArn:  arn,
	}
}
