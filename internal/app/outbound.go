package app

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/iamd/iamd/internal/federation/outbound"
	"github.com/iamd/iamd/internal/issuers"
	"github.com/iamd/iamd/internal/store"
)

// publicURL is how clients reach this node: --public-url, or else http://
// and the address it listens on (known once Serve has bound it).
func (a *App) publicURL() string {
	if a.cfg.PublicURL != "" {
		return a.cfg.PublicURL
	}
	if addr := a.boundAddr.Load(); addr != nil {
		return "http://" + *addr
	}
	return "http://" + a.cfg.Listen
}

// serveIssuers publishes every outbound federation issuer's discovery
// document and public keys, unauthenticated as OIDC verifiers fetch them.
func serveIssuers(mux *http.ServeMux, registry *issuers.Issuers) {
	serve := func(w http.ResponseWriter, r *http.Request, body any, err error) {
		if errors.Is(err, store.ErrNotFound) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		// Verifiers cache both documents; an hour keeps key lookups rare
		// without keeping a document long after a change.
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_ = json.NewEncoder(w).Encode(body)
	}
	mux.HandleFunc("GET "+issuers.PathPrefix+"{issuer}"+outbound.ConfigurationPath, func(w http.ResponseWriter, r *http.Request) {
		doc, err := registry.Configuration(r.Context(), r.PathValue("issuer"))
		serve(w, r, doc, err)
	})
	mux.HandleFunc("GET "+issuers.PathPrefix+"{issuer}"+outbound.JWKSPath, func(w http.ResponseWriter, r *http.Request) {
		keys, err := registry.PublicKeys(r.Context(), r.PathValue("issuer"))
		serve(w, r, keys, err)
	})
}
