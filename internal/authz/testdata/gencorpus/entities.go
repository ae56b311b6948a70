package main

import "fmt"

const sqsSend = "sqs:SendMessage"

// tri is an allow/none/deny choice for one policy.
type tri int

const (
	none tri = iota
	allowT
	denyT
)

func (t tri) String() string { return [...]string{"none", "allow", "deny"}[t] }

// triPolicy is a policy that allows or denies sqs:SendMessage, or allows
// only something unrelated.
func triPolicy(t tri) jsonDoc {
	switch t {
	case allowT:
		return allowP("sqs:*", "*")
	case denyT:
		return pol(stmt("Allow", "*", "*"), stmt("Deny", "sqs:SendMessage", "*"))
	}
	return allowP("s3:GetObject", "*")
}

func boundaryCases() {
	d := doc{urlBound, "Identity-based policies with boundaries: the effective permissions are everything that is allowed by both policy types. An explicit deny in either of these policies overrides the allow."}
	for _, p := range []principal{user(), role(), fed()} {
		for _, id := range []tri{allowT, none} {
			for _, bd := range []tri{allowT, none, denyT} {
				if p.Kind == "FederatedUser" && id == none && bd != denyT {
					continue
				}
				c := &tcase{Name: fmt.Sprintf("%s: identity %s, boundary %s", p.Kind, id, bd), Doc: d, Principal: p,
					Policies: policies{Identity: []jsonDoc{triPolicy(id)}, Boundary: triPolicy(bd)},
					Request:  request{Action: sqsSend, Resource: queue}}
				if p.Kind == "FederatedUser" {
					c.Policies.Session = fullAccess()
				}
				switch {
				case bd == denyT:
					c.Expect = explicitE(tBoundary, p, sqsSend, queue)
				case id != allowT:
					c.Expect = implicitE(tIdentity, p, sqsSend, queue)
				case bd != allowT:
					c.Expect = implicitE(tBoundary, p, sqsSend, queue)
				default:
					c.Expect = allowed(tIdentity)
				}
				add("boundaries", c)
			}
		}
	}
	// Shirley's example.
	shirley := principal{Kind: "User", ARN: "arn:aws:iam::" + acct + ":user/ShirleyRodriguez", Account: acct}
	sb := pol(`{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}`)
	ds := doc{urlBound, "This policy allows creating a user in IAM. If you attach this policy to the ShirleyRodriguez user, and Shirley tries to create a user, the operation fails."}
	add("boundaries", &tcase{Name: "shirley cannot create a user outside her boundary", Doc: ds, Principal: shirley,
		Policies: policies{Identity: []jsonDoc{allowP("iam:CreateUser", "*")}, Boundary: sb}, Request: request{Action: "iam:CreateUser", Resource: iamUser},
		Expect: implicitE(tBoundary, shirley, "iam:CreateUser", iamUser)})
	add("boundaries", &tcase{Name: "shirley can use ec2 inside her boundary", Doc: ds, Principal: shirley,
		Policies: policies{Identity: []jsonDoc{allowP("ec2:*", "*")}, Boundary: sb}, Request: request{Action: "ec2:RunInstances", Resource: "arn:aws:ec2:us-east-1:" + acct + ":instance/*"},
		Expect: allowed(tIdentity)})

	// Resource-based policies and boundaries within one account.
	dr := doc{urlDeny, "IAM user – Within the same account, resource-based policies that grant permissions to an IAM user ARN are not limited by an implicit deny in an identity-based policy or permissions boundary. IAM role – Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy."}
	narrow := allowP("s3:GetObject", "*") // a boundary that does not cover sqs
	type rb struct {
		name      string
		p         principal
		identity  tri
		boundary  jsonDoc
		principal string
		want      expect
	}
	rows := []rb{
		{"user ARN grant ignores boundary's implicit deny", user(), none, narrow, awsP(userARN), allowed(tResource)},
		{"user ARN grant with identity allow too", user(), allowT, narrow, awsP(userARN), allowed(tResource)},
		{"account grant is capped by the boundary", user(), allowT, narrow, awsP(acct), implicitE(tBoundary, user(), sqsSend, queue)},
		{"account root grant is capped by the boundary", user(), allowT, narrow, awsP(rootARN), implicitE(tBoundary, user(), sqsSend, queue)},
		{"account grant without identity allow grants nothing", user(), none, fullAccess(), awsP(acct), implicitE(tIdentity, user(), sqsSend, queue)},
		{"role session ARN grant ignores boundary", role(), none, narrow, awsP(sessARN), allowed(tResource)},
		{"role ARN grant is limited by boundary", role(), allowT, narrow, awsP(roleARN), implicitE(tBoundary, role(), sqsSend, queue)},
		{"role ARN grant limited by boundary, identity silent", role(), none, narrow, awsP(roleARN), implicitE(tIdentity, role(), sqsSend, queue)},
		{"role ARN grant within the boundary needs no identity allow", role(), none, fullAccess(), awsP(roleARN), allowed(tResource)},
		{"other user's grant does not reach bob", user(), none, fullAccess(), awsP("arn:aws:iam::" + acct + ":user/alice"), implicitE(tIdentity, user(), sqsSend, queue)},
	}
	for _, r := range rows {
		add("boundaries", &tcase{Name: r.name, Doc: dr, Principal: r.p,
			Policies: policies{Identity: []jsonDoc{triPolicy(r.identity)}, Boundary: r.boundary, Resource: resP("Allow", r.principal, "sqs:*", queue)},
			Request:  request{Action: sqsSend, Resource: queue}, Expect: r.want})
	}
	// NotPrincipal with Deny always denies a principal with a boundary.
	dn := doc{urlBound, "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a permissions boundary policy attached, regardless of the values specified in the NotPrincipal element."}
	np := pol(resStmt("Allow", awsP(userARN, sessARN), "sqs:*", queue),
		`{"Effect":"Deny","NotPrincipal":{"AWS":["`+userARN+`","`+sessARN+`","`+roleARN+`","`+rootARN+`"]},"Action":"sqs:*","Resource":"`+queue+`"}`)
	for _, p := range []principal{user(), role()} {
		add("boundaries", &tcase{Name: p.Kind + ": NotPrincipal deny hits a principal with a boundary", Doc: dn, Principal: p,
			Policies: policies{Identity: []jsonDoc{fullAccess()}, Boundary: fullAccess(), Resource: np},
			Request:  request{Action: sqsSend, Resource: queue}, Expect: explicitE(tResource, p, sqsSend, queue)})
		add("boundaries", &tcase{Name: p.Kind + ": same NotPrincipal deny spares the listed principal without a boundary", Doc: dn, Principal: p,
			Policies: policies{Identity: []jsonDoc{fullAccess()}, Resource: np},
			Request:  request{Action: sqsSend, Resource: queue}, Expect: allowed(tResource)})
	}
	// SCP, boundary and identity all must allow.
	da := doc{urlBound, "If an IAM entity (user or role) makes a request that is affected by an SCP, a permissions boundary, and an identity-based policy, then the request is allowed only if all three policy types allow it."}
	for _, r := range []struct {
		name        string
		scp, bd, id tri
		want        expect
	}{
		{"scp, boundary, identity all allow", allowT, allowT, allowT, allowed(tIdentity)},
		{"scp silent", none, allowT, allowT, implicitE(tSCP, user(), sqsSend, queue)},
		{"boundary silent under scp", allowT, none, allowT, implicitE(tBoundary, user(), sqsSend, queue)},
		{"identity silent under scp and boundary", allowT, allowT, none, implicitE(tIdentity, user(), sqsSend, queue)},
	} {
		add("boundaries", &tcase{Name: r.name, Doc: da, Principal: user(),
			Policies: policies{Identity: []jsonDoc{triPolicy(r.id)}, Boundary: triPolicy(r.bd), SCPs: [][]jsonDoc{{triPolicy(r.scp)}}},
			Request:  request{Action: sqsSend, Resource: queue}, Expect: r.want})
	}
	// Cross-account: the boundary caps the caller's side.
	dx := doc{urlCross, "For cross-account requests, the requester's identity-based policy (limited by its permissions boundary) and the resource-based policy must both allow the request."}
	add("boundaries", &tcase{Name: "cross-account grant to the user ARN is still capped by the boundary", Doc: dx, Principal: xuser(),
		Policies:        policies{Identity: []jsonDoc{fullAccess()}, Boundary: narrow, Resource: resP("Allow", awsP(xUser), "sqs:*", queue)},
		ResourceAccount: acct, Request: request{Action: sqsSend, Resource: queue}, Expect: implicitE(tBoundary, xuser(), sqsSend, queue)})
	add("boundaries", &tcase{Name: "cross-account grant within the boundary", Doc: dx, Principal: xuser(),
		Policies:        policies{Identity: []jsonDoc{fullAccess()}, Boundary: allowP("sqs:*", "*"), Resource: resP("Allow", awsP(xUser), "sqs:*", queue)},
		ResourceAccount: acct, Request: request{Action: sqsSend, Resource: queue}, Expect: allowed(tResource)})
}

