package awsmanaged

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// wantCount is the size of the committed catalog (moto's data of May 2026).
// Update it with the catalog; TestMatchesSource checks it against moto.
const wantCount = 1485

func TestCount(t *testing.T) {
	t.Parallel()
	if err := Load(); err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := Count(); got != wantCount {
		t.Errorf("Count() = %d, want %d", got, wantCount)
	}
	if got := len(All()); got != Count() {
		t.Errorf("len(All()) = %d, Count() = %d", got, Count())
	}
}

var policyIDPattern = regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`)

func TestAllIsSortedIndexedAndUnique(t *testing.T) {
	t.Parallel()
	all := All()
	arns := make(map[string]bool, len(all))
	ids := make(map[string]string, len(all))
	for i, p := range all {
		if i > 0 && all[i-1].Name >= p.Name {
			t.Errorf("All()[%d] = %q does not sort after %q", i, p.Name, all[i-1].Name)
		}
		if arns[p.ARN] {
			t.Errorf("ARN %s appears twice", p.ARN)
		}
		arns[p.ARN] = true
		if other, dup := ids[p.PolicyID]; dup {
			t.Errorf("PolicyID %s shared by %s and %s", p.PolicyID, other, p.ARN)
		}
		ids[p.PolicyID] = p.ARN
		if want := "arn:aws:iam::aws:policy" + p.Path + p.Name; p.ARN != want {
			t.Errorf("ARN = %q, want %q", p.ARN, want)
		}
		if !policyIDPattern.MatchString(p.PolicyID) {
			t.Errorf("%s: PolicyID %q is not ANPA + 17 of [A-Z2-7]", p.ARN, p.PolicyID)
		}
		if p.PolicyID != derivePolicyID(p.ARN) {
			t.Errorf("%s: PolicyID %q is not derived from the ARN", p.ARN, p.PolicyID)
		}
		if got, ok := ByARN(p.ARN); !ok || got != p {
			t.Errorf("ByARN(%q) = %v, %v; want the policy from All()", p.ARN, got, ok)
		}
		if !strings.HasPrefix(p.DefaultVersionID, "v") {
			t.Errorf("%s: DefaultVersionID %q does not start with v", p.ARN, p.DefaultVersionID)
		}
	}
}

func TestWellKnownPolicies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		arn        string
		name, path string
		attachable bool
	}{
		{"arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess", "/", true},
		{"arn:aws:iam::aws:policy/ReadOnlyAccess", "ReadOnlyAccess", "/", true},
		{"arn:aws:iam::aws:policy/PowerUserAccess", "PowerUserAccess", "/", true},
		{"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "/", true},
		{"arn:aws:iam::aws:policy/IAMUserChangePassword", "IAMUserChangePassword", "/", true},
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "AWSLambdaBasicExecutionRole", "/service-role/", true},
		{"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "ViewOnlyAccess", "/job-function/", true},
		{"arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy", "AWSSupportServiceRolePolicy", "/aws-service-role/", false},
		{"arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", "IAMAuditRootUserCredentials", "/root-task/", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, ok := ByARN(tt.arn)
			if !ok {
				t.Fatalf("ByARN(%q) not found", tt.arn)
			}
			if p.Name != tt.name || p.Path != tt.path || p.IsAttachable != tt.attachable {
				t.Errorf("got name %q path %q attachable %v; want %q %q %v",
					p.Name, p.Path, p.IsAttachable, tt.name, tt.path, tt.attachable)
			}
			want, ok := mustSource(t)[tt.name] // the version changes with AWS: ask the source
			if !ok {
				t.Fatalf("moto has no %s", tt.name)
			}
			if p.DefaultVersionID != want.DefaultVersionID {
				t.Errorf("DefaultVersionID = %q, moto says %q", p.DefaultVersionID, want.DefaultVersionID)
			}
		})
	}
}

// TestAdministratorAccessDocument checks one document end to end, in the form
// every AWS user knows it.
func TestAdministratorAccessDocument(t *testing.T) {
	t.Parallel()
	p, ok := ByARN("arn:aws:iam::aws:policy/AdministratorAccess")
	if !ok {
		t.Fatal("AdministratorAccess not found")
	}
	var doc struct {
		Version   string
		Statement []struct{ Effect, Action, Resource string }
	}
	if err := json.Unmarshal([]byte(p.Document), &doc); err != nil {
		t.Fatalf("document: %v", err)
	}
	if doc.Version != "2012-10-17" || len(doc.Statement) != 1 ||
		doc.Statement[0].Effect != "Allow" || doc.Statement[0].Action != "*" || doc.Statement[0].Resource != "*" {
		t.Errorf("AdministratorAccess document = %s", p.Document)
	}
}

func TestByARNIsExact(t *testing.T) {
	t.Parallel()
	misses := []string{
		"",
		"AdministratorAccess",
		"arn:aws:iam::aws:policy/administratoraccess",
		"ARN:AWS:IAM::AWS:POLICY/AdministratorAccess",
		"arn:aws:iam::aws:policy/AdministratorAccess/",
		"arn:aws:iam::aws:policy/AdministratorAccess ",
		"arn:aws:iam::123456789012:policy/AdministratorAccess",
		"arn:aws-cn:iam::aws:policy/AdministratorAccess",
		"arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",      // lives under /service-role/
		"arn:aws:iam::aws:policy/service-role/AdministratorAccess", // lives under /
		"arn:aws:iam::aws:policy//AdministratorAccess",
	}
	for _, arn := range misses {
		if p, ok := ByARN(arn); ok || p != nil {
			t.Errorf("ByARN(%q) = %v, %v; want nil, false", arn, p, ok)
		}
	}
}

func TestDocumentsAreCompactJSONObjects(t *testing.T) {
	t.Parallel()
	for _, p := range All() {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(p.Document)); err != nil {
			t.Errorf("%s: document is not valid JSON: %v", p.ARN, err)
			continue
		}
		if buf.String() != p.Document {
			t.Errorf("%s: document does not compact to itself", p.ARN)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal([]byte(p.Document), &doc); err != nil {
			t.Errorf("%s: document is not a JSON object: %v", p.ARN, err)
			continue
		}
		if _, ok := doc["Statement"]; !ok {
			t.Errorf("%s: document has no Statement", p.ARN)
		}
	}
}

func TestAttachability(t *testing.T) {
	t.Parallel()
	counts := map[bool]int{}
	for _, p := range All() {
		counts[p.IsAttachable]++
		if want := p.Path != "/aws-service-role/"; p.IsAttachable != want {
			t.Errorf("%s: IsAttachable = %v, want %v", p.ARN, p.IsAttachable, want)
		}
	}
	if counts[true] == 0 || counts[false] == 0 {
		t.Errorf("attachable/not attachable = %d/%d; want some of each", counts[true], counts[false])
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	earliest := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC) // managed policies launched in 2015
	for _, p := range All() {
		if p.CreateDate.Location() != time.UTC || p.UpdateDate.Location() != time.UTC {
			t.Errorf("%s: dates not in UTC", p.ARN)
		}
		if p.CreateDate.Before(earliest) {
			t.Errorf("%s: CreateDate %v is implausible", p.ARN, p.CreateDate)
		}
		if p.UpdateDate.Before(p.CreateDate) {
			t.Errorf("%s: UpdateDate %v before CreateDate %v", p.ARN, p.UpdateDate, p.CreateDate)
		}
	}
}

// TestMatchesSource compares every policy with moto's data as Python reads
// it: the same names, paths, versions, dates and documents byte for byte.
func TestMatchesSource(t *testing.T) {
	t.Parallel()
	source := mustSource(t)
	if len(source) != Count() {
		t.Errorf("moto has %d policies, the catalog %d: run go generate ./internal/awsmanaged", len(source), Count())
	}
	for _, p := range All() {
		want, ok := source[p.Name]
		if !ok {
			t.Errorf("%s is not in moto's data", p.ARN)
			continue
		}
		wantCreate, err1 := time.Parse(time.RFC3339, want.CreateDate)
		wantUpdate, err2 := time.Parse(time.RFC3339, want.UpdateDate)
		if err1 != nil || err2 != nil {
			t.Errorf("%s: moto's dates do not parse: %v %v", p.Name, err1, err2)
			continue
		}
		if p.Path != want.Path || p.DefaultVersionID != want.DefaultVersionID ||
			!p.CreateDate.Equal(wantCreate) || !p.UpdateDate.Equal(wantUpdate) {
			t.Errorf("%s: got %s %s %v %v; moto says %s %s %s %s", p.Name,
				p.Path, p.DefaultVersionID, p.CreateDate, p.UpdateDate,
				want.Path, want.DefaultVersionID, want.CreateDate, want.UpdateDate)
		}
		if p.Document != want.Document {
			t.Errorf("%s: document differs from moto's\n got: %.200s\nwant: %.200s", p.Name, p.Document, want.Document)
		}
	}
}

func TestAllReturnsACopy(t *testing.T) {
	t.Parallel()
	first := All()
	first[0], first[1] = first[1], first[0]
	first[2] = nil
	second := All()
	if second[0].Name >= second[1].Name || second[2] == nil {
		t.Error("changing the slice from All() changed the catalog")
	}
}

func TestDerivePolicyIDIsStable(t *testing.T) {
	t.Parallel()
	// Stored attachments may refer to these IDs, so the derivation must not
	// change between releases; this value pins it.
	const arn = "arn:aws:iam::aws:policy/AdministratorAccess"
	if got, want := derivePolicyID(arn), "ANPA"+policyIDEncoding.EncodeToString(sha256Sum(arn))[:17]; got != want {
		t.Errorf("derivePolicyID(%q) = %q, want %q", arn, got, want)
	}
	if got, want := derivePolicyID(arn), goldenAdministratorAccessID; got != want {
		t.Errorf("derivePolicyID(%q) = %q, want %q (the derivation changed)", arn, got, want)
	}
	if derivePolicyID(arn) == derivePolicyID(arn+"x") {
		t.Error("different ARNs give the same ID")
	}
}

func gzipString(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeRejectsBadData(t *testing.T) {
	t.Parallel()
	const good = `{"name":"A","path":"/","createDate":"2015-02-06T18:39:46+00:00","updateDate":"2015-02-06T18:39:46+00:00","defaultVersionId":"v1","document":"{}"}`
	tests := []struct {
		name string
		gz   func(t *testing.T) []byte
		ok   bool
	}{
		{"valid", func(t *testing.T) []byte { return gzipString(t, "["+good+"]") }, true},
		{"empty array", func(t *testing.T) []byte { return gzipString(t, "[]") }, true},
		{"not gzip", func(t *testing.T) []byte { return []byte("[]") }, false},
		{"empty", func(t *testing.T) []byte { return nil }, false},
		{"object, not array", func(t *testing.T) []byte { return gzipString(t, "{}") }, false},
		{"unterminated", func(t *testing.T) []byte { return gzipString(t, "["+good) }, false},
		{"trailing data", func(t *testing.T) []byte { return gzipString(t, "["+good+"] []") }, false},
		{"duplicate", func(t *testing.T) []byte { return gzipString(t, "["+good+","+good+"]") }, false},
		{"bad record", func(t *testing.T) []byte { return gzipString(t, `[{"name":1}]`) }, false},
		{"no name", func(t *testing.T) []byte { return gzipString(t, `[`+strings.Replace(good, `"A"`, `""`, 1)+`]`) }, false},
		{"bad path", func(t *testing.T) []byte { return gzipString(t, `[`+strings.Replace(good, `"/"`, `"x"`, 1)+`]`) }, false},
		{"bad date", func(t *testing.T) []byte {
			return gzipString(t, `[`+strings.Replace(good, "2015-02-06T18:39:46+00:00", "yesterday", 1)+`]`)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := decode(tt.gz(t))
			if tt.ok && (err != nil || c == nil) {
				t.Fatalf("decode: %v", err)
			}
			if !tt.ok && err == nil {
				t.Fatalf("decode succeeded with %d policies; want an error", len(c.sorted))
			}
		})
	}
}

// TestLoadCost measures what the catalog costs: the time to decode it and
// the heap it keeps. The bound is loose; the numbers are for the log.
func TestLoadCost(t *testing.T) {
	// Not parallel: heap measurements need a quiet process.
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	c, err := decode(embedded)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(c)
	heap := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
	t.Logf("decoded %d policies in %v; heap kept %.1f MB (embedded gzip %d bytes)", len(c.sorted), elapsed, heap, len(embedded))
	if heap > 16 {
		t.Errorf("catalog keeps %.1f MB of heap; want under 16 MB", heap)
	}
}

func BenchmarkByARN(b *testing.B) {
	all := All()
	arns := make([]string, len(all))
	for i, p := range all {
		arns[i] = p.ARN
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := ByARN(arns[i%len(arns)]); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := decode(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
