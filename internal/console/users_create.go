package console

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"html/template"
	"maps"
	"math/big"
	"net/http"
	"slices"
	"strings"

	"github.com/iamd/iamd/internal/service/iam"
)

// userChangePasswordARN is the AWS managed policy AWS's console attaches
// to a new user who must reset the password: it allows iam:ChangePassword
// on the user itself and iam:GetAccountPasswordPolicy.
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMUserChangePassword.html
const userChangePasswordARN = "arn:aws:iam::aws:policy/IAMUserChangePassword"

// newUserTagRows is how many key/value rows the create form offers; without
// scripts the form cannot grow.
const newUserTagRows = 3

type newUserTag struct {
	N          int
	Key, Value string
}

// newUserForm is the create-user form as submitted (never the password,
// which is not echoed back).
type newUserForm struct {
	Name, Path   string
	Console      bool
	PasswordType string // "auto" or "custom"
	Reset        bool
	Programmatic bool
	Groups       map[string]bool
	Tags         []newUserTag
}

type newUserData struct {
	Form      newUserForm
	AllGroups []iam.Group
	GroupsErr *PageError
}

func parseNewUserForm(r *http.Request) newUserForm {
	f := newUserForm{
		Name:         strings.TrimSpace(r.PostFormValue("name")),
		Path:         strings.TrimSpace(r.PostFormValue("path")),
		Console:      r.PostFormValue("console") != "",
		PasswordType: r.PostFormValue("password_type"),
		Reset:        r.PostFormValue("reset") != "",
		Programmatic: r.PostFormValue("programmatic") != "",
		Groups:       map[string]bool{},
	}
	if f.PasswordType != "custom" {
		f.PasswordType = "auto"
	}
	for _, g := range r.PostForm["group"] {
		f.Groups[g] = true
	}
	for i := 1; i <= newUserTagRows; i++ {
		f.Tags = append(f.Tags, newUserTag{N: i, Key: strings.TrimSpace(r.PostFormValue(fmt.Sprintf("tag_key_%d", i))), Value: r.PostFormValue(fmt.Sprintf("tag_value_%d", i))})
	}
	return f
}

func (c *Console) userNewForm(w http.ResponseWriter, r *http.Request, s *Session) {
	f := newUserForm{PasswordType: "auto", Reset: true, Groups: map[string]bool{}}
	for i := 1; i <= newUserTagRows; i++ {
		f.Tags = append(f.Tags, newUserTag{N: i})
	}
	c.renderNewUser(w, r, s, f, http.StatusOK, nil)
}

// renderNewUser shows the create form, with the error that stopped it.
func (c *Console) renderNewUser(w http.ResponseWriter, r *http.Request, s *Session, f newUserForm, status int, pe *PageError) {
	groups, err := c.allGroups(r, s)
	d := newUserData{Form: f, AllGroups: groups, GroupsErr: c.pageError(r, err)}
	c.render(w, r, status, "user_new", s, View{Title: "Create user", Nav: "users", Error: pe, Data: d})
}

// createStep is one call of the create-user flow, as the result page
// reports it.
type createStep struct {
	Title string
	// State is "done", "failed" or "skipped" (after a failure).
	State string
	Err   *PageError
}

// createdData is the page that shows new credentials, once.
type createdData struct {
	UserName, UserHref, SignInURL string
	Password                      string
	AccessKeyID, SecretAccessKey  string
	// CSV is the credentials file as a data: URL, built here so that no
	// secret is kept on the server for a later download.
	CSV     template.URL
	CSVName string
	Steps   []createStep
}

