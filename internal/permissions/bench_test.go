package permissions

import (
	"context"
	"testing"

	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store/cached"
)

// BenchmarkAuthorizeUser is the enforcer's work on every request of an IAM
// user with warm caches: build the request context, look the compiled
// sets up, decide.
func BenchmarkAuthorizeUser(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	f.putInline("p", allow("iam:GetUser", "*", `{"StringEquals":{"aws:username":"alice"}}`))
	// As the app wires it: the enforcer reads through the cache.
	f.enf = NewEnforcer(NewLoader(cached.New(f.st)), f.enf.now)
	req := &service.AuthzRequest{
		Principal: f.principal(), Action: "iam:GetUser", Resource: "arn:aws:iam::" + acct + ":user/alice",
		SourceIP: "192.0.2.10", UserAgent: "aws-cli/1.45", Region: "us-east-1",
	}
	if err := f.enf.Authorize(ctx, req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := f.enf.Authorize(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
