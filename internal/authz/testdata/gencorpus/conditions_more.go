package main

// More condition-operator cases: every operator family of "IAM JSON policy
// elements: Condition operators", their negated and ...IfExists forms,
// missing keys, Null, and the set operators on multivalued keys. Each is
// an identity policy allowing (or, in the deny rows, denying) s3:GetObject
// under one condition.
func moreConditionCases() {
	sQ := "StringNotEqualsIgnoreCase: Negated matching, ignoring case. StringLike: Case-sensitive matching. The values can include multi-character match wildcards (*) and single-character match wildcards (?) anywhere in the string."
	nQ := "Numeric condition operators let you construct Condition elements that restrict access based on comparing a key to an integer or decimal value. NumericNotEquals: Negated matching. NumericGreaterThanEquals: \"Greater than or equals\" matching."
	dQ := "Date condition operators let you construct Condition elements that restrict access based on comparing a key to a date/time value. DateGreaterThanEquals: \"At or after\" matching. DateNotEquals: Negated matching."
	bQ := "Boolean conditions let you construct Condition elements that restrict access based on comparing a key to true or false."
	binQ := "The BinaryEquals condition operator lets you construct Condition elements that test key values that are in binary format. It compares the value of the specified key byte for byte against a base-64 encoded representation of the binary value in the policy."
	iQ := "IP address condition operators ... The aws:SourceIp key works only if the request comes from an IPv4 or IPv6 address ... \"aws:SourceIp\": [\"203.0.113.0/24\", \"2001:DB8:1234:5678::/64\"]"
	aQ := "ArnEquals, ArnLike: Case-sensitive matching of the ARN. Each of the six colon-delimited components of the ARN is checked separately and each can include multi-character match wildcards (*) or single-character match wildcards (?). ArnNotEquals, ArnNotLike: Negated matching for ARN."
	missQ := "If the key that you specify in a policy condition is not present in the request context, the values do not match and the condition is false. If the policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the condition is true. This logic applies to all condition operators except ...IfExists and Null check."
	ifQ := "...IfExists: If the policy key is present in the context of the request, process the key as specified in the policy. If the key is not present, evaluate the condition element as true."
	nullQ := "Use a Null condition operator to check if a condition key is absent at the time of authorization. In the policy statement, use either true (the key doesn't exist — it is null) or false (the key exists and its value is not null)."
	setQ := "ForAllValues: Tests whether the value of every member of the request set is a subset of the condition key set. The condition returns true if every key value in the request matches at least one value in the policy. It also returns true if there are no keys in the request. ForAnyValue: ... returns true if any one of the key values in the request matches any one of the condition values in the policy. For no matching key or a null dataset, the condition returns false."
	nullSetQ := "To ensure that the multivalued context key is present ... use the Null condition operator with a false value in addition to the ForAllValues condition operator, because ForAllValues returns true when the key is missing or has no values."
	keyCaseQ := "Condition key names are not case-sensitive. For example, including the aws:SourceIP condition key is equivalent to testing for AWS:SourceIp."
	orQ := "If a single condition operator includes multiple values for a context key, those values are evaluated using a logical OR."
	norQ := "Evaluation logic for negated matching condition operators: when a negated matching condition operator such as StringNotEquals or DateNotEquals lists multiple values for one context key, the values are combined with a logical NOR: the condition is true only when the request value matches none of them."
	urlCond := docBase + "reference_policies_elements_condition.html"
	urlMV := docBase + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
	urlMC := docBase + "reference_policies_condition-logic-multiple-context-keys-or-values.html"
	team := "aws:PrincipalTag/team"
	tags := func(v ...string) ctxKey { return kv("aws:TagKeys", "stringList", v...) }
	ip := func(v string) ctxKey { return kv("aws:SourceIp", "ip", v) }
	src := func(v string) ctxKey { return kv("aws:SourceArn", "arn", v) }
	now := func(v string) ctxKey { return kv("aws:CurrentTime", "date", v) }
	c := func(k ...ctxKey) []ctxKey { return k }
	alerts := "arn:aws:sns:us-east-1:" + acct + ":alerts"
	rows := []condCase{
		// String.
		{"StringNotEqualsIgnoreCase same value in other case", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"dev"}}`, c(kv(team, "string", "DEV")), false, urlOps, sQ},
		{"StringNotEqualsIgnoreCase different value", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"dev"}}`, c(kv(team, "string", "ops")), true, urlOps, sQ},
		{"StringNotEqualsIgnoreCase with the key missing", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"dev"}}`, nil, true, urlOps, missQ},
		{"StringEqualsIgnoreCase other value", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"dev"}}`, c(kv(team, "string", "DEVOPS")), false, urlOps, sQ},
		{"StringLike is case-sensitive", `{"StringLike":{"s3:prefix":"home/*"}}`, c(kv("s3:prefix", "string", "HOME/bob")), false, urlOps, sQ},
		{"StringLike wildcards anywhere in the string", `{"StringLike":{"s3:prefix":"*/reports/*.csv"}}`, c(kv("s3:prefix", "string", "2024/reports/q1.csv")), true, urlOps, sQ},
		{"StringLike wildcards anywhere, no match", `{"StringLike":{"s3:prefix":"*/reports/*.csv"}}`, c(kv("s3:prefix", "string", "2024/reports/q1.txt")), false, urlOps, sQ},
		{"StringLike question mark needs exactly one character", `{"StringLike":{"s3:prefix":"v?/"}}`, c(kv("s3:prefix", "string", "v10/")), false, urlOps, sQ},
		{"StringLike without wildcard is an exact match", `{"StringLike":{"s3:prefix":"home/"}}`, c(kv("s3:prefix", "string", "home/bob")), false, urlOps, sQ},
		{"StringNotLike value not matching", `{"StringNotLike":{"s3:prefix":"tmp/*"}}`, c(kv("s3:prefix", "string", "home/a")), true, urlOps, sQ},
		{"StringEquals list, no value matches", `{"StringEquals":{"aws:PrincipalTag/team":["dev","ops"]}}`, c(kv(team, "string", "qa")), false, urlMC, orQ},
		{"StringNotEquals list, value is one of them", `{"StringNotEquals":{"aws:PrincipalTag/team":["dev","ops"]}}`, c(kv(team, "string", "ops")), false, urlMC, norQ},
		{"StringNotEquals list, value is none of them", `{"StringNotEquals":{"aws:PrincipalTag/team":["dev","ops"]}}`, c(kv(team, "string", "qa")), true, urlMC, norQ},
		{"StringLike list of patterns ORed", `{"StringLike":{"s3:prefix":["home/*","shared/*"]}}`, c(kv("s3:prefix", "string", "shared/x")), true, urlMC, orQ},
		{"condition key names are case-insensitive", `{"IpAddress":{"AWS:SOURCEIP":"203.0.113.0/24"}}`, c(ip("203.0.113.9")), true, urlCond, keyCaseQ},
		{"condition key names are case-insensitive, outside range", `{"IpAddress":{"aws:sourceip":"203.0.113.0/24"}}`, c(ip("198.51.100.9")), false, urlCond, keyCaseQ},
		// Numeric.
		{"NumericNotEquals different value", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, c(kv("s3:max-keys", "numeric", "9")), true, urlOps, nQ},
		{"NumericNotEquals with the key missing", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, nil, true, urlOps, missQ},
		{"NumericGreaterThan equal", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, c(kv("s3:max-keys", "numeric", "10")), false, urlOps, nQ},
		{"NumericGreaterThanEquals equal", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, c(kv("s3:max-keys", "numeric", "10")), true, urlOps, nQ},
		{"NumericLessThanEquals above", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, c(kv("s3:max-keys", "numeric", "11")), false, urlOps, nQ},
		{"NumericEquals decimal equals integer", `{"NumericEquals":{"s3:max-keys":"10.0"}}`, c(kv("s3:max-keys", "numeric", "10")), true, urlOps, nQ},
		{"NumericLessThan with the key missing", `{"NumericLessThan":{"s3:max-keys":"10"}}`, nil, false, urlOps, missQ},
		{"NumericGreaterThan list ORed", `{"NumericGreaterThan":{"s3:max-keys":["100","5"]}}`, c(kv("s3:max-keys", "numeric", "7")), true, urlMC, orQ},
		// Date.
		{"DateGreaterThanEquals same instant", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2024-06-01T12:00:00Z"}}`, c(now("2024-06-01T12:00:00Z")), true, urlOps, dQ},
		{"DateGreaterThan same instant", `{"DateGreaterThan":{"aws:CurrentTime":"2024-06-01T12:00:00Z"}}`, c(now("2024-06-01T12:00:00Z")), false, urlOps, dQ},
		{"DateNotEquals different instant", `{"DateNotEquals":{"aws:CurrentTime":"2024-06-01T12:00:00Z"}}`, c(now("2024-06-01T12:00:01Z")), true, urlOps, dQ},
		{"DateNotEquals with the key missing", `{"DateNotEquals":{"aws:CurrentTime":"2024-06-01T12:00:00Z"}}`, nil, true, urlOps, missQ},
		{"DateLessThan with the key missing", `{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}`, nil, false, urlOps, missQ},
		{"DateEquals different instant", `{"DateEquals":{"aws:CurrentTime":"2024-06-01T12:00:00Z"}}`, c(now("2024-06-01T12:30:00Z")), false, urlOps, dQ},
		{"DateLessThan epoch request value", `{"DateLessThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}`, c(now("1700000000")), true, urlOps, "Date condition operators ... You can also use epoch (UNIX) time values."},
		{"DateGreaterThan on aws:TokenIssueTime, newer token", `{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}`, c(kv("aws:TokenIssueTime", "date", "2021-03-01T00:00:00Z")), true, urlOps, "For example, the following statement contains a Condition element that uses the DateGreaterThan condition operator with the aws:TokenIssueTime key. This condition specifies that the temporary security credentials used to make the request were issued in 2020."},
		{"DateGreaterThan on aws:TokenIssueTime, older token", `{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}`, c(kv("aws:TokenIssueTime", "date", "2019-12-31T00:00:00Z")), false, urlOps, "For example, the following statement contains a Condition element that uses the DateGreaterThan condition operator with the aws:TokenIssueTime key. This condition specifies that the temporary security credentials used to make the request were issued in 2020."},
		// Bool.
		{"Bool false matches false", `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, c(kv("aws:MultiFactorAuthPresent", "boolean", "false")), true, urlOps, bQ},
		{"Bool true matches MFA present", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`, c(kv("aws:MultiFactorAuthPresent", "boolean", "true")), true, urlOps, bQ},
		{"BoolIfExists true with the key absent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}`, nil, true, urlOps, ifQ},
		{"BoolIfExists true with the key false", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}`, c(kv("aws:MultiFactorAuthPresent", "boolean", "false")), false, urlOps, ifQ},
		// Binary.
		{"BinaryEquals different value", `{"BinaryEquals":{"example:key":"QmluYXJ5VmFsdWU="}}`, c(kv("example:key", "binary", "T3RoZXJWYWx1ZQ==")), false, urlOps, binQ},
		{"BinaryEquals with the key missing", `{"BinaryEquals":{"example:key":"QmluYXJ5VmFsdWU="}}`, nil, false, urlOps, missQ},
		// IP address.
		{"IpAddress IPv6 outside the range", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, c(ip("2001:db8:1234:9999::1")), false, urlOps, iQ},
		{"IpAddress mixed list, IPv6 caller", `{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}`, c(ip("2001:db8:1234:5678:abcd::1")), true, urlOps, iQ},
		{"IpAddress mixed list, IPv4 caller", `{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}`, c(ip("203.0.113.200")), true, urlOps, iQ},
		{"NotIpAddress inside the range", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, c(ip("203.0.113.1")), false, urlOps, iQ},
		{"NotIpAddress with the key missing", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, nil, true, urlOps, missQ},
		{"IpAddress last address of a /16", `{"IpAddress":{"aws:SourceIp":"198.51.0.0/16"}}`, c(ip("198.51.255.255")), true, urlOps, iQ},
		{"IpAddress just past a /16", `{"IpAddress":{"aws:SourceIp":"198.51.0.0/16"}}`, c(ip("198.52.0.1")), false, urlOps, iQ},
		// ARN.
		{"ArnEquals different ARN", `{"ArnEquals":{"aws:SourceArn":"` + alerts + `"}}`, c(src("arn:aws:sns:us-east-1:" + acct + ":other")), false, urlOps, aQ},
		{"ArnEquals with the key missing", `{"ArnEquals":{"aws:SourceArn":"` + alerts + `"}}`, nil, false, urlOps, missQ},
		{"ArnEquals accepts wildcards per segment", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:` + acct + `:alerts"}}`, c(src("arn:aws:sns:eu-west-1:" + acct + ":alerts")), true, urlOps, aQ},
		{"ArnNotEquals same ARN", `{"ArnNotEquals":{"aws:SourceArn":"` + alerts + `"}}`, c(src(alerts)), false, urlOps, aQ},
		{"ArnNotLike with the key missing", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:alerts"}}`, nil, true, urlOps, missQ},
		{"ArnNotLike ARN not matching", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:alerts"}}`, c(src("arn:aws:sns:us-east-1:" + acct + ":billing")), true, urlOps, aQ},
		{"ArnLike region segment without wildcard", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:` + acct + `:*"}}`, c(src("arn:aws:sns:us-west-2:" + acct + ":alerts")), false, urlOps, aQ},
		{"ArnLike single-character wildcard", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-?:` + acct + `:alerts"}}`, c(src(alerts)), true, urlOps, aQ},
		{"ArnLike is case-sensitive", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:` + acct + `:Alerts"}}`, c(src(alerts)), false, urlOps, aQ},
		// ...IfExists.
		{"DateLessThanIfExists with the key absent", `{"DateLessThanIfExists":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`, nil, true, urlOps, ifQ},
		{"DateLessThanIfExists with a later time", `{"DateLessThanIfExists":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`, c(now("2024-01-01T00:00:00Z")), false, urlOps, ifQ},
		{"ArnLikeIfExists mismatch", `{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:sns:*:` + acct + `:*"}}`, c(src("arn:aws:sns:us-east-1:" + other + ":alerts")), false, urlOps, ifQ},
		{"ArnLikeIfExists with the key absent", `{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:sns:*:` + acct + `:*"}}`, nil, true, urlOps, ifQ},
		{"NumericGreaterThanIfExists present and above", `{"NumericGreaterThanIfExists":{"s3:max-keys":"10"}}`, c(kv("s3:max-keys", "numeric", "20")), true, urlOps, ifQ},
		{"StringNotEqualsIfExists present and equal", `{"StringNotEqualsIfExists":{"aws:PrincipalTag/team":"dev"}}`, c(kv(team, "string", "dev")), false, urlOps, ifQ},
		{"IpAddressIfExists with the key absent", `{"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}}`, nil, true, urlOps, ifQ},
		{"StringLikeIfExists with the key absent", `{"StringLikeIfExists":{"s3:prefix":"home/*"}}`, nil, true, urlOps, ifQ},
		// Null.
		{"Null true on a multivalued key that is absent", `{"Null":{"aws:TagKeys":"true"}}`, nil, true, urlOps, nullQ},
		{"Null false on a multivalued key that is present", `{"Null":{"aws:TagKeys":"false"}}`, c(tags("env")), true, urlOps, nullQ},
		{"Null on two keys, both as required", `{"Null":{"aws:TokenIssueTime":"true","aws:SourceIp":"false"}}`, c(ip("192.0.2.1")), true, urlOps, nullQ},
		{"Null on two keys, one not as required", `{"Null":{"aws:TokenIssueTime":"true","aws:SourceIp":"false"}}`, nil, false, urlOps, nullQ},
		// Set operators.
		{"ForAllValues:StringNotEquals no forbidden value", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, c(tags("env", "team")), true, urlMV, setQ},
		{"ForAllValues:StringNotEquals one forbidden value", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, c(tags("env", "secret")), false, urlMV, setQ},
		{"ForAnyValue:StringNotEquals only the excluded value", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["secret"]}}`, c(tags("secret")), false, urlMV, setQ},
		{"ForAnyValue:StringNotEquals another value too", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["secret"]}}`, c(tags("secret", "env")), true, urlMV, setQ},
		{"ForAllValues:StringLike one value outside the pattern", `{"ForAllValues:StringLike":{"aws:TagKeys":["env*"]}}`, c(tags("env-prod", "cost")), false, urlMV, setQ},
		{"ForAnyValue:StringLike one value matches", `{"ForAnyValue:StringLike":{"aws:TagKeys":["cost*"]}}`, c(tags("env", "cost-center")), true, urlMV, setQ},
		{"ForAllValues:StringEqualsIgnoreCase", `{"ForAllValues:StringEqualsIgnoreCase":{"aws:TagKeys":["env","team"]}}`, c(tags("ENV", "Team")), true, urlMV, setQ},
		{"ForAllValues:StringEquals is case-sensitive", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, c(tags("ENV")), false, urlMV, setQ},
		{"ForAllValues every value in the set", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team","cost"]}}`, c(tags("cost", "team", "env")), true, urlMV, setQ},
		{"ForAllValues with Null false, key absent", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]},"Null":{"aws:TagKeys":"false"}}`, nil, false, urlMV, nullSetQ},
		{"ForAllValues with Null false, subset present", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]},"Null":{"aws:TagKeys":"false"}}`, c(tags("team")), true, urlMV, nullSetQ},
	}
	for _, r := range rows {
		w := imp(tIdentity)
		if r.allow {
			w = ok(tIdentity)
		}
		addUser("conditions_more", ucase{name: r.name, d: doc{r.url, r.quote},
			identity: ids(pol(stmtCond("Allow", "s3:GetObject", bucket+"/*", r.cond))),
			action:   "s3:GetObject", res: object, ctx: r.ctx, want: w})
	}

	// Deny statements: a condition that is true when its key is absent
	// makes the Deny apply.
	for _, r := range []condCase{
		{"Deny StringNotEquals with the key absent denies", `{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}`, nil, true, urlOps, missQ},
		{"Deny StringNotEquals with the allowed value", `{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}`, c(kv("aws:RequestedRegion", "string", "us-east-1")), false, urlOps, missQ},
		{"Deny StringEqualsIfExists with the key absent denies", `{"StringEqualsIfExists":{"aws:PrincipalTag/team":"contractors"}}`, nil, true, urlOps, ifQ},
		{"Deny StringEqualsIfExists with another value", `{"StringEqualsIfExists":{"aws:PrincipalTag/team":"contractors"}}`, c(kv(team, "string", "dev")), false, urlOps, ifQ},
		{"Deny Null true with the key absent denies", `{"Null":{"aws:PrincipalTag/team":"true"}}`, nil, true, urlOps, nullQ},
		{"Deny Null true with the key present", `{"Null":{"aws:PrincipalTag/team":"true"}}`, c(kv(team, "string", "dev")), false, urlOps, nullQ},
		{"Deny ForAllValues with the key absent denies", `{"ForAllValues:StringEquals":{"aws:TagKeys":["temp"]}}`, nil, true, urlMV, setQ},
		{"Deny ForAnyValue with the key absent", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["temp"]}}`, nil, false, urlMV, setQ},
		{"Deny ArnNotLike with the key absent denies", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:` + acct + `:*"}}`, nil, true, urlOps, missQ},
		{"Deny NumericGreaterThan with the key absent", `{"NumericGreaterThan":{"s3:max-keys":"100"}}`, nil, false, urlOps, missQ},
		{"Deny DateLessThanIfExists with the key absent denies", `{"DateLessThanIfExists":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`, nil, true, urlOps, ifQ},
	} {
		w := ok(tIdentity)
		if r.allow { // here: denied
			w = expl(tIdentity)
		}
		addUser("conditions_more", ucase{name: r.name, d: doc{r.url, r.quote},
			identity: ids(pol(stmt("Allow", "s3:*", "*"), stmtCond("Deny", "s3:GetObject", "*", r.cond))),
			action:   "s3:GetObject", res: object, ctx: r.ctx, want: w})
	}

	// The ...IfExists example of the operators page.
	ifPol := pol(stmtCond("Allow", "ec2:RunInstances", "*", `{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}`))
	ifDoc := doc{urlOps, "\"Condition\": {\"StringLikeIfExists\": {\"ec2:InstanceType\": [\"t1.*\", \"t2.*\", \"m3.*\"]}} ... If the key is present, the instance type must match; if it is not present (other resources of RunInstances), the condition is true."}
	instance := "arn:aws:ec2:us-east-1:" + acct + ":instance/*"
	volume := "arn:aws:ec2:us-east-1:" + acct + ":volume/vol-0abc"
	for _, r := range []struct {
		name, res string
		ctx       []ctxKey
		w         want
	}{
		{"IfExists example: t2.micro instance", instance, c(kv("ec2:InstanceType", "string", "t2.micro")), ok(tIdentity)},
		{"IfExists example: m3.large instance", instance, c(kv("ec2:InstanceType", "string", "m3.large")), ok(tIdentity)},
		{"IfExists example: m5.large instance", instance, c(kv("ec2:InstanceType", "string", "m5.large")), imp(tIdentity)},
		{"IfExists example: volume without an instance type", volume, nil, ok(tIdentity)},
	} {
		addUser("conditions_more", ucase{name: r.name, d: ifDoc, identity: ids(ifPol), action: "ec2:RunInstances", res: r.res, ctx: r.ctx, want: r.w})
	}
}
