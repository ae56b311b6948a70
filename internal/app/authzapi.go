package app

import (
	"context"
	"net/http"

	"github.com/iamd/iamd/internal/authn"
	"github.com/iamd/iamd/internal/authzapi"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/sigv4"
)

// authzAPI is the authorization API for other services
// (POST /iamd/authorize/v1). Its callers and their end users authenticate
// exactly as the front door's do: long-term keys through the cached
// access-key lookup, temporary credentials from their session token.
func (a *App) authzAPI(keys *authn.Authenticator, sessions *authn.Sessions, enforcer *permissions.Enforcer) http.Handler {
	return authzapi.New(authzapi.Config{
		Keys: func(ctx context.Context, c *sigv4.Credentials) (*authn.Identity, error) {
			if c.SessionToken != "" {
				return sessions.Lookup(c.AccessKeyID, c.SessionToken)
			}
			return keys.Lookup(ctx, c.AccessKeyID)
		},
		Enforcer:     enforcer,
		Messages:     a.sessions,
		NewRequestID: secrets.NewRequestID,
		Logger:       a.log,
		Auditor:      a.audit,
	})
}
