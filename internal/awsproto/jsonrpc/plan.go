package jsonrpc

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
)

// kind is what a Go type is on the wire.
type kind uint8

const (
	kindString kind = iota
	kindBool
	kindInt
	kindUint
	kindFloat
	kindTime
	kindBlob
	kindStruct
	kindList
	kindMap
	kindPointer
	// kindAny is an interface{} member (a Smithy document): decoded as
	// encoding/json decodes into any (numbers as json.Number) and written
	// back the same way.
	kindAny
)

var timeType = reflect.TypeFor[time.Time]()

// typePlan is the cached wire description of a Go type, so that steady-state
// requests walk precomputed field lists instead of re-reading tags.
type typePlan struct {
	kind   kind
	typ    reflect.Type
	fields []fieldPlan // structures, in declaration order
	elem   *typePlan   // list elements, map values, pointer targets
}

// fieldPlan is one member of a structure.
type fieldPlan struct {
	name  string
	index int
	plan  *typePlan
}

var (
	plans   sync.Map // reflect.Type -> *typePlan
	buildMu sync.Mutex
)

// planFor returns the plan of t, building it once.
func planFor(t reflect.Type) (*typePlan, error) {
	if p, ok := plans.Load(t); ok {
		return p.(*typePlan), nil
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	building := map[reflect.Type]*typePlan{}
	p, err := buildPlan(t, building)
	if err != nil {
		return nil, err
	}
	for typ, bp := range building {
		plans.LoadOrStore(typ, bp)
	}
	return p, nil
}

func buildPlan(t reflect.Type, building map[reflect.Type]*typePlan) (*typePlan, error) {
	if p, ok := plans.Load(t); ok {
		return p.(*typePlan), nil
	}
	if p, ok := building[t]; ok {
		return p, nil // a recursive shape: completed by the outer call
	}
	p := &typePlan{typ: t}
	building[t] = p
	var err error
	switch k := t.Kind(); {
	case t == timeType:
		p.kind = kindTime
	case k == reflect.String:
		p.kind = kindString
	case k == reflect.Bool:
		p.kind = kindBool
	case k >= reflect.Int && k <= reflect.Int64:
		p.kind = kindInt
	case k >= reflect.Uint && k <= reflect.Uint64:
		p.kind = kindUint
	case k == reflect.Float32 || k == reflect.Float64:
		p.kind = kindFloat
	case k == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		p.kind = kindBlob
	case k == reflect.Slice:
		p.kind = kindList
		p.elem, err = buildPlan(t.Elem(), building)
	case k == reflect.Map && t.Key().Kind() == reflect.String:
		p.kind = kindMap
		p.elem, err = buildPlan(t.Elem(), building)
	case k == reflect.Pointer:
		p.kind = kindPointer
		p.elem, err = buildPlan(t.Elem(), building)
	case k == reflect.Interface && t.NumMethod() == 0:
		p.kind = kindAny
	case k == reflect.Struct:
		p.kind = kindStruct
		err = buildFields(p, building)
	default:
		err = fmt.Errorf("jsonrpc: type %s has no JSON 1.1 encoding", t)
	}
	if err != nil {
		delete(building, t)
		return nil, err
	}
	return p, nil
}

func buildFields(p *typePlan, building map[reflect.Type]*typePlan) error {
	t := p.typ
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fp, err := buildPlan(f.Type, building)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
		}
		p.fields = append(p.fields, fieldPlan{name: name, index: i, plan: fp})
	}
	return nil
}
