package condition

// Evaluate applies the condition to a request context. It is the one place
// where negation, ...IfExists, ForAllValues and ForAnyValue are applied, as
// AWS documents them:
//
//   - Several policy values for one key are ORed; for a negated operator
//     they are NORed: the request value must match none of them.
//   - A key absent from the request makes a condition false, except that a
//     negated operator is then true, ...IfExists is true, ForAllValues is
//     true and ForAnyValue is false (true with IfExists).
//   - ForAllValues is true when every request value passes the operator;
//     ForAnyValue when at least one does.
//   - Without a set modifier, a key with several request values passes a
//     positive operator when any value matches, and a negated operator when
//     none does.
//   - Null ignores the modifiers: it tests only whether the key is present.
func (c *Condition) Evaluate(ctx *Context) bool {
	vals, present := ctx.Lookup(c.key)
	if c.Op.Family == FamilyNull {
		return c.null.eval(present)
	}
	neg := c.Op.Negated
	if !present {
		switch {
		case c.Op.IfExists:
			return true
		case c.Op.Set == SetForAllValues:
			return true
		case c.Op.Set == SetForAnyValue:
			return false
		}
		return neg
	}
	switch c.Op.Set {
	case SetForAllValues:
		for _, v := range vals {
			if c.match.matchAny(v, ctx) == neg {
				return false
			}
		}
		return true
	case SetForAnyValue:
		for _, v := range vals {
			if c.match.matchAny(v, ctx) != neg {
				return true
			}
		}
		return false
	}
	for _, v := range vals {
		if c.match.matchAny(v, ctx) {
			return !neg
		}
	}
	return neg
}
