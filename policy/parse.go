package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Parse reads a policy document. It checks only the JSON shape AWS's grammar
// requires (which elements exist, and the types of their values); the rest is
// Validate's job. Every failure is an *Error with AWS's message
// "Syntax errors in policy.".
//
// A key repeated in one JSON object keeps its last value, as a JSON object
// decoder does. Statement positions are recorded for tools such as the
// policy simulator.
func Parse(data []byte) (*Document, error) {
	p := &parser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	doc, err := p.document()
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, syntaxError(-1, "trailing data after the policy object")
	}
	return doc, nil
}

type parser struct {
	data []byte
	dec  *json.Decoder
	stmt int      // index of the statement being read, or -1
	pos  Position // the last position computed, where the next scan resumes
}

func (p *parser) fail(format string, args ...any) *Error {
	return syntaxError(p.stmt, format, args...)
}

func (p *parser) token() (json.Token, error) {
	t, err := p.dec.Token()
	if err != nil {
		return nil, p.fail("invalid JSON: %v", err)
	}
	return t, nil
}

func (p *parser) expectDelim(want json.Delim) error {
	t, err := p.token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return p.fail("expected %q, found %v", want, describe(t))
	}
	return nil
}

// objectKeys calls fn for each key of the object whose '{' comes next; fn
// must consume the key's value.
func (p *parser) objectKeys(fn func(key string) error) error {
	if err := p.expectDelim('{'); err != nil {
		return err
	}
	for p.dec.More() {
		t, err := p.token()
		if err != nil {
			return err
		}
		key, ok := t.(string)
		if !ok {
			return p.fail("expected an object key, found %v", describe(t))
		}
		if err := fn(key); err != nil {
			return err
		}
	}
	return p.expectDelim('}')
}

func (p *parser) document() (*Document, error) {
	p.stmt = -1
	doc := &Document{}
	hasStatement := false
	err := p.objectKeys(func(key string) error {
		switch key {
		case "Version":
			s, err := p.str("Version")
			doc.Version, doc.HasVersion = s, true
			return err
		case "Id":
			s, err := p.str("Id")
			doc.ID, doc.HasID = s, true
			return err
		case "Statement":
			hasStatement = true
			return p.statements(doc)
		}
		return p.fail("unknown policy element %q", key)
	})
	if err != nil {
		return nil, err
	}
	if !hasStatement {
		return nil, p.fail("missing Statement")
	}
	return doc, nil
}

func (p *parser) str(element string) (string, error) {
	t, err := p.token()
	if err != nil {
		return "", err
	}
	s, ok := t.(string)
	if !ok {
		return "", p.fail("%s must be a string, found %v", element, describe(t))
	}
	return s, nil
}

func (p *parser) statements(doc *Document) error {
	doc.Statements = doc.Statements[:0]
	doc.StatementList = false
	if p.peekByte() == '[' {
		doc.StatementList = true
		if err := p.expectDelim('['); err != nil {
			return err
		}
		for p.dec.More() {
			if err := p.statement(doc); err != nil {
				return err
			}
		}
		if err := p.expectDelim(']'); err != nil {
			return err
		}
		if len(doc.Statements) == 0 {
			return p.fail("Statement is an empty array")
		}
		return nil
	}
	return p.statement(doc)
}

// peekByte returns the next non-space byte of the input that is not a
// separator, without consuming it.
func (p *parser) peekByte() byte {
	for i := int(p.dec.InputOffset()); i < len(p.data); i++ {
		switch c := p.data[i]; c {
		case ' ', '\t', '\r', '\n', ',', ':':
		default:
			return c
		}
	}
	return 0
}

