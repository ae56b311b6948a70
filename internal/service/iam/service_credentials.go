package iam

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// serviceCredentialServices are the services that take a user name and
// password from IAM: AWS CodeCommit (Git over HTTPS) and Amazon Keyspaces.
// Amazon Bedrock's API keys, the third kind, carry an alias and secret
// instead and are not implemented.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_service-specific-creds.html
var serviceCredentialServices = map[string]bool{
	"codecommit.amazonaws.com": true,
	"cassandra.amazonaws.com":  true,
}

// serviceCredentialOperations declares the service-specific credential
// operations.
func (s *Service) serviceCredentialOperations() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateServiceSpecificCredential", s.CreateServiceSpecificCredential,
			service.OnResource(func(p *principal.Principal, in *CreateServiceSpecificCredentialRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "ResetServiceSpecificCredential", s.ResetServiceSpecificCredential,
			service.OnResource(func(p *principal.Principal, in *ResetServiceSpecificCredentialRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "UpdateServiceSpecificCredential", s.UpdateServiceSpecificCredential,
			service.OnResource(func(p *principal.Principal, in *UpdateServiceSpecificCredentialRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "DeleteServiceSpecificCredential", s.DeleteServiceSpecificCredential,
			service.OnResource(func(p *principal.Principal, in *DeleteServiceSpecificCredentialRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "ListServiceSpecificCredentials", s.ListServiceSpecificCredentials, service.ReadOnly[ListServiceSpecificCredentialsRequest](),
			service.OnResource(func(p *principal.Principal, in *ListServiceSpecificCredentialsRequest) string {
				return s.userResource(p, in.UserName)
			})),
	}
}

// serviceUserName is the user name a service-specific credential signs in
// with: the IAM user name, "-at-", the account ID, as AWS forms it
// ("jane-at-123456789012").
func serviceUserName(userName, accountID string) string { return userName + "-at-" + accountID }

// newServicePassword makes a service password: 32 random bytes in
// base64, 44 characters like AWS's.
func newServicePassword() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// sealServicePassword makes a password and seals it bound to the
// credential's ID.
func (s *Service) sealServicePassword(id string) (password string, sealed []byte, err error) {
	if s.sealer == nil {
		return "", nil, fmt.Errorf("iam: service-specific credential: no sealer configured")
	}
	if password, err = newServicePassword(); err != nil {
		return "", nil, fmt.Errorf("iam: service password: %w", err)
	}
	if sealed, err = s.sealer.Seal([]byte(password), []byte(id)); err != nil {
		return "", nil, fmt.Errorf("iam: seal service password: %w", err)
	}
	return password, sealed, nil
}

func serviceCredentialShape(userName string, c *store.ServiceSpecificCredential, password string) *ServiceSpecificCredential {
	return &ServiceSpecificCredential{
		CreateDate: c.CreatedAt.UTC(), ServiceName: c.ServiceName, ServiceUserName: c.ServiceUserName,
		ServicePassword: password, ServiceSpecificCredentialId: c.ID, UserName: userName, Status: string(c.Status),
	}
}

// CreateServiceSpecificCredential makes an Active credential for a user
// and one service; its password is in this response only. A user has at
// most two per service.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
func (s *Service) CreateServiceSpecificCredential(ctx context.Context, in *CreateServiceSpecificCredentialRequest) (*CreateServiceSpecificCredentialResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if !serviceCredentialServices[in.ServiceName] {
		return nil, awserr.NotSupportedService(msgServiceNotSupported)
	}
	id, err := s.uniqueID(secrets.PrefixContextCredential)
	if err != nil {
		return nil, err
	}
	password, sealed, err := s.sealServicePassword(id)
	if err != nil {
		return nil, err
	}
	c := &store.ServiceSpecificCredential{
		AccountID: accountID, ID: id, ServiceName: in.ServiceName,
		SealedPassword: sealed, Status: store.KeyActive, CreatedAt: s.now(),
	}
	var userName string
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		u, err := getUser(ctx, tx, accountID, in.UserName)
		if err != nil {
			return err
		}
		c.UserID, userName, c.ServiceUserName = u.ID, u.Name, serviceUserName(u.Name, accountID)
		return storeError(tx.ServiceSpecificCredentials().Create(ctx, c, maxServiceCredentialsPerService),
			ifLimit(errQuota(quotaServiceCredentialsPerService, maxServiceCredentialsPerService)),
			ifNotFound(errUserNotFound(in.UserName)))
	})
	if err != nil {
		return nil, err
	}
	return &CreateServiceSpecificCredentialResponse{ServiceSpecificCredential: serviceCredentialShape(userName, c, password)}, nil
}

// credentialUser resolves the user of a credential operation: the named
// one or the caller. A root user has no service-specific credentials, so
// its credential IDs are all unknown.
func credentialUser(ctx context.Context, st store.Store, p *principal.Principal, name, credentialID string) (*store.User, error) {
	u, err := targetUser(ctx, st, p, name)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, awserr.NoSuchEntity(msgServiceCredentialNotFound, credentialID)
	}
	return u, nil
}

// ResetServiceSpecificCredential replaces a credential's password and
// returns the new one, this once.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResetServiceSpecificCredential.html
func (s *Service) ResetServiceSpecificCredential(ctx context.Context, in *ResetServiceSpecificCredentialRequest) (*ResetServiceSpecificCredentialResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	notFound := awserr.NoSuchEntity(msgServiceCredentialNotFound, in.ServiceSpecificCredentialId)
	var out *ServiceSpecificCredential
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		u, err := credentialUser(ctx, tx, p, in.UserName, in.ServiceSpecificCredentialId)
		if err != nil {
			return err
		}
		c, err := tx.ServiceSpecificCredentials().Get(ctx, p.AccountID, u.ID, in.ServiceSpecificCredentialId)
		if err != nil {
			return storeError(err, ifNotFound(notFound))
		}
		password, sealed, err := s.sealServicePassword(c.ID)
		if err != nil {
			return err
		}
		if err := tx.ServiceSpecificCredentials().SetPassword(ctx, p.AccountID, u.ID, c.ID, sealed); err != nil {
			return storeError(err, ifNotFound(notFound))
		}
		out = serviceCredentialShape(u.Name, c, password)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &ResetServiceSpecificCredentialResponse{ServiceSpecificCredential: out}, nil
}

// UpdateServiceSpecificCredential makes a credential Active or Inactive.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateServiceSpecificCredential.html
func (s *Service) UpdateServiceSpecificCredential(ctx context.Context, in *UpdateServiceSpecificCredentialRequest) (*noOutput, error) {
	return s.changeServiceCredential(ctx, in.UserName, in.ServiceSpecificCredentialId, func(st store.ServiceSpecificCredentials, accountID, userID string) error {
		return st.UpdateStatus(ctx, accountID, userID, in.ServiceSpecificCredentialId, store.AccessKeyStatus(in.Status))
	})
}

// DeleteServiceSpecificCredential deletes a credential.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceSpecificCredential.html
func (s *Service) DeleteServiceSpecificCredential(ctx context.Context, in *DeleteServiceSpecificCredentialRequest) (*noOutput, error) {
	return s.changeServiceCredential(ctx, in.UserName, in.ServiceSpecificCredentialId, func(st store.ServiceSpecificCredentials, accountID, userID string) error {
		return st.Delete(ctx, accountID, userID, in.ServiceSpecificCredentialId)
	})
}

func (s *Service) changeServiceCredential(ctx context.Context, userName, id string, change func(st store.ServiceSpecificCredentials, accountID, userID string) error) (*noOutput, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		u, err := credentialUser(ctx, tx, p, userName, id)
		if err != nil {
			return err
		}
		return storeError(change(tx.ServiceSpecificCredentials(), p.AccountID, u.ID),
			ifNotFound(awserr.NoSuchEntity(msgServiceCredentialNotFound, id)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListServiceSpecificCredentials lists a user's credentials (the
// caller's when UserName is omitted; none for a root user), for one
// service when ServiceName is given, without passwords. AllUsers is not
// implemented: it lists the one user's as if absent.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServiceSpecificCredentials.html
func (s *Service) ListServiceSpecificCredentials(ctx context.Context, in *ListServiceSpecificCredentialsRequest) (*ListServiceSpecificCredentialsResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := targetUser(ctx, s.store, p, in.UserName)
	if err != nil {
		return nil, err
	}
	creds := []*store.ServiceSpecificCredential{}
	if u != nil {
		if creds, err = s.store.ServiceSpecificCredentials().List(ctx, p.AccountID, u.ID, in.ServiceName); err != nil {
			return nil, storeError(err)
		}
	}
	page, next, err := pageSlice(creds, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListServiceSpecificCredentialsResponse{ServiceSpecificCredentials: make([]ServiceSpecificCredentialMetadata, 0, len(page))}
	for _, c := range page {
		out.ServiceSpecificCredentials = append(out.ServiceSpecificCredentials, ServiceSpecificCredentialMetadata{
			UserName: u.Name, Status: string(c.Status), ServiceUserName: c.ServiceUserName,
			CreateDate: c.CreatedAt.UTC(), ServiceSpecificCredentialId: c.ID, ServiceName: c.ServiceName,
		})
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}
