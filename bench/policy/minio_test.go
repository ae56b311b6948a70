package policybench

import (
	"errors"
	"fmt"
	"strings"

	"github.com/iamd/iamd/policy/eval"
	miniopolicy "github.com/minio/pkg/v3/policy"
)

// errSkip marks a workload an engine cannot express faithfully.
var errSkip = errors.New("not expressible in this engine")

// minioEngine is minio's IAM policy package. It understands S3 (and
// MinIO's own admin, KMS and STS) actions only, answers allowed or not,
// and takes a bucket and object name rather than an ARN.
type minioEngine struct{}

func (minioEngine) name() string       { return "minio" }
func (minioEngine) explicitDeny() bool { return false }

func (minioEngine) prepare(w workload) (prepared, error) {
	if !w.s3Only {
		return nil, fmt.Errorf("minio: %s names services other than S3: %w", w.name, errSkip)
	}
	var policies []miniopolicy.Policy
	for i, d := range w.docs {
		p, err := miniopolicy.ParseConfig(strings.NewReader(d))
		if err != nil {
			return nil, fmt.Errorf("minio: parse policy %d: %w", i, err)
		}
		policies = append(policies, *p)
	}
	// MinIO merges a user's policies into one before deciding, as its
	// server does; that is part of loading, not of deciding.
	return minioPrepared{miniopolicy.MergePolicies(policies...)}, nil
}

type minioPrepared struct{ policy miniopolicy.Policy }

func (p minioPrepared) query(r request) (decider, error) {
	bucket, object, ok := strings.Cut(strings.TrimPrefix(r.resource, "arn:aws:s3:::"), "/")
	if !ok || !strings.HasPrefix(r.resource, "arn:aws:s3:::") {
		return nil, fmt.Errorf("minio: resource %q is not an S3 object: %w", r.resource, errSkip)
	}
	args := miniopolicy.Args{
		AccountName: "alice", Action: miniopolicy.Action(r.action),
		BucketName: bucket, ObjectName: object,
		ConditionValues: map[string][]string{},
	}
	// minio looks condition keys up without their "aws:" prefix.
	if r.username != "" {
		args.ConditionValues["username"] = []string{r.username}
	}
	if r.sourceIP != "" {
		args.ConditionValues["SourceIp"] = []string{r.sourceIP}
	}
	return minioQuery{policy: &p.policy, args: args}, nil
}

type minioQuery struct {
	policy *miniopolicy.Policy
	args   miniopolicy.Args
}

// decide reports ImplicitDeny for any refusal: minio does not say whether
// a Deny statement decided.
func (q minioQuery) decide() (eval.Decision, error) {
	if q.policy.IsAllowed(q.args) {
		return eval.Allow, nil
	}
	return eval.ImplicitDeny, nil
}
