package main

import "fmt"

// base is a case in which every policy type that is present allows
// everything, so that one change decides.
type base struct {
	p        principal
	identity bool // an identity policy allowing everything
	boundary bool
	session  bool
	scps     int  // levels of FullAWSAccess
	rcps     int  // levels of RCPFullAWSAccess
	resource bool // a resource policy allowing the principal by ARN
}

func (b base) build(name string, d doc, action, resource string) *tcase {
	c := &tcase{Name: name, Doc: d, Principal: b.p, Request: request{Action: action, Resource: resource}}
	if b.identity {
		c.Policies.Identity = append(c.Policies.Identity, fullAccess())
	}
	if b.boundary {
		c.Policies.Boundary = fullAccess()
	}
	if b.session {
		c.Policies.Session = fullAccess()
	}
	for i := 0; i < b.scps; i++ {
		c.Policies.SCPs = append(c.Policies.SCPs, []jsonDoc{fullAccess()})
	}
	for i := 0; i < b.rcps; i++ {
		c.Policies.RCPs = append(c.Policies.RCPs, []jsonDoc{rcpFull()})
	}
	if b.resource {
		c.Policies.Resource = resP("Allow", awsP(b.p.ARN), "*", "*")
	}
	return c
}

func explicitDenyCases() {
	d := doc{urlDeny, "Deny evaluation: ... In all those policies, the enforcement code looks for a Deny statement that applies to the request. ... If the code finds even one explicit deny that applies, the code returns a final decision of Deny."}
	action, res := "sqs:SendMessage", queue
	denyActions := []string{"sqs:SendMessage", "sqs:*", "*", "sqs:Send*"}
	full := func(p principal) base {
		return base{p: p, identity: true, boundary: p.Kind != "FederatedUser", session: p.Kind != "User", scps: 3, rcps: 3, resource: true}
	}
	type where struct {
		t     string
		put   func(c *tcase, deny string)
		kinds []principal
	}
	withDeny := func(allowAll jsonDoc, deny string) jsonDoc {
		_ = allowAll
		return pol(stmt("Allow", "*", "*"), stmt("Deny", deny, "*"))
	}
	places := []where{
		{tIdentity, func(c *tcase, a string) { c.Policies.Identity = []jsonDoc{withDeny(nil, a)} }, []principal{user(), role(), fed()}},
		{tBoundary, func(c *tcase, a string) { c.Policies.Boundary = withDeny(nil, a) }, []principal{user(), role()}},
		{tSession, func(c *tcase, a string) { c.Policies.Session = withDeny(nil, a) }, []principal{role(), fed()}},
		{tSCP, func(c *tcase, a string) { c.Policies.SCPs[1] = []jsonDoc{withDeny(nil, a)} }, []principal{user(), role()}},
		{tRCP, func(c *tcase, a string) {
			c.Policies.RCPs[2] = []jsonDoc{pol(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`,
				fmt.Sprintf(`{"Effect":"Deny","Principal":"*","Action":%s,"Resource":"*"}`, q(a)))}
		}, []principal{user(), role()}},
		{tResource, func(c *tcase, a string) {
			c.Policies.Resource = pol(resStmt("Allow", "\"*\"", "*", "*"), resStmt("Deny", "\"*\"", a, "*"))
		}, []principal{user(), role()}},
	}
	for _, w := range places {
		for _, p := range w.kinds {
			for _, a := range denyActions {
				c := full(p).build(fmt.Sprintf("deny in %s (%s) stops %s despite allows everywhere", w.t, a, p.Kind), d, action, res)
				w.put(c, a)
				c.Expect = explicitE(w.t, p, action, res)
				add("explicit_deny", c)
			}
		}
	}
	// A Deny that does not match leaves the allows in force.
	for _, w := range places {
		p := w.kinds[0]
		c := full(p).build(fmt.Sprintf("deny in %s for another action does not stop %s", w.t, p.Kind), d, action, res)
		w.put(c, "sqs:DeleteQueue")
		c.Expect = allowed(tResource)
		add("explicit_deny", c)
	}
	// The documented example: Carlos and the log bucket.
	carlos := principal{Kind: "User", ARN: "arn:aws:iam::123456789012:user/carlossalazar", Account: "123456789012"}
	carlosPolicy := pol(
		`{"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetAccountPublicAccessBlock","s3:ListAccessPoints","s3:ListAllMyBuckets"],"Resource":"arn:aws:s3:::*"}`,
		`{"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]}`,
		`{"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}`)
	bucketPolicy := pol(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/carlossalazar"},"Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]}`)
	dc := doc{urlBasics, "Example identity-based and resource-based policy evaluation: AWS first checks for a Deny statement ... It finds one, because the identity-based policy explicitly denies Carlos access to any S3 buckets used for logging."}
	add("explicit_deny", &tcase{Name: "carlos: identity deny on *log* stops PutObject to the logs bucket", Doc: dc, Principal: carlos,
		Policies: policies{Identity: []jsonDoc{carlosPolicy}}, Request: request{Action: "s3:PutObject", Resource: "arn:aws:s3:::carlossalazar-logs/file.txt"},
		Expect: explicitE(tIdentity, carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar-logs/file.txt")})
	add("explicit_deny", &tcase{Name: "carlos: own bucket allowed by both policies", Doc: dc, Principal: carlos,
		Policies: policies{Identity: []jsonDoc{carlosPolicy}, Resource: bucketPolicy}, Request: request{Action: "s3:PutObject", Resource: "arn:aws:s3:::carlossalazar/file.txt"},
		Expect: allowed(tResource)})
	add("explicit_deny", &tcase{Name: "carlos: ListAllMyBuckets allowed by AllowS3ListRead", Doc: dc, Principal: carlos,
		Policies: policies{Identity: []jsonDoc{carlosPolicy}}, Request: request{Action: "s3:ListAllMyBuckets", Resource: "arn:aws:s3:::*"},
		Expect: allowed(tIdentity)})
	// The explicit/implicit example: iam:Get* and iam:List* allowed,
	// *Report denied, the rest implicitly denied.
	di := doc{docBase + "reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html", "The AllowGetList statement allows read-only access to IAM actions that begin with Get and List. All other actions in IAM, such as iam:CreatePolicy are implicitly denied. The DenyReports statement explicitly denies access to ... iam:GetOrganizationsAccessReport"}
	interplay := pol(`{"Sid":"AllowGetList","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}`,
		`{"Sid":"DenyReports","Effect":"Deny","Action":"iam:*Report","Resource":"*"}`)
	for _, r := range []struct {
		action string
		want   expect
	}{
		{"iam:GetUser", allowed(tIdentity)},
		{"iam:ListRoles", allowed(tIdentity)},
		{"iam:CreatePolicy", implicitE(tIdentity, user(), "iam:CreatePolicy", "*")},
		{"iam:GetOrganizationsAccessReport", explicitE(tIdentity, user(), "iam:GetOrganizationsAccessReport", "*")},
		{"iam:GenerateCredentialReport", explicitE(tIdentity, user(), "iam:GenerateCredentialReport", "*")},
	} {
		add("explicit_deny", &tcase{Name: "interplay example: " + r.action, Doc: di, Principal: user(),
			Policies: policies{Identity: []jsonDoc{interplay}}, Request: request{Action: r.action, Resource: "*"}, Expect: r.want})
	}
	// The Access Troubleshooter example names the denying managed policy.
	managed := raw(`{"Version":"2012-10-17","Id":"arn:aws:iam::123456789012:policy/ExampleDenyPolicy","Statement":[{"Effect":"Deny","Action":"iam:CreateInstanceProfile","Resource":"*"}]}`)
	jane := principal{Kind: "User", ARN: "arn:aws:iam::123456789012:user/janedoe", Account: "123456789012"}
	add("explicit_deny", &tcase{Name: "explicit deny in a managed policy names its ARN", Doc: doc{docBase + "troubleshoot_access-denied-authorization-id.html",
		"User: arn:aws:iam::123456789012:user/janedoe is not authorized to perform: iam:CreateInstanceProfile on resource: ... with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy"},
		Principal: jane, Policies: policies{Identity: []jsonDoc{fullAccess(), managed}},
		Request: request{Action: "iam:CreateInstanceProfile", Resource: "arn:aws:iam::123456789012:instance-profile/my-instance-profile"},
		Expect:  expect{Reason: "ExplicitDeny", PolicyType: tIdentity, Message: "User: arn:aws:iam::123456789012:user/janedoe is not authorized to perform: iam:CreateInstanceProfile on resource: arn:aws:iam::123456789012:instance-profile/my-instance-profile with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy"}})
}

func scpCases() {
	d := doc{urlSCP, "SCPs at every level of the hierarchy must allow: if any level lacks an Allow for the action, the request is denied (Allow strategy; explicit Deny at any level denies)."}
	action, res := "sqs:SendMessage", queue
	for _, p := range []principal{user(), role()} {
		b := base{p: p, identity: true, scps: 3, session: p.Kind == "AssumedRole"}
		c := b.build("FullAWSAccess at every level allows "+p.Kind, d, action, res)
		c.Expect = allowed(tIdentity)
		add("scps", c)
		for lvl := 0; lvl < 3; lvl++ {
			c := b.build(fmt.Sprintf("%s: level %d allows only s3, so sqs is implicitly denied", p.Kind, lvl), d, action, res)
			c.Policies.SCPs[lvl] = []jsonDoc{allowP("s3:*", "*")}
			c.Expect = implicitE(tSCP, p, action, res)
			add("scps", c)

			c = b.build(fmt.Sprintf("%s: deny list at level %d denies sqs", p.Kind, lvl), d, action, res)
			c.Policies.SCPs[lvl] = []jsonDoc{fullAccess(), denyP("sqs:*", "*")}
			c.Expect = explicitE(tSCP, p, action, res)
			add("scps", c)

			c = b.build(fmt.Sprintf("%s: level %d has no policy allowing anything", p.Kind, lvl), d, action, res)
			c.Policies.SCPs[lvl] = []jsonDoc{pol(stmt("Allow", "ec2:Describe*", "*"))}
			c.Expect = implicitE(tSCP, p, action, res)
			add("scps", c)
		}
		// Allow-list strategy at every level.
		c = b.build(p.Kind+": allow list of sqs at every level allows sqs", d, action, res)
		c.Policies.SCPs = [][]jsonDoc{{allowP("sqs:*", "*")}, {allowP("sqs:*", "*")}, {allowP("sqs:*", "*")}}
		c.Expect = allowed(tIdentity)
		add("scps", c)
		c = b.build(p.Kind+": allow list of sqs at every level denies iam", d, "iam:CreateUser", iamUser)
		c.Policies.SCPs = [][]jsonDoc{{allowP("sqs:*", "*")}, {allowP("sqs:*", "*")}, {allowP("sqs:*", "*")}}
		c.Expect = implicitE(tSCP, p, "iam:CreateUser", iamUser)
		add("scps", c)
		// SCPs grant nothing.
		c = base{p: p, scps: 3}.build(p.Kind+": SCPs alone grant nothing", doc{urlSCPs, "SCPs alone are not sufficient to granting permissions to the accounts in your organization. No permissions are granted by an SCP."}, action, res)
		c.Expect = implicitE(tIdentity, p, action, res)
		add("scps", c)
		// Region guardrail with a condition.
		guard := pol(stmt("Allow", "*", "*"), stmtCond("Deny", "*", "*", `{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","us-west-2"]}}`))
		for _, region := range []string{"eu-west-1", "us-east-1"} {
			c = b.build(fmt.Sprintf("%s: region guardrail, request in %s", p.Kind, region), d, action, res)
			c.Policies.SCPs[2] = []jsonDoc{guard}
			c.Request.Context = []ctxKey{{"aws:RequestedRegion", "string", []string{region}}}
			if region == "eu-west-1" {
				c.Expect = explicitE(tSCP, p, action, res)
			} else {
				c.Expect = allowed(tIdentity)
			}
			add("scps", c)
		}
		// Management account and service-linked roles.
		mp := p
		mp.IsManagementAccount = true
		c = base{p: mp, identity: true, scps: 3, session: p.Kind == "AssumedRole"}.build(p.Kind+": SCPs do not apply in the management account", doc{urlSCPs, "SCPs don't affect users or roles in the management account. They affect only the member accounts in your organization."}, action, res)
		c.Policies.SCPs[0] = []jsonDoc{fullAccess(), denyP("*", "*")}
		c.Expect = allowed(tIdentity)
		add("scps", c)
		// An SCP limits what a same-account resource-based policy grants.
		c = base{p: p, scps: 3}.build(p.Kind+": SCP caps a same-account resource-based grant", doc{urlBasics, "If an SCP is present, identity-based and resource-based policies grant permissions to principals in member accounts only if those policies and the SCP allow the action."}, action, res)
		c.Policies.Resource = resP("Allow", awsP(p.ARN), "sqs:*", res)
		c.Policies.SCPs[1] = []jsonDoc{allowP("s3:*", "*")}
		c.Expect = implicitE(tSCP, p, action, res)
		add("scps", c)
		c = base{p: p, scps: 3}.build(p.Kind+": SCP allowing lets a same-account resource-based grant through", doc{urlBasics, "If an SCP is present, identity-based and resource-based policies grant permissions to principals in member accounts only if those policies and the SCP allow the action."}, action, res)
		c.Policies.Resource = resP("Allow", awsP(p.ARN), "sqs:*", res)
		c.Expect = allowed(tResource)
		add("scps", c)
	}
	slr := role()
	slr.ServiceLinkedRole = true
	c := base{p: slr, identity: true, scps: 2}.build("service-linked role ignores a denying SCP", doc{urlSCPs, "SCPs do not affect any service-linked role."}, "sqs:SendMessage", queue)
	c.Policies.SCPs[1] = []jsonDoc{denyP("*", "*")}
	c.Expect = allowed(tIdentity)
	add("scps", c)
	c = base{p: role(), identity: true, scps: 2}.build("ordinary role is stopped by the same SCP", doc{urlSCPs, "SCPs do not affect any service-linked role."}, "sqs:SendMessage", queue)
	c.Policies.SCPs[1] = []jsonDoc{denyP("*", "*")}
	c.Expect = explicitE(tSCP, role(), "sqs:SendMessage", queue)
	add("scps", c)
	// Cross-account: the caller's SCPs still apply.
	c = base{p: user(), identity: true, scps: 2}.build("caller's SCP applies to a cross-account request", doc{urlCross, "The requesting principal's account's SCPs apply: the request must be allowed by the SCPs of the principal's account and by the resource-based policy."}, "sqs:SendMessage", xQueue)
	c.ResourceAccount = other
	c.Policies.Resource = resP("Allow", awsP(userARN), "sqs:*", xQueue)
	c.Policies.SCPs[1] = []jsonDoc{fullAccess(), denyP("sqs:*", "*")}
	c.Expect = explicitE(tSCP, user(), "sqs:SendMessage", xQueue)
	add("scps", c)
}

func rcpCases() {
	d := doc{urlRCP, "RCPs at every level must allow the action (RCPFullAWSAccess is attached everywhere and cannot be detached); an explicit Deny at any level denies."}
	action, res := "sqs:SendMessage", queue
	for _, p := range []principal{user(), role()} {
		b := base{p: p, identity: true, rcps: 3, session: p.Kind == "AssumedRole"}
		c := b.build(p.Kind+": RCPFullAWSAccess at every level allows", d, action, res)
		c.Expect = allowed(tIdentity)
		add("rcps", c)
		for lvl := 0; lvl < 3; lvl++ {
			c := b.build(fmt.Sprintf("%s: RCP level %d allows only s3", p.Kind, lvl), d, action, res)
			c.Policies.RCPs[lvl] = []jsonDoc{pol(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`)}
			c.Expect = implicitE(tRCP, p, action, res)
			add("rcps", c)
			c = b.build(fmt.Sprintf("%s: RCP level %d denies sqs", p.Kind, lvl), d, action, res)
			c.Policies.RCPs[lvl] = []jsonDoc{rcpFull(), pol(`{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"}`)}
			c.Expect = explicitE(tRCP, p, action, res)
			add("rcps", c)
		}
		c = base{p: p, rcps: 2}.build(p.Kind+": RCPs alone grant nothing", doc{urlRCPs, "RCPs alone are not sufficient in granting permissions to the resources in your organization. No permissions are granted by an RCP."}, action, res)
		c.Expect = implicitE(tIdentity, p, action, res)
		add("rcps", c)
		mp := p
		mp.ResourceInManagementAccount = true
		c = base{p: mp, identity: true, rcps: 2, session: p.Kind == "AssumedRole"}.build(p.Kind+": RCPs do not affect the management account's resources", doc{urlRCPs, "RCPs don't affect resources in the management account. They affect only resources in the member accounts in your organization."}, action, res)
		c.Policies.RCPs[1] = []jsonDoc{rcpFull(), pol(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}`)}
		c.Expect = allowed(tIdentity)
		add("rcps", c)
	}
	// Data perimeter: deny principals outside the organization.
	perimeter := pol(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`,
		`{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"},"Bool":{"aws:PrincipalIsAWSService":"false"}}}`)
	for _, p := range []principal{xuser(), xrole()} {
		for _, org := range []string{"o-other9", "o-abc123"} {
			c := base{p: p, identity: true, rcps: 1}.build(fmt.Sprintf("perimeter RCP, external %s from %s", p.Kind, org), doc{urlRCPs, "Use an RCP when you need to restrict IAM principals that are external to your organization accounts making requests to access resources within your organization's member accounts."}, action, res)
			c.ResourceAccount = acct
			c.Policies.RCPs[0] = []jsonDoc{perimeter}
			c.Policies.Resource = resP("Allow", awsP(other), "sqs:*", res)
			c.Request.Context = []ctxKey{{"aws:PrincipalOrgID", "string", []string{org}}, {"aws:PrincipalIsAWSService", "boolean", []string{"false"}}}
			if org == "o-other9" {
				c.Expect = explicitE(tRCP, p, action, res)
			} else {
				c.Expect = allowed(tResource)
			}
			add("rcps", c)
		}
	}
	slr := role()
	slr.ServiceLinkedRole = true
	c := base{p: slr, identity: true, rcps: 1}.build("service-linked role is not restricted by RCPs", doc{urlRCPs, "RCPs don't apply to service-linked roles."}, action, res)
	c.Policies.RCPs[0] = []jsonDoc{rcpFull(), pol(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}`)}
	c.Expect = allowed(tIdentity)
	add("rcps", c)
	c = base{p: root(), rcps: 1}.build("RCP denies the account's root user too", d, action, res)
	c.Policies.RCPs[0] = []jsonDoc{rcpFull(), pol(`{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"}`)}
	c.Expect = explicitE(tRCP, root(), action, res)
	add("rcps", c)
	svc := service("sns.amazonaws.com")
	c = base{p: svc, rcps: 1}.build("RCP applies to a service principal's request", d, action, res)
	c.Policies.Resource = pol(`{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*"}`)
	c.Policies.RCPs[0] = []jsonDoc{rcpFull(), pol(`{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:PrincipalIsAWSService":"true"}}}`)}
	c.Request.Context = []ctxKey{{"aws:PrincipalIsAWSService", "boolean", []string{"true"}}}
	c.Expect = explicitE(tRCP, svc, action, res)
	add("rcps", c)
	c = base{p: svc, rcps: 1}.build("RCPFullAWSAccess lets the service principal's grant through", d, action, res)
	c.Policies.Resource = pol(`{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*"}`)
	c.Expect = allowed(tResource)
	add("rcps", c)
}
