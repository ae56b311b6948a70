package console

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service/iam"
)

func (c *Console) userRoutes() {
	c.mux.HandleFunc("GET /console/users", c.signedIn(c.usersList))
	c.mux.HandleFunc("GET /console/users/new", c.signedIn(c.userNewForm))
	c.mux.HandleFunc("POST /console/users/new", c.signedIn(c.userCreate))
	c.mux.HandleFunc("GET /console/users/{name}", c.signedIn(c.userDetail))
	// A user may be named "new": its page is reached with a trailing
	// slash (userHref), since /console/users/new is the create form.
	c.mux.HandleFunc("GET /console/users/{name}/{$}", c.signedIn(c.userDetail))
	c.mux.HandleFunc("POST /console/users/{name}/access-keys", c.signedIn(c.userCreateKey))
	c.mux.HandleFunc("POST /console/users/{name}/access-keys/{id}/status", c.signedIn(c.userKeyStatus))
	c.mux.HandleFunc("POST /console/users/{name}/access-keys/{id}/delete", c.signedIn(c.userKeyDelete))
	c.mux.HandleFunc("POST /console/users/{name}/password", c.signedIn(c.userSetPassword))
	c.mux.HandleFunc("POST /console/users/{name}/groups/add", c.signedIn(c.userGroupAdd))
	c.mux.HandleFunc("POST /console/users/{name}/groups/remove", c.signedIn(c.userGroupRemove))
	c.mux.HandleFunc("POST /console/users/{name}/policies/attach", c.signedIn(c.userPolicyAttach))
	c.mux.HandleFunc("POST /console/users/{name}/policies/detach", c.signedIn(c.userPolicyDetach))
	c.mux.HandleFunc("POST /console/users/{name}/delete", c.signedIn(c.userDelete))
}

// maxListed bounds how many entries a page gathers by following Marker, so
// one page view never turns into an unbounded scan.
const maxListed = 1000

// iamPageSize is the largest MaxItems IAM accepts.
var iamPageSize = int32(1000)

// collect follows an IAM list's Marker until it ends or maxListed entries
// are gathered; more reports that the list went on.
func collect[T any](page func(marker string) (items []T, next string, truncated *bool, err error)) (all []T, more bool, err error) {
	marker := ""
	for {
		items, next, truncated, err := page(marker)
		if err != nil {
			return all, false, err
		}
		all = append(all, items...)
		if truncated == nil || !*truncated || next == "" {
			return all, false, nil
		}
		if len(all) >= maxListed {
			return all[:maxListed], true, nil
		}
		marker = next
	}
}

// userBase is the path under which a user's actions live.
func userBase(name string) string { return "/console/users/" + url.PathEscape(name) }

// userHref is the path of a user's page.
func userHref(name string) string {
	if name == "new" {
		return userBase(name) + "/"
	}
	return userBase(name)
}

type userRow struct {
	Name, Href, Path string
	Created          time.Time
	PasswordLastUsed *time.Time
}

type usersData struct {
	Users []userRow
	Query string
	// More: the account has more users than the page gathered.
	More bool
}

// usersList lists the account's users, filtered by ?q= (a case-insensitive
// part of the name) on the server: ListUsers filters only by path.
func (c *Console) usersList(w http.ResponseWriter, r *http.Request, s *Session) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	users, more, err := collect(func(marker string) ([]iam.User, string, *bool, error) {
		out, err := call[iam.ListUsersResponse](c, r, s, "iam", "ListUsers", &iam.ListUsersRequest{Marker: marker, MaxItems: &iamPageSize})
		if err != nil || out == nil {
			return nil, "", nil, err
		}
		return out.Users, out.Marker, out.IsTruncated, nil
	})
	d := usersData{Query: q, More: more}
	needle := strings.ToLower(q)
	for _, u := range users {
		if needle != "" && !strings.Contains(strings.ToLower(u.UserName), needle) {
			continue
		}
		d.Users = append(d.Users, userRow{Name: u.UserName, Href: userHref(u.UserName), Path: u.Path, Created: u.CreateDate, PasswordLastUsed: u.PasswordLastUsed})
	}
	v := View{Title: "Users", Nav: "users", Notice: noticeOf(r), Data: d}
	status := http.StatusOK
	if err != nil {
		v.Error, status = c.pageError(r, err), errorStatus(err)
	}
	c.render(w, r, status, "users", s, v)
}

// accessKeyRow is a key with its last use.
type accessKeyRow struct {
	iam.AccessKeyMetadata
	LastUsed         *time.Time
	Service, Region  string
	LastUsedErr      *PageError
	Active           bool
	StatusHref       string
	DeleteHref       string
	NextStatus, Verb string
}