// userCreate runs AWS's console create-user flow: CreateUser with its
// tags, then the console password, IAMUserChangePassword when a reset is
// required, the groups and the access key. A failing step stops the
// flow and the page shows what was done; nothing is rolled back, as the
// person can finish or undo from the user's page.
func (c *Console) userCreate(w http.ResponseWriter, r *http.Request, s *Session) {
	f := parseNewUserForm(r)
	password := ""
	if f.Console {
		if f.PasswordType == "custom" {
			password = r.PostFormValue("password")
			if password == "" {
				c.renderNewUser(w, r, s, f, http.StatusBadRequest, &PageError{Code: "ValidationError", Message: "Type a custom password, or choose an auto-generated one."})
				return
			}
		} else {
			var err error
			if password, err = generatePassword(c.generatedPasswordLength(r, s)); err != nil {
				c.internalError(w, r, err)
				return
			}
		}
	}
	in := &iam.CreateUserRequest{UserName: f.Name, Path: f.Path}
	for _, t := range f.Tags {
		if t.Key != "" || t.Value != "" {
			in.Tags = append(in.Tags, iam.Tag{Key: t.Key, Value: t.Value})
		}
	}
	out, err := call[iam.CreateUserResponse](c, r, s, "iam", "CreateUser", in)
	if err != nil {
		c.renderNewUser(w, r, s, f, errorStatus(err), c.pageError(r, err))
		return
	}
	name := f.Name
	if out != nil && out.User != nil {
		name = out.User.UserName
	}

	d := createdData{UserName: name, UserHref: userHref(name), SignInURL: accountSignInURL(r, s.Identity.AccountID)}
	steps := []createStep{{Title: "Create user " + name, State: "done"}}
	var failure error
	run := func(title string, fn func() error) {
		if failure != nil {
			steps = append(steps, createStep{Title: title, State: "skipped"})
			return
		}
		if err := fn(); err != nil {
			failure = err
			steps = append(steps, createStep{Title: title, State: "failed", Err: c.pageError(r, err)})
			return
		}
		steps = append(steps, createStep{Title: title, State: "done"})
	}
	if f.Console {
		run("Set the console password", func() error {
			reset := f.Reset
			err := c.do(r, s, "iam", "CreateLoginProfile", &iam.CreateLoginProfileRequest{UserName: name, Password: password, PasswordResetRequired: &reset})
			if err == nil {
				d.Password = password
			}
			return err
		})
		if f.Reset {
			run("Attach IAMUserChangePassword", func() error {
				return c.do(r, s, "iam", "AttachUserPolicy", &iam.AttachUserPolicyRequest{UserName: name, PolicyArn: userChangePasswordARN})
			})
		}
	}
	for _, g := range slices.Sorted(maps.Keys(f.Groups)) {
		run("Add to group "+g, func() error {
			return c.do(r, s, "iam", "AddUserToGroup", &iam.AddUserToGroupRequest{UserName: name, GroupName: g})
		})
	}
	if f.Programmatic {
		run("Create an access key", func() error {
			key, err := call[iam.CreateAccessKeyResponse](c, r, s, "iam", "CreateAccessKey", &iam.CreateAccessKeyRequest{UserName: name})
			if err == nil && key != nil {
				d.AccessKeyID, d.SecretAccessKey = key.AccessKey.AccessKeyId, key.AccessKey.SecretAccessKey
			}
			return err
		})
	}
	d.Steps = steps
	v := View{Title: "User created", Nav: "users"}
	status := http.StatusOK
	if failure != nil {
		v.Error, status = c.pageError(r, failure), errorStatus(failure)
	}
	c.renderCreated(w, r, s, status, v, d)
}

// renderCreated shows new credentials with their CSV download.
func (c *Console) renderCreated(w http.ResponseWriter, r *http.Request, s *Session, status int, v View, d createdData) {
	if d.Password != "" || d.SecretAccessKey != "" {
		href, err := credentialsCSV(d)
		if err != nil {
			c.internalError(w, r, err)
			return
		}
		d.CSV, d.CSVName = href, d.UserName+"_credentials.csv"
	}
	v.Data = d
	c.render(w, r, status, "user_created", s, v)
}

// userCreateKey creates an access key on a user's page and shows its
// secret, once.
func (c *Console) userCreateKey(w http.ResponseWriter, r *http.Request, s *Session) {
	name := r.PathValue("name")
	key, err := call[iam.CreateAccessKeyResponse](c, r, s, "iam", "CreateAccessKey", &iam.CreateAccessKeyRequest{UserName: name})
	if err != nil {
		c.renderUser(w, r, s, name, err, "")
		return
	}
	d := createdData{UserName: name, UserHref: userHref(name), SignInURL: accountSignInURL(r, s.Identity.AccountID)}
	if key != nil {
		d.AccessKeyID, d.SecretAccessKey = key.AccessKey.AccessKeyId, key.AccessKey.SecretAccessKey
	}
	c.renderCreated(w, r, s, http.StatusOK, View{Title: "Access key created", Nav: "users"}, d)
}

