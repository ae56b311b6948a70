package config

import (
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr string
	}{
		{"defaults are valid", func(*Config) {}, ""},
		{"bad listen", func(c *Config) { c.Listen = "nope" }, "listen address"},
		{"sqlite url rejected in --db", func(c *Config) { c.DB = "sqlite:///x" }, "--db must be a postgres"},
		{"postgres accepted", func(c *Config) { c.DB = "postgres://u:pw@h/db" }, ""},
		{"postgres password not echoed", func(c *Config) { c.DB = "mysql://u:hunter2@h/db" }, "***@h/db"},
		{"short account", func(c *Config) { c.AccountID = "123" }, "12 digits"},
		{"key without secret", func(c *Config) { c.RootAccessKeyID = "AKIAIOSFODNN7EXAMPLE" }, "go together"},
		{"malformed key", func(c *Config) {
			c.RootAccessKeyID, c.RootSecretAccessKey = "test", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
		}, "AKIA followed"},
		{"malformed secret", func(c *Config) {
			c.RootAccessKeyID, c.RootSecretAccessKey = "AKIAIOSFODNN7EXAMPLE", "short"
		}, "40 characters"},
		{"bad level", func(c *Config) { c.LogLevel = "loud" }, "log level"},
		{"public URL", func(c *Config) { c.PublicURL = "https://iam.example.com/" }, ""},
		{"public URL with a port", func(c *Config) { c.PublicURL = "http://10.0.0.5:8686" }, ""},
		{"public URL with a path", func(c *Config) { c.PublicURL = "http://10.0.0.5:8686/iamd" }, "public URL"},
		{"public URL without scheme", func(c *Config) { c.PublicURL = "iam.example.com" }, "public URL"},
		{"public URL with a query", func(c *Config) { c.PublicURL = "https://iam.example.com/?x=1" }, "public URL"},
		{"public URL of another scheme", func(c *Config) { c.PublicURL = "ftp://iam.example.com" }, "public URL"},
		{"audit retention too short", func(c *Config) { c.AuditRetention = time.Minute }, "shorter than an hour"},
		{"audit retention not a duration", func(c *Config) {
			*c = c.FromEnv(func(k string) (string, bool) { return "90 days", k == "IAMD_AUDIT_RETENTION" })
		}, `IAMD_AUDIT_RETENTION "90 days" is not a duration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Default()
			tt.mutate(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate() = %v, want it to mention %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("Validate() echoed a password: %v", err)
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IAMD_LISTEN": "127.0.0.1:1", "IAMD_DEV": "true", "IAMD_ACCOUNT_ID": "111122223333", "IAMD_AUDIT_RETENTION": "720h"}
	c := Default().FromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if c.Listen != "127.0.0.1:1" || !c.Dev || c.AccountID != "111122223333" || c.AuditRetention != 720*time.Hour {
		t.Fatalf("FromEnv() = %+v", c)
	}
	if c.DataDir != "iamd-data" {
		t.Fatalf("unset variables must keep defaults, DataDir = %q", c.DataDir)
	}
}
