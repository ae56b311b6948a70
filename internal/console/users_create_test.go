package console

import (
	"encoding/base64"
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
)

const (
	testKeyID  = "AKIANEWKEY0000000001"
	testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYNEWSECRET"
)

// seedCreate answers the calls of the create-user flow.
func seedCreate(b *fakeBackend) {
	b.on("iam:ListGroups", opReturns(&iam.ListGroupsResponse{Groups: []iam.Group{{GroupName: "admins"}, {GroupName: "developers"}}}))
	b.on("iam:CreateUser", func(_ *principal.Principal, in any) (any, error) {
		u := iamUser(in.(*iam.CreateUserRequest).UserName)
		return &iam.CreateUserResponse{User: &u}, nil
	})
	b.on("iam:CreateLoginProfile", opReturns(&iam.CreateLoginProfileResponse{}))
	b.on("iam:AttachUserPolicy", opReturns(nil))
	b.on("iam:AddUserToGroup", opReturns(nil))
	b.on("iam:CreateAccessKey", func(_ *principal.Principal, in any) (any, error) {
		return &iam.CreateAccessKeyResponse{AccessKey: iam.AccessKey{UserName: in.(*iam.CreateAccessKeyRequest).UserName, AccessKeyId: testKeyID, Status: "Active", SecretAccessKey: testSecret}}, nil
	})
}

// secretOf is the text of the .secret element with the test ID, "" if
// the page has none.
func secretOf(body, testID string) string {
	m := regexp.MustCompile(`<span class="secret" data-testid="` + testID + `">([^<]*)</span>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// csvOf decodes the page's credentials file from its data: URL.
func csvOf(t *testing.T, body string) [][]string {
	t.Helper()
	m := regexp.MustCompile(`<a class="button" href="([^"]*)" download="([^"]*)" data-testid="download-csv"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no download-csv link with a download attribute in\n%s", body)
	}
	const prefix = "data:text/csv;charset=utf-8;base64,"
	href := html.UnescapeString(m[1])
	if !strings.HasPrefix(href, prefix) {
		t.Fatalf("href %q is not a base64 CSV data URL", href)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(href, prefix))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil {
		t.Fatalf("CSV %q: %v", raw, err)
	}
	return rows
}

var csvHeader = []string{"User name", "Password", "Access key ID", "Secret access key", "Console login link"}

