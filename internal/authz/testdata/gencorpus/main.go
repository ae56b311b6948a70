// Command gencorpus writes internal/authz/testdata/corpus/*.json: the
// evaluation cases that corpus_test.go runs against authz.Decide and
// authz.ReferenceDecide, and that a boto3 script can run through IAM's
// policy simulator.
//
// Each case's expected decision is written here by hand from the AWS page
// it cites, never computed by the code under test. Run from the module
// root:
//
//	go run ./internal/authz/testdata/gencorpus
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const (
	acct    = "111122223333"
	other   = "444455556666"
	userARN = "arn:aws:iam::" + acct + ":user/bob"
	roleARN = "arn:aws:iam::" + acct + ":role/app"
	sessARN = "arn:aws:sts::" + acct + ":assumed-role/app/s1"
	fedARN  = "arn:aws:sts::" + acct + ":federated-user/bob"
	rootARN = "arn:aws:iam::" + acct + ":root"
	xUser   = "arn:aws:iam::" + other + ":user/eve"
	xRole   = "arn:aws:iam::" + other + ":role/ext"
	xSess   = "arn:aws:sts::" + other + ":assumed-role/ext/s2"
	xRoot   = "arn:aws:iam::" + other + ":root"
	bucket  = "arn:aws:s3:::amzn-s3-demo-bucket"
	object  = "arn:aws:s3:::amzn-s3-demo-bucket/report.csv"
	secret  = "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:db-AbCdEf"
	queue   = "arn:aws:sqs:us-east-1:" + acct + ":jobs"
	xQueue  = "arn:aws:sqs:us-east-1:" + other + ":jobs"
	iamUser = "arn:aws:iam::" + acct + ":user/x"
	appRole = roleARN

	docBase   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
	urlDeny   = docBase + "reference_policies_evaluation-logic_policy-eval-denyallow.html"
	urlBasics = docBase + "reference_policies_evaluation-logic_policy-eval-basics.html"
	urlCross  = docBase + "reference_policies_evaluation-logic-cross-account.html"
	urlBound  = docBase + "access_policies_boundaries.html"
	urlSess   = docBase + "access_policies.html#policies_session"
	urlRoles  = docBase + "id_roles_compare-resource-policies.html"
	urlDenied = docBase + "troubleshoot_access-denied.html"
	urlOps    = docBase + "reference_policies_elements_condition_operators.html"
	urlMulti  = docBase + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
	urlVars   = docBase + "reference_policies_variables.html"
	urlNA     = docBase + "reference_policies_elements_notaction.html"
	urlNR     = docBase + "reference_policies_elements_notresource.html"
	urlNP     = docBase + "reference_policies_elements_notprincipal.html"
	urlAction = docBase + "reference_policies_elements_action.html"
	urlRes    = docBase + "reference_policies_elements_resource.html"
	urlSCP    = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html"
	urlSCPs   = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html"
	urlRCP    = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html"
	urlRCPs   = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html"
)

// The JSON shapes mirror authz.CorpusFile; they are repeated here so that
// the generator does not depend on the package it tests.
type file struct {
	Topic string   `json:"topic"`
	Cases []*tcase `json:"cases"`
}

type tcase struct {
	Name              string    `json:"name"`
	Doc               doc       `json:"doc"`
	Principal         principal `json:"principal"`
	Policies          policies  `json:"policies"`
	ResourceAccount   string    `json:"resourceAccount,omitempty"`
	ResourceMustAllow bool      `json:"resourceMustAllow,omitempty"`
	Request           request   `json:"request"`
	Expect            expect    `json:"expect"`
}

type doc struct {
	URL   string `json:"url"`
	Quote string `json:"quote"`
}

type principal struct {
	Kind                        string `json:"kind"`
	ARN                         string `json:"arn"`
	Account                     string `json:"account"`
	RoleARN                     string `json:"roleArn,omitempty"`
	ID                          string `json:"id,omitempty"`
	IsManagementAccount         bool   `json:"isManagementAccount,omitempty"`
	ResourceInManagementAccount bool   `json:"resourceInManagementAccount,omitempty"`
	ServiceLinkedRole           bool   `json:"serviceLinkedRole,omitempty"`
}

type policies struct {
	Identity []json.RawMessage   `json:"identity,omitempty"`
	Boundary json.RawMessage     `json:"boundary,omitempty"`
	Session  json.RawMessage     `json:"session,omitempty"`
	SCPs     [][]json.RawMessage `json:"scps,omitempty"`
	RCPs     [][]json.RawMessage `json:"rcps,omitempty"`
	Resource json.RawMessage     `json:"resource,omitempty"`
}

type request struct {
	Action   string   `json:"action"`
	Resource string   `json:"resource"`
	Context  []ctxKey `json:"context,omitempty"`
}

type ctxKey struct {
	Key    string   `json:"key"`
	Type   string   `json:"type"`
	Values []string `json:"values"`
}

type expect struct {
	Allowed    bool   `json:"allowed"`
	Reason     string `json:"reason"`
	PolicyType string `json:"policyType"`
	Message    string `json:"message,omitempty"`
}

