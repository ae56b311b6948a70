// Package pattern compiles the wildcard and policy-variable syntax shared by
// Action, Resource and condition values into small token programs that match
// without allocating.
//
// Three wildcard dialects exist in IAM:
//
//   - Literal: no wildcards (StringEquals, and every value of the 2008-10-17
//     language that is not a wildcard position).
//   - Glob: '*' matches any run of characters and '?' any one character
//     (Action, NotAction, StringLike).
//   - ARN: as Glob, except that a wildcard stays inside one colon-separated
//     segment, unless the '*' is the last character of a segment, in which
//     case it may run across colons. This is AWS's documented rule for
//     Resource and for the Arn condition operators.
//
// Policy variables (${key}, ${key, 'default'}, and the escapes ${*}, ${?},
// ${$}) are recognised only when the caller asks for them, because the
// 2008-10-17 language keeps such text literal.
package pattern

import (
	"strings"
	"unicode/utf8"
)

// Dialect selects how '*' and '?' are read.
type Dialect uint8

const (
	// Literal treats every character literally.
	Literal Dialect = iota
	// Glob makes '*' and '?' wildcards that match any character.
	Glob
	// ARN makes '*' and '?' wildcards confined to one colon segment, except
	// that a '*' ending a segment may cross colons.
	ARN
)

type kind uint8

const (
	kLit      kind = iota // text must appear verbatim
	kStar                 // any run of characters
	kSegStar              // any run of characters without ':'
	kQuest                // exactly one character
	kSegQuest             // exactly one character other than ':'
	kVar                  // the value of a context key, matched literally
)

type token struct {
	kind kind
	text string // literal text, or the lower-cased key of a variable
	def  string // default value of a variable
	hasD bool   // whether def applies
}

// Resolver supplies the values of policy variables. The key is lower-case.
// It reports false when the key is absent or has more than one value, since
// AWS only substitutes single-valued keys.
type Resolver interface {
	ResolveVar(lowerKey string) (string, bool)
}

// Pattern is a compiled pattern. The zero value matches only the empty string.
type Pattern struct {
	src    string
	tokens []token
	shape  shape
	lit    string // the literal for shapeExact, or the prefix for shapePrefix
	vars   bool
}

type shape uint8

const (
	shapeGeneral shape = iota
	shapeExact         // a literal string
	shapeAny           // "*" in Glob or ARN: matches everything
	shapePrefix        // literal followed by one '*' that may cross anything
)

