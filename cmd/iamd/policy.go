package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/policy"
)

// The policy subcommands work offline, on files, for CI pipelines: no
// server, no data directory.
//
// Exit status: 0 when every file is valid (validate) or every simulated
// request is allowed (simulate); 1 when a file is invalid, a request is
// denied, or a file cannot be read or simulated; 2 for a usage error.

// failedError is a run whose findings (invalid files, denied requests)
// were printed; main exits with status 1.
type failedError struct{ msg string }

func (e failedError) Error() string { return e.msg }

func policyCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"policy needs a subcommand: validate or simulate"}
	}
	switch args[0] {
	case "validate":
		return policyValidate(args[1:], stdout)
	case "simulate":
		return policySimulate(ctx, args[1:], stdout)
	default:
		return usageError{fmt.Sprintf("unknown policy subcommand %q", args[0])}
	}
}

// policyKinds are the --kind names of policy.Kind.
var policyKinds = map[string]policy.Kind{
	"identity": policy.KindIdentity, "managed": policy.KindManaged, "trust": policy.KindTrust,
	"resource": policy.KindResource, "scp": policy.KindSCP, "boundary": policy.KindBoundary,
	"session": policy.KindSession,
}

// policyValidate checks each file as IAM would check a policy of the kind,
// printing "FILE: OK" or AWS's MalformedPolicyDocument message, with the
// offending statement's line and column when there is one.
func policyValidate(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("policy validate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	kindName := fs.String("kind", "identity", "identity, managed, trust, resource, scp, boundary or session")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	kind, ok := policyKinds[*kindName]
	if !ok {
		return usageError{fmt.Sprintf("unknown --kind %q", *kindName)}
	}
	if fs.NArg() == 0 {
		return usageError{"policy validate needs at least one FILE"}
	}
	invalid := 0
	for _, name := range fs.Args() {
		if line := validateFile(name, kind); line != "" {
			fmt.Fprintln(stdout, line)
			invalid++
			continue
		}
		fmt.Fprintf(stdout, "%s: OK\n", name)
	}
	if invalid > 0 {
		return failedError{fmt.Sprintf("%d of %d policies invalid", invalid, fs.NArg())}
	}
	return nil
}

// validateFile returns "" for a valid policy, else the line to print.
func validateFile(name string, kind policy.Kind) string {
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Sprintf("%s: %v", name, err)
	}
	doc, err := policy.Parse(data)
	if err == nil {
		err = policy.Validate(doc, kind)
	}
	if err == nil {
		return ""
	}
	var perr *policy.Error
	if !errors.As(err, &perr) {
		return fmt.Sprintf("%s: %v", name, err)
	}
	where := name
	if doc != nil && perr.Statement >= 0 && perr.Statement < len(doc.Statements) {
		start := doc.Statements[perr.Statement].Span.Start
		where = fmt.Sprintf("%s:%d:%d", name, start.Line, start.Column)
	}
	msg := perr.Message
	if perr.Detail != "" {
		msg += " (" + perr.Detail + ")"
	}
	return fmt.Sprintf("%s: %s: %s", where, policy.CodeMalformedPolicyDocument, msg)
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// simulateOptions are policy simulate's flags.
type simulateOptions struct {
	policies, actions, resources, contexts listFlag
	boundary, resourcePolicy, callerARN    string
	resourceOwner                          string
	asJSON                                 bool
}

// offlineAccount is the account of an offline simulation without
// --caller-arn; only same-account reasoning depends on it.
const offlineAccount = "123456789012"

// policySimulate evaluates policy files with the same code as IAM's
// SimulateCustomPolicy, and prints one row per action and resource.
func policySimulate(ctx context.Context, args []string, stdout io.Writer) error {
	var o simulateOptions
	fs := flag.NewFlagSet("policy simulate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(&o.policies, "policy", "identity policy FILE (repeatable)")
	fs.StringVar(&o.boundary, "boundary", "", "permissions boundary FILE")
	fs.StringVar(&o.resourcePolicy, "resource-policy", "", "resource-based policy FILE (needs --caller-arn)")
	fs.StringVar(&o.callerARN, "caller-arn", "", "the IAM user ARN making the requests")
	fs.StringVar(&o.resourceOwner, "resource-owner", "", "account owning resources whose ARN names none (arn:aws:iam::ACCOUNT:root)")
	fs.Var(&o.actions, "action", "action to simulate, service:Action (repeatable)")
	fs.Var(&o.resources, "resource", "resource ARN (repeatable; default *)")
	fs.Var(&o.contexts, "context", "context key: key=type:value[,value...] (repeatable)")
	fs.BoolVar(&o.asJSON, "json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if len(o.policies) == 0 || len(o.actions) == 0 {
		return usageError{"policy simulate needs --policy and --action"}
	}
	in, err := o.request()
	if err != nil {
		return err
	}
	results, err := simulateAll(ctx, in, o.callerARN)
	if err != nil {
		return err
	}
	rows := o.rows(results)
	if o.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return err
		}
	} else if err := printRows(stdout, rows); err != nil {
		return err
	}
	denied := 0
	for _, r := range rows {
		if r.Decision != "allowed" {
			denied++
		}
	}
	if denied > 0 {
		return failedError{fmt.Sprintf("%d of %d requests denied", denied, len(rows))}
	}
	return nil
}

