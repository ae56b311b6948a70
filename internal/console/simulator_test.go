package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
)

func simPtr[T any](v T) *T { return &v }

// simOnPrincipals answers ListUsers and ListRoles with one of each.
func simOnPrincipals(b *fakeBackend) {
	b.on("iam:ListUsers", func(*principal.Principal, any) (any, error) {
		return &iam.ListUsersResponse{Users: []iam.User{{UserName: "bob", Arn: "arn:aws:iam::123456789012:user/bob"}}, IsTruncated: simPtr(false)}, nil
	})
	b.on("iam:ListRoles", func(*principal.Principal, any) (any, error) {
		return &iam.ListRolesResponse{Roles: []iam.Role{{RoleName: "deployer", Arn: "arn:aws:iam::123456789012:role/deployer"}}, IsTruncated: simPtr(false)}, nil
	})
}

func TestSimulatorPageListsPrincipals(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	simOnPrincipals(tc.backend)
	client, _ := tc.signedInClient(alice)
	status, body := tc.get(client, "/console/simulator")
	if status != http.StatusOK {
		t.Fatalf("status = %d, want 200\n%s", status, body)
	}
	for _, want := range []string{
		`<option value="arn:aws:iam::123456789012:user/bob" >bob</option>`,
		`<option value="arn:aws:iam::123456789012:role/deployer" >deployer</option>`,
		`<option value="stringList" >stringList</option>`, `<option value="dateList" >dateList</option>`,
		`for="policy-1"`, `for="policy-2"`, `for="ctx-key-3"`, `data-testid="simulate-submit"`,
		`name="csrf" value="`, `aria-current="page">Policy simulator`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "Results") {
		t.Error("a page without a run shows results")
	}
}

