# A generic IAM-style evaluator: it walks the statements of IAM JSON
# policies held as data (data.policies, each an IAM policy document) and
# decides input {action, resource, context} as AWS does within one policy
# type: an explicit Deny wins, then any Allow, else an implicit deny.
#
# It covers what the benchmark's workloads use: Action/NotAction,
# Resource/NotResource with IAM's * and ? wildcards, and the condition
# operators StringEquals, StringNotEquals, StringLike and IpAddress. Any
# other operator never matches.
package iam

default decision := "implicitDeny"

decision := "explicitDeny" if {
	some s in statements
	s.Effect == "Deny"
	applies(s)
} else := "allowed" if {
	some s in statements
	s.Effect == "Allow"
	applies(s)
}

statements contains s if {
	some p in data.policies
	some s in as_array(p.Statement)
}

as_array(x) := x if is_array(x)

as_array(x) := [x] if not is_array(x)

applies(s) if {
	action_matches(s)
	resource_matches(s)
	conditions_hold(s)
}

# IAM actions are case-insensitive; null delimiters let * span any
# character, as in IAM.
action_matches(s) if {
	some a in as_array(s.Action)
	glob.match(lower(a), null, lower(input.action))
}

action_matches(s) if {
	s.NotAction
	not any_action(s.NotAction)
}

any_action(patterns) if {
	some a in as_array(patterns)
	glob.match(lower(a), null, lower(input.action))
}

resource_matches(s) if {
	some r in as_array(s.Resource)
	glob.match(r, null, input.resource)
}

resource_matches(s) if {
	s.NotResource
	not any_resource(s.NotResource)
}

any_resource(patterns) if {
	some r in as_array(patterns)
	glob.match(r, null, input.resource)
}

conditions_hold(s) if not s.Condition

conditions_hold(s) if {
	s.Condition
	every op, block in s.Condition {
		every key, want in block {
			condition(op, lower(key), as_array(want))
		}
	}
}

condition("StringEquals", key, want) if {
	some w in want
	input.context[key] == w
}

condition("StringNotEquals", key, want) if {
	every w in want {
		input.context[key] != w
	}
}

condition("StringLike", key, want) if {
	some w in want
	glob.match(w, null, input.context[key])
}

condition("IpAddress", key, want) if {
	some w in want
	net.cidr_contains(w, input.context[key])
}
