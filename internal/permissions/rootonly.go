package permissions

import (
	"context"
	"fmt"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service"
)

// RootOnly is the authorizer of the server issue, before policies are
// enforced: an account's root may do everything in its own account, every
// other principal is denied in AWS's words. Services scope every call to the
// caller's account, so no principal reaches another account either way.
type RootOnly struct{}

// Authorize returns nil or an AccessDenied error.
func (RootOnly) Authorize(_ context.Context, req *service.AuthzRequest) error {
	if req.Principal.IsRoot() {
		return nil
	}
	return awserr.AccessDenied(fmt.Sprintf(
		"User: %s is not authorized to perform: %s on resource: %s because no identity-based policy allows the %s action",
		req.Principal.ARN, req.Action, req.Resource, req.Action))
}