// userData is a user's page. Each section has the error of its own call,
// so one refused call hides only its section.
type userData struct {
	// Href is the page; Base the prefix of its forms' actions.
	Name, Href, Base string
	User             *iam.User
	// Missing: GetUser found no such user; the page shows nothing else.
	Missing bool
	UserErr *PageError

	Groups    []iam.Group
	GroupsErr *PageError
	// Joinable are the account's groups the user is not in (ListGroups);
	// JoinableErr leaves a typed group name as the way to add one.
	Joinable    []iam.Group
	JoinableErr *PageError

	Attached    []iam.AttachedPolicy
	AttachedErr *PageError
	Inline      []string
	InlineErr   *PageError

	Keys    []accessKeyRow
	KeysErr *PageError

	MFA    []iam.MFADevice
	MFAErr *PageError

	// Login is the console password's profile; nil with LoginErr nil
	// means the user has no console password.
	Login    *iam.LoginProfile
	LoginErr *PageError
}

// loadUser gathers a user's page. firstErr is the first call that failed,
// which sets the page's status; a missing user stops at GetUser.
func (c *Console) loadUser(r *http.Request, s *Session, name string) (d userData, firstErr error) {
	note := func(err error) *PageError {
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return c.pageError(r, err)
	}
	d.Name, d.Href, d.Base = name, userHref(name), userBase(name)

	u, err := call[iam.GetUserResponse](c, r, s, "iam", "GetUser", &iam.GetUserRequest{UserName: name})
	d.UserErr = note(err)
	if awserr.Is(err, "NoSuchEntity") {
		d.Missing = true
		return d, firstErr
	}
	if u != nil {
		d.User = &u.User
	}

	d.Groups, _, err = collect(func(marker string) ([]iam.Group, string, *bool, error) {
		out, err := call[iam.ListGroupsForUserResponse](c, r, s, "iam", "ListGroupsForUser", &iam.ListGroupsForUserRequest{UserName: name, Marker: marker, MaxItems: &iamPageSize})
		if err != nil || out == nil {
			return nil, "", nil, err
		}
		return out.Groups, out.Marker, out.IsTruncated, nil
	})
	d.GroupsErr = note(err)
	member := map[string]bool{}
	for _, g := range d.Groups {
		member[strings.ToLower(g.GroupName)] = true
	}
	all, err := c.allGroups(r, s)
	d.JoinableErr = note(err)
	for _, g := range all {
		if !member[strings.ToLower(g.GroupName)] {
			d.Joinable = append(d.Joinable, g)
		}
	}

	d.Attached, _, err = collect(func(marker string) ([]iam.AttachedPolicy, string, *bool, error) {
		out, err := call[iam.ListAttachedUserPoliciesResponse](c, r, s, "iam", "ListAttachedUserPolicies", &iam.ListAttachedUserPoliciesRequest{UserName: name, Marker: marker, MaxItems: &iamPageSize})
		if err != nil || out == nil {
			return nil, "", nil, err
		}
		return out.AttachedPolicies, out.Marker, out.IsTruncated, nil
	})
	d.AttachedErr = note(err)
	d.Inline, _, err = collect(func(marker string) ([]string, string, *bool, error) {
		out, err := call[iam.ListUserPoliciesResponse](c, r, s, "iam", "ListUserPolicies", &iam.ListUserPoliciesRequest{UserName: name, Marker: marker, MaxItems: &iamPageSize})
		if err != nil || out == nil {
			return nil, "", nil, err
		}
		return out.PolicyNames, out.Marker, out.IsTruncated, nil
	})
	d.InlineErr = note(err)

	keys, err := call[iam.ListAccessKeysResponse](c, r, s, "iam", "ListAccessKeys", &iam.ListAccessKeysRequest{UserName: name})
	d.KeysErr = note(err)
	if keys != nil {
		for _, k := range keys.AccessKeyMetadata {
			d.Keys = append(d.Keys, c.keyRow(r, s, name, k))
		}
	}

	mfa, err := call[iam.ListMFADevicesResponse](c, r, s, "iam", "ListMFADevices", &iam.ListMFADevicesRequest{UserName: name})
	d.MFAErr = note(err)
	if mfa != nil {
		d.MFA = mfa.MFADevices
	}

	login, err := call[iam.GetLoginProfileResponse](c, r, s, "iam", "GetLoginProfile", &iam.GetLoginProfileRequest{UserName: name})
	switch {
	case awserr.Is(err, "NoSuchEntity"):
	case err != nil:
		d.LoginErr = note(err)
	case login != nil:
		d.Login = &login.LoginProfile
	}
	return d, firstErr
}

// keyRow adds a key's last use; a refused GetAccessKeyLastUsed shows in
// the key's row only.
func (c *Console) keyRow(r *http.Request, s *Session, user string, k iam.AccessKeyMetadata) accessKeyRow {
	base := userBase(user)
	row := accessKeyRow{AccessKeyMetadata: k, Active: k.Status == "Active",
		StatusHref: base + "/access-keys/" + url.PathEscape(k.AccessKeyId) + "/status",
		DeleteHref: base + "/access-keys/" + url.PathEscape(k.AccessKeyId) + "/delete",
		NextStatus: "Inactive", Verb: "Deactivate"}
	if !row.Active {
		row.NextStatus, row.Verb = "Active", "Activate"
	}
	out, err := call[iam.GetAccessKeyLastUsedResponse](c, r, s, "iam", "GetAccessKeyLastUsed", &iam.GetAccessKeyLastUsedRequest{AccessKeyId: k.AccessKeyId})
	row.LastUsedErr = c.pageError(r, err)
	if out != nil && out.AccessKeyLastUsed != nil {
		row.LastUsed = out.AccessKeyLastUsed.LastUsedDate
		row.Service, row.Region = out.AccessKeyLastUsed.ServiceName, out.AccessKeyLastUsed.Region
	}
	return row
}

