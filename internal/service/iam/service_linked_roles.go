package iam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/service/constraint"
	"github.com/iamd/iamd/internal/store"
)

// Service-linked roles are roles an AWS service owns: IAM creates them at
// /aws-service-role/<service principal>/ with a trust policy for that
// service and the service's own policy, and customers may describe and tag
// them but change nothing else. They are deleted only through
// DeleteServiceLinkedRole.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html

// serviceLinkedRolePath starts the path of every service-linked role.
const serviceLinkedRolePath = "/aws-service-role/"

// Messages of the service-linked role operations and of the protection.
const (
	// msgServiceRoleNameTaken: CreateServiceLinkedRole when the role's name
	// is taken, InvalidInput. AWS's text, as quoted by clients:
	// https://github.com/common-voice/common-voice/pull/2196 and
	// https://github.com/Rayraegah/terraform-aws-hasura/issues/17
	// ("Service role name AWSServiceRoleForECS has been taken in this
	// account, please try a different suffix.").
	msgServiceRoleNameTaken = "Service role name %s has been taken in this account, please try a different suffix."
	// msgProtectedRole: any change to a service-linked role but its
	// description and tags, UnmodifiableEntity. AWS's text, as quoted for
	// DetachRolePolicy (https://github.com/gruntwork-io/cloud-nuke/issues/880)
	// and DeleteRolePolicy (https://github.com/rebuy-de/aws-nuke/issues/331).
	msgProtectedRole = "Cannot perform the operation on the protected role '%s' - this role is only modifiable by AWS"
	// msgServiceRolePathReserved: CreateRole with a path under
	// /aws-service-role/, InvalidInput. AWS's text, as quoted in
	// https://github.com/tilfin/aws-iam-policy-tool/pull/9.
	msgServiceRolePathReserved = "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles"
	// msgNotServicePrincipal: an AWSServiceName that is not
	// "<name>.amazonaws.com", InvalidInput. iamd's text: AWS's for an
	// unknown service is not documented.
	msgNotServicePrincipal = "Service name %s is not a valid AWS service principal."
	// msgNotServiceLinkedRole: DeleteServiceLinkedRole on an ordinary
	// role. The operation's documented errors name NoSuchEntity only; the
	// text is iamd's, in the form of AWS's "The role with name %s cannot be
	// found.".
	msgNotServiceLinkedRole = "The service-linked role with name %s cannot be found."
	// msgDeletionTaskNotFound: GetServiceLinkedRoleDeletionStatus for a task
	// it does not know, NoSuchEntity (AWS answers so once it has forgotten a
	// finished task: https://github.com/gruntwork-io/cloud-nuke/issues/1143).
	// The text is iamd's.
	msgDeletionTaskNotFound = "Deletion task %s cannot be found."
	// msgInvalidDeletionTask: a DeletionTaskId not in AWS's format
	// task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid>,
	// InvalidInput. The text is iamd's.
	msgInvalidDeletionTask = "Invalid deletion task ID %s."
)

// deletionStatusSucceeded is the Status of a finished deletion task.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLinkedRoleDeletionStatus.html
const deletionStatusSucceeded = "SUCCEEDED"

// deletionTaskPrefix starts every DeletionTaskId.
const deletionTaskPrefix = "task" + serviceLinkedRolePath

// isServiceLinked reports whether r is a service-linked role: CreateRole
// refuses the path to anyone else, so the path tells.
func isServiceLinked(r *store.Role) bool { return strings.HasPrefix(r.Path, serviceLinkedRolePath) }

// checkModifiable refuses every customer change to a service-linked role.
func checkModifiable(r *store.Role) error {
	if isServiceLinked(r) {
		return awserr.UnmodifiableEntity(msgProtectedRole, r.Name)
	}
	return nil
}

// checkRolePath refuses a customer role under the service-linked path.
func checkRolePath(path string) error {
	if strings.HasPrefix(path, serviceLinkedRolePath) {
		return awserr.InvalidInput("%s", msgServiceRolePathReserved)
	}
	return nil
}

// slrPath is the path of the service's linked roles.
func slrPath(servicePrincipal string) string {
	return serviceLinkedRolePath + servicePrincipal + "/"
}

