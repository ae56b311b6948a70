package main

import (
	"bytes"
	"fmt"
)

// shapesFile declares one Go struct per non-error structure shape.
func (g *generator) shapesFile() ([]byte, error) {
	var buf bytes.Buffer
	if g.usesTime() {
		g.header(&buf, "time")
	} else {
		g.header(&buf)
	}
	for _, name := range g.structNames() {
		s := g.m.Shapes[name]
		fmt.Fprintf(&buf, "// %s is botocore's %s structure shape.\n", exported(name), name)
		fmt.Fprintf(&buf, "type %s struct {\n", exported(name))
		for _, member := range s.memberNames() {
			ref := s.Members.get(member)
			typ, err := g.goType(ref, s.isRequired(member))
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", name, member, err)
			}
			tag := g.tag(member, ref)
			if s.isRequired(member) {
				tag += ",required"
			}
			// The model's sensitive trait marks secrets; the audit trail
			// leaves such members out of its records.
			extra := ""
			if g.m.Shapes[ref.Shape].Sensitive {
				extra = ` sensitive:"true"`
			}
			fmt.Fprintf(&buf, "\t%s %s `query:%q xml:%q%s`\n", exported(member), typ, tag, wireName(member, ref), extra)
		}
		buf.WriteString("}\n\n")
	}
	return buf.Bytes(), nil
}
