package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/iamd/iamd/internal/app"
	"github.com/iamd/iamd/internal/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// usageError marks mistakes in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `iamd: an AWS-compatible Identity and Access Management service

Usage:
  iamd serve [--listen ADDR] [--data-dir DIR] [--db postgres://...] [--dev]
             [--audit-retention 2160h] [--console-insecure-cookies] [--public-url URL]
  iamd accounts create --name NAME [--email EMAIL] [--data-dir DIR] [--db URL]
  iamd accounts list [--data-dir DIR] [--db URL]
  iamd accounts set-root-password --account ID [--data-dir DIR] [--db URL] < password-file
  iamd audit export [--account ID] [--start TIME] [--end TIME] [--out FILE] [--data-dir DIR] [--db URL]
  iamd policy validate [--kind identity|managed|trust|resource|scp|boundary|session] FILE...
  iamd policy simulate --policy FILE [--policy FILE...] [--boundary FILE]
                       [--resource-policy FILE --caller-arn ARN] [--resource-owner ARN]
                       --action A [--action B...] [--resource ARN...]
                       [--context key=type:value...] [--json]
  iamd version

The policy commands run offline, on files. Exit status: 0 when every file is
valid or every simulated request is allowed; 1 when a file is invalid or a
request is denied; 2 for a usage error.

Every flag has an IAMD_* environment variable (IAMD_LISTEN, IAMD_DATA_DIR,
IAMD_DB, IAMD_DEV, IAMD_MASTER_KEY, IAMD_ACCOUNT_ID, IAMD_ROOT_ACCESS_KEY_ID,
IAMD_ROOT_SECRET_ACCESS_KEY, IAMD_ROOT_PASSWORD, IAMD_CONSOLE_INSECURE_COOKIES,
IAMD_AUDIT_RETENTION,
IAMD_LOG_LEVEL); flags win over the environment.

The web console is at http://ADDR/console/; an account's sign-in link is
http://ADDR/signin/ACCOUNT-ID-OR-ALIAS. "audit export" writes the audit
trail as JSON Lines of CloudTrail records, oldest first.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "accounts":
		return accounts(ctx, args[1:], stdout, stderr)
	case "policy":
		return policyCommand(ctx, args[1:], stdout, stderr)
	case "audit":
		return auditCommand(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "iamd", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
}

// storeFlags registers the flags that locate the data, over cfg.
func storeFlags(fs *flag.FlagSet, cfg *config.Config) {
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory of the SQLite database and master key")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "PostgreSQL URL (postgres://...); SQLite in --data-dir when empty")
}

func loadConfig() config.Config { return config.Default().FromEnv(os.LookupEnv) }

func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := loadConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "address to listen on")
	fs.BoolVar(&cfg.ConsoleInsecureCookies, "console-insecure-cookies", cfg.ConsoleInsecureCookies, "send the console's cookies without Secure, for plain HTTP to other machines (localhost needs no such thing)")
	fs.DurationVar(&cfg.AuditRetention, "audit-retention", cfg.AuditRetention, "how long audit events are kept")
	fs.StringVar(&cfg.PublicURL, "public-url", cfg.PublicURL, "how clients reach iamd, e.g. https://iam.example.com: the start of outbound federation issuer URLs (default http:// and the listen address)")
	fs.BoolVar(&cfg.Dev, "dev", cfg.Dev, "development mode: in-memory store, any unknown access key is the root of 123456789012")
	storeFlags(fs, &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	a, err := app.New(ctx, cfg, stdout, log)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx, nil)
}

func accounts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"accounts needs a subcommand: create, list or set-root-password"}
	}
	cfg := loadConfig()
	fs := flag.NewFlagSet("accounts "+args[0], flag.ContinueOnError)
	storeFlags(fs, &cfg)
	var name, email, account string
	switch args[0] {
	case "create":
		fs.StringVar(&name, "name", "", "the account's name")
		fs.StringVar(&email, "email", "", "the root user's email address (signs in to the console with it)")
	case "set-root-password":
		fs.StringVar(&account, "account", "", "the account whose root password to set")
	case "list":
	default:
		return usageError{fmt.Sprintf("unknown accounts subcommand %q", args[0])}
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if args[0] == "create" && name == "" {
		return usageError{"accounts create needs --name"}
	}
	if args[0] == "set-root-password" && account == "" {
		return usageError{"accounts set-root-password needs --account"}
	}
	st, keyring, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	if args[0] == "set-root-password" {
		return setRootPassword(ctx, st, account, os.Stdin, stderr)
	}
	if args[0] == "create" {
		creds, err := app.NewAccount(ctx, st, keyring, app.RootCredentials{AccountName: name, Email: email}, time.Now().UTC())
		if err != nil {
			return err
		}
		app.PrintRootCredentials(stdout, creds, "http://"+cfg.Listen)
		return nil
	}
	list, err := st.Accounts().List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACCOUNT ID\tNAME\tCREATED")
	for _, acct := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", acct.ID, acct.Name, acct.CreatedAt.UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}
