// Package authz decides whether a principal may perform an action on a
// resource.
package authz

import (
	"context"
	"fmt"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
)

// RootOnly is the authorizer in force until the policy engine is wired in:
// an account's root user may do everything in its own account, and every
// other principal is denied with AWS's AccessDenied shape. It never lets a
// principal act in another account, because services scope every call to
// the caller's account.
type RootOnly struct{}

// Authorize returns nil or an AccessDenied error in AWS's words.
func (RootOnly) Authorize(_ context.Context, p *principal.Principal, action, resource string) error {
	if p.IsRoot() {
		return nil
	}
	return awserr.AccessDenied(fmt.Sprintf(
		"User: %s is not authorized to perform: %s on resource: %s because no identity-based policy allows the %s action",
		p.ARN, action, resource, action))
}
