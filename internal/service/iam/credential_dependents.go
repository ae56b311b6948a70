package iam

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/store"
)

// userCredentialDependents reports the first of a user's signing
// certificates, SSH public keys, service-specific credentials and MFA
// devices that blocks deleting it, in the order the DeleteUser page lists
// them (after access keys, before policies).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
func userCredentialDependents(ctx context.Context, tx store.Store, u *store.User) error {
	certs, err := tx.SigningCertificates().List(ctx, u.AccountID, u.ID)
	if err != nil {
		return storeError(err)
	}
	if len(certs) > 0 {
		return awserr.DeleteConflict("%s", msgMustDeleteSigningCertificates)
	}
	keys, err := tx.SSHPublicKeys().List(ctx, u.AccountID, u.ID)
	if err != nil {
		return storeError(err)
	}
	if len(keys) > 0 {
		return awserr.DeleteConflict("%s", msgMustDeleteSSHPublicKeys)
	}
	creds, err := tx.ServiceSpecificCredentials().List(ctx, u.AccountID, u.ID, "")
	if err != nil {
		return storeError(err)
	}
	if len(creds) > 0 {
		return awserr.DeleteConflict("%s", msgMustDeleteServiceCredentials)
	}
	devices, err := tx.MFADevices().ListForUser(ctx, u.AccountID, u.ID)
	if err != nil {
		return storeError(err)
	}
	if len(devices) > 0 {
		return awserr.DeleteConflict("%s", msgMustDeleteMFADevice)
	}
	return nil
}

// CountServerCertificates counts the account's server certificates
// (GetAccountSummary's ServerCertificates).
func CountServerCertificates(ctx context.Context, st store.Store, accountID string) (int, error) {
	n, next := 0, ""
	for {
		page, more, err := st.ServerCertificates().List(ctx, accountID, "", store.Page{Marker: next, MaxItems: 1000})
		if err != nil {
			return 0, storeError(err)
		}
		n += len(page)
		if more == "" {
			return n, nil
		}
		next = more
	}
}

// RootHasSigningCertificate reports whether the account's root user has a
// signing certificate (GetAccountSummary's AccountSigningCertificatesPresent).
func RootHasSigningCertificate(ctx context.Context, st store.Store, accountID string) (bool, error) {
	certs, err := st.SigningCertificates().List(ctx, accountID, "")
	if err != nil {
		return false, storeError(err)
	}
	return len(certs) > 0, nil
}
