package main

// Permissions boundaries, resource-based policies and several policies
// for IAM users: the combinations IAM's policy simulator can express.

func moreBoundaryCases() {
	const topic = "boundaries_more"
	c := func(k ...ctxKey) []ctxKey { return k }
	// The delegated administrator example: María may create users only
	// with the XCompanyBoundaries boundary, and cannot edit or remove the
	// boundaries.
	maria := namedUser("Maria")
	xb := "arn:aws:iam::" + acct + ":policy/XCompanyBoundaries"
	dub := "arn:aws:iam::" + acct + ":policy/DelegatedUserBoundary"
	delegDoc := doc{urlBound, "Delegating responsibility to others using permissions boundaries: ... The CreateOrChangeOnlyWithBoundary statement allows María to create IAM users but only if she uses the XCompanyBoundaries policy to set the permissions boundary. ... The NoBoundaryPolicyEdit statement denies access to update the XCompanyBoundaries policy. The NoBoundaryUserDelete statement denies access to delete the permissions boundary for any user."}
	mariaPerms := pol(`{"Sid":"IAM","Effect":"Allow","Action":"iam:*","Resource":"*"}`,
		`{"Sid":"CloudWatchLimited","Effect":"Allow","Action":["cloudwatch:GetDashboard","cloudwatch:GetMetricData","cloudwatch:ListDashboards","cloudwatch:GetMetricStatistics","cloudwatch:ListMetrics"],"Resource":"*"}`,
		`{"Sid":"S3BucketContents","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::ZipCodeApp"}`)
	mariaBoundary := pol(
		`{"Sid":"CreateOrChangeOnlyWithBoundary","Effect":"Allow","Action":["iam:CreateUser","iam:DeleteUserPolicy","iam:AttachUserPolicy","iam:DetachUserPolicy","iam:PutUserPermissionsBoundary","iam:PutUserPolicy"],"Resource":"*","Condition":{"StringEquals":{"iam:PermissionsBoundary":"`+xb+`"}}}`,
		`{"Sid":"CloudWatchAndOtherIAMTasks","Effect":"Allow","Action":["cloudwatch:*","iam:GetUser","iam:ListUsers","iam:DeleteUser","iam:UpdateUser","iam:CreateAccessKey","iam:CreateLoginProfile","iam:GetAccessKeyLastUsed","iam:GetLoginProfile","iam:ListGroupsForUser","iam:ListAccessKeys","iam:UpdateAccessKey","iam:UpdateLoginProfile","iam:ListUserPolicies","iam:ListAttachedUserPolicies","iam:GetPolicy","iam:GetPolicyVersion","iam:ListPolicies","iam:ListPolicyVersions","iam:CreatePolicy","iam:CreatePolicyVersion","iam:DeletePolicy","iam:DeletePolicyVersion","iam:SetDefaultPolicyVersion"],"Resource":"*"}`,
		`{"Sid":"NoBoundaryPolicyEdit","Effect":"Deny","Action":["iam:CreatePolicyVersion","iam:DeletePolicy","iam:DeletePolicyVersion","iam:SetDefaultPolicyVersion"],"Resource":["`+xb+`","`+dub+`"]}`,
		`{"Sid":"NoBoundaryUserDelete","Effect":"Deny","Action":"iam:DeleteUserPermissionsBoundary","Resource":"*"}`)
	pb := func(v string) []ctxKey { return c(kv("iam:PermissionsBoundary", "arn", v)) }
	newUser := "arn:aws:iam::" + acct + ":user/Nikhil"
	for _, r := range []struct {
		name, action, res string
		ctx               []ctxKey
		w                 want
	}{
		{"delegated admin: create a user with XCompanyBoundaries", "iam:CreateUser", newUser, pb(xb), ok(tIdentity)},
		{"delegated admin: create a user with another boundary", "iam:CreateUser", newUser, pb("arn:aws:iam::aws:policy/AdministratorAccess"), imp(tBoundary)},
		{"delegated admin: create a user without a boundary", "iam:CreateUser", newUser, nil, imp(tBoundary)},
		{"delegated admin: attach a user policy under the boundary", "iam:AttachUserPolicy", newUser, pb(xb), ok(tIdentity)},
		{"delegated admin: delete the XCompanyBoundaries policy", "iam:DeletePolicy", xb, nil, expl(tBoundary)},
		{"delegated admin: new version of her own boundary", "iam:CreatePolicyVersion", dub, nil, expl(tBoundary)},
		{"delegated admin: delete another policy", "iam:DeletePolicy", "arn:aws:iam::" + acct + ":policy/TeamPolicy", nil, ok(tIdentity)},
		{"delegated admin: remove a user's boundary", "iam:DeleteUserPermissionsBoundary", newUser, nil, expl(tBoundary)},
		{"delegated admin: create a role is outside the boundary", "iam:CreateRole", roleARN, pb(xb), imp(tBoundary)},
		{"delegated admin: CloudWatch dashboard", "cloudwatch:GetDashboard", "arn:aws:cloudwatch::" + acct + ":dashboard/ops", nil, ok(tIdentity)},
		{"delegated admin: CloudWatch alarm not in her policy", "cloudwatch:PutMetricAlarm", "arn:aws:cloudwatch:us-east-1:" + acct + ":alarm:cpu", nil, imp(tIdentity)},
		{"delegated admin: S3 allowed by policy, not by boundary", "s3:ListBucket", "arn:aws:s3:::ZipCodeApp", nil, imp(tBoundary)},
	} {
		addUser(topic, ucase{name: r.name, d: delegDoc, p: maria, identity: ids(mariaPerms), boundary: mariaBoundary, action: r.action, res: r.res, ctx: r.ctx, want: r.w})
	}

	// Intersections of a user's identity policy and boundary.
	inter := doc{urlBound, "Identity-based policies with boundaries – Identity-based policies are inline or managed policies that are attached to a user, group of users, or role. ... the effective permissions are the intersection of both policy types. An explicit deny in either of these policies overrides the allow."}
	demo2 := "arn:aws:s3:::amzn-s3-demo-bucket2"
	bucketOnly := pol(stmt("Allow", "s3:*", bucket), stmt("Allow", "s3:*", bucket+"/*"))
	notIAM := pol(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`)
	regional := pol(stmtCond("Allow", "ec2:*", "*", `{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}`))
	denyDelete := pol(stmt("Allow", "*", "*"), stmt("Deny", "s3:DeleteObject", "*"))
	ec2i := "arn:aws:ec2:us-east-1:" + acct + ":instance/i-0abc"
	region := func(v string) []ctxKey { return c(kv("aws:RequestedRegion", "string", v)) }
	for _, r := range []struct {
		name        string
		identity    []jsonDoc
		boundary    jsonDoc
		action, res string
		ctx         []ctxKey
		w           want
	}{
		{"boundary limited to one bucket, object inside", ids(allowP("s3:*", "*")), bucketOnly, "s3:GetObject", object, nil, ok(tIdentity)},
		{"boundary limited to one bucket, other bucket", ids(allowP("s3:*", "*")), bucketOnly, "s3:GetObject", demo2 + "/x", nil, imp(tBoundary)},
		{"identity narrower than the boundary", ids(allowP("s3:GetObject", bucket+"/*")), fullAccess(), "s3:PutObject", object, nil, imp(tIdentity)},
		{"boundary with NotAction excludes IAM", ids(fullAccess()), notIAM, "iam:CreateUser", iamUser, nil, imp(tBoundary)},
		{"boundary with NotAction allows S3", ids(fullAccess()), notIAM, "s3:GetObject", object, nil, ok(tIdentity)},
		{"boundary conditioned on Region, inside", ids(allowP("ec2:*", "*")), regional, "ec2:StartInstances", ec2i, region("us-east-1"), ok(tIdentity)},
		{"boundary conditioned on Region, outside", ids(allowP("ec2:*", "*")), regional, "ec2:StartInstances", ec2i, region("eu-west-1"), imp(tBoundary)},
		{"boundary conditioned on Region, no Region", ids(allowP("ec2:*", "*")), regional, "ec2:StartInstances", ec2i, nil, imp(tBoundary)},
		{"boundary denies DeleteObject", ids(fullAccess()), denyDelete, "s3:DeleteObject", object, nil, expl(tBoundary)},
		{"boundary deny leaves GetObject", ids(fullAccess()), denyDelete, "s3:GetObject", object, nil, ok(tIdentity)},
		{"identity deny inside the boundary", ids(fullAccess(), denyP("s3:DeleteObject", "*")), fullAccess(), "s3:DeleteObject", object, nil, expl(tIdentity)},
		{"allow in the second identity policy, within the boundary", ids(allowP("sqs:*", "*"), allowP("s3:GetObject", "*")), bucketOnly, "s3:GetObject", object, nil, ok(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: inter, identity: r.identity, boundary: r.boundary, action: r.action, res: r.res, ctx: r.ctx, want: r.w})
	}

	// A resource-based policy naming the user is not capped by the
	// boundary's implicit deny, but an explicit deny still wins.
	rb := doc{urlDeny, "Within the same account, resource-based policies that grant permissions to an IAM user ARN are not limited by an implicit deny in an identity-based policy or permissions boundary. ... An explicit deny in any of these policies overrides the allow."}
	grant := resP("Allow", awsP(userARN), "s3:*", bucket+"/*")
	addUser(topic, ucase{name: "user ARN grant against a boundary that denies", d: rb, identity: ids(allowP("sqs:*", "*")),
		boundary: pol(stmt("Allow", "*", "*"), stmt("Deny", "s3:*", "*")), resource: grant, action: "s3:GetObject", res: object, want: expl(tBoundary)})
	addUser(topic, ucase{name: "user ARN grant against a boundary silent on S3", d: rb, identity: ids(allowP("sqs:*", "*")),
		boundary: allowP("sqs:*", "*"), resource: grant, action: "s3:GetObject", res: object, want: ok(tResource)})
	addUser(topic, ucase{name: "user ARN grant for another action, boundary silent", d: rb, identity: ids(allowP("s3:*", "*")),
		boundary: allowP("sqs:*", "*"), resource: resP("Allow", awsP(userARN), "s3:PutObject", bucket+"/*"), action: "s3:GetObject", res: object, want: imp(tBoundary)})
}

func resourceUserCases() {
	const topic = "resource_users"
	c := func(k ...ctxKey) []ctxKey { return k }
	// Carlos's example of "Policy evaluation for requests within a single
	// account".
	carlos := namedUser("carlossalazar")
	cDoc := doc{urlBasics, "The AllowS3ListRead statement in this policy allows Carlos to view a list of all of the buckets in the account. The AllowS3Self statement allows Carlos full access to the bucket with the same name as his user name. The DenyS3Logs statement denies Carlos access to any S3 bucket with log in its name. ... An explicit deny in any of the policies overrides the allow."}
	own := "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar"
	logs := "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs"
	carlosPol := pol(
		`{"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetAccountPublicAccessBlock","s3:ListAccessPoints","s3:ListAllMyBuckets"],"Resource":"arn:aws:s3:::*"}`,
		`{"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["`+own+`/*","`+own+`"]}`,
		`{"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}`)
	logsGrant := resP("Allow", awsP(carlos.ARN), "s3:*", logs+"/*")
	for _, r := range []struct {
		name, action, res string
		resource          jsonDoc
		w                 want
	}{
		{"Carlos saves a file to his own bucket", "s3:PutObject", own + "/notes.txt", nil, ok(tIdentity)},
		{"Carlos saves to the logs bucket despite its bucket policy", "s3:PutObject", logs + "/app.log", logsGrant, expl(tIdentity)},
		{"Carlos's own object whose name contains log", "s3:GetObject", own + "/catalog.txt", nil, expl(tIdentity)},
		{"Carlos gets the location of another bucket", "s3:GetBucketLocation", "arn:aws:s3:::amzn-s3-demo-bucket-team", nil, ok(tIdentity)},
		{"Carlos reads another user's bucket", "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket-maria/x", nil, imp(tIdentity)},
		{"Carlos granted by a bucket policy, identity silent", "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket-shared/x", resP("Allow", awsP(carlos.ARN), "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket-shared/*"), ok(tResource)},
	} {
		addUser(topic, ucase{name: r.name, d: cDoc, p: carlos, identity: ids(carlosPol), resource: r.resource, action: r.action, res: r.res, want: r.w})
	}

	// Same account: conditions in the resource-based policy.
	same := doc{urlBasics, "If either the identity-based policy or the resource-based policy within the same account allows the request and the other doesn't, the request is still allowed."}
	ipGrant := pol(`{"Effect":"Allow","Principal":{"AWS":"` + userARN + `"},"Action":"sqs:SendMessage","Resource":"` + queue + `","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}`)
	acctGrant := pol(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"` + queue + `","Condition":{"StringEquals":{"aws:PrincipalAccount":"` + acct + `"}}}`)
	notActGrant := pol(`{"Effect":"Allow","Principal":{"AWS":"` + userARN + `"},"NotAction":"sqs:DeleteQueue","Resource":"` + queue + `"}`)
	for _, r := range []struct {
		name     string
		identity []jsonDoc
		resource jsonDoc
		action   string
		ctx      []ctxKey
		w        want
	}{
		{"queue policy grant from the allowed network", ids(allowP("s3:*", "*")), ipGrant, sqsSend, c(kv("aws:SourceIp", "ip", "192.0.2.8")), ok(tResource)},
		{"queue policy grant from another network", ids(allowP("s3:*", "*")), ipGrant, sqsSend, c(kv("aws:SourceIp", "ip", "198.51.100.8")), imp(tIdentity)},
		{"queue policy grant from another network, identity allows", ids(allowP("sqs:*", "*")), ipGrant, sqsSend, c(kv("aws:SourceIp", "ip", "198.51.100.8")), ok(tIdentity)},
		{"Principal * limited to the account, same account", ids(allowP("s3:*", "*")), acctGrant, sqsSend, c(kv("aws:PrincipalAccount", "string", acct)), ok(tResource)},
		{"Principal * limited to the account, key absent", ids(allowP("s3:*", "*")), acctGrant, sqsSend, nil, imp(tIdentity)},
		{"queue policy NotAction grants SendMessage", ids(allowP("s3:*", "*")), notActGrant, sqsSend, nil, ok(tResource)},
		{"queue policy NotAction excludes DeleteQueue", ids(allowP("s3:*", "*")), notActGrant, "sqs:DeleteQueue", nil, imp(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: same, identity: r.identity, resource: r.resource, action: r.action, res: queue, ctx: r.ctx, want: r.w})
	}

	// ArnNotEquals on aws:PrincipalArn, recommended in place of
	// NotPrincipal: unlike NotPrincipal it spares a user with a boundary.
	anDoc := doc{urlBound, "We recommend changing resource-based policy statements to use the condition operator ArnNotEquals with the aws:PrincipalArn context key to limit access instead of the NotPrincipal element."}
	anPol := pol(`{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"` + queue + `","Condition":{"ArnNotEquals":{"aws:PrincipalArn":"` + userARN + `"}}}`)
	alice := namedUser("alice")
	pa := func(arn string) []ctxKey { return c(kv("aws:PrincipalArn", "arn", arn)) }
	addUser(topic, ucase{name: "ArnNotEquals deny spares the named user", d: anDoc, identity: ids(allowP("sqs:*", "*")), resource: anPol, action: sqsSend, res: queue, ctx: pa(userARN), want: ok(tIdentity)})
	addUser(topic, ucase{name: "ArnNotEquals deny spares the named user with a boundary", d: anDoc, identity: ids(allowP("sqs:*", "*")), boundary: allowP("sqs:*", "*"), resource: anPol, action: sqsSend, res: queue, ctx: pa(userARN), want: ok(tIdentity)})
	addUser(topic, ucase{name: "ArnNotEquals deny stops another user", d: anDoc, p: alice, identity: ids(allowP("sqs:*", "*")), resource: anPol, action: sqsSend, res: queue, ctx: pa(alice.ARN), want: expl(tResource)})

	// Cross-account: bob calls a bucket owned by the other account.
	xDoc := doc{urlCross, "The principal's identity-based policy must allow the requested access to the resource in the trusting service. ... The resource-based policy in the trusting account must specify the principal of the trusted account that will have access to the resource."}
	xb := "arn:aws:s3:::amzn-s3-demo-bucket-partner"
	xo := xb + "/data.csv"
	bp := func(principalJSON, action string) jsonDoc { return resP("Allow", principalJSON, action, xb+"/*") }
	readX := allowP("s3:GetObject", xb+"/*")
	for _, r := range []struct {
		name     string
		identity []jsonDoc
		boundary jsonDoc
		resource jsonDoc
		action   string
		ctx      []ctxKey
		w        want
	}{
		{"other account's bucket grants bob's ARN", ids(readX), nil, bp(awsP(userARN), "s3:GetObject"), "s3:GetObject", nil, ok(tResource)},
		{"other account's bucket grants bob's account", ids(readX), nil, bp(awsP(acct), "s3:GetObject"), "s3:GetObject", nil, ok(tResource)},
		{"other account's bucket grants bob's account root", ids(readX), nil, bp(awsP(rootARN), "s3:GetObject"), "s3:GetObject", nil, ok(tResource)},
		{"other account's bucket is public", ids(readX), nil, bp(`"*"`, "s3:GetObject"), "s3:GetObject", nil, ok(tResource)},
		{"other account's bucket grants someone else", ids(readX), nil, bp(awsP(xUser), "s3:GetObject"), "s3:GetObject", nil, imp(tResource)},
		{"other account's bucket has no policy", ids(readX), nil, nil, "s3:GetObject", nil, imp(tResource)},
		{"other account's bucket grants, identity silent", ids(allowP("s3:GetObject", bucket+"/*")), nil, bp(awsP(userARN), "s3:GetObject"), "s3:GetObject", nil, imp(tIdentity)},
		{"other account's bucket grants another action", ids(allowP("s3:*", "*")), nil, bp(awsP(userARN), "s3:GetObject"), "s3:PutObject", nil, imp(tResource)},
		{"other account's bucket denies bob", ids(readX), nil, pol(resStmt("Allow", awsP(acct), "s3:*", xb+"/*"), resStmt("Deny", awsP(userARN), "s3:GetObject", xb+"/*")), "s3:GetObject", nil, expl(tResource)},
		{"bob's identity denies the partner bucket", ids(allowP("s3:*", "*"), denyP("s3:*", xb+"/*")), nil, bp(awsP(userARN), "s3:GetObject"), "s3:GetObject", nil, expl(tIdentity)},
		{"cross-account grant, boundary silent", ids(readX), allowP("sqs:*", "*"), bp(awsP(userARN), "s3:GetObject"), "s3:GetObject", nil, imp(tBoundary)},
		{"cross-account grant, boundary allows", ids(readX), allowP("s3:*", "*"), bp(awsP(userARN), "s3:GetObject"), "s3:GetObject", nil, ok(tResource)},
		{"cross-account grant with a SourceIp condition met", ids(readX), nil, pol(`{"Effect":"Allow","Principal":{"AWS":"` + acct + `"},"Action":"s3:GetObject","Resource":"` + xb + `/*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`), "s3:GetObject", c(kv("aws:SourceIp", "ip", "203.0.113.5")), ok(tResource)},
		{"cross-account grant with a SourceIp condition not met", ids(readX), nil, pol(`{"Effect":"Allow","Principal":{"AWS":"` + acct + `"},"Action":"s3:GetObject","Resource":"` + xb + `/*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`), "s3:GetObject", c(kv("aws:SourceIp", "ip", "192.0.2.5")), imp(tResource)},
	} {
		addUser(topic, ucase{name: r.name, d: xDoc, identity: r.identity, boundary: r.boundary, resource: r.resource, owner: other, action: r.action, res: xo, ctx: r.ctx, want: r.w})
	}
	addUser(topic, ucase{name: "other account's queue grants bob, identity allows", d: xDoc, identity: ids(allowP("sqs:SendMessage", xQueue)),
		resource: resP("Allow", awsP(userARN), sqsSend, xQueue), owner: other, action: sqsSend, res: xQueue, want: ok(tResource)})
	addUser(topic, ucase{name: "other account's queue denies everyone", d: xDoc, identity: ids(allowP("sqs:*", "*")),
		resource: pol(resStmt("Allow", awsP(userARN), "sqs:*", xQueue), resStmt("Deny", `"*"`, "sqs:SendMessage", xQueue)), owner: other, action: sqsSend, res: xQueue, want: expl(tResource)})
}

// Several statements and several identity policies.
func statementCases() {
	const topic = "statements"
	dd := doc{urlDeny, "An explicit deny overrides an explicit allow. ... The AWS enforcement code evaluates all policies within the account that apply to the request ... If the enforcement code finds even one explicit deny that applies, the code returns a final decision of Deny."}
	da := doc{urlDeny, "Identity-based policies – ... If there is a statement that allows the request, the request is allowed in the identity-based policies. Requests must be explicitly allowed by a policy or set of policies."}
	two := ids(allowP("s3:*", "*"), denyP("s3:DeleteObject", "*"))
	mfaDeny := pol(stmtCond("Deny", "s3:DeleteObject", "*", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`))
	for _, r := range []struct {
		name        string
		d           doc
		identity    []jsonDoc
		action, res string
		ctx         []ctxKey
		w           want
	}{
		{"deny in a second policy overrides the allow", dd, two, "s3:DeleteObject", object, nil, expl(tIdentity)},
		{"deny in a second policy leaves other actions", dd, two, "s3:GetObject", object, nil, ok(tIdentity)},
		{"allow only in the third policy", da, ids(allowP("sqs:*", "*"), allowP("ec2:*", "*"), allowP("s3:GetObject", "*")), "s3:GetObject", object, nil, ok(tIdentity)},
		{"no policy of three allows", da, ids(allowP("sqs:*", "*"), allowP("ec2:*", "*"), allowP("s3:GetObject", "*")), "s3:PutObject", object, nil, imp(tIdentity)},
		{"conditional deny whose condition is false", dd, ids(fullAccess(), mfaDeny), "s3:DeleteObject", object, []ctxKey{kv("aws:MultiFactorAuthPresent", "boolean", "true")}, ok(tIdentity)},
		{"conditional deny whose condition is true", dd, ids(fullAccess(), mfaDeny), "s3:DeleteObject", object, nil, expl(tIdentity)},
		{"deny for another resource", dd, ids(pol(stmt("Allow", "s3:*", "*"), stmt("Deny", "s3:*", "arn:aws:s3:::amzn-s3-demo-bucket2/*"))), "s3:GetObject", object, nil, ok(tIdentity)},
		{"deny * on * overrides everything", dd, ids(fullAccess(), denyP("*", "*")), "sqs:SendMessage", queue, nil, expl(tIdentity)},
		{"deny Put* covers PutObjectAcl", dd, ids(pol(stmt("Allow", "s3:*", "*"), stmt("Deny", "s3:Put*", "*"))), "s3:PutObjectAcl", object, nil, expl(tIdentity)},
		{"deny Put* leaves GetObjectAcl", dd, ids(pol(stmt("Allow", "s3:*", "*"), stmt("Deny", "s3:Put*", "*"))), "s3:GetObjectAcl", object, nil, ok(tIdentity)},
		{"allow NotAction and deny Action in two policies", dd, ids(pol(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`), denyP("s3:*", "*")), "s3:GetObject", object, nil, expl(tIdentity)},
		{"allow NotAction, deny elsewhere, other service", dd, ids(pol(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`), denyP("s3:*", "*")), "sqs:SendMessage", queue, nil, ok(tIdentity)},
		{"action and resource lists in one statement", da, ids(pol(`{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage"],"Resource":["` + queue + `","arn:aws:sqs:us-east-1:` + acct + `:audit"]}`)), "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:" + acct + ":audit", nil, ok(tIdentity)},
		{"action and resource lists, queue not listed", da, ids(pol(`{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage"],"Resource":["` + queue + `","arn:aws:sqs:us-east-1:` + acct + `:audit"]}`)), "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:" + acct + ":billing", nil, imp(tIdentity)},
		{"allow and deny of the same action in one statement list", dd, ids(pol(stmt("Allow", sqsSend, queue), stmt("Deny", sqsSend, queue))), sqsSend, queue, nil, expl(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: r.d, identity: r.identity, action: r.action, res: r.res, ctx: r.ctx, want: r.w})
	}

	// NotAction and NotResource pages' own examples.
	naDoc := doc{urlNA, "NotAction with Deny: The following conditional example denies access to non-IAM actions if the user is not signed in using MFA. If the user is signed in with MFA, then the Condition test fails and the final \"Deny\" statement has no effect."}
	naPol := pol(`{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`)
	mfa := func(v string) []ctxKey { return []ctxKey{kv("aws:MultiFactorAuthPresent", "boolean", v)} }
	addUser(topic, ucase{name: "NotAction MFA example: S3 without MFA", d: naDoc, identity: ids(fullAccess(), naPol), action: "s3:GetObject", res: object, ctx: mfa("false"), want: expl(tIdentity)})
	addUser(topic, ucase{name: "NotAction MFA example: IAM without MFA", d: naDoc, identity: ids(fullAccess(), naPol), action: "iam:GetUser", res: userARN, ctx: mfa("false"), want: ok(tIdentity)})
	addUser(topic, ucase{name: "NotAction MFA example: S3 with MFA", d: naDoc, identity: ids(fullAccess(), naPol), action: "s3:GetObject", res: object, ctx: mfa("true"), want: ok(tIdentity)})
	nrDoc := doc{urlNR, "\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"NotResource\": [\"arn:aws:s3:::HRBucket/Payroll\", \"arn:aws:s3:::HRBucket/Payroll/*\"] ... allows all Amazon S3 actions on all resources, except the Payroll folder of HRBucket."}
	nrPol := pol(`{"Effect":"Allow","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}`)
	for _, r := range []struct {
		name, res string
		w         want
	}{
		{"NotResource example: a file in Payroll", "arn:aws:s3:::HRBucket/Payroll/march.xlsx", imp(tIdentity)},
		{"NotResource example: the Payroll folder itself", "arn:aws:s3:::HRBucket/Payroll", imp(tIdentity)},
		{"NotResource example: another folder of HRBucket", "arn:aws:s3:::HRBucket/Benefits/plan.pdf", ok(tIdentity)},
		{"NotResource example: a folder that only starts with Payroll", "arn:aws:s3:::HRBucket/PayrollArchive/2019.xlsx", ok(tIdentity)},
	} {
		addUser(topic, ucase{name: r.name, d: nrDoc, identity: ids(nrPol), action: "s3:GetObject", res: r.res, want: r.w})
	}
	// Action and Resource wildcards.
	aQ := doc{urlAction, "You can use wildcards (* or ?) in the action name ... \"Action\": \"s3:*Object\" ... \"Action\": \"iam:*AccessKey*\""}
	rQ := doc{urlRes, "You can use wildcard characters (* and ?) within any ARN segment ... \"Resource\": \"arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/*\""}
	for _, r := range []struct {
		name             string
		d                doc
		pa, pr, act, res string
		allow            bool
	}{
		{"*Object covers GetObject", aQ, "s3:*Object", "*", "s3:GetObject", object, true},
		{"*Object does not cover GetObjectAcl", aQ, "s3:*Object", "*", "s3:GetObjectAcl", object, false},
		{"List* covers ListUsers", aQ, "iam:List*", "*", "iam:ListUsers", "*", true},
		{"Get* does not cover ListUsers", aQ, "iam:Get*", "*", "iam:ListUsers", "*", false},
		{"user path wildcard covers a user in the path", rQ, "iam:GetUser", "arn:aws:iam::" + acct + ":user/division_abc/subdivision_xyz/*", "iam:GetUser", "arn:aws:iam::" + acct + ":user/division_abc/subdivision_xyz/JaneDoe", true},
		{"user path wildcard excludes another path", rQ, "iam:GetUser", "arn:aws:iam::" + acct + ":user/division_abc/subdivision_xyz/*", "iam:GetUser", "arn:aws:iam::" + acct + ":user/division_abc/subdivision_123/JaneDoe", false},
		{"wildcard at the end of a queue name", rQ, sqsSend, "arn:aws:sqs:us-east-1:" + acct + ":job*", sqsSend, queue, true},
		{"wildcard at the end of a queue name, no match", rQ, sqsSend, "arn:aws:sqs:us-east-1:" + acct + ":job*", sqsSend, "arn:aws:sqs:us-east-1:" + acct + ":audit", false},
	} {
		w := imp(tIdentity)
		if r.allow {
			w = ok(tIdentity)
		}
		addUser(topic, ucase{name: r.name, d: r.d, identity: ids(allowP(r.pa, r.pr)), action: r.act, res: r.res, want: w})
	}
}