// serviceLinkedRoleOps declares the three service-linked role operations,
// each authorized on the role's ARN. CreateServiceLinkedRole also sets
// iam:AWSServiceName, the condition key AWS documents for it.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
func (s *Service) serviceLinkedRoleOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateServiceLinkedRole", s.CreateServiceLinkedRole,
			service.WithContextKeys(func(in *CreateServiceLinkedRoleRequest) []service.ContextKey {
				return []service.ContextKey{{Key: "iam:AWSServiceName", Values: []string{in.AWSServiceName}}}
			}),
			service.OnResource(func(p *principal.Principal, in *CreateServiceLinkedRoleRequest) string {
				name, _, ok := serviceLinkedRoleFor(in.AWSServiceName, in.CustomSuffix)
				if !ok {
					name = serviceLinkedRolePrefix
				}
				return roleARN(p.AccountID, slrPath(in.AWSServiceName), name)
			})),
		service.Op("iam", "DeleteServiceLinkedRole", s.DeleteServiceLinkedRole,
			service.OnResource(func(p *principal.Principal, in *DeleteServiceLinkedRoleRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
		service.Op("iam", "GetServiceLinkedRoleDeletionStatus", s.GetServiceLinkedRoleDeletionStatus,
			service.ReadOnly[GetServiceLinkedRoleDeletionStatusRequest](),
			service.OnResource(func(p *principal.Principal, in *GetServiceLinkedRoleDeletionStatusRequest) string {
				task, ok := parseDeletionTask(in.DeletionTaskId)
				if !ok {
					return accountWildcardARN(p.AccountID, "role")
				}
				return roleARN(p.AccountID, slrPath(task.service), task.roleName)
			})),
	}
}

// serviceTrustPolicy is the trust policy of a service's linked role: the
// service principal may assume it.
func serviceTrustPolicy(servicePrincipal string) (string, error) {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{{
			"Effect":    "Allow",
			"Principal": map[string]string{"Service": servicePrincipal},
			"Action":    "sts:AssumeRole",
		}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("iam: trust policy for %s: %w", servicePrincipal, err)
	}
	return string(b), nil
}

// CreateServiceLinkedRole creates the role a service uses on the account's
// behalf, named and given its policy as service_linked_role_names.go tells.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html
func (s *Service) CreateServiceLinkedRole(ctx context.Context, in *CreateServiceLinkedRoleRequest) (*CreateServiceLinkedRoleResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	name, policy, ok := serviceLinkedRoleFor(in.AWSServiceName, in.CustomSuffix)
	if !ok {
		return nil, awserr.InvalidInput(msgNotServicePrincipal, in.AWSServiceName)
	}
	// A suffix can make the name longer than a role name may be; report it
	// as the model reports a long RoleName.
	if err := checkRoleName(name); err != nil {
		return nil, err
	}
	trust, err := serviceTrustPolicy(in.AWSServiceName)
	if err != nil {
		return nil, err
	}
	id, err := s.uniqueID(secrets.PrefixRole)
	if err != nil {
		return nil, err
	}
	r := &store.Role{
		AccountID:          accountID,
		ID:                 id,
		Name:               name,
		Path:               slrPath(in.AWSServiceName),
		AssumeRolePolicy:   trust,
		Description:        in.Description,
		MaxSessionDuration: defaultMaxSessionDuration,
		CreatedAt:          s.now(),
	}
	var out *Role
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if err := tx.Roles().Create(ctx, r, s.quotas.Roles); err != nil {
			return storeError(err, ifExists(awserr.InvalidInput(msgServiceRoleNameTaken, name)),
				ifLimit(errQuota(quotaRolesPerAccount, s.quotas.Roles)))
		}
		if policy != nil {
			a := &store.Attachment{Owner: store.Owner{AccountID: accountID, Kind: store.OwnerRole, ID: id}, PolicyARN: policy.ARN}
			if err := tx.Attachments().Attach(ctx, a, s.quotas.ManagedPoliciesPerRole); err != nil {
				return storeError(err)
			}
		}
		out, err = detailedRole(ctx, tx, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	// As CreateRole's: a new role has never been used.
	out.RoleLastUsed = nil
	return &CreateServiceLinkedRoleResponse{Role: out}, nil
}

// checkRoleName applies the model's RoleName rules to a derived name.
func checkRoleName(name string) error {
	var v constraint.Validator
	v.CheckString("", "roleName", name, &rulesRoleNameType)
	return v.Err()
}

// DeleteServiceLinkedRole deletes a service-linked role with its policies
// and instance-profile memberships, at once: iamd cannot know whether the
// service still uses the role, so the deletion task has always succeeded.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceLinkedRole.html
func (s *Service) DeleteServiceLinkedRole(ctx context.Context, in *DeleteServiceLinkedRoleRequest) (*DeleteServiceLinkedRoleResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	uuid, err := secrets.NewRequestID()
	if err != nil {
		return nil, fmt.Errorf("iam: deletion task ID: %w", err)
	}
	var task string
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		r, err := getRole(ctx, tx, accountID, in.RoleName)
		if err != nil {
			return err
		}
		if !isServiceLinked(r) {
			return awserr.NoSuchEntity(msgNotServiceLinkedRole, in.RoleName)
		}
		if err := removeRoleDependents(ctx, tx, r); err != nil {
			return err
		}
		if err := tx.Roles().Delete(ctx, accountID, r.ID); err != nil {
			return storeError(err, ifNotFound(errRoleNotFound(in.RoleName)))
		}
		task = deletionTask{service: strings.Trim(strings.TrimPrefix(r.Path, serviceLinkedRolePath), "/"), roleName: r.Name, uuid: uuid}.String()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &DeleteServiceLinkedRoleResponse{DeletionTaskId: task}, nil
}

// removeRoleDependents deletes the role's inline policies, detaches its
// managed policies and takes it out of its instance profiles, so that the
// role itself can go. Each listing restarts from the beginning because its
// items are gone once handled.
func removeRoleDependents(ctx context.Context, tx store.Store, r *store.Role) error {
	owner := store.Owner{AccountID: r.AccountID, Kind: store.OwnerRole, ID: r.ID}
	all := store.Page{MaxItems: 1000}
	for {
		inline, _, err := tx.InlinePolicies().List(ctx, owner, all)
		if err != nil || len(inline) == 0 {
			if err != nil {
				return storeError(err)
			}
			break
		}
		for _, p := range inline {
			if err := tx.InlinePolicies().Delete(ctx, owner, p.Name); err != nil {
				return storeError(err)
			}
		}
	}
	for {
		arns, _, err := tx.Attachments().ListForOwner(ctx, owner, all)
		if err != nil || len(arns) == 0 {
			if err != nil {
				return storeError(err)
			}
			break
		}
		for _, a := range arns {
			if err := tx.Attachments().Detach(ctx, &store.Attachment{Owner: owner, PolicyARN: a}); err != nil {
				return storeError(err)
			}
		}
	}
	for {
		profiles, _, err := tx.InstanceProfiles().ListForRole(ctx, r.AccountID, r.ID, all)
		if err != nil || len(profiles) == 0 {
			if err != nil {
				return storeError(err)
			}
			break
		}
		for _, ip := range profiles {
			if err := tx.InstanceProfiles().RemoveRole(ctx, r.AccountID, ip.ID, r.ID); err != nil {
				return storeError(err)
			}
		}
	}
	return nil
}

// GetServiceLinkedRoleDeletionStatus reports a deletion task's status.
//
// iamd keeps no task records. DeleteServiceLinkedRole deletes the role
// before it answers, and the task ID names the role and its service, so a
// task whose role is gone has SUCCEEDED; a task whose role exists (never
// deleted, or created again since) is unknown, NoSuchEntity, as AWS answers
// for tasks it has forgotten. Every node answers the same with no shared
// state. What the ID cannot tell is whether iamd issued it: a well-formed
// ID naming a role that never existed also reads SUCCEEDED.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLinkedRoleDeletionStatus.html
func (s *Service) GetServiceLinkedRoleDeletionStatus(ctx context.Context, in *GetServiceLinkedRoleDeletionStatusRequest) (*GetServiceLinkedRoleDeletionStatusResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	task, ok := parseDeletionTask(in.DeletionTaskId)
	if !ok {
		return nil, awserr.InvalidInput(msgInvalidDeletionTask, in.DeletionTaskId)
	}
	_, err = s.store.Roles().Get(ctx, accountID, task.roleName)
	if err == nil {
		return nil, awserr.NoSuchEntity(msgDeletionTaskNotFound, in.DeletionTaskId)
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, storeError(err)
	}
	return &GetServiceLinkedRoleDeletionStatusResponse{Status: deletionStatusSucceeded}, nil
}

// deletionTask is a parsed DeletionTaskId,
// task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid>.
type deletionTask struct {
	service  string
	roleName string
	uuid     string
}

// String formats the task as AWS writes its ID.
func (t deletionTask) String() string {
	return deletionTaskPrefix + t.service + "/" + t.roleName + "/" + t.uuid
}

// deletionTaskUUID is a canonical lower-case UUID.
var deletionTaskUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// parseDeletionTask splits a DeletionTaskId; ok is false for anything
// DeleteServiceLinkedRole would not have issued.
func parseDeletionTask(id string) (deletionTask, bool) {
	rest, ok := strings.CutPrefix(id, deletionTaskPrefix)
	if !ok {
		return deletionTask{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return deletionTask{}, false
	}
	t := deletionTask{service: parts[0], roleName: parts[1], uuid: parts[2]}
	if _, _, ok := serviceKey(t.service); !ok || !deletionTaskUUID.MatchString(t.uuid) {
		return deletionTask{}, false
	}
	if checkRoleName(t.roleName) != nil {
		return deletionTask{}, false
	}
	return t, true
}

// checkModifiable refuses a change to the policies of a service-linked
// role, as checkModifiable does for the role itself.
func (id identity) checkModifiable() error {
	if id.serviceLinked {
		return awserr.UnmodifiableEntity(msgProtectedRole, id.name)
	}
	return nil
}