func sessionCases() {
	d := doc{urlDeny, "Session policies – If a session policy is present and does not allow the requested action, then the request is implicitly denied. If there is no session policy, the code checks whether the principal is a role session. If the principal is a role session, then the request is Allowed. Otherwise, the request is implicitly denied."}
	sessionOf := func(t tri, present bool) jsonDoc {
		if !present {
			return nil
		}
		return triPolicy(t)
	}
	for _, p := range []principal{role(), fed()} {
		for _, id := range []tri{allowT, none} {
			for _, s := range []struct {
				t       tri
				present bool
			}{{none, false}, {allowT, true}, {none, true}, {denyT, true}} {
				label := "absent"
				if s.present {
					label = s.t.String()
				}
				c := &tcase{Name: fmt.Sprintf("%s: identity %s, session policy %s", p.Kind, id, label), Doc: d, Principal: p,
					Policies: policies{Identity: []jsonDoc{triPolicy(id)}, Session: sessionOf(s.t, s.present)},
					Request:  request{Action: sqsSend, Resource: queue}}
				switch {
				case s.present && s.t == denyT:
					c.Expect = explicitE(tSession, p, sqsSend, queue)
				case id != allowT:
					c.Expect = implicitE(tIdentity, p, sqsSend, queue)
				case s.present && s.t != allowT:
					c.Expect = implicitE(tSession, p, sqsSend, queue)
				case !s.present && p.Kind == "FederatedUser":
					c.Expect = implicitE(tSession, p, sqsSend, queue)
				default:
					c.Expect = allowed(tIdentity)
				}
				add("sessions", c)
			}
		}
	}
	// Resource-based policies and session principals.
	dr := doc{urlDeny, "IAM role session – resource-based policies that grant permissions to an IAM role session ARN grant permissions directly to the assumed role session. Permissions granted directly to a session are not limited by an implicit deny in an identity-based policy, a permissions boundary, or session policy."}
	df := doc{urlDeny, "IAM federated user sessions – resource-based policies that grant permissions to a federated user ARN grant permissions directly to the session ... if a resource-based policy grants permission to the ARN of the IAM user who federated, then requests made by the federated user during the session are limited by an implicit deny in a permission boundary or session policy."}
	narrow := allowP("s3:GetObject", "*")
	for _, r := range []struct {
		name      string
		d         doc
		p         principal
		identity  tri
		session   jsonDoc
		principal string
		want      expect
	}{
		{"session ARN grant ignores a narrow session policy", dr, role(), none, narrow, awsP(sessARN), allowed(tResource)},
		{"session ARN grant ignores identity silence", dr, role(), none, nil, awsP(sessARN), allowed(tResource)},
		{"role ARN grant limited by the session policy", dr, role(), allowT, narrow, awsP(roleARN), implicitE(tSession, role(), sqsSend, queue)},
		{"role ARN grant within the session policy", dr, role(), none, allowP("sqs:*", "*"), awsP(roleARN), allowed(tResource)},
		{"role ARN grant without a session policy", dr, role(), none, nil, awsP(roleARN), allowed(tResource)},
		{"federated user ARN grant without a session policy", df, fed(), none, nil, awsP(fedARN), allowed(tResource)},
		{"federated user ARN grant ignores a narrow session policy", df, fed(), none, narrow, awsP(fedARN), allowed(tResource)},
		{"federating user's ARN grant limited by the session policy", df, fed(), allowT, narrow, awsP(userARN), implicitE(tSession, fed(), sqsSend, queue)},
		{"federating user's ARN grant within the session policy", df, fed(), none, allowP("sqs:*", "*"), awsP(userARN), allowed(tResource)},
	} {
		add("sessions", &tcase{Name: r.name, Doc: r.d, Principal: r.p,
			Policies: policies{Identity: []jsonDoc{triPolicy(r.identity)}, Session: r.session, Resource: resP("Allow", r.principal, "sqs:*", queue)},
			Request:  request{Action: sqsSend, Resource: queue}, Expect: r.want})
	}
	db := doc{urlBound, "Session policies: The entity's identity-based policy permissions are limited by the session policy and the permissions boundary. The effective permissions for this set of policy types are everything that is allowed by all three types."}
	for _, r := range []struct {
		name      string
		id, bd, s tri
		want      expect
	}{
		{"identity, boundary and session all allow", allowT, allowT, allowT, allowed(tIdentity)},
		{"session allows but boundary does not", allowT, none, allowT, implicitE(tBoundary, role(), sqsSend, queue)},
		{"boundary allows but session does not", allowT, allowT, none, implicitE(tSession, role(), sqsSend, queue)},
		{"session and boundary allow, identity does not", none, allowT, allowT, implicitE(tIdentity, role(), sqsSend, queue)},
	} {
		add("sessions", &tcase{Name: r.name, Doc: db, Principal: role(),
			Policies: policies{Identity: []jsonDoc{triPolicy(r.id)}, Boundary: triPolicy(r.bd), Session: triPolicy(r.s)},
			Request:  request{Action: sqsSend, Resource: queue}, Expect: r.want})
	}
	add("sessions", &tcase{Name: "cross-account session capped by its session policy", Doc: db, Principal: xrole(),
		Policies:        policies{Identity: []jsonDoc{fullAccess()}, Session: narrow, Resource: resP("Allow", awsP(xSess), "sqs:*", queue)},
		ResourceAccount: acct, Request: request{Action: sqsSend, Resource: queue}, Expect: implicitE(tSession, xrole(), sqsSend, queue)})
}