// userSetPassword resets a user's console password (UpdateLoginProfile),
// or gives one to a user who has none (CreateLoginProfile, create=1). A
// generated password is shown once; a typed one is not shown again.
func (c *Console) userSetPassword(w http.ResponseWriter, r *http.Request, s *Session) {
	name := r.PathValue("name")
	reset := r.PostFormValue("reset") != ""
	password := r.PostFormValue("password")
	generated := r.PostFormValue("password_type") != "custom"
	if generated {
		var err error
		if password, err = generatePassword(c.generatedPasswordLength(r, s)); err != nil {
			c.internalError(w, r, err)
			return
		}
	}
	var err error
	if r.PostFormValue("create") != "" {
		err = c.do(r, s, "iam", "CreateLoginProfile", &iam.CreateLoginProfileRequest{UserName: name, Password: password, PasswordResetRequired: &reset})
	} else {
		err = c.do(r, s, "iam", "UpdateLoginProfile", &iam.UpdateLoginProfileRequest{UserName: name, Password: password, PasswordResetRequired: &reset})
	}
	if err != nil {
		c.renderUser(w, r, s, name, err, "")
		return
	}
	if !generated {
		http.Redirect(w, r, userHref(name)+"?notice=password-set", http.StatusSeeOther)
		return
	}
	d := createdData{UserName: name, UserHref: userHref(name), SignInURL: accountSignInURL(r, s.Identity.AccountID), Password: password}
	c.renderCreated(w, r, s, http.StatusOK, View{Title: "Console password set", Nav: "users"}, d)
}

// generatedPasswordLength is 20, or the account's minimum when its
// password policy asks for more. A refused GetAccountPasswordPolicy
// leaves 20: the call only refines the length.
func (c *Console) generatedPasswordLength(r *http.Request, s *Session) int {
	const base, most = 20, 128
	out, err := call[iam.GetAccountPasswordPolicyResponse](c, r, s, "iam", "GetAccountPasswordPolicy", nil)
	if err != nil || out == nil || out.PasswordPolicy.MinimumPasswordLength == nil {
		return base
	}
	return min(max(base, int(*out.PasswordPolicy.MinimumPasswordLength)), most)
}

// Character classes of a generated password; genSymbols is AWS's
// set for RequireSymbols.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
const (
	genUpper   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	genLower   = "abcdefghijklmnopqrstuvwxyz"
	genDigits  = "0123456789"
	genSymbols = "!@#$%^&*()_+-=[]{}|'"
)

// generatePassword returns n characters from crypto/rand with at least one
// of each class, so that any password policy's composition rules hold. It
// starts with a letter: a password starting with = + - @ would be taken
// for a formula by spreadsheets opening the CSV.
func generatePassword(n int) (string, error) {
	if n < 4 {
		return "", fmt.Errorf("console: password length %d is too short", n)
	}
	all := genUpper + genLower + genDigits + genSymbols
	classes := []string{genUpper, genLower, genDigits, genSymbols}
	b := make([]byte, 0, n)
	for i := range n {
		from := all
		if i < len(classes) {
			from = classes[i]
		}
		j, err := randBelow(len(from))
		if err != nil {
			return "", err
		}
		b = append(b, from[j])
	}
	for i := n - 1; i > 0; i-- {
		j, err := randBelow(i + 1)
		if err != nil {
			return "", err
		}
		b[i], b[j] = b[j], b[i]
	}
	// Swapping keeps every class present.
	if first := bytes.IndexFunc(b, isASCIILetter); first > 0 {
		b[0], b[first] = b[first], b[0]
	}
	return string(b), nil
}

func isASCIILetter(r rune) bool { return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') }

// randBelow is a uniform index below n.
func randBelow(n int) (int, error) {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		return 0, fmt.Errorf("console: random: %w", err)
	}
	return int(v.Int64()), nil
}

// credentialsCSV is the credentials file of AWS's console as a data: URL:
// its header and one row, empty fields for what was not created, quoted
// per RFC 4180.
func credentialsCSV(d createdData) (template.URL, error) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	_ = cw.Write([]string{"User name", "Password", "Access key ID", "Secret access key", "Console login link"})
	_ = cw.Write([]string{d.UserName, d.Password, d.AccessKeyID, d.SecretAccessKey, d.SignInURL})
	cw.Flush()
	if err := cw.Error(); err != nil {
		return "", fmt.Errorf("console: credentials CSV: %w", err)
	}
	// The URL is built here from base64 only; html/template would
	// otherwise refuse a data: URL in an href.
	return template.URL("data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}
