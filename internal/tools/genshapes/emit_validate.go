package main

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// validateFile writes Validate() on every operation input and validate() on
// every structure reachable from one, enforcing the model's constraints.
func (g *generator) validateFile() ([]byte, error) {
	reach := g.inputStructures()
	var body bytes.Buffer
	rules := newRuleSet(g)
	for _, name := range reach {
		if err := g.emitValidate(&body, name, rules); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	g.header(&buf, "regexp", "github.com/iamd/iamd/internal/service/constraint")
	rules.write(&buf)
	for _, name := range g.inputNames() {
		fmt.Fprintf(&buf, "\n// Validate checks the request against the constraints of botocore's %s model\n", g.service)
		fmt.Fprintf(&buf, "// and returns an awserr ValidationError listing every failure, as AWS does.\n")
		fmt.Fprintf(&buf, "func (r *%s) Validate() error {\n\tvar v constraint.Validator\n\tr.validate(&v, \"\")\n\treturn v.Err()\n}\n", exported(name))
	}
	buf.Write(body.Bytes())
	return buf.Bytes(), nil
}

// inputNames lists the distinct input shapes of the operations, sorted.
func (g *generator) inputNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, op := range g.m.Operations {
		if op.Input != nil && !seen[op.Input.Shape] {
			seen[op.Input.Shape] = true
			names = append(names, op.Input.Shape)
		}
	}
	sort.Strings(names)
	return names
}

// inputStructures lists every structure reachable from an operation input.
func (g *generator) inputStructures() []string {
	seen := map[string]bool{}
	var walk func(shapeName string)
	walk = func(shapeName string) {
		s := g.m.Shapes[shapeName]
		switch s.Type {
		case "structure":
			if seen[shapeName] {
				return
			}
			seen[shapeName] = true
			for _, m := range s.memberNames() {
				walk(s.Members.get(m).Shape)
			}
		case "list":
			walk(s.Member.Shape)
		case "map":
			walk(s.Key.Shape)
			walk(s.Value.Shape)
		}
	}
	for _, name := range g.inputNames() {
		walk(name)
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (g *generator) emitValidate(buf *bytes.Buffer, name string, rules *ruleSet) error {
	s := g.m.Shapes[name]
	fmt.Fprintf(buf, "\nfunc (r *%s) validate(v *constraint.Validator, prefix string) {\n", exported(name))
	for _, member := range s.memberNames() {
		ref := s.Members.get(member)
		field := "r." + exported(member)
		path := lowerCamel(member)
		code, err := g.memberChecks(ref.Shape, field, fmt.Sprintf("%q", path), s.isRequired(member), rules)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", name, member, err)
		}
		buf.WriteString(code)
	}
	buf.WriteString("}\n")
	return nil
}

// memberChecks returns the statements that check one value. field is a Go
// expression of the value, pathExpr a Go expression of its path segment.
func (g *generator) memberChecks(shapeName, field, pathExpr string, required bool, rules *ruleSet) (string, error) {
	s := g.m.Shapes[shapeName]
	var b strings.Builder
	switch s.Type {
	case "string":
		rule := rules.stringRule(shapeName)
		// An empty string is how an absent member decodes. Where the model
		// allows empty values (no min length, as for a Tag's Value) an empty
		// required member is taken as present, and checked as a value.
		if required && (s.Min == nil || s.Min.String() == "0") {
			if rule != "" {
				fmt.Fprintf(&b, "v.CheckString(prefix, %s, %s, &%s)\n", pathExpr, field, rule)
			}
			break
		}
		switch {
		case required && rule != "":
			fmt.Fprintf(&b, "if %s == \"\" {\n\tv.Null(prefix, %s)\n} else {\n\tv.CheckString(prefix, %s, %s, &%s)\n}\n", field, pathExpr, pathExpr, field, rule)
		case required:
			fmt.Fprintf(&b, "if %s == \"\" {\n\tv.Null(prefix, %s)\n}\n", field, pathExpr)
		case rule != "":
			fmt.Fprintf(&b, "if %s != \"\" {\n\tv.CheckString(prefix, %s, %s, &%s)\n}\n", field, pathExpr, field, rule)
		}
	case "blob":
		rule := rules.lengthRule(shapeName)
		if required {
			fmt.Fprintf(&b, "if len(%s) == 0 {\n\tv.Null(prefix, %s)\n}\n", field, pathExpr)
		}
		if rule != "" {
			fmt.Fprintf(&b, "if len(%s) != 0 {\n\tv.CheckBlob(prefix, %s, %s, &%s)\n}\n", field, pathExpr, field, rule)
		}
	case "integer", "long":
		rule := rules.intRule(shapeName)
		if rule == "" {
			break
		}
		if required {
			fmt.Fprintf(&b, "v.CheckInt(prefix, %s, int64(%s), &%s)\n", pathExpr, field, rule)
		} else {
			fmt.Fprintf(&b, "if %s != nil {\n\tv.CheckInt(prefix, %s, int64(*%s), &%s)\n}\n", field, pathExpr, field, rule)
		}
	case "structure":
		if required {
			if g.comparable(shapeName, map[string]bool{}) {
				fmt.Fprintf(&b, "if %s == (%s{}) {\n\tv.Null(prefix, %s)\n} else {\n\t%s.validate(v, prefix+%s+\".\")\n}\n",
					field, exported(shapeName), pathExpr, field, pathExpr)
			} else {
				fmt.Fprintf(&b, "%s.validate(v, prefix+%s+\".\")\n", field, pathExpr)
			}
		} else {
			fmt.Fprintf(&b, "if %s != nil {\n\t%s.validate(v, prefix+%s+\".\")\n}\n", field, field, pathExpr)
		}
	case "list":
		rule := rules.lengthRule(shapeName)
		if required {
			fmt.Fprintf(&b, "if len(%s) == 0 {\n\tv.Null(prefix, %s)\n}\n", field, pathExpr)
		}
		if rule != "" {
			fmt.Fprintf(&b, "if %s != nil {\n\tv.CheckList(prefix, %s, %s, len(%s), &%s)\n}\n", field, pathExpr, field, field, rule)
		}
		inner, err := g.memberChecks(s.Member.Shape, field+"[i]", "constraint.Elem("+pathExpr+", i)", true, rules)
		if err != nil {
			return "", err
		}
		if g.m.Shapes[s.Member.Shape].Type == "structure" {
			inner = fmt.Sprintf("%s[i].validate(v, prefix+constraint.Elem(%s, i)+\".\")\n", field, pathExpr)
		}
		if inner != "" {
			fmt.Fprintf(&b, "for i := range %s {\n%s}\n", field, inner)
		}
	case "map":
		// botocore's IAM and STS inputs have no maps; their keys and values
		// are not validated.
	}
	return b.String(), nil
}

// comparable reports whether the Go struct for a shape supports ==.
func (g *generator) comparable(shapeName string, seen map[string]bool) bool {
	if seen[shapeName] {
		return true
	}
	seen[shapeName] = true
	for _, m := range g.m.Shapes[shapeName].memberNames() {
		switch ms := g.m.Shapes[g.m.Shapes[shapeName].Members.get(m).Shape]; ms.Type {
		case "list", "map", "blob":
			return false
		case "structure":
			if !g.comparable(g.m.Shapes[shapeName].Members.get(m).Shape, seen) {
				return false
			}
		}
	}
	return true
}