func crossAccountCases() {
	d := doc{urlCross, "When a principal in one account makes a request to a resource in another account ... the requester must be allowed by its identity-based policy and the resource-based policy in the trusting account must allow it as well; an explicit deny in either denies."}
	type rp struct {
		name string
		doc  jsonDoc
		t    tri // what it says about the caller
	}
	for _, p := range []principal{xuser(), xrole()} {
		resources := []rp{
			{"resource policy grants the caller's ARN", resP("Allow", awsP(p.ARN), "sqs:*", queue), allowT},
			{"resource policy grants the caller's account", resP("Allow", awsP(other), "sqs:*", queue), allowT},
			{"resource policy grants the caller's account root", resP("Allow", awsP(xRoot), "sqs:*", queue), allowT},
			{"resource policy grants someone else", resP("Allow", awsP("arn:aws:iam::"+acct+":user/alice"), "sqs:*", queue), none},
			{"no resource policy", nil, none},
			{"resource policy denies the caller's account", pol(resStmt("Allow", awsP(other), "sqs:*", queue), resStmt("Deny", awsP(other), sqsSend, queue)), denyT},
		}
		if p.Kind == "AssumedRole" {
			resources = append(resources, rp{"resource policy grants the role ARN", resP("Allow", awsP(xRole), "sqs:*", queue), allowT})
		}
		for _, r := range resources {
			for _, id := range []tri{allowT, none, denyT} {
				c := &tcase{Name: fmt.Sprintf("%s: identity %s, %s", p.Kind, id, r.name), Doc: d, Principal: p,
					Policies: policies{Identity: []jsonDoc{triPolicy(id)}, Resource: r.doc}, ResourceAccount: acct,
					Request: request{Action: sqsSend, Resource: queue}}
				switch {
				case r.t == denyT:
					c.Expect = explicitE(tResource, p, sqsSend, queue)
				case id == denyT:
					c.Expect = explicitE(tIdentity, p, sqsSend, queue)
				case id != allowT:
					c.Expect = implicitE(tIdentity, p, sqsSend, queue)
				case r.t != allowT:
					c.Expect = implicitE(tResource, p, sqsSend, queue)
				default:
					c.Expect = allowed(tResource)
				}
				add("cross_account", c)
			}
		}
	}
	// Role trust policies: sts:AssumeRole across accounts.
	dt := doc{urlRoles, "Cross-account access with a role: the trust policy in the trusting account must allow the principal and the principal's identity-based policy in the trusted account must allow sts:AssumeRole."}
	trustAccount := pol(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + other + `:root"},"Action":"sts:AssumeRole"}`)
	trustUser := pol(`{"Effect":"Allow","Principal":{"AWS":"` + xUser + `"},"Action":"sts:AssumeRole"}`)
	trustOther := pol(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}`)
	assume := allowP("sts:AssumeRole", appRole)
	for _, r := range []struct {
		name     string
		trust    jsonDoc
		identity jsonDoc
		want     expect
	}{
		{"trust names the account, identity allows AssumeRole", trustAccount, assume, allowed(tResource)},
		{"trust names the user, identity allows AssumeRole", trustUser, assume, allowed(tResource)},
		{"trust names the account, identity silent", trustAccount, allowP("s3:*", "*"), implicitE(tIdentity, xuser(), "sts:AssumeRole", appRole)},
		{"trust names another account", trustOther, assume, implicitE(tResource, xuser(), "sts:AssumeRole", appRole)},
	} {
		add("cross_account", &tcase{Name: "AssumeRole: " + r.name, Doc: dt, Principal: xuser(),
			Policies: policies{Identity: []jsonDoc{r.identity}, Resource: r.trust}, ResourceAccount: acct, ResourceMustAllow: true,
			Request: request{Action: "sts:AssumeRole", Resource: appRole}, Expect: r.want})
	}
	// The other account's root user.
	dr := doc{urlDeny, "By default, all requests are implicitly denied with the exception of the AWS account root user, which has full access."}
	for _, r := range []struct {
		name string
		res  jsonDoc
		want expect
	}{
		{"root of the caller's account granted by account", resP("Allow", awsP(other), "sqs:*", queue), allowed(tResource)},
		{"root with no grant", resP("Allow", awsP(acct), "sqs:*", queue), implicitE(tResource, xroot(), sqsSend, queue)},
		{"root explicitly denied", pol(resStmt("Allow", awsP(other), "sqs:*", queue), resStmt("Deny", "\"*\"", "sqs:*", queue)), explicitE(tResource, xroot(), sqsSend, queue)},
		{"root, no resource policy", nil, implicitE(tResource, xroot(), sqsSend, queue)},
	} {
		add("cross_account", &tcase{Name: "cross-account " + r.name, Doc: dr, Principal: xroot(),
			Policies: policies{Resource: r.res}, ResourceAccount: acct, Request: request{Action: sqsSend, Resource: queue}, Expect: r.want})
	}
	dw := doc{urlCross, "Both the identity-based policy of the requester and the resource-based policy must allow a cross-account request."}
	add("cross_account", &tcase{Name: "public resource policy with identity allow", Doc: dw, Principal: xuser(),
		Policies:        policies{Identity: []jsonDoc{allowP("sqs:*", "*")}, Resource: resP("Allow", "\"*\"", "sqs:*", queue)},
		ResourceAccount: acct, Request: request{Action: sqsSend, Resource: queue}, Expect: allowed(tResource)})
	add("cross_account", &tcase{Name: "public resource policy without identity allow", Doc: dw, Principal: xuser(),
		Policies:        policies{Resource: resP("Allow", "\"*\"", "sqs:*", queue)},
		ResourceAccount: acct, Request: request{Action: sqsSend, Resource: queue}, Expect: implicitE(tIdentity, xuser(), sqsSend, queue)})
	// bob (111122223333) reaching into the other account.
	add("cross_account", &tcase{Name: "bob to a queue in another account granted to his ARN", Doc: dw, Principal: user(),
		Policies:        policies{Identity: []jsonDoc{allowP("sqs:*", "*")}, Resource: resP("Allow", awsP(userARN), "sqs:*", xQueue)},
		ResourceAccount: other, Request: request{Action: sqsSend, Resource: xQueue}, Expect: allowed(tResource)})
	add("cross_account", &tcase{Name: "bob to a queue in another account, granted but no identity policy", Doc: dw, Principal: user(),
		Policies:        policies{Resource: resP("Allow", awsP(userARN), "sqs:*", xQueue)},
		ResourceAccount: other, Request: request{Action: sqsSend, Resource: xQueue}, Expect: implicitE(tIdentity, user(), sqsSend, xQueue)})
}

func resourceBasedCases() {
	d := doc{urlBasics, "If either the identity-based policy or the resource-based policy within the same account allows the request and the other doesn't, the request is still allowed."}
	alice := "arn:aws:iam::" + acct + ":user/alice"
	for _, r := range []struct {
		name     string
		p        principal
		identity tri
		res      jsonDoc
		want     expect
	}{
		{"user granted by ARN, no identity policy", user(), none, resP("Allow", awsP(userARN), "sqs:*", queue), allowed(tResource)},
		{"user granted by ARN, identity allows too", user(), allowT, resP("Allow", awsP(userARN), "sqs:*", queue), allowed(tResource)},
		{"identity allows, resource policy grants someone else", user(), allowT, resP("Allow", awsP(alice), "sqs:*", queue), allowed(tIdentity)},
		{"neither allows", user(), none, resP("Allow", awsP(alice), "sqs:*", queue), implicitE(tIdentity, user(), sqsSend, queue)},
		{"account grant alone does not reach the user", user(), none, resP("Allow", awsP(acct), "sqs:*", queue), implicitE(tIdentity, user(), sqsSend, queue)},
		{"account grant with identity allow", user(), allowT, resP("Allow", awsP(acct), "sqs:*", queue), allowed(tIdentity)},
		{"public grant reaches the user", user(), none, resP("Allow", "\"*\"", "sqs:*", queue), allowed(tResource)},
		{"resource grant for another action", user(), none, resP("Allow", awsP(userARN), "sqs:ReceiveMessage", queue), implicitE(tIdentity, user(), sqsSend, queue)},
		{"resource policy denies despite identity allow", user(), allowT, pol(resStmt("Deny", awsP(userARN), sqsSend, queue)), explicitE(tResource, user(), sqsSend, queue)},
		{"resource policy denies the whole account", user(), allowT, pol(resStmt("Deny", awsP(acct), "sqs:*", queue)), explicitE(tResource, user(), sqsSend, queue)},
		{"resource deny for another principal leaves identity allow", user(), allowT, pol(resStmt("Deny", awsP(alice), "sqs:*", queue)), allowed(tIdentity)},
		{"role session granted by role ARN, no boundary or session policy", role(), none, resP("Allow", awsP(roleARN), "sqs:*", queue), allowed(tResource)},
		{"role session granted by session ARN", role(), none, resP("Allow", awsP(sessARN), "sqs:*", queue), allowed(tResource)},
		{"grant to a different session of the role", role(), none, resP("Allow", awsP("arn:aws:sts::"+acct+":assumed-role/app/other"), "sqs:*", queue), implicitE(tIdentity, role(), sqsSend, queue)},
	} {
		add("resource_based", &tcase{Name: r.name, Doc: d, Principal: r.p,
			Policies: policies{Identity: []jsonDoc{triPolicy(r.identity)}, Resource: r.res},
			Request:  request{Action: sqsSend, Resource: queue}, Expect: r.want})
	}
	// Service principals and anonymous callers have only resource-based
	// policies.
	ds := doc{docBase + "reference_policies_elements_principal.html", "AWS service principals and anonymous (\"*\") principals get access only through resource-based policies that name them."}
	svc := service("sns.amazonaws.com")
	for _, r := range []struct {
		name string
		p    principal
		res  jsonDoc
		want expect
	}{
		{"service principal named by the queue policy", svc, pol(`{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` + queue + `"}`), allowed(tResource)},
		{"other service principal named", svc, pol(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` + queue + `"}`), implicitE(tResource, svc, sqsSend, queue)},
		{"service principal denied by condition", svc, pol(`{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"`+queue+`"}`,
			`{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage","Resource":"`+queue+`","Condition":{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:`+acct+`:alerts"}}}`), explicitE(tResource, svc, sqsSend, queue)},
		{"service principal, no resource policy", svc, nil, implicitE(tResource, svc, sqsSend, queue)},
		{"anonymous reads a public object", anon(), resP("Allow", "\"*\"", "s3:GetObject", bucket+"/*"), allowed(tResource)},
		{"anonymous is not an account principal", anon(), resP("Allow", awsP(acct), "s3:GetObject", bucket+"/*"), implicitE(tResource, anon(), "s3:GetObject", object)},
		{"anonymous, no bucket policy", anon(), nil, implicitE(tResource, anon(), "s3:GetObject", object)},
	} {
		c := &tcase{Name: r.name, Doc: ds, Principal: r.p, Policies: policies{Resource: r.res}, Request: request{Action: sqsSend, Resource: queue}, Expect: r.want}
		if r.p.Kind == "Anonymous" {
			c.Request = request{Action: "s3:GetObject", Resource: object}
		} else if r.name == "service principal denied by condition" {
			c.Request.Context = []ctxKey{{"aws:SourceArn", "arn", []string{"arn:aws:sns:us-east-1:" + acct + ":other"}}}
		}
		add("resource_based", c)
	}
	// Trust policies and key policies must allow the principal themselves.
	dt := doc{urlDeny, "For most resources, you only need an explicit allow for the principal in either an identity-based policy or a resource-based policy to grant access. IAM role trust policies and KMS key policies are exceptions to this logic, because they must explicitly allow access for principals."}
	trust := func(principalJSON string) jsonDoc {
		return pol(`{"Effect":"Allow","Principal":` + principalJSON + `,"Action":"sts:AssumeRole"}`)
	}
	for _, r := range []struct {
		name     string
		trust    jsonDoc
		identity jsonDoc
		want     expect
	}{
		{"trust names the user, no identity policy", trust(awsP(userARN)), allowP("s3:*", "*"), allowed(tResource)},
		{"trust names the account, identity allows", trust(awsP(acct)), allowP("sts:AssumeRole", "*"), allowed(tIdentity)},
		{"trust names the account, identity silent", trust(awsP(acct)), allowP("s3:*", "*"), implicitE(tIdentity, user(), "sts:AssumeRole", appRole)},
		{"trust does not name the user, identity allows", trust(awsP("arn:aws:iam::" + acct + ":user/alice")), allowP("sts:AssumeRole", "*"), implicitE(tResource, user(), "sts:AssumeRole", appRole)},
		{"trust names a service, identity allows", trust(`{"Service":"ec2.amazonaws.com"}`), allowP("sts:AssumeRole", "*"), implicitE(tResource, user(), "sts:AssumeRole", appRole)},
	} {
		add("resource_based", &tcase{Name: "same-account AssumeRole: " + r.name, Doc: dt, Principal: user(), ResourceMustAllow: true,
			Policies: policies{Identity: []jsonDoc{r.identity}, Resource: r.trust}, Request: request{Action: "sts:AssumeRole", Resource: appRole}, Expect: r.want})
	}
	key := "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	add("resource_based", &tcase{Name: "key policy enabling IAM policies, identity allows Decrypt", Doc: dt, Principal: user(), ResourceMustAllow: true,
		Policies: policies{Identity: []jsonDoc{allowP("kms:Decrypt", key)}, Resource: resP("Allow", awsP(rootARN), "kms:*", "*")},
		Request:  request{Action: "kms:Decrypt", Resource: key}, Expect: allowed(tIdentity)})
	add("resource_based", &tcase{Name: "key policy not enabling IAM policies, identity allows Decrypt", Doc: dt, Principal: user(), ResourceMustAllow: true,
		Policies: policies{Identity: []jsonDoc{allowP("kms:Decrypt", key)}, Resource: resP("Allow", awsP("arn:aws:iam::"+acct+":role/KeyAdmin"), "kms:*", "*")},
		Request:  request{Action: "kms:Decrypt", Resource: key}, Expect: implicitE(tResource, user(), "kms:Decrypt", key)})
}

