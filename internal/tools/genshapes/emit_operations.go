package main

import (
	"bytes"
	"fmt"
)

// operationsFile writes the service's operation table and the factories that
// let hand-written code get typed inputs and outputs without naming them.
func (g *generator) operationsFile() ([]byte, error) {
	var buf bytes.Buffer
	g.header(&buf)
	fmt.Fprintf(&buf, "// APIVersion is the service's Query API version (the Version parameter).\n")
	fmt.Fprintf(&buf, "const APIVersion = %q\n\n", g.m.Metadata.APIVersion)
	fmt.Fprintf(&buf, "// XMLNamespace is the namespace of every response and error document.\n")
	fmt.Fprintf(&buf, "const XMLNamespace = %q\n\n", g.m.Metadata.XMLNamespace)
	buf.WriteString(`// OperationShape describes one operation of botocore's model: its name, the
// Go types of its input and output ("" when it has none), the element that
// wraps its result in a response, and its HTTP method.
type OperationShape struct {
	Name          string
	Input         string
	Output        string
	ResultWrapper string
	HTTPMethod    string
}

// Operations lists every operation of the model, sorted by name.
var Operations = []OperationShape{
`)
	for _, name := range g.operationNames() {
		op := g.m.Operations[name]
		var in, out, wrapper string
		if op.Input != nil {
			in = exported(op.Input.Shape)
		}
		if op.Output != nil {
			out = exported(op.Output.Shape)
			wrapper = op.Output.ResultWrapper
		}
		fmt.Fprintf(&buf, "\t{Name: %q, Input: %q, Output: %q, ResultWrapper: %q, HTTPMethod: %q},\n",
			name, in, out, wrapper, op.HTTP.Method)
	}
	buf.WriteString("}\n\n")

	g.factory(&buf, "NewInput", "input", func(op *operation) *shapeRef { return op.Input })
	g.factory(&buf, "NewOutput", "output", func(op *operation) *shapeRef { return op.Output })
	return buf.Bytes(), nil
}

func (g *generator) factory(buf *bytes.Buffer, fn, what string, ref func(*operation) *shapeRef) {
	fmt.Fprintf(buf, "// %s returns a pointer to a new, zero %s of the named operation, or\n", fn, what)
	fmt.Fprintf(buf, "// nil when the operation has no %s or is not in the model.\n", what)
	fmt.Fprintf(buf, "func %s(operation string) any {\n\tswitch operation {\n", fn)
	for _, name := range g.operationNames() {
		if r := ref(g.m.Operations[name]); r != nil {
			fmt.Fprintf(buf, "\tcase %q:\n\t\treturn &%s{}\n", name, exported(r.Shape))
		}
	}
	buf.WriteString("\t}\n\treturn nil\n}\n\n")
}
