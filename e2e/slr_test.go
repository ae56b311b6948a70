package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// TestAWSCLIServiceLinkedRoles drives a service-linked role's life with the
// AWS CLI: created with AWS's name, path and policy, protected from the
// ordinary edits and deletion, and deleted the service-linked way.
func TestAWSCLIServiceLinkedRoles(t *testing.T) {
	t.Parallel()
	s := start(t, startOptions{engine: sqlite, fixRoot: true})
	root := newCLI(t, s, rootKeyID, rootSecret)
	const (
		svc      = "elasticbeanstalk.amazonaws.com"
		name     = "AWSServiceRoleForElasticBeanstalk"
		slrPol   = "arn:aws:iam::aws:policy/aws-service-role/AWSElasticBeanstalkServiceRolePolicy"
		trustDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	)

	created := root.ok("iam", "create-service-linked-role", "--aws-service-name", svc, "--description", "Beanstalk's role")
	if got, want := str(created, "Role", "Arn"), "arn:aws:iam::"+s.AccountID+":role/aws-service-role/"+svc+"/"+name; got != want {
		t.Fatalf("Arn = %q, want %q", got, want)
	}
	if got := str(created, "Role", "Path"); got != "/aws-service-role/"+svc+"/" {
		t.Fatalf("Path = %q", got)
	}
	attached := root.ok("iam", "list-attached-role-policies", "--role-name", name)
	if !strings.Contains(mustJSON(t, attached), slrPol) {
		t.Fatalf("attached policies = %s, want %s", mustJSON(t, attached), slrPol)
	}
	msg := root.fails("InvalidInput", "iam", "create-service-linked-role", "--aws-service-name", svc)
	if !strings.Contains(msg, "Service role name "+name+" has been taken in this account, please try a different suffix.") {
		t.Fatalf("duplicate message:\n%s", msg)
	}
	root.fails("InvalidInput", "iam", "create-role", "--role-name", "Fake", "--path", "/aws-service-role/"+svc+"/",
		"--assume-role-policy-document", trustDoc)

	// The ordinary edits and deletion are refused with AWS's text.
	protected := "Cannot perform the operation on the protected role '" + name + "' - this role is only modifiable by AWS"
	pol := root.ok("iam", "create-policy", "--policy-name", "mine", "--policy-document", policyV1)
	for _, args := range [][]string{
		{"delete-role", "--role-name", name},
		{"attach-role-policy", "--role-name", name, "--policy-arn", str(pol, "Policy", "Arn")},
		{"detach-role-policy", "--role-name", name, "--policy-arn", slrPol},
		{"put-role-policy", "--role-name", name, "--policy-name", "p", "--policy-document", policyV1},
		{"update-assume-role-policy", "--role-name", name, "--policy-document", trustDoc},
		{"update-role", "--role-name", name, "--max-session-duration", "7200"},
	} {
		if msg := root.fails("UnmodifiableEntity", append([]string{"iam"}, args...)...); !strings.Contains(msg, protected) {
			t.Fatalf("%s: message does not read as AWS's:\n%s", args[0], msg)
		}
	}
	// Its description is the customer's to edit.
	desc := root.ok("iam", "update-role-description", "--role-name", name, "--description", "edited")
	if got := str(desc, "Role", "Description"); got != "edited" {
		t.Fatalf("Description = %q", got)
	}

	deleted := root.ok("iam", "delete-service-linked-role", "--role-name", name)
	task := str(deleted, "DeletionTaskId")
	if !regexp.MustCompile(`^task/aws-service-role/` + regexp.QuoteMeta(svc) + `/` + name + `/[0-9a-f-]{36}$`).MatchString(task) {
		t.Fatalf("DeletionTaskId = %q", task)
	}
	status := root.ok("iam", "get-service-linked-role-deletion-status", "--deletion-task-id", task)
	if got := str(status, "Status"); got != "SUCCEEDED" {
		t.Fatalf("Status = %q, want SUCCEEDED", got)
	}
	root.fails("NoSuchEntity", "iam", "get-role", "--role-name", name)
	root.fails("InvalidInput", "iam", "get-service-linked-role-deletion-status", "--deletion-task-id", "task/aws-service-role/nonsense")
}
