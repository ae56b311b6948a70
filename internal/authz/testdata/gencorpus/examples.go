package main

import "fmt"

// The "Example IAM identity-based policies" pages, run as written (with
// their placeholders filled in) for an IAM user.
func identityExampleCases() {
	const topic = "examples_identity"
	c := func(k ...ctxKey) []ctxKey { return k }
	uname := kv("aws:username", "string", "bob")

	// AWS: Allows access based on date and time.
	dates := doc{docBase + "reference_policies_examples_aws-dates.html", "This policy restricts access to actions that occur between April 1, 2020 and June 30, 2020 (UTC), inclusive. \"DateGreaterThan\": {\"aws:CurrentTime\": \"2020-04-01T00:00:00Z\"}, \"DateLessThan\": {\"aws:CurrentTime\": \"2020-06-30T23:59:59Z\"}"}
	datePol := pol(stmtCond("Allow", "s3:GetObject", "*", `{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2020-06-30T23:59:59Z"}}`))
	for _, r := range []struct {
		name string
		ctx  []ctxKey
		w    want
	}{
		{"date range: in May 2020", c(kv("aws:CurrentTime", "date", "2020-05-15T10:00:00Z")), ok(tIdentity)},
		{"date range: first second of April", c(kv("aws:CurrentTime", "date", "2020-04-01T00:00:01Z")), ok(tIdentity)},
		{"date range: March 2020", c(kv("aws:CurrentTime", "date", "2020-03-31T23:00:00Z")), imp(tIdentity)},
		{"date range: July 2020", c(kv("aws:CurrentTime", "date", "2020-07-01T00:00:00Z")), imp(tIdentity)},
		{"date range: epoch time inside", c(kv("aws:CurrentTime", "date", "1590000000")), ok(tIdentity)},
		{"date range: no time in the context", nil, imp(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: dates, identity: ids(datePol), action: "s3:GetObject", res: object, ctx: r.ctx, want: r.w})
	}

	// AWS: Denies access to AWS based on the source IP.
	ipDoc := doc{docBase + "reference_policies_examples_aws_deny-ip.html", "In this example, the request will be denied unless it originates from the CIDR range 192.0.2.0/24 or 203.0.113.0/24. The policy does not deny requests made by AWS services using Forward access sessions ... This policy does not allow any actions. Use this policy in combination with other policies that allow specific actions."}
	denyIP := pol(stmtCond("Deny", "*", "*", `{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]},"Bool":{"aws:ViaAWSService":"false"}}`))
	via := func(v string) ctxKey { return kv("aws:ViaAWSService", "boolean", v) }
	for _, r := range []struct {
		name     string
		identity []jsonDoc
		ctx      []ctxKey
		w        want
	}{
		{"source IP: inside the first range", ids(fullAccess(), denyIP), c(kv("aws:SourceIp", "ip", "192.0.2.10"), via("false")), ok(tIdentity)},
		{"source IP: inside the second range", ids(fullAccess(), denyIP), c(kv("aws:SourceIp", "ip", "203.0.113.77"), via("false")), ok(tIdentity)},
		{"source IP: outside both ranges", ids(fullAccess(), denyIP), c(kv("aws:SourceIp", "ip", "198.51.100.4"), via("false")), expl(tIdentity)},
		{"source IP: outside, but via an AWS service", ids(fullAccess(), denyIP), c(kv("aws:SourceIp", "ip", "198.51.100.4"), via("true")), ok(tIdentity)},
		{"source IP: the deny alone allows nothing", ids(denyIP), c(kv("aws:SourceIp", "ip", "192.0.2.10"), via("false")), imp(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: ipDoc, identity: r.identity, action: "sqs:SendMessage", res: queue, ctx: r.ctx, want: r.w})
	}

	// AWS: Denies access to AWS based on the requested Region.
	regDoc := doc{docBase + "reference_policies_examples_aws_deny-requested-region.html", "This policy uses the NotAction element with the Deny effect, which explicitly denies access to all of the actions not listed in the statement. Actions in the CloudFront, IAM, Route 53, and Support services should not be denied ... This policy does not allow any actions."}
	denyReg := raw(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOutsideRequestedRegions","Effect":"Deny","NotAction":["cloudfront:*","iam:*","organizations:*","route53:*","support:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1","eu-west-1","eu-west-2","eu-west-3"]}}}]}`)
	region := func(v string) []ctxKey { return c(kv("aws:RequestedRegion", "string", v)) }
	ec2i := "arn:aws:ec2:us-east-1:" + acct + ":instance/i-0abc"
	for _, r := range []struct {
		name, action, res string
		ctx               []ctxKey
		w                 want
	}{
		{"requested Region: EC2 in us-east-1", "ec2:StartInstances", ec2i, region("us-east-1"), expl(tIdentity)},
		{"requested Region: EC2 in eu-west-1", "ec2:StartInstances", ec2i, region("eu-west-1"), ok(tIdentity)},
		{"requested Region: EC2 in eu-central-1", "ec2:StartInstances", ec2i, region("eu-central-1"), ok(tIdentity)},
		{"requested Region: IAM through us-east-1", "iam:CreateUser", iamUser, region("us-east-1"), ok(tIdentity)},
		{"requested Region: Route 53 through us-east-1", "route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z1D633PJN98FT9", region("us-east-1"), ok(tIdentity)},
		{"requested Region: STS is not exempt", "sts:GetCallerIdentity", "*", region("us-east-1"), expl(tIdentity)},
		{"requested Region: no Region in the context", "s3:GetObject", object, nil, expl(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: regDoc, identity: ids(fullAccess(), denyReg), action: r.action, res: r.res, ctx: r.ctx, want: r.w})
	}

	// AWS: Allows MFA-authenticated IAM users to manage their own
	// credentials on the Security credentials page.
	mfaDoc := doc{docBase + "reference_policies_examples_aws_my-sec-creds-self-manage.html", "The DenyAllExceptListedIfNoMFA statement denies access to every action in all AWS services, except a few listed actions, but only if the user is not signed in with MFA. ... aws:MultiFactorAuthPresent ... BoolIfExists ... The AllowManageOwnAccessKeys statement allows the user to create, update, and delete their own access keys."}
	self := "arn:aws:iam::*:user/${aws:username}"
	mfaPol := pol(
		`{"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:ListVirtualMFADevices"],"Resource":"*"}`,
		`{"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],"Resource":"`+self+`"}`,
		`{"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey","iam:GetAccessKeyLastUsed"],"Resource":"`+self+`"}`,
		`{"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice"],"Resource":"arn:aws:iam::*:mfa/*"}`,
		`{"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"`+self+`"}`,
		`{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:GetMFADevice","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`)
	mfa := func(v string) ctxKey { return kv("aws:MultiFactorAuthPresent", "boolean", v) }
	alice := "arn:aws:iam::" + acct + ":user/alice"
	for _, r := range []struct {
		name, action, res string
		ctx               []ctxKey
		w                 want
	}{
		{"MFA self-manage: own access key with MFA", "iam:CreateAccessKey", userARN, c(uname, mfa("true")), ok(tIdentity)},
		{"MFA self-manage: own access key without MFA", "iam:CreateAccessKey", userARN, c(uname, mfa("false")), expl(tIdentity)},
		{"MFA self-manage: own access key, MFA key absent", "iam:CreateAccessKey", userARN, c(uname), expl(tIdentity)},
		{"MFA self-manage: another user's access key with MFA", "iam:CreateAccessKey", alice, c(uname, mfa("true")), imp(tIdentity)},
		{"MFA self-manage: enable own MFA device without MFA", "iam:EnableMFADevice", userARN, c(uname), ok(tIdentity)},
		{"MFA self-manage: list own MFA devices without MFA", "iam:ListMFADevices", userARN, c(uname, mfa("false")), ok(tIdentity)},
		{"MFA self-manage: create a virtual MFA device without MFA", "iam:CreateVirtualMFADevice", "arn:aws:iam::" + acct + ":mfa/bob", c(uname), ok(tIdentity)},
		{"MFA self-manage: deactivate own MFA device without MFA", "iam:DeactivateMFADevice", userARN, c(uname, mfa("false")), expl(tIdentity)},
		{"MFA self-manage: deactivate own MFA device with MFA", "iam:DeactivateMFADevice", userARN, c(uname, mfa("true")), ok(tIdentity)},
		{"MFA self-manage: S3 with MFA is not granted", "s3:GetObject", object, c(uname, mfa("true")), imp(tIdentity)},
		{"MFA self-manage: S3 without MFA is denied", "s3:GetObject", object, c(uname, mfa("false")), expl(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: mfaDoc, identity: ids(mfaPol), action: r.action, res: r.res, ctx: r.ctx, want: r.w})
	}

	// Amazon EC2: Allows starting or stopping EC2 instances a user has
	// tagged.
	ownerDoc := doc{docBase + "reference_policies_examples_ec2_tag-owner.html", "This example shows how you might create an identity-based policy that allows an IAM user to start or stop EC2 instances, but only if the instance tag Owner has the value of that user's user name."}
	ownerPol := pol(`{"Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"aws:ResourceTag/Owner":"${aws:username}"}}}`,
		`{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}`)
	ownerTag := func(v string) ctxKey { return kv("aws:ResourceTag/Owner", "string", v) }
	for _, r := range []struct {
		name, action, res string
		ctx               []ctxKey
		w                 want
	}{
		{"EC2 owner tag: stop own instance", "ec2:StopInstances", ec2i, c(uname, ownerTag("bob")), ok(tIdentity)},
		{"EC2 owner tag: start another user's instance", "ec2:StartInstances", ec2i, c(uname, ownerTag("alice")), imp(tIdentity)},
		{"EC2 owner tag: untagged instance", "ec2:StartInstances", ec2i, c(uname), imp(tIdentity)},
		{"EC2 owner tag: terminate is not granted", "ec2:TerminateInstances", ec2i, c(uname, ownerTag("bob")), imp(tIdentity)},
		{"EC2 owner tag: describe needs no tag", "ec2:DescribeInstances", "*", nil, ok(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: ownerDoc, identity: ids(ownerPol), action: r.action, res: r.res, ctx: r.ctx, want: r.w})
	}

	// EC2: Start or stop instances based on matching principal and
	// resource tags.
	ccDoc := doc{docBase + "reference_policies_examples_ec2-start-stop-match-tags.html", "This example shows how you might create an identity-based policy that allows a principal to start or stop an Amazon EC2 instance when the instance's resource tag and the principal's tag have the same value for the tag key CostCenter."}
	ccPol := raw(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["ec2:startInstances","ec2:stopInstances"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/CostCenter":"${aws:PrincipalTag/CostCenter}"}}}}`)
	for _, r := range []struct {
		name string
		ctx  []ctxKey
		w    want
	}{
		{"CostCenter tags: equal", c(kv("aws:PrincipalTag/CostCenter", "string", "12345"), kv("aws:ResourceTag/CostCenter", "string", "12345")), ok(tIdentity)},
		{"CostCenter tags: different", c(kv("aws:PrincipalTag/CostCenter", "string", "12345"), kv("aws:ResourceTag/CostCenter", "string", "67890")), imp(tIdentity)},
		{"CostCenter tags: principal untagged", c(kv("aws:ResourceTag/CostCenter", "string", "12345")), imp(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: ccDoc, identity: ids(ccPol), action: "ec2:StartInstances", res: ec2i, ctx: r.ctx, want: r.w})
	}

	// Amazon S3: Allows IAM users access to their S3 home directory.
	homeDoc := doc{docBase + "reference_policies_examples_s3_home-directory-console.html", "This example shows how you might create an identity-based policy that allows IAM users to access their own home directory in Amazon S3 ... The policy uses the ${aws:username} policy variable ... s3:prefix ... s3:delimiter"}
	home := "arn:aws:s3:::amzn-s3-demo-bucket-home"
	homePol := pol(
		`{"Sid":"AllowRootAndHomeListingOfCompanyBucket","Effect":"Allow","Action":"s3:ListBucket","Resource":"`+home+`","Condition":{"StringEquals":{"s3:prefix":["","home/"],"s3:delimiter":["/"]}}}`,
		`{"Sid":"AllowListingOfUserFolder","Effect":"Allow","Action":"s3:ListBucket","Resource":"`+home+`","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*","home/${aws:username}"]}}}`,
		`{"Sid":"AllowAllS3ActionsInUserFolder","Effect":"Allow","Action":"s3:*","Resource":"`+home+`/home/${aws:username}/*"}`)
	prefix := func(v string) ctxKey { return kv("s3:prefix", "string", v) }
	delim := kv("s3:delimiter", "string", "/")
	for _, r := range []struct {
		name, action, res string
		ctx               []ctxKey
		w                 want
	}{
		{"home directory: list the bucket root", "s3:ListBucket", home, c(uname, prefix(""), delim), ok(tIdentity)},
		{"home directory: list home/", "s3:ListBucket", home, c(uname, prefix("home/"), delim), ok(tIdentity)},
		{"home directory: list home/ without the delimiter", "s3:ListBucket", home, c(uname, prefix("home/")), imp(tIdentity)},
		{"home directory: list own folder", "s3:ListBucket", home, c(uname, prefix("home/bob/photos/")), ok(tIdentity)},
		{"home directory: list another user's folder", "s3:ListBucket", home, c(uname, prefix("home/alice/")), imp(tIdentity)},
		{"home directory: put into own folder", "s3:PutObject", home + "/home/bob/cv.pdf", c(uname), ok(tIdentity)},
		{"home directory: delete from another user's folder", "s3:DeleteObject", home + "/home/alice/cv.pdf", c(uname), imp(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: homeDoc, identity: ids(homePol), action: r.action, res: r.res, ctx: r.ctx, want: r.w})
	}
}

// More "Policy variables" cases.
func moreVariableCases() {
	const topic = "variables_more"
	c := func(k ...ctxKey) []ctxKey { return k }
	uname := kv("aws:username", "string", "bob")
	vq := "When the policy is evaluated, the policy variables are replaced with values that come from the context keys of the request itself."
	defQ := "To add a default value to a variable, surround the default value with single quotes (' '), and separate the variable text and the default value with a comma and space (, ). ... the default value is used only when the key is not present in the request context."
	specQ := "There are a few predefined policy variables that have fixed values that enable you to represent characters that otherwise have special meaning. ${*} - represents the * (asterisk) character. ${?} - represents the ? (question mark) character. ${$} - represents the $ (dollar sign) character."
	verQ := "If you don't include the Version element ... variables such as ${aws:username} aren't recognized as variables and are instead treated as literal strings in the policy."
	type row struct {
		name, version, action, policyRes, cond, res string
		ctx                                         []ctxKey
		allow                                       bool
		quote                                       string
	}
	team := func(v string) ctxKey { return kv("aws:PrincipalTag/team", "string", v) }
	rows := []row{
		{"default value unused when the key is present", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team, 'shared'}/*", "", bucket + "/dev/a", c(team("dev")), true, defQ},
		{"default value not used when the key is present", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team, 'shared'}/*", "", bucket + "/shared/a", c(team("dev")), false, defQ},
		{"default value, missing key, other folder", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team, 'shared'}/*", "", bucket + "/dev/a", nil, false, defQ},
		{"${?} is a literal question mark", "2012-10-17", "s3:GetObject", bucket + "/file${?}", "", bucket + "/file?", nil, true, specQ},
		{"${?} is not a wildcard", "2012-10-17", "s3:GetObject", bucket + "/file${?}", "", bucket + "/fileX", nil, false, specQ},
		{"${$} is a literal dollar sign", "2012-10-17", "s3:GetObject", bucket + "/${$}price", "", bucket + "/$price", nil, true, specQ},
		{"${*} in a condition value is a literal asterisk", "2012-10-17", "s3:ListBucket", bucket, `{"StringLike":{"s3:prefix":"${*}"}}`, bucket, c(kv("s3:prefix", "string", "*")), true, specQ},
		{"${*} in a condition value is not a wildcard", "2012-10-17", "s3:ListBucket", bucket, `{"StringLike":{"s3:prefix":"${*}"}}`, bucket, c(kv("s3:prefix", "string", "abc")), false, specQ},
		{"variable in StringEquals", "2012-10-17", "s3:ListBucket", bucket, `{"StringEquals":{"s3:prefix":"home/${aws:username}/"}}`, bucket, c(uname, kv("s3:prefix", "string", "home/bob/")), true, vq},
		{"variable in StringEquals, other user", "2012-10-17", "s3:ListBucket", bucket, `{"StringEquals":{"s3:prefix":"home/${aws:username}/"}}`, bucket, c(uname, kv("s3:prefix", "string", "home/alice/")), false, vq},
		{"two variables in one resource", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team}/${aws:username}/*", "", bucket + "/dev/bob/x", c(uname, team("dev")), true, vq},
		{"two variables, second does not match", "2012-10-17", "s3:GetObject", bucket + "/${aws:PrincipalTag/team}/${aws:username}/*", "", bucket + "/dev/alice/x", c(uname, team("dev")), false, vq},
		{"aws:userid of an IAM user", "2012-10-17", "s3:GetObject", bucket + "/${aws:userid}/*", "", bucket + "/AIDAJQABLZS4A3QDU576Q/x", c(kv("aws:userid", "string", "AIDAJQABLZS4A3QDU576Q")), true, vq},
		{"aws:PrincipalAccount in a resource ARN", "2012-10-17", "sqs:SendMessage", "arn:aws:sqs:*:${aws:PrincipalAccount}:*", "", queue, c(kv("aws:PrincipalAccount", "string", acct)), true, vq},
		{"aws:PrincipalAccount naming another account", "2012-10-17", "sqs:SendMessage", "arn:aws:sqs:*:${aws:PrincipalAccount}:*", "", queue, c(kv("aws:PrincipalAccount", "string", other)), false, vq},
		{"variable in ArnLike", "2012-10-17", "s3:GetObject", "*", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}`, object, c(kv("aws:PrincipalAccount", "string", acct), kv("aws:SourceArn", "arn", "arn:aws:sns:us-east-1:"+acct+":alerts")), true, "ARN condition operators: Policy variables – Supported. " + vq},
		{"variable in ArnLike, other account", "2012-10-17", "s3:GetObject", "*", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}`, object, c(kv("aws:PrincipalAccount", "string", acct), kv("aws:SourceArn", "arn", "arn:aws:sns:us-east-1:"+other+":alerts")), false, "ARN condition operators: Policy variables – Supported. " + vq},
		{"2008-10-17 condition compares the literal text", "2008-10-17", "s3:ListBucket", bucket, `{"StringEquals":{"s3:prefix":"home/${aws:username}"}}`, bucket, c(uname, kv("s3:prefix", "string", "home/${aws:username}")), true, verQ},
		{"2008-10-17 condition does not substitute", "2008-10-17", "s3:ListBucket", bucket, `{"StringEquals":{"s3:prefix":"home/${aws:username}"}}`, bucket, c(uname, kv("s3:prefix", "string", "home/bob")), false, verQ},
		{"own user for access keys", "2012-10-17", "iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}", "", userARN, c(uname), true, vq},
		{"username is not a wildcard for other users", "2012-10-17", "iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}", "", "arn:aws:iam::" + acct + ":user/bobby", c(uname), false, vq},
	}
	for _, r := range rows {
		s := stmt("Allow", r.action, r.policyRes)
		if r.cond != "" {
			s = stmtCond("Allow", r.action, r.policyRes, r.cond)
		}
		w := imp(tIdentity)
		if r.allow {
			w = ok(tIdentity)
		}
		addUser(topic, ucase{name: r.name, d: doc{urlVars, r.quote},
			identity: ids(raw(fmt.Sprintf(`{"Version":%s,"Statement":[%s]}`, q(r.version), s))),
			action:   r.action, res: r.res, ctx: r.ctx, want: w})
	}
}
