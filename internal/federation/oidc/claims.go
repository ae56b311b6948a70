package oidc

import "github.com/iamd/iamd/internal/federation/webtoken"

// Claims are a verified token's claims (see package webtoken).
type Claims = webtoken.Claims

// KeyPrefix is the condition-key prefix of a provider URL (HOST/PATH).
func KeyPrefix(providerURL string) string { return webtoken.KeyPrefix(providerURL) }

// IssuerURL is a provider URL with its https:// scheme.
func IssuerURL(providerURL string) string { return webtoken.IssuerURL(providerURL) }

// UnverifiedIssuer reads a token's iss claim without verifying anything,
// to find the provider whose keys will verify it.
func UnverifiedIssuer(rawToken string) (string, error) { return webtoken.UnverifiedIssuer(rawToken) }

// msgNotJWT is the message for a token that is not a JWT at all.
const msgNotJWT = webtoken.MsgNotJWT
