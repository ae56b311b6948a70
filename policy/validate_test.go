package policy

import (
	"errors"
	"strings"
	"testing"
)

// stmt wraps statement JSON in a 2012-10-17 document.
func stmt(s string) string { return `{"Version":"2012-10-17","Statement":[` + s + `]}` }

const okAction = `"Action":"s3:GetObject"`
const okResource = `"Resource":"arn:aws:s3:::b/*"`

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind Kind
		doc  string
		want string // "" for valid
	}{
		// Valid documents.
		{"identity ok", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,` + okResource + `}`), ""},
		{"single statement object", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`, ""},
		{"no version identity", KindIdentity, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, ""},
		{"2008 version", KindIdentity, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, ""},
		{"Id element", KindIdentity, `{"Version":"2012-10-17","Id":"x","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, ""},
		{"NotAction NotResource", KindIdentity, stmt(`{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:iam::123456789012:user/x"}`), ""},
		{"condition number and bool", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,` + okResource + `,"Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true}}}`), ""},
		{"condition list", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,` + okResource + `,"Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*","b"]}}}`), ""},
		{"date condition", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,` + okResource + `,"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}}`), ""},
		{"epoch date", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,` + okResource + `,"Condition":{"DateLessThan":{"aws:EpochTime":"1704067200"}}}`), ""},
		{"unique sids", KindIdentity, stmt(`{"Sid":"A","Effect":"Allow",` + okAction + `,` + okResource + `},{"Sid":"B","Effect":"Allow",` + okAction + `,` + okResource + `}`), ""},
		{"empty sids repeat", KindIdentity, stmt(`{"Sid":"","Effect":"Allow",` + okAction + `,` + okResource + `},{"Sid":"","Effect":"Allow",` + okAction + `,` + okResource + `}`), ""},
		{"wildcard vendor", KindIdentity, stmt(`{"Effect":"Allow","Action":"*:Get*","Resource":"*"}`), ""},
		{"vendor with dash and dot", KindIdentity, stmt(`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}`), ""},
		{"iam user arn", KindIdentity, stmt(`{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::123456789012:user/${aws:username}"}`), ""},
		{"iam wildcard resource", KindIdentity, stmt(`{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:*"}`), ""},
		{"s3 access point region", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,"Resource":"arn:aws:s3:us-east-1:123456789012:accesspoint/ap"}`), ""},
		{"other partition", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,"Resource":"arn:aws-cn:s3:::b"}`), ""},
		{"managed ok", KindManaged, stmt(`{"Effect":"Allow",` + okAction + `,` + okResource + `}`), ""},
		{"trust ok", KindTrust, stmt(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`), ""},
		{"trust web identity", KindTrust, stmt(`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/x"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"]}`), ""},
		{"trust account principal", KindTrust, stmt(`{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole*"}`), ""},
		{"trust star principal", KindTrust, stmt(`{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}`), ""},
		{"resource policy", KindResource, stmt(`{"Sid":"Allow get","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root"]},` + okAction + `,` + okResource + `}`), ""},
		{"resource NotPrincipal", KindResource, stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:user/a"},` + okAction + `,` + okResource + `}`), ""},
		{"scp ok", KindSCP, stmt(`{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}`), ""},
		{"boundary ok", KindBoundary, stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`), ""},
		{"session ok", KindSession, `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, ""},
		{"unknown operator without keys", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,` + okResource + `,"Condition":{"Foo":{}}}`), ""},
		{"null in resource list", KindIdentity, stmt(`{"Effect":"Allow",` + okAction + `,"Resource":["arn:aws:s3:::b",null]}`), ""},

		// Syntax errors.
		{"not json", KindIdentity, `{"Version":`, MsgSyntax},
		{"array top level", KindIdentity, `[]`, MsgSyntax},
		{"trailing data", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`) + `{}`, MsgSyntax},
		{"unknown top element", KindIdentity, `{"Version":"2012-10-17","Foo":1,"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, MsgSyntax},
		{"lower-case element", KindIdentity, `{"version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, MsgSyntax},
		{"missing statement", KindIdentity, `{"Version":"2012-10-17"}`, MsgSyntax},
		{"empty statement list", KindIdentity, `{"Version":"2012-10-17","Statement":[]}`, MsgSyntax},
		{"statement is string", KindIdentity, `{"Version":"2012-10-17","Statement":"x"}`, MsgSyntax},
		{"unknown statement element", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Foo":"x"}`), MsgSyntax},
		{"unknown version", KindIdentity, `{"Version":"2020-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, MsgSyntax},
		{"version number", KindIdentity, `{"Version":2012,"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, MsgSyntax},
		{"missing effect", KindIdentity, stmt(`{"Action":"*","Resource":"*"}`), MsgSyntax},
		{"invalid effect", KindIdentity, stmt(`{"Effect":"Permit","Action":"*","Resource":"*"}`), MsgSyntax},
		{"effect not string", KindIdentity, stmt(`{"Effect":true,"Action":"*","Resource":"*"}`), MsgSyntax},
		{"action number", KindIdentity, stmt(`{"Effect":"Allow","Action":5,"Resource":"*"}`), MsgSyntax},
		{"action list of objects", KindIdentity, stmt(`{"Effect":"Allow","Action":[{}],"Resource":"*"}`), MsgSyntax},
		{"action and notaction", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}`), MsgSyntax},
		{"resource and notresource", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}`), MsgSyntax},
		{"condition not object", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":"x"}`), MsgSyntax},
		{"condition value object", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":{}}}}`), MsgSyntax},
		{"condition value null", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":null}}}`), MsgSyntax},
		{"unknown operator", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}`), MsgSyntax},
		{"lower-case operator", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"stringequals":{"a:b":"c"}}}`), MsgSyntax},
		{"NullIfExists", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"a:b":"true"}}}`), MsgSyntax},
		{"sid number", KindIdentity, stmt(`{"Sid":1,"Effect":"Allow","Action":"*","Resource":"*"}`), MsgSyntax},
		{"principal string arn", KindResource, stmt(`{"Effect":"Allow","Principal":"arn:aws:iam::123456789012:root","Action":"*","Resource":"*"}`), MsgSyntax},
		{"principal unknown type", KindResource, stmt(`{"Effect":"Allow","Principal":{"User":"x"},"Action":"*","Resource":"*"}`), MsgSyntax},

		// Version, legacy parsing, Sids.
		{"managed without version", KindManaged, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, MsgVersionTooOld},
		{"managed 2008", KindManaged, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, MsgVersionTooOld},
		{"effect lower case", KindIdentity, stmt(`{"Effect":"allow","Action":"*","Resource":"*"}`), MsgLegacyParsing},
		{"bad date", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"yesterday"}}}`), MsgLegacyParsing},
		{"legacy resource", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"arn:aws::::x"}`), MsgLegacyParsing},
		{"duplicate sid", KindIdentity, stmt(`{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}`), MsgSidNotUnique},
		{"sid with dash", KindIdentity, stmt(`{"Sid":"a-b","Effect":"Allow","Action":"*","Resource":"*"}`), MsgSidNotAlphanumeric},
		{"sid with space", KindTrust, stmt(`{"Sid":"a b","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`), MsgSidNotAlphanumeric},

		// Actions and resources.
		{"no action", KindIdentity, stmt(`{"Effect":"Allow","Resource":"*"}`), MsgMissingActions},
		{"empty action list", KindIdentity, stmt(`{"Effect":"Allow","Action":[],"Resource":"*"}`), MsgMissingActions},
		{"action without vendor", KindIdentity, stmt(`{"Effect":"Allow","Action":"GetObject","Resource":"*"}`), MsgActionNoVendor},
		{"notaction without vendor", KindIdentity, stmt(`{"Effect":"Allow","NotAction":"Get*","Resource":"*"}`), MsgActionNoVendor},
		{"action two colons", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:Get:Object","Resource":"*"}`), MsgActionTwoColons},
		{"bad vendor", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3*:Get","Resource":"*"}`), "Vendor s3* is not valid"},
		{"resource not arn", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"bucket"}`), `Resource bucket must be in ARN format or "*".`},
		{"resource empty", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":""}`), `Resource  must be in ARN format or "*".`},
		{"resource bad partition", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"arn:foo:s3:::b"}`), `Partition "foo" is not valid for resource "arn:foo:s3:::b".`},
		{"resource vendor regex", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"arn:aws"}`), MsgVendorRegex},
		{"iam region", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"arn:aws:iam:us-east-1:123456789012:user/x"}`), "IAM resource arn:aws:iam:us-east-1:123456789012:user/x cannot contain region information."},
		{"s3 region", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:us-east-1::b"}`), "Resource arn:aws:s3:us-east-1::b can not contain region information."},
		{"iam path", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":"arn:aws:iam::123456789012:person/x"}`), `IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.`},
		{"missing resource", KindIdentity, stmt(`{"Effect":"Allow","Action":"*"}`), MsgMissingResources},
		{"empty resource list", KindIdentity, stmt(`{"Effect":"Allow","Action":"*","Resource":[]}`), MsgMissingResources},
		{"boundary missing resource", KindBoundary, stmt(`{"Effect":"Allow","Action":"*"}`), MsgMissingResources},

		// Principals by kind.
		{"identity principal", KindIdentity, stmt(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), MsgPrincipalNotAllowed},
		{"identity notprincipal", KindManaged, stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}`), MsgPrincipalNotAllowed},
		{"session principal", KindSession, stmt(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), MsgPrincipalNotAllowed},
		{"trust without principal", KindTrust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), MsgMissingPrincipal},
		{"trust with resource", KindTrust, stmt(`{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}`), MsgResourceProhibited},
		{"trust wrong action", KindTrust, stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}`), MsgTrustActions},
		{"trust bad aws principal", KindTrust, stmt(`{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"bob"`},
		{"resource without principal", KindResource, stmt(`{"Effect":"Allow",` + okAction + `,` + okResource + `}`), MsgMissingPrincipal},
	}
	if len(tests) < 60 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseAndValidate([]byte(tt.doc), tt.kind)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error = %v, want *Error %q", err, tt.want)
			}
			if perr.Message != tt.want {
				t.Fatalf("message = %q, want %q (detail %q)", perr.Message, tt.want, perr.Detail)
			}
			if perr.Code() != CodeMalformedPolicyDocument {
				t.Fatalf("code = %q", perr.Code())
			}
		})
	}
}