// Compile parses src in the given dialect, with or without policy variables.
// It never fails: text that does not form a valid variable stays literal.
func Compile(src string, d Dialect, variables bool) Pattern {
	p := Pattern{src: src}
	// Literal text is kept as slices of src; only an escape inside it
	// (${*}, ${?}, ${$}) makes a copy.
	lit, from := "", -1 // pending literal text, and the start of its run in src
	closeRun := func(end int) {
		if from >= 0 {
			if lit == "" {
				lit = src[from:end]
			} else {
				lit += src[from:end]
			}
			from = -1
		}
	}
	flush := func(end int) {
		closeRun(end)
		if lit != "" {
			p.tokens = append(p.tokens, token{kind: kLit, text: lit})
			lit = ""
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		if variables && c == '$' && i+1 < len(src) && src[i+1] == '{' {
			if tok, n, ok := parseVariable(src[i:]); ok {
				if tok.kind == kLit {
					closeRun(i)
					lit += tok.text
				} else {
					flush(i)
					p.tokens = append(p.tokens, tok)
					p.vars = true
				}
				i += n
				continue
			}
		}
		if d != Literal && (c == '*' || c == '?') {
			flush(i)
			p.tokens = append(p.tokens, wildcard(src, i, d))
			i++
			continue
		}
		if from < 0 {
			from = i
		}
		i++
	}
	flush(len(src))
	p.tokens = collapseStars(p.tokens)
	p.shape, p.lit = classify(p.tokens)
	return p
}

// wildcard returns the token for the '*' or '?' at src[i].
func wildcard(src string, i int, d Dialect) token {
	if src[i] == '?' {
		if d == ARN {
			return token{kind: kSegQuest}
		}
		return token{kind: kQuest}
	}
	if d == ARN {
		// A '*' that ends a segment (followed by ':' or the end) may cross
		// colon boundaries; any other '*' stays inside its segment.
		if i+1 < len(src) && src[i+1] != ':' {
			return token{kind: kSegStar}
		}
	}
	return token{kind: kStar}
}

// collapseStars merges runs of stars: "**" matches what "*" matches, and a
// crossing star absorbs a neighbouring segment star.
func collapseStars(ts []token) []token {
	out := ts[:0]
	for _, t := range ts {
		if n := len(out); n > 0 && isStar(t.kind) && isStar(out[n-1].kind) {
			if t.kind == kStar {
				out[n-1].kind = kStar
			}
			continue
		}
		out = append(out, t)
	}
	return out
}

func isStar(k kind) bool { return k == kStar || k == kSegStar }

func classify(ts []token) (shape, string) {
	switch {
	case len(ts) == 0:
		return shapeExact, ""
	case len(ts) == 1 && ts[0].kind == kLit:
		return shapeExact, ts[0].text
	case len(ts) == 1 && ts[0].kind == kStar:
		return shapeAny, ""
	case len(ts) == 2 && ts[0].kind == kLit && ts[1].kind == kStar:
		return shapePrefix, ts[0].text
	}
	return shapeGeneral, ""
}

// parseVariable reads "${...}" at the start of s. It returns a literal token
// for the escapes ${*}, ${?} and ${$}, a variable token otherwise, and the
// number of bytes consumed. ok is false when s does not hold a well-formed
// variable, in which case the caller keeps the text literal.
func parseVariable(s string) (tok token, n int, ok bool) {
	end := strings.IndexByte(s, '}')
	inner := ""
	if end >= 0 {
		inner = s[2:end]
	}
	switch inner {
	case "*", "?", "$":
		return token{kind: kLit, text: inner}, end + 1, true
	}
	// ${key} or ${key, 'default'}; a default may contain '}' and doubled
	// quotes, so scan it properly rather than trusting the first '}'.
	i := 2
	for i < len(s) && s[i] != '}' && s[i] != ',' {
		i++
	}
	if i >= len(s) {
		return token{}, 0, false
	}
	key := strings.TrimSpace(s[2:i])
	if key == "" || strings.ContainsAny(key, " \t${'") {
		return token{}, 0, false
	}
	tok = token{kind: kVar, text: strings.ToLower(key)}
	if s[i] == '}' {
		return tok, i + 1, true
	}
	i++ // past ','
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != '\'' {
		return token{}, 0, false
	}
	i++
	var def strings.Builder
	for {
		if i >= len(s) {
			return token{}, 0, false
		}
		if s[i] == '\'' {
			if i+1 < len(s) && s[i+1] == '\'' {
				def.WriteByte('\'')
				i += 2
				continue
			}
			i++
			break
		}
		def.WriteByte(s[i])
		i++
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != '}' {
		return token{}, 0, false
	}
	tok.def, tok.hasD = def.String(), true
	return tok, i + 1, true
}

// String returns the source text the pattern was compiled from.
func (p *Pattern) String() string { return p.src }

// HasVariables reports whether the pattern refers to any policy variable.
func (p *Pattern) HasVariables() bool { return p.vars }

// IsAny reports whether the pattern is a lone '*' that matches everything.
func (p *Pattern) IsAny() bool { return p.shape == shapeAny }

// Exact returns the literal the pattern equals and true, when the pattern has
// neither wildcards nor variables.
func (p *Pattern) Exact() (string, bool) { return p.lit, p.shape == shapeExact }

// Prefix returns the literal prefix and true when the pattern is a literal
// followed by one '*' that matches any suffix.
func (p *Pattern) Prefix() (string, bool) { return p.lit, p.shape == shapePrefix }

// LiteralPrefix returns the literal text every matching string starts with:
// everything before the first wildcard or variable. It is "" for a pattern
// that starts with one. Literal text is compared exactly, so the prefix is a
// necessary condition only for matching without case folding.
func (p *Pattern) LiteralPrefix() string {
	switch {
	case p.shape == shapeExact || p.shape == shapePrefix:
		return p.lit
	case len(p.tokens) > 0 && p.tokens[0].kind == kLit:
		return p.tokens[0].text
	}
	return ""
}

// Match reports whether s matches the pattern. Variables are looked up in r;
// a variable that cannot be resolved and has no default makes the pattern
// match nothing, as AWS documents. fold selects case-insensitive comparison
// of literal text and variable values.
func (p *Pattern) Match(s string, r Resolver, fold bool) bool {
	switch p.shape {
	case shapeExact:
		if fold {
			return strings.EqualFold(s, p.lit)
		}
		return s == p.lit
	case shapeAny:
		return true
	case shapePrefix:
		return hasPrefix(s, p.lit, fold)
	}
	return matchTokens(p.tokens, s, r, fold)
}

func hasPrefix(s, prefix string, fold bool) bool {
	if len(s) < len(prefix) {
		return false
	}
	if fold {
		return strings.EqualFold(s[:len(prefix)], prefix)
	}
	return s[:len(prefix)] == prefix
}

// matchTokens is a backtracking matcher. Each star tries every end position
// it may reach; literal text after a star is located with a prefix test, so
// the common patterns of one or two stars run in linear time.
func matchTokens(ts []token, s string, r Resolver, fold bool) bool {
	for ti := 0; ti < len(ts); ti++ {
		t := &ts[ti]
		switch t.kind {
		case kLit:
			if !hasPrefix(s, t.text, fold) {
				return false
			}
			s = s[len(t.text):]
		case kVar:
			v, ok := resolve(t, r)
			if !ok || !hasPrefix(s, v, fold) {
				return false
			}
			s = s[len(v):]
		case kQuest, kSegQuest:
			if s == "" {
				return false
			}
			c, size := utf8.DecodeRuneInString(s)
			if t.kind == kSegQuest && c == ':' {
				return false
			}
			s = s[size:]
		case kStar, kSegStar:
			rest := ts[ti+1:]
			limit := len(s)
			if t.kind == kSegStar {
				if j := strings.IndexByte(s, ':'); j >= 0 {
					limit = j
				}
			}
			if len(rest) == 0 {
				return limit == len(s)
			}
			if next := &rest[0]; next.kind == kLit && !fold {
				return matchStarThenLiteral(next.text, rest[1:], s, limit, r)
			}
			for k := 0; k <= limit; k++ {
				if matchTokens(rest, s[k:], r, fold) {
					return true
				}
			}
			return false
		}
	}
	return s == ""
}

// matchStarThenLiteral matches a star that may end at most limit bytes into
// s, followed by the literal lit and then the tokens rest. Rather than try
// every end of the star, it jumps to the occurrences of lit, which makes
// the common "prefix-*/*" resource patterns a single search.
func matchStarThenLiteral(lit string, rest []token, s string, limit int, r Resolver) bool {
	for k := 0; k <= limit; k++ {
		j := strings.Index(s[k:], lit)
		if j < 0 || k+j > limit {
			return false
		}
		k += j
		if matchTokens(rest, s[k+len(lit):], r, false) {
			return true
		}
	}
	return false
}

func resolve(t *token, r Resolver) (string, bool) {
	if r != nil {
		if v, ok := r.ResolveVar(t.text); ok {
			return v, true
		}
	}
	if t.hasD {
		return t.def, true
	}
	return "", false
}

// Expand substitutes the pattern's variables and returns the text that would
// be matched literally, or false when a variable cannot be resolved. Wildcard
// characters are returned as written. It allocates; the evaluator uses it
// only for operators whose values must be parsed (Bool, for instance).
func (p *Pattern) Expand(r Resolver) (string, bool) {
	if !p.vars {
		if p.shape == shapeExact {
			return p.lit, true
		}
	}
	var b strings.Builder
	for i := range p.tokens {
		t := &p.tokens[i]
		switch t.kind {
		case kLit:
			b.WriteString(t.text)
		case kVar:
			v, ok := resolve(t, r)
			if !ok {
				return "", false
			}
			b.WriteString(v)
		case kStar, kSegStar:
			b.WriteByte('*')
		case kQuest, kSegQuest:
			b.WriteByte('?')
		}
	}
	return b.String(), true
}