// request reads the files and builds the SimulateCustomPolicy input.
func (o *simulateOptions) request() (*iam.SimulateCustomPolicyRequest, error) {
	in := &iam.SimulateCustomPolicyRequest{
		ActionNames: o.actions, ResourceArns: o.resources,
		CallerArn: o.callerARN, ResourceOwner: o.resourceOwner,
	}
	for _, name := range o.policies {
		text, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		in.PolicyInputList = append(in.PolicyInputList, string(text))
	}
	if o.boundary != "" {
		text, err := os.ReadFile(o.boundary)
		if err != nil {
			return nil, err
		}
		in.PermissionsBoundaryPolicyInputList = []string{string(text)}
	}
	if o.resourcePolicy != "" {
		text, err := os.ReadFile(o.resourcePolicy)
		if err != nil {
			return nil, err
		}
		in.ResourcePolicy = string(text)
	}
	for _, c := range o.contexts {
		e, err := parseContextFlag(c)
		if err != nil {
			return nil, err
		}
		in.ContextEntries = append(in.ContextEntries, e)
	}
	return in, nil
}

// contextTypes are the simulator's ContextKeyType names.
var contextTypes = map[string]bool{
	"string": true, "stringList": true, "numeric": true, "numericList": true,
	"boolean": true, "booleanList": true, "ip": true, "ipList": true,
	"binary": true, "binaryList": true, "date": true, "dateList": true,
}

// parseContextFlag reads key=type:value. A value whose prefix is no type
// ("aws:PrincipalArn=arn:aws:iam::...") is a string; List types take
// comma-separated values.
func parseContextFlag(s string) (iam.ContextEntry, error) {
	key, rest, ok := strings.Cut(s, "=")
	if !ok || key == "" {
		return iam.ContextEntry{}, usageError{fmt.Sprintf("--context %q: want key=type:value", s)}
	}
	typ, value := "string", rest
	if t, v, ok := strings.Cut(rest, ":"); ok && contextTypes[t] {
		typ, value = t, v
	}
	values := []string{value}
	if strings.HasSuffix(typ, "List") {
		values = strings.Split(value, ",")
	}
	return iam.ContextEntry{ContextKeyName: key, ContextKeyType: typ, ContextKeyValues: values}, nil
}

