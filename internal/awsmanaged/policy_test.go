package awsmanaged

import (
	"crypto/sha256"
	"testing"
	"time"
)

// goldenAdministratorAccessID pins derivePolicyID (computed independently
// with Python's hashlib and base64.b32encode); see TestDerivePolicyIDIsStable.
const goldenAdministratorAccessID = "ANPAXUEARDEVTUHKHZ23E"

func sha256Sum(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

func TestNewPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		in         record
		wantARN    string
		attachable bool
		wantCreate time.Time
	}{
		{
			name:       "root path",
			in:         record{Name: "ReadOnlyAccess", Path: "/", CreateDate: "2015-02-06T18:39:48+00:00", UpdateDate: "2026-04-03T15:27:12+00:00", DefaultVersionID: "v182", Document: `{"Statement":[]}`},
			wantARN:    "arn:aws:iam::aws:policy/ReadOnlyAccess",
			attachable: true,
			wantCreate: time.Date(2015, 2, 6, 18, 39, 48, 0, time.UTC),
		},
		{
			name:       "service-linked role policy",
			in:         record{Name: "AWSSupportServiceRolePolicy", Path: "/aws-service-role/", CreateDate: "2018-04-19T18:04:44Z", UpdateDate: "2018-04-19T18:04:44Z", DefaultVersionID: "v1", Document: `{}`},
			wantARN:    "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy",
			attachable: false,
			wantCreate: time.Date(2018, 4, 19, 18, 4, 44, 0, time.UTC),
		},
		{
			name:       "offset date becomes UTC",
			in:         record{Name: "X", Path: "/service-role/", CreateDate: "2020-01-01T02:00:00+02:00", UpdateDate: "2020-01-01T00:00:00Z", DefaultVersionID: "v2", Document: `{}`},
			wantARN:    "arn:aws:iam::aws:policy/service-role/X",
			attachable: true,
			wantCreate: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := newPolicy(tt.in)
			if err != nil {
				t.Fatalf("newPolicy: %v", err)
			}
			if p.ARN != tt.wantARN || p.Name != tt.in.Name || p.Path != tt.in.Path {
				t.Errorf("ARN, Name, Path = %q %q %q; want %q %q %q", p.ARN, p.Name, p.Path, tt.wantARN, tt.in.Name, tt.in.Path)
			}
			if p.IsAttachable != tt.attachable {
				t.Errorf("IsAttachable = %v, want %v", p.IsAttachable, tt.attachable)
			}
			if p.CreateDate != tt.wantCreate {
				t.Errorf("CreateDate = %v, want %v", p.CreateDate, tt.wantCreate)
			}
			if p.DefaultVersionID != tt.in.DefaultVersionID || p.Document != tt.in.Document {
				t.Errorf("version/document not carried over: %q %q", p.DefaultVersionID, p.Document)
			}
			if p.PolicyID != derivePolicyID(tt.wantARN) {
				t.Errorf("PolicyID = %q, want the one derived from the ARN", p.PolicyID)
			}
		})
	}
}