// position converts a byte offset to a line and column. Offsets arrive in
// increasing order, so it resumes from the previous one instead of
// rescanning the document from its start for every statement.
func (p *parser) position(offset int) Position {
	if p.pos.Line == 0 || offset < p.pos.Offset {
		p.pos = Position{Line: 1, Column: 1}
	}
	line, col := p.pos.Line, p.pos.Column
	for i := p.pos.Offset; i < offset && i < len(p.data); i++ {
		if p.data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	p.pos = Position{Offset: offset, Line: line, Column: col}
	return p.pos
}

func (p *parser) startOffset() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (p *parser) statement(doc *Document) error {
	p.stmt = len(doc.Statements)
	st := Statement{}
	start := p.startOffset()
	if p.peekByte() != '{' {
		t, _ := p.token()
		return p.fail("a statement must be an object, found %v", describe(t))
	}
	err := p.objectKeys(func(key string) error {
		var err error
		switch key {
		case "Sid":
			st.Sid, err = p.str("Sid")
			st.HasSid = true
		case "Effect":
			st.Effect, err = p.str("Effect")
			st.HasEffect = true
		case "Principal":
			st.Principal, err = p.principal("Principal")
		case "NotPrincipal":
			st.NotPrincipal, err = p.principal("NotPrincipal")
		case "Action":
			st.Action, err = p.strings("Action")
		case "NotAction":
			st.NotAction, err = p.strings("NotAction")
		case "Resource":
			st.Resource, err = p.strings("Resource")
		case "NotResource":
			st.NotResource, err = p.strings("NotResource")
		case "Condition":
			st.Condition, err = p.condition()
			st.HasCondition = true
		default:
			err = p.fail("unknown statement element %q", key)
		}
		return err
	})
	if err != nil {
		return err
	}
	end := int(p.dec.InputOffset())
	st.Span = Span{Start: p.position(start), End: p.position(end)}
	doc.Statements = append(doc.Statements, st)
	return nil
}

// strings reads a string or an array of strings. Nulls inside the array are
// skipped, as AWS's parser does.
func (p *parser) strings(element string) (Strings, error) {
	out := Strings{Present: true}
	t, err := p.token()
	if err != nil {
		return out, err
	}
	switch v := t.(type) {
	case string:
		out.Values = []string{v}
		return out, nil
	case json.Delim:
		if v != '[' {
			break
		}
		out.List = true
		out.Values = []string{}
		for p.dec.More() {
			t, err := p.token()
			if err != nil {
				return out, err
			}
			switch s := t.(type) {
			case string:
				out.Values = append(out.Values, s)
			case nil:
			default:
				return out, p.fail("%s must hold strings, found %v", element, describe(t))
			}
		}
		return out, p.expectDelim(']')
	}
	return out, p.fail("%s must be a string or an array of strings, found %v", element, describe(t))
}

func (p *parser) principal(element string) (*Principal, error) {
	if p.peekByte() != '{' {
		t, err := p.token()
		if err != nil {
			return nil, err
		}
		if s, ok := t.(string); ok && s == "*" {
			return &Principal{Wildcard: true}, nil
		}
		return nil, p.fail(`%s must be "*" or an object, found %v`, element, describe(t))
	}
	pr := &Principal{}
	err := p.objectKeys(func(key string) error {
		vals, err := p.strings(element + "." + key)
		if err != nil {
			return err
		}
		for i := range pr.Entries {
			if pr.Entries[i].Type == key { // a repeated key keeps its last value
				pr.Entries[i].Values = vals.Values
				return nil
			}
		}
		pr.Entries = append(pr.Entries, PrincipalEntry{Type: key, Values: vals.Values})
		return nil
	})
	return pr, err
}

func (p *parser) condition() ([]ConditionBlock, error) {
	var blocks []ConditionBlock
	err := p.objectKeys(func(op string) error {
		block := ConditionBlock{Operator: op}
		if err := p.objectKeys(func(key string) error {
			vals, err := p.conditionValues(op, key)
			if err != nil {
				return err
			}
			for i := range block.Keys {
				if block.Keys[i].Key == key {
					block.Keys[i].Values = vals
					return nil
				}
			}
			block.Keys = append(block.Keys, ConditionKey{Key: key, Values: vals})
			return nil
		}); err != nil {
			return err
		}
		for i := range blocks {
			if blocks[i].Operator == op {
				blocks[i] = block
				return nil
			}
		}
		blocks = append(blocks, block)
		return nil
	})
	return blocks, err
}

// conditionValues reads a condition value: a string, number or boolean, or
// an array of them. All become strings.
func (p *parser) conditionValues(op, key string) ([]string, error) {
	t, err := p.token()
	if err != nil {
		return nil, err
	}
	if d, ok := t.(json.Delim); ok && d == '[' {
		vals := []string{}
		for p.dec.More() {
			t, err := p.token()
			if err != nil {
				return nil, err
			}
			s, ok := scalarText(t)
			if !ok {
				return nil, p.fail("condition %s %s holds %v", op, key, describe(t))
			}
			vals = append(vals, s)
		}
		return vals, p.expectDelim(']')
	}
	s, ok := scalarText(t)
	if !ok {
		return nil, p.fail("condition %s %s holds %v", op, key, describe(t))
	}
	return []string{s}, nil
}

func scalarText(t json.Token) (string, bool) {
	switch v := t.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func describe(t json.Token) string {
	switch v := t.(type) {
	case nil:
		return "null"
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "a value"
}