// simulateAll runs the simulation offline, page by page, as the caller's
// account root.
func simulateAll(ctx context.Context, in *iam.SimulateCustomPolicyRequest, callerARN string) ([]iam.EvaluationResult, error) {
	account := offlineAccount
	if a, err := arn.Parse(callerARN); err == nil && arn.IsAccountID(a.AccountID) {
		account = a.AccountID
	}
	ctx = principal.WithContext(ctx, &principal.Principal{
		Type: principal.Root, AccountID: account, ARN: arn.RootARN("aws", account), UserID: account,
	})
	svc := iam.New(iam.Config{})
	page := int32(1000)
	in.MaxItems = &page
	var all []iam.EvaluationResult
	for {
		out, err := svc.SimulateCustomPolicy(ctx, in)
		if err != nil {
			return nil, err
		}
		all = append(all, out.EvaluationResults...)
		if out.IsTruncated == nil || !*out.IsTruncated {
			return all, nil
		}
		in.Marker = out.Marker
	}
}

// simRow is one simulated request as the command prints it.
type simRow struct {
	Action     string         `json:"action"`
	Resource   string         `json:"resource"`
	Decision   string         `json:"decision"`
	Statements []simStatement `json:"matchedStatements"`
	Missing    []string       `json:"missingContextValues"`
}

// simStatement is a matched statement located in its file.
type simStatement struct {
	File      string `json:"file"`
	Line      int32  `json:"line"`
	Column    int32  `json:"column"`
	EndLine   int32  `json:"endLine"`
	EndColumn int32  `json:"endColumn"`
	Source    string `json:"sourcePolicyId"`
}

// rows turns results into rows, naming each matched statement's file.
func (o *simulateOptions) rows(results []iam.EvaluationResult) []simRow {
	rows := make([]simRow, 0, len(results))
	for _, r := range results {
		row := simRow{Action: r.EvalActionName, Resource: r.EvalResourceName, Decision: r.EvalDecision,
			Statements: []simStatement{}, Missing: r.MissingContextValues}
		if len(r.ResourceSpecificResults) > 0 {
			// Named resources carry their missing keys per resource.
			row.Missing = r.ResourceSpecificResults[0].MissingContextValues
		}
		for _, st := range r.MatchedStatements {
			row.Statements = append(row.Statements, simStatement{
				File: o.fileOf(st.SourcePolicyId), Source: st.SourcePolicyId,
				Line: deref(st.StartPosition, true), Column: deref(st.StartPosition, false),
				EndLine: deref(st.EndPosition, true), EndColumn: deref(st.EndPosition, false),
			})
		}
		if row.Missing == nil {
			row.Missing = []string{}
		}
		rows = append(rows, row)
	}
	return rows
}

func deref(p *iam.Position, line bool) int32 {
	switch {
	case p == nil:
		return 0
	case line && p.Line != nil:
		return *p.Line
	case !line && p.Column != nil:
		return *p.Column
	}
	return 0
}

// fileOf maps a SourcePolicyId back to the file it was read from.
func (o *simulateOptions) fileOf(id string) string {
	switch {
	case id == "ResourcePolicy":
		return o.resourcePolicy
	case strings.HasPrefix(id, "PermissionsBoundaryPolicyInputList."):
		return o.boundary
	case strings.HasPrefix(id, "PolicyInputList."):
		n, err := strconv.Atoi(strings.TrimPrefix(id, "PolicyInputList."))
		if err == nil && n >= 1 && n <= len(o.policies) {
			return o.policies[n-1]
		}
	}
	return id
}

// printRows writes the table: the deciding statement is the first matched
// one, shown for allowed and explicitly denied requests (an implicit deny
// has none).
func printRows(w io.Writer, rows []simRow) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACTION\tRESOURCE\tDECISION\tSTATEMENT\tMISSING CONTEXT")
	for _, r := range rows {
		stmt := "-"
		if r.Decision != "implicitDeny" && len(r.Statements) > 0 {
			s := r.Statements[0]
			stmt = fmt.Sprintf("%s:%d", s.File, s.Line)
		}
		missing := "-"
		if len(r.Missing) > 0 {
			missing = strings.Join(r.Missing, ",")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Action, r.Resource, r.Decision, stmt, missing)
	}
	return tw.Flush()
}