// allGroups lists the account's groups (for the add-to-group choices).
func (c *Console) allGroups(r *http.Request, s *Session) ([]iam.Group, error) {
	groups, _, err := collect(func(marker string) ([]iam.Group, string, *bool, error) {
		out, err := call[iam.ListGroupsResponse](c, r, s, "iam", "ListGroups", &iam.ListGroupsRequest{Marker: marker, MaxItems: &iamPageSize})
		if err != nil || out == nil {
			return nil, "", nil, err
		}
		return out.Groups, out.Marker, out.IsTruncated, nil
	})
	return groups, err
}

// userDetail shows a user's page.
func (c *Console) userDetail(w http.ResponseWriter, r *http.Request, s *Session) {
	c.renderUser(w, r, s, r.PathValue("name"), nil, noticeOf(r))
}

// renderUser shows a user's page, with the AWS error of a failed action
// (actionErr) on top; the page's status is the action's, else the first
// failed section's.
func (c *Console) renderUser(w http.ResponseWriter, r *http.Request, s *Session, name string, actionErr error, notice string) {
	d, loadErr := c.loadUser(r, s, name)
	v := View{Title: name, Nav: "users", Notice: notice, Data: d}
	status := http.StatusOK
	switch {
	case actionErr != nil:
		v.Error, status = c.pageError(r, actionErr), errorStatus(actionErr)
	case loadErr != nil:
		status = errorStatus(loadErr)
	}
	c.render(w, r, status, "user", s, v)
}

// userAction runs one change of a user's page: on success the browser
// goes back to the page with the notice, on failure the page shows AWS's
// error.
func (c *Console) userAction(w http.ResponseWriter, r *http.Request, s *Session, op string, in any, notice string) {
	name := r.PathValue("name")
	c.act(w, r, s, op, in, userHref(name), notice, func(err error) { c.renderUser(w, r, s, name, err, "") })
}

func (c *Console) userKeyStatus(w http.ResponseWriter, r *http.Request, s *Session) {
	status := r.PostFormValue("status")
	notice := "key-deactivated"
	if status == "Active" {
		notice = "key-activated"
	}
	c.userAction(w, r, s, "UpdateAccessKey", &iam.UpdateAccessKeyRequest{UserName: r.PathValue("name"), AccessKeyId: r.PathValue("id"), Status: status}, notice)
}

func (c *Console) userKeyDelete(w http.ResponseWriter, r *http.Request, s *Session) {
	c.userAction(w, r, s, "DeleteAccessKey", &iam.DeleteAccessKeyRequest{UserName: r.PathValue("name"), AccessKeyId: r.PathValue("id")}, "key-deleted")
}

func (c *Console) userGroupAdd(w http.ResponseWriter, r *http.Request, s *Session) {
	group := strings.TrimSpace(r.PostFormValue("group"))
	c.userAction(w, r, s, "AddUserToGroup", &iam.AddUserToGroupRequest{UserName: r.PathValue("name"), GroupName: group}, "group-added")
}

func (c *Console) userGroupRemove(w http.ResponseWriter, r *http.Request, s *Session) {
	c.userAction(w, r, s, "RemoveUserFromGroup", &iam.RemoveUserFromGroupRequest{UserName: r.PathValue("name"), GroupName: r.PostFormValue("group")}, "group-removed")
}

func (c *Console) userPolicyAttach(w http.ResponseWriter, r *http.Request, s *Session) {
	arn := strings.TrimSpace(r.PostFormValue("arn"))
	c.userAction(w, r, s, "AttachUserPolicy", &iam.AttachUserPolicyRequest{UserName: r.PathValue("name"), PolicyArn: arn}, "policy-attached")
}

func (c *Console) userPolicyDetach(w http.ResponseWriter, r *http.Request, s *Session) {
	c.userAction(w, r, s, "DetachUserPolicy", &iam.DetachUserPolicyRequest{UserName: r.PathValue("name"), PolicyArn: r.PostFormValue("arn")}, "policy-detached")
}

// userDelete deletes the user. AWS refuses while the user still has keys,
// a password, groups or policies (DeleteConflict); the page shows that.
func (c *Console) userDelete(w http.ResponseWriter, r *http.Request, s *Session) {
	name := r.PathValue("name")
	if err := c.do(r, s, "iam", "DeleteUser", &iam.DeleteUserRequest{UserName: name}); err != nil {
		c.renderUser(w, r, s, name, err, "")
		return
	}
	http.Redirect(w, r, "/console/users?notice=user-deleted", http.StatusSeeOther)
}