// A person who may not list principals can still paste policies, or type
// an ARN.
func TestSimulatorPageWithoutListRights(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	client, _ := tc.signedInClient(alice)
	status, body := tc.get(client, "/console/simulator")
	if status != http.StatusOK {
		t.Fatalf("status = %d, want 200", status)
	}
	for _, want := range []string{`data-testid="principals-error"`, "AccessDenied: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ListUsers", `<input type="text" id="principal" name="principal"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestSimulatorRequests(t *testing.T) {
	t.Parallel()
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`
	tests := []struct {
		name   string
		form   url.Values
		op     string
		wantIn any
	}{{
		name: "principal",
		form: url.Values{
			"mode": {"principal"}, "principal": {"arn:aws:iam::123456789012:user/bob"},
			"actions":   {" iam:CreateUser\r\n\r\niam:DeleteUser \n"},
			"resources": {"*"},
			"ctx_key":   {"aws:SourceIp", "", "aws:TagKeys", "aws:MultiFactorAuthPresent", "aws:CurrentTime"},
			"ctx_type":  {"ip", "string", "stringList", "boolean", "date"},
			"ctx_value": {"10.0.0.1", "", " a, b ,,c", "true", "2025-01-31T12:00:00Z"},
			// Pasted policies are not part of a principal's simulation.
			"policy": {policy},
		},
		op: "iam:SimulatePrincipalPolicy",
		wantIn: &iam.SimulatePrincipalPolicyRequest{
			PolicySourceArn: "arn:aws:iam::123456789012:user/bob",
			ActionNames:     []string{"iam:CreateUser", "iam:DeleteUser"},
			ResourceArns:    []string{"*"},
			ContextEntries: []iam.ContextEntry{
				{ContextKeyName: "aws:SourceIp", ContextKeyType: "ip", ContextKeyValues: []string{"10.0.0.1"}},
				{ContextKeyName: "aws:TagKeys", ContextKeyType: "stringList", ContextKeyValues: []string{"a", "b", "c"}},
				{ContextKeyName: "aws:MultiFactorAuthPresent", ContextKeyType: "boolean", ContextKeyValues: []string{"true"}},
				{ContextKeyName: "aws:CurrentTime", ContextKeyType: "date", ContextKeyValues: []string{"2025-01-31T12:00:00Z"}},
			},
		},
	}, {
		name: "custom with boundary and resource policy",
		form: url.Values{
			"mode": {"custom"}, "policy": {policy, "  ", policy}, "boundary": {policy}, "resource_policy": {policy},
			"caller_arn": {" arn:aws:iam::123456789012:user/bob "},
			"actions":    {"s3:GetObject"}, "resources": {"arn:aws:s3:::b/k1\narn:aws:s3:::b/k2"},
			"ctx_key": {"s3:prefix"}, "ctx_type": {"string"}, "ctx_value": {"a,b"},
		},
		op: "iam:SimulateCustomPolicy",
		wantIn: &iam.SimulateCustomPolicyRequest{
			PolicyInputList:                    []string{policy, policy},
			PermissionsBoundaryPolicyInputList: []string{policy},
			ResourcePolicy:                     policy,
			CallerArn:                          "arn:aws:iam::123456789012:user/bob",
			ActionNames:                        []string{"s3:GetObject"},
			ResourceArns:                       []string{"arn:aws:s3:::b/k1", "arn:aws:s3:::b/k2"},
			// A string's commas are part of its one value.
			ContextEntries: []iam.ContextEntry{{ContextKeyName: "s3:prefix", ContextKeyType: "string", ContextKeyValues: []string{"a,b"}}},
		},
	}, {
		name: "custom without optional parts",
		form: url.Values{"mode": {"custom"}, "policy": {policy}, "actions": {"iam:GetUser"}, "resources": {""}, "boundary": {" \n"}},
		op:   "iam:SimulateCustomPolicy",
		wantIn: &iam.SimulateCustomPolicyRequest{
			PolicyInputList: []string{policy}, ActionNames: []string{"iam:GetUser"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			simOnPrincipals(tc.backend)
			answer := func(*principal.Principal, any) (any, error) {
				return &iam.SimulatePolicyResponse{IsTruncated: simPtr(false)}, nil
			}
			tc.backend.on("iam:SimulatePrincipalPolicy", answer)
			tc.backend.on("iam:SimulateCustomPolicy", answer)
			client, s := tc.signedInClient(alice)
			status, _, body := tc.post(client, s, "/console/simulator", tt.form)
			if status != http.StatusOK {
				t.Fatalf("status = %d, want 200\n%s", status, body)
			}
			calls := tc.backend.called(tt.op)
			if len(calls) != 1 {
				t.Fatalf("%s called %d times, want once", tt.op, len(calls))
			}
			if diff := cmp.Diff(tt.wantIn, calls[0].In); diff != "" {
				t.Errorf("input (-want +got):\n%s", diff)
			}
			if calls[0].Principal.ARN != alice.ARN {
				t.Errorf("called as %s, want %s", calls[0].Principal.ARN, alice.ARN)
			}
			if !strings.Contains(body, `data-testid="no-results"`) {
				t.Error("an empty answer is not said to be empty")
			}
		})
	}
}

func TestSimulatorRendersResults(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	simOnPrincipals(tc.backend)
	var markers []string
	tc.backend.on("iam:SimulateCustomPolicy", func(_ *principal.Principal, in any) (any, error) {
		req := in.(*iam.SimulateCustomPolicyRequest)
		markers = append(markers, req.Marker)
		if req.Marker == "" {
			return &iam.SimulatePolicyResponse{
				IsTruncated: simPtr(true), Marker: "1",
				EvaluationResults: []iam.EvaluationResult{{
					EvalActionName: "iam:CreateUser", EvalResourceName: "*", EvalDecision: "allowed",
					MatchedStatements: []iam.Statement{{
						SourcePolicyId: "PolicyInputList.1", SourcePolicyType: "IAM Policy",
						StartPosition: &iam.Position{Line: simPtr(int32(1)), Column: simPtr(int32(38))},
						EndPosition:   &iam.Position{Line: simPtr(int32(1)), Column: simPtr(int32(95))},
					}},
					PermissionsBoundaryDecisionDetail: &iam.PermissionsBoundaryDecisionDetail{AllowedByPermissionsBoundary: simPtr(true)},
				}},
			}, nil
		}
		return &iam.SimulatePolicyResponse{
			IsTruncated: simPtr(false),
			EvaluationResults: []iam.EvaluationResult{{
				EvalActionName: "s3:GetObject", EvalResourceName: "arn:aws:s3:::b/k", EvalDecision: "implicitDeny",
				ResourceSpecificResults: []iam.ResourceSpecificResult{{
					EvalResourceName: "arn:aws:s3:::b/k", EvalResourceDecision: "implicitDeny",
					MissingContextValues: []string{"aws:SourceIp"},
				}},
			}, {
				EvalActionName: "iam:DeleteUser", EvalResourceName: "*", EvalDecision: "explicitDeny",
				MissingContextValues: []string{"aws:MultiFactorAuthPresent"},
			}},
		}, nil
	})
	client, s := tc.signedInClient(alice)
	status, _, body := tc.post(client, s, "/console/simulator", url.Values{
		"mode": {"custom"}, "policy": {`{"Version":"2012-10-17","Statement":[]}`}, "actions": {"iam:CreateUser"},
	})
	if status != http.StatusOK {
		t.Fatalf("status = %d\n%s", status, body)
	}
	if diff := cmp.Diff([]string{"", "1"}, markers); diff != "" {
		t.Errorf("markers followed (-want +got):\n%s", diff)
	}
	for _, want := range []string{
		`<span class="status good" data-testid="decision-0">allowed</span>`,
		`<span class="status bad" data-testid="decision-1">implicitDeny</span>`,
		`<span class="status bad" data-testid="decision-2">explicitDeny</span>`,
		`<code>PolicyInputList.1</code> (IAM Policy) 1:38–1:95`,
		"Permissions boundary: allowed",
		`<td data-testid="resource-1"><code>arn:aws:s3:::b/k</code></td>`,
		`<li><code>aws:SourceIp</code></li>`, `<li><code>aws:MultiFactorAuthPresent</code></li>`,
		// The pasted policy is shown again, with a new empty field; the
		// newline the HTML parser drops comes before the policy's own text.
		"data-testid=\"policy-1\">\n{&#34;Version&#34;", `id="policy-2" name="policy"`,
		`action="/console/simulator#results"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestSimulatorErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantText   string
	}{
		{"access denied", awserr.AccessDenied("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:SimulatePrincipalPolicy on resource: user bob"), http.StatusForbidden,
			"AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:SimulatePrincipalPolicy on resource: user bob"},
		{"role gone", awserr.NoSuchEntity("The role with name %s cannot be found.", "deployer"), http.StatusNotFound,
			"NoSuchEntity</strong>: The role with name deployer cannot be found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			simOnPrincipals(tc.backend)
			tc.backend.on("iam:SimulatePrincipalPolicy", func(*principal.Principal, any) (any, error) { return nil, tt.err })
			client, s := tc.signedInClient(alice)
			status, _, body := tc.post(client, s, "/console/simulator", url.Values{
				"mode": {"principal"}, "principal": {"arn:aws:iam::123456789012:role/deployer"}, "actions": {"iam:GetUser"},
			})
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d", status, tt.wantStatus)
			}
			if !strings.Contains(body, tt.wantText) {
				t.Errorf("page lacks %q\n%s", tt.wantText, body)
			}
			// The form keeps what was chosen.
			if !strings.Contains(body, `<option value="arn:aws:iam::123456789012:role/deployer" selected>`) {
				t.Error("the chosen principal is not selected again")
			}
		})
	}
}

func TestSimulatorGuards(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	simOnPrincipals(tc.backend)
	client, s := tc.signedInClient(alice)
	status, _, _ := tc.post(client, s, "/console/simulator", url.Values{"csrf": {"wrong"}, "mode": {"custom"}})
	if status != http.StatusForbidden {
		t.Errorf("POST with a wrong CSRF token: status = %d, want 403", status)
	}
	if n := len(tc.backend.called("iam:SimulateCustomPolicy")); n != 0 {
		t.Errorf("SimulateCustomPolicy called %d times without a valid token", n)
	}
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		req, _ := http.NewRequest(method, tc.server.URL+"/console/simulator", nil)
		res, err := anon.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
			t.Errorf("%s signed out: %d to %q, want 303 to /signin", method, res.StatusCode, res.Header.Get("Location"))
		}
	}
}