func TestParsePositionsAndDuplicates(t *testing.T) {
	t.Parallel()
	src := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"A\", \"Effect\": \"Deny\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\"Sid\": \"B\", \"Effect\": \"Allow\", \"Action\": [\"ec2:*\"], \"Resource\": \"*\",\n     \"Condition\": {\"NumericEquals\": {\"k:n\": 1.5}, \"Bool\": {\"k:b\": false}}}\n  ]\n}"
	doc, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Statements) != 2 || !doc.StatementList {
		t.Fatalf("statements = %+v", doc.Statements)
	}
	a, b := doc.Statements[0], doc.Statements[1]
	if a.Effect != EffectAllow {
		t.Errorf("duplicate key: Effect = %q, want the last value", a.Effect)
	}
	if a.Span.Start.Line != 4 || a.Span.Start.Column != 5 || a.Span.End.Line != 4 {
		t.Errorf("span A = %+v", a.Span)
	}
	if src[a.Span.Start.Offset] != '{' || src[a.Span.End.Offset-1] != '}' {
		t.Errorf("span A offsets %d..%d do not frame the object", a.Span.Start.Offset, a.Span.End.Offset)
	}
	if b.Span.Start.Line != 5 || b.Span.End.Line != 6 {
		t.Errorf("span B = %+v", b.Span)
	}
	if got := b.Condition[0].Keys[0].Values[0]; got != "1.5" {
		t.Errorf("number value = %q", got)
	}
	if got := b.Condition[1].Keys[0].Values[0]; got != "false" {
		t.Errorf("bool value = %q", got)
	}
	if !doc.SupportsVariables() || doc.EffectiveVersion() != Version2012 {
		t.Error("version handling")
	}
}

func TestSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		doc  string
		want int
	}{
		{`{}`, 2},
		{"{ \n\t\"a\" : \"b c\" }", 11},
		{`{"a":"\" x"}`, 12},
		{`{"é":1}`, 7},
	}
	for _, tt := range tests {
		if got := Size(tt.doc); got != tt.want {
			t.Errorf("Size(%q) = %d, want %d", tt.doc, got, tt.want)
		}
	}
	if got := ManagedPolicySizeMessage(); got != "Cannot exceed quota for PolicySize: 6144" {
		t.Errorf("managed message %q", got)
	}
	if got := InlinePolicySizeMessage("user", "Bob", MaxUserInlineSize); got != "Maximum policy size of 2048 bytes exceeded for user Bob" {
		t.Errorf("inline message %q", got)
	}
	if got := TrustPolicySizeMessage(MaxTrustPolicySize); !strings.HasSuffix(got, ": 2048") {
		t.Errorf("trust message %q", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"a:b":["x*",1,true]}}}`)))
	f.Add([]byte(`{"Statement":{"Effect":"Deny","Principal":{"AWS":["1"]},"NotAction":"*","NotResource":"*"}}`))
	f.Add([]byte(`{"Version":"2008-10-17","Id":"x","Statement":[{"Sid":"a","Principal":"*"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) || perr.Message != MsgSyntax {
				t.Fatalf("parse error %v is not a syntax *Error", err)
			}
			return
		}
		for _, k := range []Kind{KindIdentity, KindManaged, KindTrust, KindResource, KindSCP} {
			if err := Validate(doc, k); err != nil {
				var perr *Error
				if !errors.As(err, &perr) || perr.Message == "" {
					t.Fatalf("validate error %v is not an *Error", err)
				}
			}
		}
		_ = Size(string(data))
	})
}
