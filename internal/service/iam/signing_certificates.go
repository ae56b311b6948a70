package iam

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// signingCertificateOperations declares the signing certificate
// operations.
func (s *Service) signingCertificateOperations() []service.Operation {
	return []service.Operation{
		service.Op("iam", "UploadSigningCertificate", s.UploadSigningCertificate,
			service.OnResource(func(p *principal.Principal, in *UploadSigningCertificateRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "UpdateSigningCertificate", s.UpdateSigningCertificate,
			service.OnResource(func(p *principal.Principal, in *UpdateSigningCertificateRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "DeleteSigningCertificate", s.DeleteSigningCertificate,
			service.OnResource(func(p *principal.Principal, in *DeleteSigningCertificateRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "ListSigningCertificates", s.ListSigningCertificates, service.ReadOnly[ListSigningCertificatesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListSigningCertificatesRequest) string {
				return s.userResource(p, in.UserName)
			})),
	}
}

// parseCertificatePEM parses the first PEM CERTIFICATE block of body;
// anything else is AWS's MalformedCertificate.
func parseCertificatePEM(body string) (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(strings.TrimSpace(body)))
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, awserr.MalformedCertificate(msgMalformedCertificate)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, awserr.MalformedCertificate(msgMalformedCertificate)
	}
	return cert, nil
}

// certificateFingerprint identifies a certificate whatever its PEM
// formatting: the SHA-256 of its DER form, in hex.
func certificateFingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// withinValidity reports whether now lies in the certificate's validity
// period.
func withinValidity(cert *x509.Certificate, now time.Time) bool {
	return !now.Before(cert.NotBefore) && !now.After(cert.NotAfter)
}

// newSigningCertificateID makes an ID in the form of AWS's signing
// certificate IDs: upper-case letters and digits, with no prefix.
func newSigningCertificateID() string { return rand.Text() }

// signingCertificateShape is the wire SigningCertificate.
func signingCertificateShape(userName string, c *store.SigningCertificate) SigningCertificate {
	uploaded := c.UploadedAt.UTC()
	return SigningCertificate{
		UserName: userName, CertificateId: c.ID, CertificateBody: c.Body,
		Status: string(c.Status), UploadDate: &uploaded,
	}
}

// UploadSigningCertificate adds an X.509 signing certificate to a user,
// or to the root user when the root omits UserName; it is Active, at most
// two per owner, and one certificate belongs to one owner in the account.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html
func (s *Service) UploadSigningCertificate(ctx context.Context, in *UploadSigningCertificateRequest) (*UploadSigningCertificateResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	cert, err := parseCertificatePEM(in.CertificateBody)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !withinValidity(cert, now) {
		return nil, awserr.InvalidCertificate(msgInvalidCertificate)
	}
	c := &store.SigningCertificate{
		AccountID: p.AccountID, ID: newSigningCertificateID(), Body: in.CertificateBody,
		Fingerprint: certificateFingerprint(cert), Status: store.KeyActive, UploadedAt: now,
	}
	var userName string
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if c.UserID, userName, err = keyOwner(ctx, tx, p, in.UserName); err != nil {
			return err
		}
		return storeError(tx.SigningCertificates().Create(ctx, c, maxSigningCertificatesPerUser),
			ifLimit(errQuota(quotaSigningCertificatesPerUser, maxSigningCertificatesPerUser)),
			ifExists(awserr.DuplicateCertificate(msgDuplicateCertificate)),
			ifNotFound(errUserNotFound(in.UserName)))
	})
	if err != nil {
		return nil, err
	}
	return &UploadSigningCertificateResponse{Certificate: signingCertificateShape(userName, c)}, nil
}

// UpdateSigningCertificate makes a certificate Active or Inactive.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSigningCertificate.html
func (s *Service) UpdateSigningCertificate(ctx context.Context, in *UpdateSigningCertificateRequest) (*noOutput, error) {
	return s.changeSigningCertificate(ctx, in.UserName, in.CertificateId, func(st store.SigningCertificates, accountID, userID string) error {
		return st.UpdateStatus(ctx, accountID, userID, in.CertificateId, store.AccessKeyStatus(in.Status))
	})
}

// DeleteSigningCertificate deletes a certificate of a user (or the root).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSigningCertificate.html
func (s *Service) DeleteSigningCertificate(ctx context.Context, in *DeleteSigningCertificateRequest) (*noOutput, error) {
	return s.changeSigningCertificate(ctx, in.UserName, in.CertificateId, func(st store.SigningCertificates, accountID, userID string) error {
		return st.Delete(ctx, accountID, userID, in.CertificateId)
	})
}

func (s *Service) changeSigningCertificate(ctx context.Context, userName, id string, change func(st store.SigningCertificates, accountID, userID string) error) (*noOutput, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		userID, _, err := keyOwner(ctx, tx, p, userName)
		if err != nil {
			return err
		}
		return storeError(change(tx.SigningCertificates(), p.AccountID, userID),
			ifNotFound(awserr.NoSuchEntity(msgSigningCertificateNotFound, id)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListSigningCertificates lists a user's (or the root's) certificates,
// oldest first.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSigningCertificates.html
func (s *Service) ListSigningCertificates(ctx context.Context, in *ListSigningCertificatesRequest) (*ListSigningCertificatesResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	userID, userName, err := keyOwner(ctx, s.store, p, in.UserName)
	if err != nil {
		return nil, err
	}
	certs, err := s.store.SigningCertificates().List(ctx, p.AccountID, userID)
	if err != nil {
		return nil, storeError(err)
	}
	page, next, err := pageSlice(certs, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListSigningCertificatesResponse{Certificates: make([]SigningCertificate, 0, len(page))}
	for _, c := range page {
		out.Certificates = append(out.Certificates, signingCertificateShape(userName, c))
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}