func TestCreateUserFlow(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedCreate(tc.backend)
	seedUser(tc.backend)
	client, s := tc.signedInClient(alice)

	status, body := tc.get(client, "/console/users/new")
	if status != http.StatusOK || !strings.Contains(body, `data-testid="new-group-admins"`) || !strings.Contains(body, `id="new-reset" name="reset" value="1" checked`) {
		t.Fatalf("form: status %d\n%s", status, body)
	}

	form := url.Values{
		"name": {"dana"}, "path": {"/eng/"}, "console": {"1"}, "password_type": {"auto"}, "reset": {"1"},
		"programmatic": {"1"}, "group": {"developers", "admins"},
		"tag_key_1": {"team"}, "tag_value_1": {"core"}, "tag_key_2": {""}, "tag_value_2": {""},
	}
	status, _, body = tc.post(client, s, "/console/users/new", form)
	if status != http.StatusOK {
		t.Fatalf("create: status %d\n%s", status, body)
	}

	wantCreate := &iam.CreateUserRequest{UserName: "dana", Path: "/eng/", Tags: []iam.Tag{{Key: "team", Value: "core"}}}
	if c := tc.backend.called("iam:CreateUser"); len(c) != 1 || !reflect.DeepEqual(c[0].In, wantCreate) {
		t.Errorf("CreateUser %+v, want %+v", c, wantCreate)
	}
	password := secretOf(body, "new-password")
	lp := tc.backend.called("iam:CreateLoginProfile")
	if len(lp) != 1 || lp[0].In.(*iam.CreateLoginProfileRequest).Password != password || !*lp[0].In.(*iam.CreateLoginProfileRequest).PasswordResetRequired {
		t.Errorf("CreateLoginProfile %+v, want the shown password %q with a reset", lp, password)
	}
	if err := strictPolicy(password, 20); err != "" {
		t.Errorf("generated password %q: %s", password, err)
	}
	wantAttach := &iam.AttachUserPolicyRequest{UserName: "dana", PolicyArn: "arn:aws:iam::aws:policy/IAMUserChangePassword"}
	if c := tc.backend.called("iam:AttachUserPolicy"); len(c) != 1 || !reflect.DeepEqual(c[0].In, wantAttach) {
		t.Errorf("AttachUserPolicy %+v", c)
	}
	var groups []string
	for _, c := range tc.backend.called("iam:AddUserToGroup") {
		groups = append(groups, c.In.(*iam.AddUserToGroupRequest).GroupName)
	}
	if !reflect.DeepEqual(groups, []string{"admins", "developers"}) {
		t.Errorf("groups %v", groups)
	}
	if secretOf(body, "new-access-key-id") != testKeyID || secretOf(body, "new-secret-access-key") != testSecret {
		t.Errorf("the new key is not shown\n%s", body)
	}
	if !strings.Contains(body, `href="`+tc.server.URL+`/signin/123456789012"`) {
		t.Error("no sign-in link")
	}

	rows := csvOf(t, body)
	want := [][]string{csvHeader, {"dana", password, testKeyID, testSecret, tc.server.URL + "/signin/123456789012"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("CSV %q, want %q", rows, want)
	}
	if !strings.Contains(body, `download="dana_credentials.csv"`) {
		t.Error("the CSV is not named after the user")
	}

	// The secrets were shown once: no other page has them.
	for _, path := range []string{"/console/users/bob", "/console/users/dana", "/console/users", "/console/users/new", "/console/"} {
		_, page := tc.get(client, path)
		if strings.Contains(page, testSecret) || strings.Contains(page, html.EscapeString(password)) || strings.Contains(page, password) {
			t.Errorf("%s shows a secret", path)
		}
	}
}

// strictPolicy checks the strictest composition rules AWS offers; "" if
// they hold.
func strictPolicy(p string, length int) string {
	if len(p) != length {
		return "wrong length"
	}
	classes := []string{genUpper, genLower, genDigits, genSymbols}
	for _, class := range classes {
		if !strings.ContainsAny(p, class) {
			return "no character of " + class
		}
	}
	for _, r := range p {
		if !strings.ContainsRune(genUpper+genLower+genDigits+genSymbols, r) {
			return "character outside AWS's sets: " + string(r)
		}
	}
	if !isASCIILetter(rune(p[0])) {
		return "does not start with a letter"
	}
	return ""
}

func TestGeneratePassword(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := range 1000 {
		n := 20
		if i%10 == 0 {
			n = 4 + i%125
		}
		p, err := generatePassword(n)
		if err != nil {
			t.Fatal(err)
		}
		if msg := strictPolicy(p, n); msg != "" {
			t.Fatalf("%q: %s", p, msg)
		}
		if seen[p] {
			t.Fatalf("%q generated twice", p)
		}
		seen[p] = true
	}
	if _, err := generatePassword(3); err == nil {
		t.Error("a 3-character password was generated")
	}
}

func TestCreateUserVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		form       url.Values
		change     func(b *fakeBackend)
		wantStatus int
		want, not  []string
		// calls counts the operations made.
		calls map[string]int
	}{
		{name: "custom password without reset, no key",
			form:       url.Values{"name": {"erin"}, "console": {"1"}, "password_type": {"custom"}, "password": {"My-Own-Passw0rd"}},
			wantStatus: http.StatusOK,
			want:       []string{`data-testid="new-password">My-Own-Passw0rd<`, `data-testid="download-csv"`},
			not:        []string{"new-secret-access-key"},
			calls:      map[string]int{"iam:CreateLoginProfile": 1, "iam:AttachUserPolicy": 0, "iam:CreateAccessKey": 0, "iam:AddUserToGroup": 0}},
		{name: "programmatic access only",
			form:       url.Values{"name": {"ci-bot"}, "programmatic": {"1"}, "reset": {"1"}},
			wantStatus: http.StatusOK,
			want:       []string{`data-testid="new-secret-access-key">` + testSecret},
			not:        []string{`data-testid="new-password"`},
			calls:      map[string]int{"iam:CreateLoginProfile": 0, "iam:AttachUserPolicy": 0, "iam:CreateAccessKey": 1}},
		{name: "no credentials at all",
			form:       url.Values{"name": {"plain"}},
			wantStatus: http.StatusOK,
			not:        []string{"download-csv"},
			calls:      map[string]int{"iam:CreateUser": 1, "iam:CreateLoginProfile": 0}},
		{name: "custom password left empty",
			form:       url.Values{"name": {"erin"}, "console": {"1"}, "password_type": {"custom"}},
			wantStatus: http.StatusBadRequest,
			want:       []string{"Type a custom password", `value="erin"`},
			calls:      map[string]int{"iam:CreateUser": 0}},
		{name: "CreateUser refused: the form again with AWS's reason",
			form:       url.Values{"name": {"frank"}, "path": {"/ops/"}, "tag_key_3": {"k"}, "tag_value_3": {"v"}},
			change:     func(b *fakeBackend) { b.on("iam:CreateUser", nil) },
			wantStatus: http.StatusForbidden,
			want:       []string{"<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateUser", `value="frank"`, `value="/ops/"`, `name="tag_value_3" value="v"`},
			calls:      map[string]int{"iam:CreateLoginProfile": 0}},
		{name: "a later step fails: what was done, the error, the password kept",
			form: url.Values{"name": {"gail"}, "console": {"1"}, "password_type": {"auto"}, "group": {"admins"}, "programmatic": {"1"}},
			change: func(b *fakeBackend) {
				b.on("iam:AddUserToGroup", opFails(awserr.New("NoSuchEntity", 404, "The group with name admins cannot be found.")))
			},
			// The failed group stops the flow before the access key.
			wantStatus: http.StatusNotFound,
			want: []string{`<span class="status good">Done</span>`, "Create user gail", `<span class="status bad">Failed</span>`,
				"The group with name admins cannot be found.", "Not attempted", `data-testid="new-password"`},
			not:   []string{`data-testid="new-secret-access-key"`},
			calls: map[string]int{"iam:CreateLoginProfile": 1, "iam:AttachUserPolicy": 0, "iam:CreateAccessKey": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			seedCreate(tc.backend)
			if tt.change != nil {
				tt.change(tc.backend)
			}
			client, s := tc.signedInClient(alice)
			status, _, body := tc.post(client, s, "/console/users/new", tt.form)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", status, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page has %q", n)
				}
			}
			for op, n := range tt.calls {
				if got := len(tc.backend.called(op)); got != n {
					t.Errorf("%s called %d times, want %d", op, got, n)
				}
			}
			if strings.Contains(body, "download-csv") {
				if rows := csvOf(t, body); len(rows) != 2 || !reflect.DeepEqual(rows[0], csvHeader) {
					t.Errorf("CSV %q", rows)
				}
			}
		})
	}
}

