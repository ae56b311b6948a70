package main

// A ucase is a case whose caller is an IAM user: the shape IAM's
// SimulateCustomPolicy can express (identity policies, an optional
// permissions boundary, an optional resource-based policy, context
// entries), so that these cases also run through the simulator end to end.
type ucase struct {
	name string
	d    doc
	// p is the caller; the zero value means bob (userARN).
	p        principal
	identity []jsonDoc
	boundary jsonDoc
	resource jsonDoc
	// owner is the resource's account when it is not the caller's.
	owner  string
	action string
	res    string
	ctx    []ctxKey
	want   want
}

// want turns the case's caller, action and resource into the documented
// expectation, so that AccessDenied messages name the right principal.
type want func(p principal, action, resource string) expect

func ok(t string) want { return func(principal, string, string) expect { return allowed(t) } }
func imp(t string) want {
	return func(p principal, a, r string) expect { return implicitE(t, p, a, r) }
}
func expl(t string) want {
	return func(p principal, a, r string) expect { return explicitE(t, p, a, r) }
}

func addUser(topic string, u ucase) {
	p := u.p
	if p.ARN == "" {
		p = user()
	}
	add(topic, &tcase{Name: u.name, Doc: u.d, Principal: p,
		Policies:        policies{Identity: u.identity, Boundary: u.boundary, Resource: u.resource},
		ResourceAccount: u.owner,
		Request:         request{Action: u.action, Resource: u.res, Context: u.ctx},
		Expect:          u.want(p, u.action, u.res)})
}

// namedUser is another IAM user of the case's account.
func namedUser(name string) principal {
	return principal{Kind: "User", ARN: "arn:aws:iam::" + acct + ":user/" + name, Account: acct}
}

func ids(docs ...jsonDoc) []jsonDoc { return docs }
