package app

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/iamd/iamd/internal/authn"
	"github.com/iamd/iamd/internal/gateway"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/sigv4"
)

// errDevAccepted stops signature verification for a key that development
// mode accepts with any secret.
var errDevAccepted = errors.New("development mode: unissued access key accepted")

// servedServices are the signing names iamd answers to; a scope naming
// another service is refused as AWS refuses a wrongly scoped credential.
var servedServices = map[string]bool{"iam": true, "sts": true, "cloudtrail": true}

// newAuthenticate composes SigV4 verification with the access-key lookup,
// and, for requests that carry X-Amz-Security-Token (in a header or a
// presigned query), with the session-token check, which reads no database.
func newAuthenticate(keys *authn.Authenticator, sessions *authn.Sessions) gateway.Authenticate {
	verifier := sigv4.NewVerifier(sigv4.WithScope(func(_ *http.Request, _, service string) (bool, string) {
		if servedServices[service] {
			return true, service
		}
		return true, "iam"
	}))
	return func(ctx context.Context, r *http.Request, body []byte) (*principal.Principal, string, string, error) {
		var identity *authn.Identity
		creds, err := verifier.Verify(ctx, r, body, func(ctx context.Context, c *sigv4.Credentials) (string, error) {
			var id *authn.Identity
			var err error
			if c.SessionToken != "" {
				id, err = sessions.Lookup(c.AccessKeyID, c.SessionToken)
			} else {
				id, err = keys.Lookup(ctx, c.AccessKeyID)
			}
			if err != nil {
				return "", err
			}
			identity = id
			if id.SkipVerify {
				return "", errDevAccepted
			}
			return id.Secret, nil
		})
		switch {
		case err == nil:
			return identity.Principal, creds.Service, creds.Region, nil
		case errors.Is(err, errDevAccepted) && identity != nil:
			service, region := scopeOf(r)
			return identity.Principal, service, region, nil
		case identity != nil:
			// The key is known but the signature is wrong: the audit
			// trail records the attempt under the key's owner.
			return identity.Principal, "", "", err
		default:
			return unknownCaller(r), "", "", err
		}
	}
}

// unknownCaller is what the audit trail may know of a request whose key
// iamd could not find: the access key ID it names, if any.
func unknownCaller(r *http.Request) *principal.Principal {
	keyID, _, _ := strings.Cut(credentialOf(r), "/")
	if len(keyID) > 128 {
		keyID = keyID[:128]
	}
	return &principal.Principal{Type: principal.Unknown, AccessKeyID: keyID}
}

func credentialOf(r *http.Request) string {
	if h, err := sigv4.ParseAuthorization(r.Header.Get("Authorization")); err == nil {
		return h.Credential
	}
	if p, err := sigv4.ParsePresigned(r.URL.Query()); err == nil {
		return p.Credential
	}
	return ""
}

// scopeOf reads the signing service and region from the request's
// credential scope (development mode skips verification, so Verify returned
// no scope).
func scopeOf(r *http.Request) (service, region string) {
	// AKID/DATE/REGION/SERVICE/aws4_request
	parts := strings.SplitN(credentialOf(r), "/", 5)
	if len(parts) == 5 && servedServices[parts[3]] {
		return parts[3], parts[2]
	}
	return "iam", "us-east-1"
}