func TestCreateUserSignedOutAndCSRF(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedCreate(tc.backend)
	client, s := tc.signedInClient(alice)
	status, _, _ := tc.post(client, s, "/console/users/new", url.Values{"name": {"x"}, "csrf": {"forged"}})
	if status != http.StatusForbidden || len(tc.backend.called("iam:CreateUser")) != 0 {
		t.Errorf("forged CSRF: status %d, CreateUser calls %d", status, len(tc.backend.called("iam:CreateUser")))
	}
	res, err := (&http.Client{CheckRedirect: client.CheckRedirect}).Get(tc.server.URL + "/console/users/new")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Errorf("signed out: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestUserCreateKeyAndPassword(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedCreate(tc.backend)
	seedUser(tc.backend)
	client, s := tc.signedInClient(alice)

	status, _, body := tc.post(client, s, "/console/users/bob/access-keys", nil)
	if status != http.StatusOK || secretOf(body, "new-secret-access-key") != testSecret {
		t.Fatalf("create key: status %d\n%s", status, body)
	}
	if rows := csvOf(t, body); !reflect.DeepEqual(rows[1], []string{"bob", "", testKeyID, testSecret, tc.server.URL + "/signin/123456789012"}) {
		t.Errorf("CSV row %q", rows[1])
	}
	if _, page := tc.get(client, "/console/users/bob"); strings.Contains(page, testSecret) {
		t.Error("the user's page shows the secret")
	}

	// A generated password is shown once, set by UpdateLoginProfile.
	tc.backend.on("iam:UpdateLoginProfile", opReturns(nil))
	status, _, body = tc.post(client, s, "/console/users/bob/password", url.Values{"password_type": {"auto"}, "reset": {"1"}})
	password := secretOf(body, "new-password")
	up := tc.backend.called("iam:UpdateLoginProfile")
	if status != http.StatusOK || len(up) != 1 || up[0].In.(*iam.UpdateLoginProfileRequest).Password != password || !*up[0].In.(*iam.UpdateLoginProfileRequest).PasswordResetRequired {
		t.Errorf("reset: status %d, calls %+v, shown %q", status, up, password)
	}

	// A user without a password gets one with CreateLoginProfile, at the
	// length the account's policy asks for.
	min30 := int32(30)
	tc.backend.on("iam:GetAccountPasswordPolicy", opReturns(&iam.GetAccountPasswordPolicyResponse{PasswordPolicy: iam.PasswordPolicy{MinimumPasswordLength: &min30}}))
	status, _, body = tc.post(client, s, "/console/users/bob/password", url.Values{"password_type": {"auto"}, "create": {"1"}})
	password = secretOf(body, "new-password")
	lp := tc.backend.called("iam:CreateLoginProfile")
	if status != http.StatusOK || len(lp) != 1 || lp[0].In.(*iam.CreateLoginProfileRequest).Password != password || len(password) != 30 {
		t.Errorf("enable: status %d, calls %+v, shown %q", status, lp, password)
	}

	// Refused key creation: the user's page with AWS's reason.
	tc.backend.on("iam:CreateAccessKey", opFails(awserr.New("LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: 2")))
	status, _, body = tc.post(client, s, "/console/users/bob/access-keys", nil)
	if status != http.StatusConflict || !strings.Contains(body, "<strong>LimitExceeded</strong>: Cannot exceed quota for AccessKeysPerUser: 2") || strings.Contains(body, "download-csv") {
		t.Errorf("refused key: status %d\n%s", status, body)
	}
}

func TestCredentialsCSVQuotes(t *testing.T) {
	t.Parallel()
	href, err := credentialsCSV(createdData{UserName: "a,b", Password: `x"y`, SignInURL: "http://h/signin/1"})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(string(href), "data:text/csv;charset=utf-8;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	const want = "User name,Password,Access key ID,Secret access key,Console login link\r\n\"a,b\",\"x\"\"y\",,,http://h/signin/1\r\n"
	if string(raw) != want {
		t.Errorf("CSV %q, want %q", raw, want)
	}
}