func rootCases() {
	d := doc{urlDeny, "By default, all requests are implicitly denied with the exception of the AWS account root user, which has full access."}
	dscp := doc{urlBasics, "The SCP maximum applies to principals in member accounts, including each AWS account root user."}
	mgmt := root()
	mgmt.IsManagementAccount = true
	for _, r := range []struct {
		name string
		d    doc
		p    principal
		pol  policies
		req  request
		want expect
	}{
		{"root needs no policy in its own account", d, root(), policies{}, request{Action: "iam:CreateUser", Resource: iamUser}, rootAllowed()},
		{"root reads its own bucket without a bucket policy", d, root(), policies{}, request{Action: "s3:GetObject", Resource: object}, rootAllowed()},
		{"root is not limited by a bucket policy that names someone else", d, root(), policies{Resource: resP("Allow", awsP(userARN), "s3:*", "*")}, request{Action: "s3:GetObject", Resource: object}, rootAllowed()},
		{"root under FullAWSAccess SCPs", dscp, root(), policies{SCPs: [][]jsonDoc{{fullAccess()}, {fullAccess()}}}, request{Action: "iam:CreateUser", Resource: iamUser}, rootAllowed()},
		{"root denied by an SCP", dscp, root(), policies{SCPs: [][]jsonDoc{{fullAccess()}, {fullAccess(), denyP("iam:*", "*")}}}, request{Action: "iam:CreateUser", Resource: iamUser}, explicitE(tSCP, root(), "iam:CreateUser", iamUser)},
		{"root outside an SCP allow list", dscp, root(), policies{SCPs: [][]jsonDoc{{fullAccess()}, {allowP("s3:*", "*")}}}, request{Action: "iam:CreateUser", Resource: iamUser}, implicitE(tSCP, root(), "iam:CreateUser", iamUser)},
		{"management account root ignores SCPs", doc{urlSCPs, "SCPs don't affect users or roles in the management account."}, mgmt, policies{SCPs: [][]jsonDoc{{fullAccess(), denyP("*", "*")}}}, request{Action: "iam:CreateUser", Resource: iamUser}, rootAllowed()},
		{"root denied by a bucket policy", d, root(), policies{Resource: pol(resStmt("Deny", "\"*\"", "s3:*", bucket+"/*"))}, request{Action: "s3:GetObject", Resource: object}, explicitE(tResource, root(), "s3:GetObject", object)},
		{"root denied by a bucket policy naming the account", d, root(), policies{Resource: pol(resStmt("Deny", awsP(acct), "s3:GetObject", bucket+"/*"))}, request{Action: "s3:GetObject", Resource: object}, explicitE(tResource, root(), "s3:GetObject", object)},
		{"root not denied by a deny for another action", d, root(), policies{Resource: pol(resStmt("Deny", "\"*\"", "s3:DeleteObject", bucket+"/*"))}, request{Action: "s3:GetObject", Resource: object}, rootAllowed()},
		{"identity policies given for root are not consulted", d, root(), policies{Identity: []jsonDoc{denyP("*", "*")}}, request{Action: "iam:CreateUser", Resource: iamUser}, rootAllowed()},
	} {
		add("root", &tcase{Name: r.name, Doc: r.d, Principal: r.p, Policies: r.pol, Request: r.req, Expect: r.want})
	}
	key := "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	dk := doc{urlDeny, "IAM role trust policies and KMS key policies are exceptions to this logic, because they must explicitly allow access for principals."}
	add("root", &tcase{Name: "root and a key policy that does not name the account", Doc: dk, Principal: root(), ResourceMustAllow: true,
		Policies: policies{Resource: resP("Allow", awsP("arn:aws:iam::"+acct+":role/KeyAdmin"), "kms:*", "*")},
		Request:  request{Action: "kms:Decrypt", Resource: key}, Expect: implicitE(tResource, root(), "kms:Decrypt", key)})
	add("root", &tcase{Name: "root and a key policy that names the account", Doc: dk, Principal: root(), ResourceMustAllow: true,
		Policies: policies{Resource: resP("Allow", awsP(rootARN), "kms:*", "*")},
		Request:  request{Action: "kms:Decrypt", Resource: key}, Expect: allowed(tResource)})
	xr := xroot()
	add("root", &tcase{Name: "member-account root's SCP applies cross-account", Doc: dscp, Principal: xr,
		Policies:        policies{SCPs: [][]jsonDoc{{fullAccess(), denyP("sqs:*", "*")}}, Resource: resP("Allow", awsP(other), "sqs:*", queue)},
		ResourceAccount: acct, Request: request{Action: sqsSend, Resource: queue}, Expect: explicitE(tSCP, xr, sqsSend, queue)})
}
