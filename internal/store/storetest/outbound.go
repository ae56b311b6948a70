package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

var outboundIssuerTests = []test{
	{"OutboundIssuers/CreateGetToggle", func(t *testing.T, f *fixture) {
		oi := f.s.OutboundIssuers()
		wantErr(t, getErr(oi.Get(f.ctx, f.a)), store.ErrNotFound, "get before create")
		wantErr(t, oi.SetEnabled(f.ctx, f.a, false, f.now), store.ErrNotFound, "disable before create")
		issuer := &store.OutboundIssuer{AccountID: f.a, IssuerID: f.id("iss-"), IssuerURL: "https://iam.example.com/oidc/x", Enabled: true, SealedKeys: []byte{1, 2, 3},
			CreatedAt: f.now, UpdatedAt: f.now}
		f.must(oi.Create(f.ctx, issuer), "create")
		wantErr(t, oi.Create(f.ctx, &store.OutboundIssuer{AccountID: f.a, IssuerID: f.id("iss-"), SealedKeys: []byte{4},
			CreatedAt: f.now, UpdatedAt: f.now}), store.ErrAlreadyExists, "second issuer of the account")
		wantErr(t, oi.Create(f.ctx, &store.OutboundIssuer{AccountID: f.b, IssuerID: issuer.IssuerID, SealedKeys: []byte{4},
			CreatedAt: f.now, UpdatedAt: f.now}), store.ErrAlreadyExists, "another account with the same issuer ID")

		later := f.now.Add(time.Hour)
		f.must(oi.SetEnabled(f.ctx, f.a, false, later), "disable")
		for what, get := range map[string]func() (*store.OutboundIssuer, error){
			"by account": func() (*store.OutboundIssuer, error) { return oi.Get(f.ctx, f.a) },
			"by issuer":  func() (*store.OutboundIssuer, error) { return oi.GetByIssuerID(f.ctx, issuer.IssuerID) },
		} {
			got, err := get()
			if err != nil {
				t.Fatalf("get %s: %v", what, err)
			}
			if got.AccountID != f.a || got.IssuerID != issuer.IssuerID || got.IssuerURL != issuer.IssuerURL || got.Enabled || !bytes.Equal(got.SealedKeys, issuer.SealedKeys) ||
				!got.CreatedAt.Equal(f.now) || !got.UpdatedAt.Equal(later) {
				t.Errorf("get %s = %+v; want the disabled issuer updated at %v", what, got, later)
			}
		}
		f.must(oi.SetEnabled(f.ctx, f.a, true, later), "enable again")
		if got, err := oi.Get(f.ctx, f.a); err != nil || !got.Enabled {
			t.Fatalf("after enabling again: %+v, %v", got, err)
		}
		wantErr(t, getErr(oi.Get(f.ctx, f.b)), store.ErrNotFound, "B has none")
		wantErr(t, getErr(oi.GetByIssuerID(f.ctx, f.id("iss-"))), store.ErrNotFound, "unknown issuer ID")
	}},
	{"OutboundIssuers/CreateInTx", func(t *testing.T, f *fixture) {
		// A refused Create inside a transaction leaves the transaction
		// usable, as the IAM handler runs in the audit event's.
		oi := f.s.OutboundIssuers()
		first := &store.OutboundIssuer{AccountID: f.a, IssuerID: f.id("iss-"), Enabled: true, SealedKeys: []byte{1}, CreatedAt: f.now, UpdatedAt: f.now}
		f.must(oi.Create(f.ctx, first), "create")
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			dup := *first
			dup.IssuerID = f.id("iss-")
			wantErr(t, tx.OutboundIssuers().Create(f.ctx, &dup), store.ErrAlreadyExists, "duplicate in tx")
			return tx.OutboundIssuers().SetEnabled(f.ctx, f.a, false, f.now)
		})
		f.must(err, "transaction after a refused create")
		if got, err := oi.Get(f.ctx, f.a); err != nil || got.Enabled {
			t.Fatalf("after the transaction: %+v, %v; want disabled", got, err)
		}
	}},
}
