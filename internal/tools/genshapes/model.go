package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// model is the subset of botocore's service-2.json that the generator reads.
type model struct {
	Metadata struct {
		APIVersion   string `json:"apiVersion"`
		XMLNamespace string `json:"xmlNamespace"`
		Protocol     string `json:"protocol"`
		ServiceID    string `json:"serviceId"`
	} `json:"metadata"`
	Operations map[string]*operation `json:"operations"`
	Shapes     map[string]*shape     `json:"shapes"`
}

type operation struct {
	Name string `json:"name"`
	HTTP struct {
		Method string `json:"method"`
	} `json:"http"`
	Input  *shapeRef `json:"input"`
	Output *shapeRef `json:"output"`
}

// shapeRef is a reference to a shape: an operation's input or output, a
// structure member, a list member or a map key or value.
type shapeRef struct {
	Shape         string `json:"shape"`
	LocationName  string `json:"locationName"`
	Flattened     bool   `json:"flattened"`
	ResultWrapper string `json:"resultWrapper"`
}

type shape struct {
	Type         string       `json:"type"`
	Members      orderedRefs  `json:"members"`
	Required     []string     `json:"required"`
	Member       *shapeRef    `json:"member"`
	Key          *shapeRef    `json:"key"`
	Value        *shapeRef    `json:"value"`
	Min          *json.Number `json:"min"`
	Max          *json.Number `json:"max"`
	Pattern      string       `json:"pattern"`
	Enum         []string     `json:"enum"`
	Exception    bool         `json:"exception"`
	Flattened    bool         `json:"flattened"`
	Sensitive    bool         `json:"sensitive"`
	LocationName string       `json:"locationName"`
}

func (s *shape) isRequired(member string) bool {
	for _, r := range s.Required {
		if r == member {
			return true
		}
	}
	return false
}

// memberNames returns the structure's member names in model order, which is
// the order AWS writes response elements in.
func (s *shape) memberNames() []string { return s.Members.names }

// orderedRefs is a JSON object of shape references that remembers its key
// order, so that generated structs list members as the model does.
type orderedRefs struct {
	names []string
	refs  map[string]*shapeRef
}

func (o *orderedRefs) get(name string) *shapeRef { return o.refs[name] }

func (o *orderedRefs) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // '{'
		return err
	}
	o.refs = map[string]*shapeRef{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, ok := tok.(string)
		if !ok {
			return fmt.Errorf("member name is %T, not a string", tok)
		}
		var ref shapeRef
		if err := dec.Decode(&ref); err != nil {
			return fmt.Errorf("member %s: %w", name, err)
		}
		if _, dup := o.refs[name]; !dup {
			o.names = append(o.names, name)
		}
		o.refs[name] = &ref
	}
	return nil
}

// modelVersions maps the services the generator supports to their API versions.
var modelVersions = map[string]string{
	"iam": "2010-05-08",
	"sts": "2011-06-15",
}

func loadModel(service string) (*model, error) {
	version, ok := modelVersions[service]
	if !ok {
		return nil, fmt.Errorf("unknown service %q", service)
	}
	dataDir, err := botocoreDataDir()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dataDir, service, version, "service-2.json.gz")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open botocore model: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("gunzip %s: %w", path, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var m model
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if m.Metadata.Protocol != "query" {
		return nil, fmt.Errorf("%s uses protocol %q; only query is supported", service, m.Metadata.Protocol)
	}
	return &m, nil
}

// botocoreDataDir honours BOTOCORE_DATA, else asks the python3 on PATH where
// its botocore package keeps its data (once: starting python is slow).
func botocoreDataDir() (string, error) {
	if dir := os.Getenv("BOTOCORE_DATA"); dir != "" {
		return dir, nil
	}
	return askPython()
}

var askPython = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("python3", "-c",
		"import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),'data'))").Output()
	if err != nil {
		return "", fmt.Errorf("locate botocore with python3 (set BOTOCORE_DATA to skip): %w", err)
	}
	return strings.TrimSpace(string(out)), nil
})
