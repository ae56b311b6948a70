package iam

// AWS's exact error messages for the IAM identity operations, as format
// templates for awserr's constructors. Each names its source: the IAM API
// Reference page of the operation that returns it
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_<Operation>.html)
// gives the code; the text is what AWS sends, as quoted by real clients
// (SDK error output in public issue trackers). Keep the names stable: the
// role and policy files of this package use them too.

// NoSuchEntity messages.
const (
	// msgUserNotFound: GetUser, DeleteUser, ... for an unknown user name.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
	msgUserNotFound = "The user with name %s cannot be found."
	// msgGroupNotFound: GetGroup, DeleteGroup, AddUserToGroup, ...
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html
	msgGroupNotFound = "The group with name %s cannot be found."
	// msgRoleNotFound: GetRole, AddRoleToInstanceProfile, ...
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
	msgRoleNotFound = "The role with name %s cannot be found."
	// msgInstanceProfileNotFound: GetInstanceProfile and every operation
	// naming an unknown instance profile.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetInstanceProfile.html
	msgInstanceProfileNotFound = "Instance Profile %s cannot be found."
	// msgLoginProfileNotFound: GetLoginProfile, UpdateLoginProfile and
	// DeleteLoginProfile for a user without a password.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetLoginProfile.html
	msgLoginProfileNotFound = "Login Profile for User %s cannot be found."
	// msgAccessKeyNotFound: UpdateAccessKey, DeleteAccessKey for a key the
	// user does not own.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html
	msgAccessKeyNotFound = "The Access Key with id %s cannot be found."
	// msgPolicyNotAttachable: a permissions boundary that names a policy
	// that does not exist (CreateUser, PutUserPermissionsBoundary, ...).
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html
	msgPolicyNotAttachable = "Scope ARN: %s does not exist or is not attachable."
)

// EntityAlreadyExists messages.
const (
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
	msgUserExists = "User with name %s already exists."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
	msgGroupExists = "Group with name %s already exists."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
	msgRoleExists = "Role with name %s already exists."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
	msgInstanceProfileExists = "Instance Profile %s already exists."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
	msgLoginProfileExists = "Login Profile for user %s already exists."
)

// LimitExceeded: AWS names the quota and its value, without a final period
// ("Cannot exceed quota for AccessKeysPerUser: 2").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const msgQuotaExceeded = "Cannot exceed quota for %s: %d"

// Quota names as AWS spells them in msgQuotaExceeded.
const (
	quotaUsersPerAccount            = "UsersPerAccount"
	quotaGroupsPerAccount           = "GroupsPerAccount"
	quotaRolesPerAccount            = "RolesPerAccount"
	quotaPoliciesPerAccount         = "PoliciesPerAccount"
	quotaInstanceProfilesPerAccount = "InstanceProfilesPerAccount"
	quotaGroupsPerUser              = "GroupsPerUser"
	quotaAccessKeysPerUser          = "AccessKeysPerUser"
	quotaPoliciesPerUser            = "PoliciesPerUser"
	quotaPoliciesPerGroup           = "PoliciesPerGroup"
	quotaPoliciesPerRole            = "PoliciesPerRole"
	// One role per instance profile; AWS calls this quota by an older name.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html
	quotaRolesPerInstanceProfile = "InstanceSessionsPerInstanceProfile"
)

// DeleteConflict messages, one per dependent that blocks a delete.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
const (
	msgMustDeleteAccessKeys   = "Cannot delete entity, must delete access keys first."
	msgMustDeleteLoginProfile = "Cannot delete entity, must delete login profile first."
	// AWS uses this one text both for a user still in groups (DeleteUser)
	// and a group still holding users (DeleteGroup).
	msgMustRemoveFromGroup        = "Cannot delete entity, must remove users from group first."
	msgMustDeletePolicies         = "Cannot delete entity, must delete policies first."
	msgMustDetachPolicies         = "Cannot delete entity, must detach all policies first."
	msgMustRemoveRolesFromProfile = "Cannot delete entity, must remove roles from instance profile first."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html
	msgPolicyAttached = "Cannot delete a policy attached to entities."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html
	msgCannotDeleteDefaultVersion = "Cannot delete the default version of a policy."
)

// ValidationError and InvalidInput messages for rules the model cannot
// express.
const (
	// msgNeedUserName: GetUser, CreateAccessKey, ... without UserName by a
	// caller that is not an IAM user or the root (an assumed role).
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
	msgNeedUserName = "Must specify userName when calling with non-User credentials"
	// msgInvalidARN: a parameter that must be an ARN is not one.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
	msgInvalidARN = "ARN %s is not valid."
	// msgDuplicateTagKeys: two tags of one request with keys equal but for case.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html
	msgDuplicateTagKeys = "Duplicate tag keys found. Please note that Tag keys are case insensitive."
	// msgTooManyTags: an entity would carry more than 50 tags.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating
	msgTooManyTags = "The number of tags has reached the maximum limit."
	// msgReservedTagKey: tag keys starting with "aws:" (any case) are AWS's.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating
	msgReservedTagKey = "User tags with keys starting with 'aws:' are reserved for AWS use."
)
