package eval

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// crowdSet compiles one policy whose statements all allow s3:GetObject, on
// the given Resource elements (a JSON value each).
func crowdSet(tb testing.TB, resources ...string) *Set {
	tb.Helper()
	var stmts []string
	for i, r := range resources {
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":"s3:GetObject",%s}`, i, r))
	}
	return mustSet(tb, `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
}

func visited(s *Set, action, resource string) []int32 {
	var ids []int32
	s.index.candidates(&Request{Action: action, Resource: resource}, s, func(id int32) bool {
		ids = append(ids, id)
		return true
	})
	slices.Sort(ids)
	return ids
}

func TestResourceIndexVisitsOnlyPossibleMatches(t *testing.T) {
	t.Parallel()
	s := crowdSet(t,
		`"Resource":"arn:aws:s3:::bucket-1/*"`,               // 0
		`"Resource":"arn:aws:s3:::bucket-2/*"`,               // 1
		`"Resource":"arn:aws:s3:::bucket-1/k"`,               // 2
		`"Resource":"arn:aws:s3:::bucket"`,                   // 3: a prefix of the others
		`"Resource":"arn:aws:s3:::bucket-*/k"`,               // 4: wildcard in the middle
		`"Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]`, // 5: two prefixes
		`"Resource":"*"`,                                     // 6: always
		`"NotResource":"arn:aws:s3:::bucket-1/*"`,            // 7: always
		`"Resource":"arn:aws:s3:::${aws:username}/*"`,        // 8: prefix before the variable
		`"Resource":"*/x"`,                                   // 9: leading wildcard, always
	)
	if s.index.svc[0].lists[0].byPrefix == nil {
		t.Fatal("the group of ten statements is not indexed by resource")
	}
	tests := []struct {
		resource string
		want     []int32
	}{
		{"arn:aws:s3:::bucket-1/k", []int32{0, 2, 3, 4, 6, 7, 8, 9}},
		{"arn:aws:s3:::bucket-2/x", []int32{1, 3, 4, 6, 7, 8, 9}},
		{"arn:aws:s3:::bucket", []int32{3, 6, 7, 8, 9}},
		{"arn:aws:s3:::b/x", []int32{5, 6, 7, 8, 9}},
		{"arn:aws:s3:::a", []int32{6, 7, 8, 9}},
		{"arn:aws:s3:::", []int32{6, 7, 8, 9}},
		{"arn:aws:iam::1:user/x", []int32{6, 7, 9}},
		{"", []int32{6, 7, 9}},
	}
	for _, tt := range tests {
		if got := visited(s, "S3:getobject", tt.resource); !slices.Equal(got, tt.want) {
			t.Errorf("%q visits %v, want %v", tt.resource, got, tt.want)
		}
	}
}

func TestSmallGroupsAreNotIndexed(t *testing.T) {
	t.Parallel()
	s := crowdSet(t, `"Resource":"arn:aws:s3:::a/*"`, `"Resource":"arn:aws:s3:::b/*"`)
	g := &s.index.svc[0].lists[0]
	if g.byPrefix != nil || len(g.always) != 2 {
		t.Errorf("group of two: %+v", g)
	}
	if got := visited(s, "s3:GetObject", "arn:aws:s3:::c/x"); len(got) != 2 {
		t.Errorf("visited %v, want both statements", got)
	}
}

func TestPrefixChain(t *testing.T) {
	t.Parallel()
	prefixes := []string{"a", "ab", "abc", "abd", "b", "ba"}
	var ids []int32
	for i := range prefixes {
		ids = append(ids, int32(i))
	}
	stmts := make([]stmt, len(prefixes))
	for i, p := range prefixes {
		stmts[i] = compiledResource(t, p+"*")
	}
	g := newGroup(ids, stmts)
	if g.byPrefix == nil {
		t.Fatal("not indexed")
	}
	if want := []int32{-1, 0, 1, 1, -1, 4}; !slices.Equal(g.byPrefix.parent, want) {
		t.Errorf("parents %v, want %v", g.byPrefix.parent, want)
	}
	for _, tt := range []struct {
		resource string
		want     []int32
	}{
		{"abcx", []int32{2, 1, 0}}, // longest prefix first
		{"abx", []int32{1, 0}},
		{"abd", []int32{3, 1, 0}},
		{"ac", []int32{0}},
		{"bz", []int32{4}},
		{"c", nil},
		{"0", nil},
	} {
		var got []int32
		g.visit(tt.resource, func(id int32) bool { got = append(got, id); return true })
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q visits %v, want %v", tt.resource, got, tt.want)
		}
	}
}

func compiledResource(tb testing.TB, resource string) stmt {
	tb.Helper()
	s := crowdSet(tb, `"Resource":"`+resource+`"`)
	return s.stmts[0]
}

func TestEvaluateAllReportsEachStatementOnce(t *testing.T) {
	t.Parallel()
	// Statement 0 is reached through s3:* and s3:Get*, and through two
	// overlapping resource prefixes; it must be reported once, and the
	// matches come in statement order.
	s := mustSet(t, `{"Version":"2012-10-17","Statement":[
		{"Sid":"Twice","Effect":"Allow","Action":["s3:*","s3:Get*"],"Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b/k*"]},
		{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/k"},
		{"Sid":"B","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
		{"Sid":"C","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::c/*"},
		{"Sid":"D","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	if !s.stmts[0].revisit || s.stmts[3].revisit {
		t.Errorf("revisit flags: %v, %v", s.stmts[0].revisit, s.stmts[3].revisit)
	}
	var ev Evidence
	if d := s.EvaluateAll(&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, &ev); d != Allow {
		t.Fatalf("decision %v", d)
	}
	var sids []string
	for _, m := range ev.Matches {
		sids = append(sids, m.Sid)
	}
	if got := strings.Join(sids, ","); got != "Twice,A,B,D" {
		t.Errorf("matches %s, want Twice,A,B,D", got)
	}
}

func TestDenyAmongIndexedStatementsWins(t *testing.T) {
	t.Parallel()
	var resources []string
	for i := range 20 {
		resources = append(resources, fmt.Sprintf(`"Resource":"arn:aws:s3:::bucket-%d/*"`, i))
	}
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},`
	for i, r := range resources {
		effect := "Allow"
		if i == 13 {
			effect = "Deny"
		}
		doc += fmt.Sprintf(`{"Sid":"S%d","Effect":"%s","Action":"s3:Get*",%s},`, i, effect, r)
	}
	s := mustSet(t, strings.TrimSuffix(doc, ",")+"]}")
	for _, tt := range []struct {
		resource string
		want     Decision
		sid      string
	}{
		{"arn:aws:s3:::bucket-13/k", ExplicitDeny, "S13"},
		{"arn:aws:s3:::bucket-1/k", Allow, ""},
		{"arn:aws:s3:::bucket-130/k", Allow, ""},
	} {
		res := s.Evaluate(&Request{Action: "s3:GetObject", Resource: tt.resource})
		if res.Decision != tt.want || tt.sid != "" && res.Deciding.Sid != tt.sid {
			t.Errorf("%s: %v by %q, want %v by %q", tt.resource, res.Decision, res.Deciding.Sid, tt.want, tt.sid)
		}
	}
}
