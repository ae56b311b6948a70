package permissions

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/service"
)

func TestExplainDescribesTheDecision(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.putInline("deny", `{"Version":"2012-10-17","Statement":[{"Sid":"NoDelete","Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}`)
	req := &service.AuthzRequest{Principal: f.principal(), Action: "iam:DeleteUser", Resource: "arn:aws:iam::111122223333:user/bob", Region: "us-east-1"}
	m, err := f.enf.Explain(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if m.Allowed || !m.ExplicitDeny || len(m.MatchedStatements.Items) != 1 || m.MatchedStatements.Items[0].StatementID != "NoDelete" ||
		m.MatchedStatements.Items[0].Effect != "DENY" {
		t.Fatalf("message %+v", m)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"allowed":false`, `"explicitDeny":true`, `"failures":{"items":[]}`,
		`"action":"iam:DeleteUser"`, `"key":"aws:username","values":{"items":[{"value":"alice"}]}`,
		`"arn":"arn:aws:iam::111122223333:user/alice"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("message JSON lacks %s:\n%s", want, b)
		}
	}
	// An implicit deny matches no statement.
	req.Action = "iam:CreateUser"
	if m, err = f.enf.Explain(context.Background(), req); err != nil || m.ExplicitDeny || len(m.MatchedStatements.Items) != 0 {
		t.Errorf("implicit deny message %+v, %v", m, err)
	}
}
