package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/iamd/iamd/internal/service/iam"
)

// groupOwner edits groups' inline policies.
var groupOwner = &inlineOwner{
	noun: "group", nav: "groups", base: "/console/groups/",
	get: func(c *Console, r *http.Request, s *Session, owner, name string) (string, error) {
		out, err := call[iam.GetGroupPolicyResponse](c, r, s, "iam", "GetGroupPolicy", &iam.GetGroupPolicyRequest{GroupName: owner, PolicyName: name})
		if err != nil || out == nil {
			return "", err
		}
		return out.PolicyDocument, nil
	},
	put: func(c *Console, r *http.Request, s *Session, owner, name, doc string) error {
		return c.do(r, s, "iam", "PutGroupPolicy", &iam.PutGroupPolicyRequest{GroupName: owner, PolicyName: name, PolicyDocument: doc})
	},
	del: func(c *Console, r *http.Request, s *Session, owner, name string) error {
		return c.do(r, s, "iam", "DeleteGroupPolicy", &iam.DeleteGroupPolicyRequest{GroupName: owner, PolicyName: name})
	},
	page: (*Console).groupPage,
}

func (c *Console) groupRoutes() {
	c.mux.HandleFunc("GET /console/groups", c.signedIn(c.groupList))
	c.mux.HandleFunc("POST /console/groups", c.signedIn(c.groupCreate))
	c.mux.HandleFunc("GET /console/groups/{name}", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *Session) {
		c.groupPage(w, r, s, r.PathValue("name"), nil)
	}))
	c.mux.HandleFunc("POST /console/groups/{name}/members", c.signedIn(c.groupAddMember))
	c.mux.HandleFunc("POST /console/groups/{name}/members/remove", c.signedIn(c.groupRemoveMember))
	c.mux.HandleFunc("POST /console/groups/{name}/policies/attach", c.signedIn(c.groupAttach))
	c.mux.HandleFunc("POST /console/groups/{name}/policies/detach", c.signedIn(c.groupDetach))
	c.mux.HandleFunc("POST /console/groups/{name}/delete", c.signedIn(c.groupDelete))
	c.inlineRoutes(groupOwner)
}

// groupListPage is the data of groups.html.
type groupListPage struct {
	Groups    []iam.Group
	Truncated bool
	// Name and Path are the create form's values after a failed create.
	Name, Path string
}

func (c *Console) groupList(w http.ResponseWriter, r *http.Request, s *Session) {
	c.renderGroupList(w, r, s, groupListPage{}, nil)
}

// renderGroupList lists the groups; failed is a create that failed.
func (c *Console) renderGroupList(w http.ResponseWriter, r *http.Request, s *Session, data groupListPage, failed error) {
	out, err := call[iam.ListGroupsResponse](c, r, s, "iam", "ListGroups", &iam.ListGroupsRequest{MaxItems: pageOfThousand()})
	if out != nil {
		data.Groups, data.Truncated = out.Groups, flagSet(out.IsTruncated)
	}
	if failed != nil {
		err = failed
	}
	status := statusOf(err)
	c.render(w, r, status, "groups", s, View{Title: "User groups", Nav: "groups", Notice: noticeOf(r), Error: c.pageError(r, err), Data: data})
}

func (c *Console) groupCreate(w http.ResponseWriter, r *http.Request, s *Session) {
	name, path := strings.TrimSpace(r.PostFormValue("name")), strings.TrimSpace(r.PostFormValue("path"))
	if err := c.do(r, s, "iam", "CreateGroup", &iam.CreateGroupRequest{GroupName: name, Path: path}); err != nil {
		c.renderGroupList(w, r, s, groupListPage{Name: name, Path: path}, err)
		return
	}
	goWithNotice(w, r, "/console/groups/"+url.PathEscape(name), "group-created")
}

// groupDetailPage is the data of group.html.
type groupDetailPage struct {
	Name     string
	Group    *iam.Group
	Users    []iam.User
	Attached []iam.AttachedPolicy
	Inline   []string
	// Truncated: a list has more than one page; only the first is shown.
	Truncated bool
}

