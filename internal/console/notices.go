package console

import "net/http"

// notices are the fixed texts a page shows after a redirect, by the code
// in its ?notice= parameter. Only these texts are ever shown, so a link
// cannot make a page say something of its author's choosing.
var notices = map[string]string{
	"alias-deleted":           "The account alias was deleted. Users sign in with the account ID.",
	"alias-set":               "The account alias was set. The sign-in link has changed.",
	"group-added":             "The user was added to the group.",
	"group-created":           "The group was created.",
	"group-deleted":           "The group was deleted.",
	"group-removed":           "The user was removed from the group.",
	"inline-deleted":          "The inline policy was deleted.",
	"inline-saved":            "The inline policy was saved.",
	"key-activated":           "The access key is now active.",
	"key-deactivated":         "The access key is now inactive.",
	"key-deleted":             "The access key was deleted.",
	"own-key-deleted":         "Your access key was deleted.",
	"member-added":            "The user was added to the group.",
	"member-removed":          "The user was removed from the group.",
	"mfa-assigned":            "MFA device assigned.",
	"mfa-discarded":           "The unassigned MFA device was deleted. You can assign a new one.",
	"mfa-removed":             "MFA device deactivated and removed.",
	"outbound-disabled":       "Outbound identity federation is off. Tokens issued before stay valid until they expire.",
	"outbound-enabled":        "Outbound identity federation is on.",
	"password-changed":        "Your password has been changed.",
	"password-policy-deleted": "The password policy was deleted.",
	"password-policy-set":     "The password policy was saved.",
	"password-set":            "The console password was set.",
	"policy-attached":         "The policy was attached.",
	"policy-created":          "The policy was created.",
	"policy-deleted":          "The policy was deleted.",
	"policy-detached":         "The policy was detached.",
	"role-created":            "The role was created.",
	"role-deleted":            "The role was deleted.",
	"role-updated":            "The maximum session duration was changed.",
	"trust-updated":           "The trust policy was updated.",
	"user-deleted":            "The user was deleted.",
	"version-created":         "A new version of the policy was saved.",
	"version-default":         "The default version was changed.",
	"version-deleted":         "The version was deleted.",
	"version-replaced":        "The chosen version was deleted and the new version saved.",
}

// noticeOf is the fixed text of the request's ?notice= code, "" for none.
func noticeOf(r *http.Request) string { return notices[r.URL.Query().Get("notice")] }
