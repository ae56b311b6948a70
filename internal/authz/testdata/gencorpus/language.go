package main

import "fmt"

func kv(key, typ string, values ...string) ctxKey { return ctxKey{Key: key, Type: typ, Values: values} }

// condCase is an identity policy allowing s3:GetObject under a condition.
type condCase struct {
	name  string
	cond  string
	ctx   []ctxKey
	allow bool
	url   string
	quote string
}

func conditionCases() {
	sQuote := "String condition operators let you construct Condition elements that restrict access based on comparing a key to a string value."
	nQuote := "Numeric condition operators let you construct Condition elements that restrict access based on comparing a key to an integer or decimal value."
	dQuote := "Date condition operators let you construct Condition elements that restrict access based on comparing a key to a date/time value."
	iQuote := "IP address condition operators let you construct Condition elements that restrict access based on comparing a key to an IPv4 or IPv6 address or range of IP addresses."
	bQuote := "Boolean conditions let you construct Condition elements that restrict access based on comparing a key to true or false."
	aQuote := "Amazon Resource Name (ARN) condition operators let you construct Condition elements that restrict access based on comparing a key to an ARN."
	nullQuote := "Use a Null condition operator to check if a condition key is absent at the time of authorization."
	ifQuote := "...IfExists: If the policy key is present in the context of the request, process the key as specified in the policy. If the key is not present, evaluate the condition element as true."
	missQuote := "If the key that you specify in a policy condition is not present in the request context, the values do not match and the condition is false. If the policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the condition is true."
	mQuote := "ForAllValues returns true if every context key value in the request matches at least one context key value in the policy. It also returns true if there are no context keys in the request. ForAnyValue returns true if any one of the context key values in the request matches any one of the context key values in the policy; it returns false if there are no keys."
	team := "aws:PrincipalTag/team"
	rows := []condCase{
		{"StringEquals matches", `{"StringEquals":{"aws:PrincipalTag/team":"dev"}}`, []ctxKey{kv(team, "string", "dev")}, true, urlOps, sQuote},
		{"StringEquals is case-sensitive", `{"StringEquals":{"aws:PrincipalTag/team":"dev"}}`, []ctxKey{kv(team, "string", "Dev")}, false, urlOps, sQuote},
		{"StringEqualsIgnoreCase ignores case", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"dev"}}`, []ctxKey{kv(team, "string", "DEV")}, true, urlOps, sQuote},
		{"StringNotEquals differing value", `{"StringNotEquals":{"aws:PrincipalTag/team":"dev"}}`, []ctxKey{kv(team, "string", "ops")}, true, urlOps, sQuote},
		{"StringNotEquals same value", `{"StringNotEquals":{"aws:PrincipalTag/team":"dev"}}`, []ctxKey{kv(team, "string", "dev")}, false, urlOps, sQuote},
		{"StringNotEquals with the key missing", `{"StringNotEquals":{"aws:PrincipalTag/team":"dev"}}`, nil, true, urlOps, missQuote},
		{"StringEquals with the key missing", `{"StringEquals":{"aws:PrincipalTag/team":"dev"}}`, nil, false, urlOps, missQuote},
		{"StringLike prefix wildcard", `{"StringLike":{"s3:prefix":"home/*"}}`, []ctxKey{kv("s3:prefix", "string", "home/bob/x")}, true, urlOps, sQuote},
		{"StringLike no match", `{"StringLike":{"s3:prefix":"home/*"}}`, []ctxKey{kv("s3:prefix", "string", "other/x")}, false, urlOps, sQuote},
		{"StringLike single-character wildcard", `{"StringLike":{"s3:prefix":"v?/"}}`, []ctxKey{kv("s3:prefix", "string", "v2/")}, true, urlOps, sQuote},
		{"StringNotLike matching value", `{"StringNotLike":{"s3:prefix":"tmp/*"}}`, []ctxKey{kv("s3:prefix", "string", "tmp/a")}, false, urlOps, sQuote},
		{"StringNotLike with the key missing", `{"StringNotLike":{"s3:prefix":"tmp/*"}}`, nil, true, urlOps, missQuote},
		{"values of one key are ORed", `{"StringEquals":{"aws:PrincipalTag/team":["dev","ops"]}}`, []ctxKey{kv(team, "string", "ops")}, true, urlOps, "If a single condition operator includes multiple values for a context key, those values are evaluated using a logical OR."},
		{"keys of one operator are ANDed", `{"StringEquals":{"aws:PrincipalTag/team":"dev","aws:PrincipalTag/project":"x"}}`, []ctxKey{kv(team, "string", "dev"), kv("aws:PrincipalTag/project", "string", "y")}, false, docBase + "reference_policies_multi-value-conditions.html", "If your policy has multiple context keys or multiple condition operators, they are evaluated using a logical AND."},
		{"operators are ANDed, all true", `{"StringEquals":{"aws:PrincipalTag/team":"dev"},"Bool":{"aws:SecureTransport":"true"}}`, []ctxKey{kv(team, "string", "dev"), kv("aws:SecureTransport", "boolean", "true")}, true, docBase + "reference_policies_multi-value-conditions.html", "If your policy has multiple context keys or multiple condition operators, they are evaluated using a logical AND."},
		{"operators are ANDed, one false", `{"StringEquals":{"aws:PrincipalTag/team":"dev"},"Bool":{"aws:SecureTransport":"true"}}`, []ctxKey{kv(team, "string", "dev"), kv("aws:SecureTransport", "boolean", "false")}, false, docBase + "reference_policies_multi-value-conditions.html", "If your policy has multiple context keys or multiple condition operators, they are evaluated using a logical AND."},

		{"NumericLessThan below", `{"NumericLessThan":{"s3:max-keys":"10"}}`, []ctxKey{kv("s3:max-keys", "numeric", "5")}, true, urlOps, nQuote},
		{"NumericLessThan equal", `{"NumericLessThan":{"s3:max-keys":"10"}}`, []ctxKey{kv("s3:max-keys", "numeric", "10")}, false, urlOps, nQuote},
		{"NumericLessThanEquals equal", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, []ctxKey{kv("s3:max-keys", "numeric", "10")}, true, urlOps, nQuote},
		{"NumericGreaterThan above", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, []ctxKey{kv("s3:max-keys", "numeric", "11")}, true, urlOps, nQuote},
		{"NumericGreaterThanEquals below", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, []ctxKey{kv("s3:max-keys", "numeric", "9")}, false, urlOps, nQuote},
		{"NumericEquals equal", `{"NumericEquals":{"s3:max-keys":"10"}}`, []ctxKey{kv("s3:max-keys", "numeric", "10")}, true, urlOps, nQuote},
		{"NumericNotEquals equal", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, []ctxKey{kv("s3:max-keys", "numeric", "10")}, false, urlOps, nQuote},
		{"NumericEquals with the key missing", `{"NumericEquals":{"s3:max-keys":"10"}}`, nil, false, urlOps, missQuote},
		{"NumericLessThan decimal", `{"NumericLessThan":{"s3:max-keys":"10.5"}}`, []ctxKey{kv("s3:max-keys", "numeric", "10")}, true, urlOps, nQuote},

		{"DateGreaterThan after", `{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`, []ctxKey{kv("aws:CurrentTime", "date", "2024-06-01T12:00:00Z")}, true, urlOps, dQuote},
		{"DateLessThan after", `{"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`, []ctxKey{kv("aws:CurrentTime", "date", "2024-06-01T12:00:00Z")}, false, urlOps, dQuote},
		{"DateLessThanEquals same instant", `{"DateLessThanEquals":{"aws:CurrentTime":"2024-06-01T12:00:00Z"}}`, []ctxKey{kv("aws:CurrentTime", "date", "2024-06-01T12:00:00Z")}, true, urlOps, dQuote},
		{"DateEquals epoch against ISO 8601", `{"DateEquals":{"aws:CurrentTime":"1704067200"}}`, []ctxKey{kv("aws:CurrentTime", "date", "2024-01-01T00:00:00Z")}, true, urlOps, "Date condition operators ... You can also use epoch (UNIX) time values."},
		{"DateNotEquals same instant", `{"DateNotEquals":{"aws:CurrentTime":"2024-06-01T12:00:00Z"}}`, []ctxKey{kv("aws:CurrentTime", "date", "2024-06-01T12:00:00Z")}, false, urlOps, dQuote},
		{"date window, inside", `{"DateGreaterThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2024-12-31T23:59:59Z"}}`, []ctxKey{kv("aws:CurrentTime", "date", "2024-06-01T12:00:00Z")}, true, urlOps, dQuote},
		{"date window, outside", `{"DateGreaterThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2024-12-31T23:59:59Z"}}`, []ctxKey{kv("aws:CurrentTime", "date", "2025-02-01T00:00:00Z")}, false, urlOps, dQuote},

		{"IpAddress in range", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, []ctxKey{kv("aws:SourceIp", "ip", "203.0.113.7")}, true, urlOps, iQuote},
		{"IpAddress outside range", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, []ctxKey{kv("aws:SourceIp", "ip", "198.51.100.1")}, false, urlOps, iQuote},
		{"NotIpAddress outside range", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, []ctxKey{kv("aws:SourceIp", "ip", "198.51.100.1")}, true, urlOps, iQuote},
		{"IpAddress IPv6 range", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, []ctxKey{kv("aws:SourceIp", "ip", "2001:db8:1234:5678::1")}, true, urlOps, iQuote},
		{"IpAddress single address", `{"IpAddress":{"aws:SourceIp":"203.0.113.7/32"}}`, []ctxKey{kv("aws:SourceIp", "ip", "203.0.113.7")}, true, urlOps, iQuote},
		{"IpAddress with the key missing", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, nil, false, urlOps, missQuote},
		{"IpAddress list of ranges", `{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}`, []ctxKey{kv("aws:SourceIp", "ip", "192.0.2.9")}, true, urlOps, iQuote},

		{"Bool true", `{"Bool":{"aws:SecureTransport":"true"}}`, []ctxKey{kv("aws:SecureTransport", "boolean", "true")}, true, urlOps, bQuote},
		{"Bool false value", `{"Bool":{"aws:SecureTransport":"true"}}`, []ctxKey{kv("aws:SecureTransport", "boolean", "false")}, false, urlOps, bQuote},
		{"Bool with the key missing", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`, nil, false, urlOps, missQuote},

		{"ArnEquals same ARN", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:alerts"}}`, []ctxKey{kv("aws:SourceArn", "arn", "arn:aws:sns:us-east-1:111122223333:alerts")}, true, urlOps, aQuote},
		{"ArnLike wildcards by segment", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}`, []ctxKey{kv("aws:SourceArn", "arn", "arn:aws:sns:eu-west-1:111122223333:alerts")}, true, urlOps, aQuote},
		{"ArnLike other account", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}`, []ctxKey{kv("aws:SourceArn", "arn", "arn:aws:sns:eu-west-1:444455556666:alerts")}, false, urlOps, aQuote},
		{"ArnNotEquals different ARN", `{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:alerts"}}`, []ctxKey{kv("aws:SourceArn", "arn", "arn:aws:sns:us-east-1:111122223333:other")}, true, urlOps, aQuote},
		{"ArnNotLike matching ARN", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:alerts"}}`, []ctxKey{kv("aws:SourceArn", "arn", "arn:aws:sns:us-east-1:111122223333:alerts")}, false, urlOps, aQuote},
		{"ArnLike on aws:PrincipalArn", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/*"}}`, []ctxKey{kv("aws:PrincipalArn", "arn", userARN)}, true, urlOps, aQuote},

		{"Null true with the key absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, nil, true, urlOps, nullQuote},
		{"Null true with the key present", `{"Null":{"aws:TokenIssueTime":"true"}}`, []ctxKey{kv("aws:TokenIssueTime", "date", "2024-06-01T12:00:00Z")}, false, urlOps, nullQuote},
		{"Null false with the key present", `{"Null":{"aws:TokenIssueTime":"false"}}`, []ctxKey{kv("aws:TokenIssueTime", "date", "2024-06-01T12:00:00Z")}, true, urlOps, nullQuote},
		{"Null false with the key absent", `{"Null":{"aws:TokenIssueTime":"false"}}`, nil, false, urlOps, nullQuote},

		{"StringEqualsIfExists with the key absent", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, nil, true, urlOps, ifQuote},
		{"StringEqualsIfExists matching", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, []ctxKey{kv("ec2:InstanceType", "string", "t2.micro")}, true, urlOps, ifQuote},
		{"StringEqualsIfExists not matching", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, []ctxKey{kv("ec2:InstanceType", "string", "m5.large")}, false, urlOps, ifQuote},
		{"NumericLessThanIfExists with the key absent", `{"NumericLessThanIfExists":{"s3:max-keys":"10"}}`, nil, true, urlOps, ifQuote},
		{"IpAddressIfExists outside range", `{"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}}`, []ctxKey{kv("aws:SourceIp", "ip", "198.51.100.1")}, false, urlOps, ifQuote},

		{"ForAllValues subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, []ctxKey{kv("aws:TagKeys", "stringList", "env")}, true, urlMulti, mQuote},
		{"ForAllValues value outside the set", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, []ctxKey{kv("aws:TagKeys", "stringList", "env", "cost")}, false, urlMulti, mQuote},
		{"ForAllValues with the key absent", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, nil, true, urlMulti, mQuote},
		{"ForAnyValue one value in the set", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}`, []ctxKey{kv("aws:TagKeys", "stringList", "cost", "team")}, true, urlMulti, mQuote},
		{"ForAnyValue no value in the set", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}`, []ctxKey{kv("aws:TagKeys", "stringList", "cost")}, false, urlMulti, mQuote},
		{"ForAnyValue with the key absent", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}`, nil, false, urlMulti, mQuote},
		{"ForAllValues:StringLike", `{"ForAllValues:StringLike":{"aws:TagKeys":["env*"]}}`, []ctxKey{kv("aws:TagKeys", "stringList", "env-prod", "envx")}, true, urlMulti, mQuote},
		{"ForAnyValue:StringEqualsIgnoreCase", `{"ForAnyValue:StringEqualsIgnoreCase":{"aws:TagKeys":["Env"]}}`, []ctxKey{kv("aws:TagKeys", "stringList", "ENV")}, true, urlMulti, mQuote},
		{"BinaryEquals same base64", `{"BinaryEquals":{"example:key":"QmluYXJ5VmFsdWU="}}`, []ctxKey{kv("example:key", "binary", "QmluYXJ5VmFsdWU=")}, true, urlOps, "The BinaryEquals condition operator lets you construct Condition elements that test key values that are in binary format."},
	}
	for _, r := range rows {
		c := &tcase{Name: r.name, Doc: doc{r.url, r.quote}, Principal: user(),
			Policies: policies{Identity: []jsonDoc{pol(stmtCond("Allow", "s3:GetObject", bucket+"/*", r.cond))}},
			Request:  request{Action: "s3:GetObject", Resource: object, Context: r.ctx}}
		if r.allow {
			c.Expect = allowed(tIdentity)
		} else {
			c.Expect = implicitE(tIdentity, user(), "s3:GetObject", object)
		}
		add("conditions", c)
	}
	// Deny statements with conditions, as in AWS's examples.
	type denyRow struct {
		name, cond string
		ctx        []ctxKey
		denied     bool
		quote      string
	}
	for _, r := range []denyRow{
		{"deny outside corporate range, request outside", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, []ctxKey{kv("aws:SourceIp", "ip", "203.0.113.5")}, true, iQuote},
		{"deny outside corporate range, request inside", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, []ctxKey{kv("aws:SourceIp", "ip", "192.0.2.5")}, false, iQuote},
		{"deny insecure transport", `{"Bool":{"aws:SecureTransport":"false"}}`, []ctxKey{kv("aws:SecureTransport", "boolean", "false")}, true, bQuote},
		{"deny without MFA, key absent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, nil, true, ifQuote},
		{"deny without MFA, MFA present", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, []ctxKey{kv("aws:MultiFactorAuthPresent", "boolean", "true")}, false, ifQuote},
		{"deny tagging with a forbidden key", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["secret"]}}`, []ctxKey{kv("aws:TagKeys", "stringList", "env", "secret")}, true, mQuote},
		{"deny tagging, no forbidden key", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["secret"]}}`, []ctxKey{kv("aws:TagKeys", "stringList", "env")}, false, mQuote},
		{"deny outside business hours", `{"DateGreaterThan":{"aws:CurrentTime":"2024-06-01T18:00:00Z"}}`, []ctxKey{kv("aws:CurrentTime", "date", "2024-06-01T19:00:00Z")}, true, dQuote},
	} {
		c := &tcase{Name: r.name, Doc: doc{urlOps, r.quote}, Principal: user(),
			Policies: policies{Identity: []jsonDoc{pol(stmt("Allow", "*", "*"), stmtCond("Deny", "*", "*", r.cond))}},
			Request:  request{Action: "s3:GetObject", Resource: object, Context: r.ctx}}
		if r.denied {
			c.Expect = explicitE(tIdentity, user(), "s3:GetObject", object)
		} else {
			c.Expect = allowed(tIdentity)
		}
		add("conditions", c)
	}
}

func variableCases() {
	q := "When the policy is evaluated, the policy variables are replaced with values that come from the context keys of the request itself."
	home := bucket + "/home/${aws:username}/*"
	type row struct {
		name     string
		version  string
		action   string
		policyR  string
		cond     string
		resource string
		ctx      []ctxKey
		allow    bool
		quote    string
	}
	uname := kv("aws:username", "string", "bob")
	rows := []row{
		{"home folder of the caller", "2012-10-17", "s3:GetObject", home, "", bucket + "/home/bob/notes.txt", []ctxKey{uname}, true, q},
		{"someone else's home folder", "2012-10-17", "s3:GetObject", home, "", bucket + "/home/alice/notes.txt", []ctxKey{uname}, false, q},
		{"own user for ChangePassword", "2012-10-17", "iam:ChangePassword", "arn:aws:iam::*:user/${aws:username}", "", userARN, []ctxKey{uname}, true, q},
		{"another user for ChangePassword", "2012-10-17", "iam:ChangePassword", "arn:aws:iam::*:user/${aws:username}", "", iamUser, []ctxKey{uname}, false, q},
		{"principal tag in the resource", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team}/*", "", bucket + "/dev/a", []ctxKey{kv("aws:PrincipalTag/team", "string", "dev")}, true, q},
		{"principal tag naming another folder", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team}/*", "", bucket + "/ops/a", []ctxKey{kv("aws:PrincipalTag/team", "string", "dev")}, false, q},
		{"default value when the key is missing", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team, 'shared'}/*", "", bucket + "/shared/a", nil, true, "To add a default value to a variable, surround the default value with single quotes, and separate it from the context key text with a comma and space."},
		{"missing key without a default", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team}/*", "", bucket + "/dev/a", nil, false, "If the key is not present in the request context ... the policy variable is not substituted and the statement does not match."},
		{"2008-10-17 treats the variable as text", "2008-10-17", "s3:GetObject", home, "", bucket + "/home/${aws:username}/x", []ctxKey{uname}, true, "If you don't include the Version element ... or set it to 2008-10-17, variables such as ${aws:username} aren't recognized as variables and are instead treated as literal strings in the policy."},
		{"2008-10-17 does not substitute", "2008-10-17", "s3:GetObject", home, "", bucket + "/home/bob/x", []ctxKey{uname}, false, "If you don't include the Version element ... or set it to 2008-10-17, variables such as ${aws:username} aren't recognized as variables and are instead treated as literal strings in the policy."},
		{"${*} is a literal asterisk", "2012-10-17", "s3:GetObject", bucket + "/${*}", "", bucket + "/*", nil, true, "Special characters: ${*} represents the * (asterisk) character; ${?} the question mark; ${$} the dollar sign."},
		{"${*} is not a wildcard", "2012-10-17", "s3:GetObject", bucket + "/${*}", "", bucket + "/abc", nil, false, "Special characters: ${*} represents the * (asterisk) character."},
		{"variable in a condition", "2012-10-17", "s3:ListBucket", bucket, `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, bucket, []ctxKey{uname, kv("s3:prefix", "string", "home/bob/docs")}, true, q},
		{"variable in a condition, other prefix", "2012-10-17", "s3:ListBucket", bucket, `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, bucket, []ctxKey{uname, kv("s3:prefix", "string", "home/eve/docs")}, false, q},
		{"resource account equals principal account", "2012-10-17", "s3:GetObject", "*", `{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}`, object, []ctxKey{kv("aws:ResourceAccount", "string", acct), kv("aws:PrincipalAccount", "string", acct)}, true, q},
		{"resource account differs from principal account", "2012-10-17", "s3:GetObject", "*", `{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}`, object, []ctxKey{kv("aws:ResourceAccount", "string", other), kv("aws:PrincipalAccount", "string", acct)}, false, q},
		{"userid variable for a role session", "2012-10-17", "s3:GetObject", bucket + "/${aws:userid}/*", "", bucket + "/AROAEXAMPLEID:s1/x", []ctxKey{kv("aws:userid", "string", "AROAEXAMPLEID:s1")}, true, q},
	}
	for _, r := range rows {
		s := stmt("Allow", r.action, r.policyR)
		if r.cond != "" {
			s = stmtCond("Allow", r.action, r.policyR, r.cond)
		}
		c := &tcase{Name: r.name, Doc: doc{urlVars, r.quote}, Principal: user(),
			Policies: policies{Identity: []jsonDoc{raw(fmt.Sprintf(`{"Version":%s,"Statement":[%s]}`, q2(r.version), s))}},
			Request:  request{Action: r.action, Resource: r.resource, Context: r.ctx}}
		if r.allow {
			c.Expect = allowed(tIdentity)
		} else {
			c.Expect = implicitE(tIdentity, user(), r.action, r.resource)
		}
		add("variables", c)
	}
}

func q2(s string) string { return q(s) }

func notElementCases() {
	type row struct {
		name, url, quote string
		identity         jsonDoc
		resourcePol      jsonDoc
		p                principal
		action, resource string
		ctx              []ctxKey
		want             expect
	}
	naQ := "NotAction is an advanced policy element that explicitly matches everything except the specified list of actions."
	nrQ := "NotResource is an advanced policy element that explicitly matches every resource except those specified."
	npQ := "Use the NotPrincipal element to deny access to all principals except the IAM user, federated user, IAM role, AWS account, AWS service, or other principal specified in the NotPrincipal element."
	allowNotIAM := pol(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`)
	mfa := pol(stmt("Allow", "*", "*"), `{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`)
	allowNotBucket := pol(`{"Effect":"Allow","Action":"s3:*","NotResource":["` + bucket + `","` + bucket + `/*"]}`)
	denyNotBucket := pol(stmt("Allow", "*", "*"), `{"Effect":"Deny","Action":"s3:*","NotResource":["`+bucket+`","`+bucket+`/*"]}`)
	both := pol(stmt("Allow", "*", "*"), `{"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::*"}`)
	rows := []row{
		{"Allow NotAction iam:* allows s3", urlNA, naQ, allowNotIAM, nil, user(), "s3:GetObject", object, nil, allowed(tIdentity)},
		{"Allow NotAction iam:* does not allow iam", urlNA, naQ, allowNotIAM, nil, user(), "iam:CreateUser", iamUser, nil, implicitE(tIdentity, user(), "iam:CreateUser", iamUser)},
		{"Allow NotAction matches case-insensitively", urlNA, naQ, pol(`{"Effect":"Allow","NotAction":"IAM:*","Resource":"*"}`), nil, user(), "iam:CreateUser", iamUser, nil, implicitE(tIdentity, user(), "iam:CreateUser", iamUser)},
		{"MFA deny stops s3 without MFA", urlNA, naQ, mfa, nil, user(), "s3:ListBucket", bucket, nil, explicitE(tIdentity, user(), "s3:ListBucket", bucket)},
		{"MFA deny exempts listed actions", urlNA, naQ, mfa, nil, user(), "iam:EnableMFADevice", userARN, nil, allowed(tIdentity)},
		{"MFA deny lifted with MFA", urlNA, naQ, mfa, nil, user(), "s3:ListBucket", bucket, []ctxKey{kv("aws:MultiFactorAuthPresent", "boolean", "true")}, allowed(tIdentity)},
		{"Allow NotResource allows another bucket", urlNR, nrQ, allowNotBucket, nil, user(), "s3:GetObject", "arn:aws:s3:::other-bucket/x", nil, allowed(tIdentity)},
		{"Allow NotResource excludes its bucket", urlNR, nrQ, allowNotBucket, nil, user(), "s3:GetObject", object, nil, implicitE(tIdentity, user(), "s3:GetObject", object)},
		{"Deny NotResource denies another bucket", urlNR, nrQ, denyNotBucket, nil, user(), "s3:GetObject", "arn:aws:s3:::other-bucket/x", nil, explicitE(tIdentity, user(), "s3:GetObject", "arn:aws:s3:::other-bucket/x")},
		{"Deny NotResource spares its bucket", urlNR, nrQ, denyNotBucket, nil, user(), "s3:GetObject", object, nil, allowed(tIdentity)},
		{"Deny NotResource ignores other services", urlNR, nrQ, denyNotBucket, nil, user(), "sqs:SendMessage", queue, nil, allowed(tIdentity)},
		{"NotAction with NotResource denies iam", urlNR, nrQ, both, nil, user(), "iam:CreateUser", iamUser, nil, explicitE(tIdentity, user(), "iam:CreateUser", iamUser)},
		{"NotAction with NotResource spares s3", urlNR, nrQ, both, nil, user(), "s3:GetObject", object, nil, allowed(tIdentity)},
	}
	npPolicy := pol(resStmt("Allow", awsP(userARN), "sqs:*", queue),
		`{"Effect":"Deny","NotPrincipal":{"AWS":["`+userARN+`","`+rootARN+`"]},"Action":"sqs:*","Resource":"`+queue+`"}`)
	alice := principal{Kind: "User", ARN: "arn:aws:iam::" + acct + ":user/alice", Account: acct}
	rows = append(rows,
		row{"NotPrincipal deny spares the listed user", urlNP, npQ, nil, npPolicy, user(), sqsSend, queue, nil, allowed(tResource)},
		row{"NotPrincipal deny stops an unlisted user", urlNP, npQ, fullAccess(), npPolicy, alice, sqsSend, queue, nil, explicitE(tResource, alice, sqsSend, queue)},
		row{"NotPrincipal deny stops an unlisted role session", urlNP, npQ, fullAccess(), npPolicy, role(), sqsSend, queue, nil, explicitE(tResource, role(), sqsSend, queue)},
		row{"NotPrincipal deny for another action", urlNP, npQ, fullAccess(), pol(`{"Effect":"Deny","NotPrincipal":{"AWS":"` + userARN + `"},"Action":"sqs:DeleteQueue","Resource":"` + queue + `"}`), alice, sqsSend, queue, nil, allowed(tIdentity)},
	)
	// The NotPrincipal page's own examples: the account, the role and the
	// session are evaluated as principals of their own.
	npQ2 := "If an assumed-role user is being evaluated, AWS might validate the account first, then the role, and then the assumed-role user. ... all principals except the user named Bob in AWS account 444455556666 are explicitly denied access."
	bobPolicy := pol(resStmt("Allow", awsP(other), "s3:*", "*"),
		`{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":["arn:aws:s3:::BUCKETNAME","arn:aws:s3:::BUCKETNAME/*"]}`)
	bob := principal{Kind: "User", ARN: "arn:aws:iam::444455556666:user/Bob", Account: other}
	carol := principal{Kind: "User", ARN: "arn:aws:iam::444455556666:user/Carol", Account: other}
	audit := principal{Kind: "AssumedRole", ARN: "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app", Account: other, RoleARN: "arn:aws:iam::444455556666:role/cross-account-read-only-role"}
	otherSession := audit
	otherSession.ARN = "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/other-session"
	auditPolicy := pol(resStmt("Allow", awsP(other), "s3:*", "*"),
		`{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app","arn:aws:iam::444455556666:role/cross-account-read-only-role","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":["arn:aws:s3:::Bucket_AccountAudit","arn:aws:s3:::Bucket_AccountAudit/*"]}`)
	bobObj, auditObj := "arn:aws:s3:::BUCKETNAME/x", "arn:aws:s3:::Bucket_AccountAudit/x"
	for _, r := range []struct {
		name   string
		p      principal
		policy jsonDoc
		res    string
		want   expect
	}{
		{"NotPrincipal example: Bob and his account listed, Bob spared", bob, bobPolicy, bobObj, allowed(tResource)},
		{"NotPrincipal example: Carol in Bob's account denied", carol, bobPolicy, bobObj, explicitE(tResource, carol, "s3:GetObject", bobObj)},
		{"NotPrincipal example: listed session spared", audit, auditPolicy, auditObj, allowed(tResource)},
		{"NotPrincipal example: another session of the listed role denied", otherSession, auditPolicy, auditObj, explicitE(tResource, otherSession, "s3:GetObject", auditObj)},
	} {
		add("not_elements", &tcase{Name: r.name, Doc: doc{urlNP, npQ2}, Principal: r.p, ResourceAccount: acct,
			Policies: policies{Identity: []jsonDoc{fullAccess()}, Resource: r.policy},
			Request:  request{Action: "s3:GetObject", Resource: r.res}, Expect: r.want})
	}
	for _, r := range rows {
		c := &tcase{Name: r.name, Doc: doc{r.url, r.quote}, Principal: r.p,
			Policies: policies{Resource: r.resourcePol}, Request: request{Action: r.action, Resource: r.resource, Context: r.ctx}, Expect: r.want}
		if r.identity != nil {
			c.Policies.Identity = []jsonDoc{r.identity}
		}
		add("not_elements", c)
	}
}

func wildcardCases() {
	aQ := "You can use wildcards (* or ?) in the action name ... Action names are case insensitive; the prefix and the action name are not case sensitive."
	rQ := "You can use wildcard characters (* and ?) within any ARN segment (the parts separated by colons) to represent any combination of characters (*) or any single character (?). ARNs are case sensitive."
	type row struct {
		name, quote, url, allowAction, allowResource, action, resource string
		allow                                                          bool
	}
	rows := []row{
		{"Get* covers GetObject", aQ, urlAction, "s3:Get*", "*", "s3:GetObject", object, true},
		{"Get* does not cover PutObject", aQ, urlAction, "s3:Get*", "*", "s3:PutObject", object, false},
		{"action names are case-insensitive", aQ, urlAction, "S3:getobject", "*", "s3:GetObject", object, true},
		{"service prefix is case-insensitive", aQ, urlAction, "s3:getObject", "*", "S3:GETOBJECT", object, true},
		{"wildcards inside the action", aQ, urlAction, "iam:*AccessKey*", "*", "iam:CreateAccessKey", userARN, true},
		{"inner wildcard no match", aQ, urlAction, "iam:*AccessKey*", "*", "iam:CreateUser", iamUser, false},
		{"question mark matches one character", aQ, urlAction, "s3:?etObject", "*", "s3:GetObject", object, true},
		{"question mark does not match two", aQ, urlAction, "s3:?etObject", "*", "s3:PutxObject", object, false},
		{"* matches every action", aQ, urlAction, "*", "*", "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:" + acct + ":table/t", true},
		{"service wildcard does not cross services", aQ, urlAction, "s3:*", "*", "sqs:SendMessage", queue, false},
		{"objects under a bucket", rQ, urlRes, "s3:GetObject", bucket + "/*", "s3:GetObject", object, true},
		{"bucket/* does not cover the bucket", rQ, urlRes, "s3:ListBucket", bucket + "/*", "s3:ListBucket", bucket, false},
		{"resource ARNs are case-sensitive", rQ, urlRes, "s3:GetObject", "arn:aws:s3:::AMZN-S3-DEMO-BUCKET/*", "s3:GetObject", object, false},
		{"users path wildcard", rQ, urlRes, "iam:GetUser", "arn:aws:iam::" + acct + ":user/*", "iam:GetUser", iamUser, true},
		{"users wildcard does not cover roles", rQ, urlRes, "iam:GetRole", "arn:aws:iam::" + acct + ":user/*", "iam:GetRole", roleARN, false},
		{"question mark in a resource", rQ, urlRes, "s3:GetObject", bucket + "/report.cs?", "s3:GetObject", object, true},
		{"wildcard region segment", rQ, urlRes, "ec2:StartInstances", "arn:aws:ec2:*:" + acct + ":instance/*", "ec2:StartInstances", "arn:aws:ec2:us-west-2:" + acct + ":instance/i-0abc", true},
		{"account segment must match", rQ, urlRes, "ec2:StartInstances", "arn:aws:ec2:*:" + acct + ":instance/*", "ec2:StartInstances", "arn:aws:ec2:us-west-2:" + other + ":instance/i-0abc", false},
		{"resource * matches any resource", rQ, urlRes, "sqs:SendMessage", "*", "sqs:SendMessage", xQueue, true},
		{"exact queue ARN", rQ, urlRes, "sqs:SendMessage", queue, "sqs:SendMessage", queue, true},
		{"exact queue ARN, other region", rQ, urlRes, "sqs:SendMessage", queue, "sqs:SendMessage", "arn:aws:sqs:us-west-2:" + acct + ":jobs", false},
	}
	for _, r := range rows {
		c := &tcase{Name: r.name, Doc: doc{r.url, r.quote}, Principal: user(),
			Policies: policies{Identity: []jsonDoc{allowP(r.allowAction, r.allowResource)}},
			Request:  request{Action: r.action, Resource: r.resource}}
		if r.allow {
			c.Expect = allowed(tIdentity)
		} else {
			c.Expect = implicitE(tIdentity, user(), r.action, r.resource)
		}
		add("wildcards", c)
	}
	dl := doc{urlAction, "You can specify multiple actions ... \"Action\": [\"sqs:SendMessage\", \"sqs:ReceiveMessage\"]"}
	multi := pol(`{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage"],"Resource":"*"}`)
	add("wildcards", &tcase{Name: "action list includes ReceiveMessage", Doc: dl, Principal: user(), Policies: policies{Identity: []jsonDoc{multi}},
		Request: request{Action: "sqs:ReceiveMessage", Resource: queue}, Expect: allowed(tIdentity)})
	add("wildcards", &tcase{Name: "action list excludes DeleteMessage", Doc: dl, Principal: user(), Policies: policies{Identity: []jsonDoc{multi}},
		Request: request{Action: "sqs:DeleteMessage", Resource: queue}, Expect: implicitE(tIdentity, user(), "sqs:DeleteMessage", queue)})
	dd := doc{urlDeny, "An explicit deny overrides an explicit allow."}
	del := pol(stmt("Allow", "iam:*", "*"), stmt("Deny", "iam:Delete*", "*"))
	add("wildcards", &tcase{Name: "wildcard deny covers DeleteUser", Doc: dd, Principal: user(), Policies: policies{Identity: []jsonDoc{del}},
		Request: request{Action: "iam:DeleteUser", Resource: iamUser}, Expect: explicitE(tIdentity, user(), "iam:DeleteUser", iamUser)})
	add("wildcards", &tcase{Name: "wildcard deny leaves CreateUser", Doc: dd, Principal: user(), Policies: policies{Identity: []jsonDoc{del}},
		Request: request{Action: "iam:CreateUser", Resource: iamUser}, Expect: allowed(tIdentity)})
	add("wildcards", &tcase{Name: "implicit deny for an action with no resource", Doc: doc{urlDenied, "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: codecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action"},
		Principal: user(), Policies: policies{Identity: []jsonDoc{allowP("s3:*", "*")}},
		Request: request{Action: "codecommit:ListRepositories", Resource: ""}, Expect: implicitE(tIdentity, user(), "codecommit:ListRepositories", "")})
}