// groupPage shows a group; failed is an action on it that failed, shown
// in place of any error reading the group.
func (c *Console) groupPage(w http.ResponseWriter, r *http.Request, s *Session, name string, failed error) {
	data := groupDetailPage{Name: name}
	g, err := call[iam.GetGroupResponse](c, r, s, "iam", "GetGroup", &iam.GetGroupRequest{GroupName: name, MaxItems: pageOfThousand()})
	if g != nil {
		data.Group, data.Users, data.Truncated = &g.Group, g.Users, flagSet(g.IsTruncated)
	}
	if err == nil {
		var att *iam.ListAttachedGroupPoliciesResponse
		att, err = call[iam.ListAttachedGroupPoliciesResponse](c, r, s, "iam", "ListAttachedGroupPolicies", &iam.ListAttachedGroupPoliciesRequest{GroupName: name, MaxItems: pageOfThousand()})
		if att != nil {
			data.Attached, data.Truncated = att.AttachedPolicies, data.Truncated || flagSet(att.IsTruncated)
		}
	}
	if err == nil {
		var in *iam.ListGroupPoliciesResponse
		in, err = call[iam.ListGroupPoliciesResponse](c, r, s, "iam", "ListGroupPolicies", &iam.ListGroupPoliciesRequest{GroupName: name, MaxItems: pageOfThousand()})
		if in != nil {
			data.Inline, data.Truncated = in.PolicyNames, data.Truncated || flagSet(in.IsTruncated)
		}
	}
	if failed != nil {
		err = failed
	}
	status := statusOf(err)
	c.render(w, r, status, "group", s, View{Title: "Group " + name, Nav: "groups", Notice: noticeOf(r), Error: c.pageError(r, err), Data: data})
}

// groupAction runs one change to a group from a form and returns to the
// group's page with a notice, or shows the API's error there.
func (c *Console) groupAction(w http.ResponseWriter, r *http.Request, s *Session, op string, in any, notice string) {
	name := r.PathValue("name")
	c.act(w, r, s, op, in, "/console/groups/"+url.PathEscape(name), notice, func(err error) { c.groupPage(w, r, s, name, err) })
}

func (c *Console) groupAddMember(w http.ResponseWriter, r *http.Request, s *Session) {
	c.groupAction(w, r, s, "AddUserToGroup", &iam.AddUserToGroupRequest{GroupName: r.PathValue("name"), UserName: strings.TrimSpace(r.PostFormValue("user"))}, "member-added")
}

func (c *Console) groupRemoveMember(w http.ResponseWriter, r *http.Request, s *Session) {
	c.groupAction(w, r, s, "RemoveUserFromGroup", &iam.RemoveUserFromGroupRequest{GroupName: r.PathValue("name"), UserName: strings.TrimSpace(r.PostFormValue("user"))}, "member-removed")
}

func (c *Console) groupAttach(w http.ResponseWriter, r *http.Request, s *Session) {
	c.groupAction(w, r, s, "AttachGroupPolicy", &iam.AttachGroupPolicyRequest{GroupName: r.PathValue("name"), PolicyArn: strings.TrimSpace(r.PostFormValue("arn"))}, "policy-attached")
}

func (c *Console) groupDetach(w http.ResponseWriter, r *http.Request, s *Session) {
	c.groupAction(w, r, s, "DetachGroupPolicy", &iam.DetachGroupPolicyRequest{GroupName: r.PathValue("name"), PolicyArn: strings.TrimSpace(r.PostFormValue("arn"))}, "policy-detached")
}

func (c *Console) groupDelete(w http.ResponseWriter, r *http.Request, s *Session) {
	name := r.PathValue("name")
	if err := c.do(r, s, "iam", "DeleteGroup", &iam.DeleteGroupRequest{GroupName: name}); err != nil {
		c.groupPage(w, r, s, name, err)
		return
	}
	goWithNotice(w, r, "/console/groups", "group-deleted")
}

// flagSet reads an optional flag of an API answer.
func flagSet(b *bool) bool { return b != nil && *b }

// PolicyPanel is the group's policies for the shared panel.
func (d groupDetailPage) PolicyPanel(csrf string) policyPanel {
	return policyPanel{Base: "/console/groups/" + url.PathEscape(d.Name), Kind: "group", Attached: d.Attached, Inline: d.Inline, CSRF: csrf}
}
