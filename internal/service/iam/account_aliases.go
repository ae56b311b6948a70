package iam

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/service/constraint"
	"github.com/iamd/iamd/internal/store"
)

// Account aliases: one per account, unique across every account of the
// store. CreateAccountAlias on an account that has an alias replaces it
// (AWS replaces rather than refuses, as observed on AWS and recorded by
// floci-io/floci#2103); an alias held by any account, the caller's
// included, is EntityAlreadyExists.

// accountAliasPattern is the model's AccountAliasType pattern, which the
// generator could not compile (RE2 has no lookahead): lower-case letters,
// digits and single dashes, neither first nor last. The length rule
// (3..63) is checked by the generated validator.
const accountAliasPattern = `^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`

// accountAliasShape is accountAliasPattern without the "no two dashes in
// a row" lookahead, which checkAccountAlias tests apart.
var accountAliasShape = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)

// Messages of the alias operations.
const (
	// msgAccountAliasExists is AWS's text, as AWS users' logs record it
	// (awslabs/aws-deployment-framework#465: "The account alias security
	// already exists.").
	msgAccountAliasExists = "The account alias %s already exists."
	// msgAccountAliasNotFound is iamd's own text for deleting an alias the
	// account does not hold; AWS documents only the code (NoSuchEntity).
	msgAccountAliasNotFound = "The account alias %s cannot be found."
)

// accountAliasOps declares the alias operations; IAM authorizes them on
// "*" (the service authorization reference lists no resource type).
func (s *Service) accountAliasOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateAccountAlias", s.CreateAccountAlias),
		service.Op("iam", "DeleteAccountAlias", s.DeleteAccountAlias),
		service.Op("iam", "ListAccountAliases", s.ListAccountAliases, service.ReadOnly[ListAccountAliasesRequest]()),
	}
}

// checkAccountAlias enforces the part of the model's pattern the generated
// validator skips, with AWS's ValidationError format.
func checkAccountAlias(alias string) error {
	if accountAliasShape.MatchString(alias) && !strings.Contains(alias, "--") {
		return nil
	}
	var v constraint.Validator
	v.FailPattern("", "accountAlias", alias, accountAliasPattern)
	return v.Err()
}

// CreateAccountAlias gives the caller's account the alias, replacing the
// one it had.
func (s *Service) CreateAccountAlias(ctx context.Context, in *CreateAccountAliasRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkAccountAlias(in.AccountAlias); err != nil {
		return nil, err
	}
	err = s.store.AccountAliases().Set(ctx, accountID, in.AccountAlias, s.now())
	if err != nil {
		return nil, storeError(err, ifExists(awserr.EntityAlreadyExists(msgAccountAliasExists, in.AccountAlias)))
	}
	return &noOutput{}, nil
}

// DeleteAccountAlias removes the account's alias, which must be the one
// named.
func (s *Service) DeleteAccountAlias(ctx context.Context, in *DeleteAccountAliasRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkAccountAlias(in.AccountAlias); err != nil {
		return nil, err
	}
	err = s.store.AccountAliases().Delete(ctx, accountID, in.AccountAlias)
	if err != nil {
		return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgAccountAliasNotFound, in.AccountAlias)))
	}
	return &noOutput{}, nil
}

// ListAccountAliases lists the account's alias: none or one, so it is
// never truncated.
func (s *Service) ListAccountAliases(ctx context.Context, in *ListAccountAliasesRequest) (*ListAccountAliasesResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	aliases := []string{}
	alias, err := s.store.AccountAliases().Get(ctx, accountID)
	switch {
	case err == nil:
		aliases = append(aliases, alias)
	case !errors.Is(err, store.ErrNotFound):
		return nil, storeError(err)
	}
	page, next, err := pageSlice(aliases, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	truncated, marker := pageEnd(next)
	return &ListAccountAliasesResponse{AccountAliases: page, IsTruncated: truncated, Marker: marker}, nil
}
