package policybench

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/cedar-policy/cedar-go"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
	miniopolicy "github.com/minio/pkg/v3/policy"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/util"
)

// managedPolicy is one record of the root module's AWS managed policy
// catalog. internal/awsmanaged cannot be imported from this module, so the
// benchmark reads its embedded data file directly.
type managedPolicy struct {
	Name     string `json:"name"`
	Document string `json:"document"`
}

const managedPath = "../../internal/awsmanaged/policies.json.gz"

func loadManaged(tb testing.TB) []managedPolicy {
	tb.Helper()
	data, err := os.ReadFile(managedPath)
	if err != nil {
		tb.Fatalf("read managed policies: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("gunzip managed policies: %v", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatalf("gunzip managed policies: %v", err)
	}
	var out []managedPolicy
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("decode managed policies: %v", err)
	}
	if len(out) == 0 {
		tb.Fatal("no managed policies")
	}
	return out
}

// managedCounts parses every managed policy with each engine, reporting how
// many each accepts. Cedar's count is the policies translateToCedar can
// express faithfully and cedar-go then parses.
type managedCounts struct{ total, iamd, minio, cedar, opa int }

func countManaged(tb testing.TB, all []managedPolicy) managedCounts {
	c := managedCounts{total: len(all)}
	for _, m := range all {
		if _, err := compileIAMD([]string{m.Document}); err == nil {
			c.iamd++
		}
		if _, err := miniopolicy.ParseConfig(strings.NewReader(m.Document)); err == nil {
			c.minio++
		}
		var v any
		if err := util.UnmarshalJSON([]byte(m.Document), &v); err == nil {
			c.opa++
		}
	}
	c.cedar = len(translateManaged(tb, all))
	return c
}

// translateManaged returns the Cedar text of every managed policy that has
// a faithful translation; a translation cedar-go cannot parse fails tb.
func translateManaged(tb testing.TB, all []managedPolicy) []string {
	tb.Helper()
	var out []string
	for _, m := range all {
		doc, err := policy.Parse([]byte(m.Document))
		if err != nil {
			continue
		}
		text, err := translateToCedar(doc)
		if errors.Is(err, errSkip) {
			continue
		}
		if err != nil {
			tb.Fatalf("%s: %v", m.Name, err)
		}
		if _, err := cedar.NewPolicySetFromBytes(m.Name, []byte(text)); err != nil {
			tb.Fatalf("%s: cedar-go rejects the translation: %v", m.Name, err)
		}
		out = append(out, text)
	}
	return out
}

func TestManagedPolicies(t *testing.T) {
	t.Parallel()
	all := loadManaged(t)
	c := countManaged(t, all)
	t.Logf("%d AWS managed policies: iamd compiles %d, minio accepts %d, cedar translation for %d, OPA loads %d as data",
		c.total, c.iamd, c.minio, c.cedar, c.opa)
	if c.iamd != c.total {
		t.Errorf("iamd compiles %d of %d managed policies", c.iamd, c.total)
	}
}

func BenchmarkParseCompileAll(b *testing.B) {
	all := loadManaged(b)
	docs := make([][]byte, len(all))
	for i, m := range all {
		docs[i] = []byte(m.Document)
	}
	perPolicy := func(b *testing.B, n int) {
		b.ReportMetric(float64(n), "policies")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/policy")
	}

	b.Run("iamd", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, d := range docs {
				doc, err := policy.Parse(d)
				if err != nil {
					b.Fatalf("%s: %v", all[i].Name, err)
				}
				if _, err := eval.Compile(eval.PolicyInput{Kind: policy.KindIdentity, Ref: all[i].Name, Doc: doc}); err != nil {
					b.Fatalf("%s: %v", all[i].Name, err)
				}
			}
		}
		perPolicy(b, len(docs))
	})

	// minio parses and validates each policy; most are refused because they
	// name services other than S3. Failures cost time too, so all are timed.
	b.Run("minio", func(b *testing.B) {
		b.ReportAllocs()
		accepted := 0
		for b.Loop() {
			accepted = 0
			for _, d := range docs {
				if _, err := miniopolicy.ParseConfig(bytes.NewReader(d)); err == nil {
					accepted++
				}
			}
		}
		b.ReportMetric(float64(accepted), "accepted")
		perPolicy(b, len(docs))
	})

	// cedar parses the faithful translations only (translated beforehand).
	b.Run("cedar", func(b *testing.B) {
		texts := translateManaged(b, all)
		bs := make([][]byte, len(texts))
		for i, t := range texts {
			bs[i] = []byte(t)
		}
		b.ReportAllocs()
		for b.Loop() {
			for i, t := range bs {
				if _, err := cedar.NewPolicySetFromBytes(fmt.Sprint(i), t); err != nil {
					b.Fatal(err)
				}
			}
		}
		perPolicy(b, len(bs))
	})

	// OPA's generic evaluator keeps policies as data: loading is decoding
	// each document to an AST value, storing them, and preparing the query.
	b.Run("opa", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			policies := make([]ast.Value, 0, len(docs))
			for i, d := range docs {
				v, err := ast.ValueFromReader(bytes.NewReader(d))
				if err != nil {
					b.Fatalf("%s: %v", all[i].Name, err)
				}
				policies = append(policies, v)
			}
			store := inmem.NewFromASTObject(ast.NewObject(ast.Item(ast.StringTerm("policies"), ast.NewTerm(ast.NewArray(termsOf(policies)...)))))
			if _, err := rego.New(rego.Query("data.iam.decision"), rego.Module("iam.rego", iamRego), rego.Store(store)).
				PrepareForEval(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		perPolicy(b, len(docs))
	})
}

func termsOf(values []ast.Value) []*ast.Term {
	out := make([]*ast.Term, len(values))
	for i, v := range values {
		out[i] = ast.NewTerm(v)
	}
	return out
}
