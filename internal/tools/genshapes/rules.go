package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// ruleSet names the package-level rule values the validators share: one per
// constrained shape, and one compiled regexp per distinct pattern.
type ruleSet struct {
	g        *generator
	strings  map[string]string // shape -> Go var holding its stringRules
	ints     map[string]string
	lengths  map[string]string
	patterns map[string]string // Java pattern -> Go var, or "" when untranslatable
	skipped  map[string]string // Java pattern -> why it is not enforced
	decls    map[string]string // Go var -> declaration
}

func newRuleSet(g *generator) *ruleSet {
	return &ruleSet{g: g, strings: map[string]string{}, ints: map[string]string{},
		lengths: map[string]string{}, patterns: map[string]string{}, skipped: map[string]string{},
		decls: map[string]string{}}
}

func bound(n *json.Number) string {
	if n == nil {
		return "0"
	}
	return n.String()
}

func (r *ruleSet) stringRule(shapeName string) string {
	if v, ok := r.strings[shapeName]; ok {
		return v
	}
	s := r.g.m.Shapes[shapeName]
	pattern := r.pattern(s.Pattern)
	if s.Min == nil && s.Max == nil && pattern == "" && len(s.Enum) == 0 {
		r.strings[shapeName] = ""
		return ""
	}
	name := "rules" + exported(shapeName)
	var fields []string
	if s.Min != nil {
		fields = append(fields, "Min: "+s.Min.String())
	}
	if s.Max != nil {
		fields = append(fields, "Max: "+s.Max.String())
	}
	if pattern != "" {
		fields = append(fields, "Pattern: "+pattern, fmt.Sprintf("Source: %q", s.Pattern))
	}
	if len(s.Enum) > 0 {
		quoted := make([]string, len(s.Enum))
		for i, e := range s.Enum {
			quoted[i] = fmt.Sprintf("%q", e)
		}
		fields = append(fields, "Enum: []string{"+strings.Join(quoted, ", ")+"}")
	}
	if s.Sensitive {
		fields = append(fields, "Sensitive: true")
	}
	decl := fmt.Sprintf("var %s = constraint.StringRules{%s}", name, strings.Join(fields, ", "))
	if why, ok := r.skipped[s.Pattern]; ok && s.Pattern != "" {
		decl = fmt.Sprintf("// The pattern %s is not enforced: %s.\n%s", s.Pattern, why, decl)
	}
	r.decls[name] = decl
	r.strings[shapeName] = name
	return name
}

func (r *ruleSet) pattern(java string) string {
	if java == "" {
		return ""
	}
	if v, ok := r.patterns[java]; ok {
		return v
	}
	goRE, err := translateJavaRegex(java)
	if err != nil {
		r.skipped[java] = err.Error()
		r.patterns[java] = ""
		return ""
	}
	name := fmt.Sprintf("pattern%d", len(r.patterns))
	r.patterns[java] = name
	r.decls[name] = fmt.Sprintf("// %s is the model's pattern %s.\nvar %s = regexp.MustCompile(%s)", name, java, name, goQuote(goRE))
	return name
}

func (r *ruleSet) intRule(shapeName string) string {
	if v, ok := r.ints[shapeName]; ok {
		return v
	}
	s := r.g.m.Shapes[shapeName]
	if s.Min == nil && s.Max == nil {
		r.ints[shapeName] = ""
		return ""
	}
	name := "rules" + exported(shapeName)
	r.decls[name] = fmt.Sprintf("var %s = constraint.IntRules{Min: %s, Max: %s, HasMin: %t, HasMax: %t}",
		name, bound(s.Min), bound(s.Max), s.Min != nil, s.Max != nil)
	r.ints[shapeName] = name
	return name
}

func (r *ruleSet) lengthRule(shapeName string) string {
	if v, ok := r.lengths[shapeName]; ok {
		return v
	}
	s := r.g.m.Shapes[shapeName]
	if s.Min == nil && s.Max == nil {
		r.lengths[shapeName] = ""
		return ""
	}
	name := "rules" + exported(shapeName)
	r.decls[name] = fmt.Sprintf("var %s = constraint.ListRules{Min: %s, Max: %s}", name, bound(s.Min), bound(s.Max))
	r.lengths[shapeName] = name
	return name
}

// write emits the declarations sorted by name, so the output is stable.
// Patterns are numbered in first-use order, which is stable because shapes
// and members are visited in a fixed order.
func (r *ruleSet) write(buf *bytes.Buffer) {
	names := make([]string, 0, len(r.decls))
	for n := range r.decls {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		buf.WriteString("\n" + r.decls[n] + "\n")
	}
}

// goQuote writes a regexp as a raw string when it can, for readability.
func goQuote(s string) string {
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	return fmt.Sprintf("%q", s)
}
