package query

import (
	"fmt"
	"reflect"
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
)

var timeType = reflect.TypeFor[time.Time]()

// typePlan is the cached wire description of a Go type, so that steady-state
// requests walk precomputed field lists instead of re-reading tags.
type typePlan struct {
	kind   kind
	typ    reflect.Type
	fields []fieldPlan // structures
	elem   *typePlan   // list elements and map values
	key    *typePlan   // map keys
}

// fieldPlan is one tagged field of a structure.
type fieldPlan struct {
	index int
	ptr   bool // the field is a pointer to its value
	query wireTag
	xml   wireTag
	plan  *typePlan
}

var (
	plans   sync.Map // reflect.Type -> *typePlan
	buildMu sync.Mutex
)

// planFor returns the plan of t (a non-pointer type), building it once.
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
		return p, nil // a recursive structure: filled in by the outer call
	}
	p := &typePlan{typ: t}
	switch {
	case t == timeType:
		p.kind = kindTime
	case t.Kind() == reflect.String:
		p.kind = kindString
	case t.Kind() == reflect.Bool:
		p.kind = kindBool
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		p.kind = kindInt
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		p.kind = kindUint
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		p.kind = kindFloat
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		p.kind = kindBlob
	case t.Kind() == reflect.Slice:
		p.kind = kindList
		building[t] = p
		elem, err := buildPlan(t.Elem(), building)
		if err != nil {
			return nil, err
		}
		p.elem = elem
	case t.Kind() == reflect.Map:
		p.kind = kindMap
		building[t] = p
		key, err := buildPlan(t.Key(), building)
		if err != nil {
			return nil, err
		}
		elem, err := buildPlan(t.Elem(), building)
		if err != nil {
			return nil, err
		}
		p.key, p.elem = key, elem
	case t.Kind() == reflect.Struct:
		p.kind = kindStruct
		building[t] = p
		if err := p.buildFields(building); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("query: unsupported type %s", t)
	}
	building[t] = p
	return p, nil
}

func (p *typePlan) buildFields(building map[reflect.Type]*typePlan) error {
	for i := 0; i < p.typ.NumField(); i++ {
		sf := p.typ.Field(i)
		if !sf.IsExported() {
			continue
		}
		qt, qok := parseTag(sf.Tag.Get("query"))
		xt, xok := parseTag(sf.Tag.Get("xml"))
		if !qok && !xok {
			continue
		}
		switch {
		case xok && qok:
			// The layout options live in the query tag; the xml tag only
			// names the element.
			name := xt.name
			xt = qt
			xt.name = name
		case qok:
			xt = qt
		default:
			qt = xt
		}
		ft := sf.Type
		ptr := ft.Kind() == reflect.Pointer
		if ptr {
			ft = ft.Elem()
		}
		fp, err := buildPlan(ft, building)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", p.typ, sf.Name, err)
		}
		p.fields = append(p.fields, fieldPlan{index: i, ptr: ptr, query: qt, xml: xt, plan: fp})
	}
	return nil
}