// The policy types in AWS's AccessDenied wording.
const (
	tIdentity = "identity-based policy"
	tBoundary = "permissions boundary"
	tSession  = "session policy"
	tSCP      = "service control policy"
	tRCP      = "resource control policy"
	tResource = "resource-based policy"
)

// Principals.
func user() principal { return principal{Kind: "User", ARN: userARN, Account: acct} }
func role() principal {
	return principal{Kind: "AssumedRole", ARN: sessARN, Account: acct, RoleARN: roleARN}
}
func fed() principal {
	return principal{Kind: "FederatedUser", ARN: fedARN, Account: acct, RoleARN: userARN}
}
func root() principal  { return principal{Kind: "Root", ARN: rootARN, Account: acct} }
func xuser() principal { return principal{Kind: "User", ARN: xUser, Account: other} }
func xrole() principal {
	return principal{Kind: "AssumedRole", ARN: xSess, Account: other, RoleARN: xRole}
}
func xroot() principal { return principal{Kind: "Root", ARN: xRoot, Account: other} }
func service(id string) principal {
	return principal{Kind: "ServicePrincipal", ARN: id, ID: id}
}
func anon() principal { return principal{Kind: "Anonymous", ARN: "anonymous"} }

// Policy documents.
func raw(s string) json.RawMessage {
	if !json.Valid([]byte(s)) {
		panic("invalid JSON: " + s)
	}
	return json.RawMessage(s)
}

func q(s string) string { b, _ := json.Marshal(s); return string(b) }

func stmt(effect, action, resource string) string {
	return fmt.Sprintf(`{"Effect":%s,"Action":%s,"Resource":%s}`, q(effect), q(action), q(resource))
}

func stmtCond(effect, action, resource, cond string) string {
	return fmt.Sprintf(`{"Effect":%s,"Action":%s,"Resource":%s,"Condition":%s}`, q(effect), q(action), q(resource), cond)
}

func pol(stmts ...string) json.RawMessage {
	return raw(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`)
}

func allowP(action, resource string) json.RawMessage { return pol(stmt("Allow", action, resource)) }
func denyP(action, resource string) json.RawMessage  { return pol(stmt("Deny", action, resource)) }

// fullAccess is AWS's FullAWSAccess SCP (and RCPFullAWSAccess's effect).
func fullAccess() json.RawMessage { return allowP("*", "*") }

func rcpFull() json.RawMessage {
	return raw(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`)
}

// resPol builds a resource-based policy statement list.
func resStmt(effect, principalJSON, action, resource string) string {
	return fmt.Sprintf(`{"Effect":%s,"Principal":%s,"Action":%s,"Resource":%s}`, q(effect), principalJSON, q(action), q(resource))
}

func awsP(arns ...string) string {
	parts := make([]string, len(arns))
	for i, a := range arns {
		parts[i] = q(a)
	}
	return `{"AWS":[` + strings.Join(parts, ",") + `]}`
}

func resP(effect, principalJSON, action, resource string) json.RawMessage {
	return pol(resStmt(effect, principalJSON, action, resource))
}

// Expectations.
func allowed(t string) expect { return expect{Allowed: true, Reason: "Allowed", PolicyType: t} }
func rootAllowed() expect     { return expect{Allowed: true, Reason: "AllowedRootUser"} }

func resourceOrBlank(resource string) string {
	if resource == "" {
		return ""
	}
	return " on resource: " + resource
}

func implicitE(t string, p principal, action, resource string) expect {
	return expect{Reason: "ImplicitDeny", PolicyType: t, Message: fmt.Sprintf(
		"User: %s is not authorized to perform: %s%s because no %s allows the %s action",
		p.ARN, action, resourceOrBlank(resource), t, action)}
}

func explicitE(t string, p principal, action, resource string) expect {
	art := "a"
	if t == tIdentity {
		art = "an"
	}
	return expect{Reason: "ExplicitDeny", PolicyType: t, Message: fmt.Sprintf(
		"User: %s is not authorized to perform: %s%s with an explicit deny in %s %s",
		p.ARN, action, resourceOrBlank(resource), art, t)}
}

var files = map[string]*file{}

func add(topic string, c *tcase) {
	f := files[topic]
	if f == nil {
		f = &file{Topic: topic}
		files[topic] = f
	}
	for _, other := range f.Cases {
		if other.Name == c.Name {
			panic("duplicate case name: " + c.Name)
		}
	}
	f.Cases = append(f.Cases, c)
}

type jsonDoc = json.RawMessage

func main() {
	explicitDenyCases()
	scpCases()
	rcpCases()
	boundaryCases()
	sessionCases()
	crossAccountCases()
	resourceBasedCases()
	rootCases()
	conditionCases()
	variableCases()
	notElementCases()
	wildcardCases()
	moreConditionCases()
	moreVariableCases()
	identityExampleCases()
	moreBoundaryCases()
	resourceUserCases()
	statementCases()

	dir := filepath.Join("internal", "authz", "testdata", "corpus")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	total := 0
	for topic, f := range files {
		data, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(dir, topic+".json"), append(data, '\n'), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%-16s %d\n", topic, len(f.Cases))
		total += len(f.Cases)
	}
	fmt.Printf("%-16s %d\n", "total", total)
}
