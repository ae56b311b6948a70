// Package activity records what authenticated callers use — the access key
// a request was signed with, the service and action a principal called —
// in memory, and writes it to the store in the background, at most once
// per Interval for each key and each (principal, service, action). A write
// per request would load the database on the request path, and although
// these writes do not move the store's generation, batching keeps the
// database quiet for every cache and watcher around it.
//
// The data feeds GetAccessKeyLastUsed, the credential report and IAM's
// service last accessed reports; losing the last minute of it when a node
// stops abruptly is acceptable, as AWS's own tracking lags by hours.
package activity

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// DefaultInterval is how often the recorder writes, and the least time
// between two writes of one key's or one principal's service use.
const DefaultInterval = time.Minute

// Options configures a Recorder; zero values take the defaults.
type Options struct {
	// Interval is the flush period (DefaultInterval).
	Interval time.Duration
	// Clock is the time source for recorded uses and for flush pacing
	// (time.Now).
	Clock func() time.Time
}

// Recorder aggregates uses in memory. Its methods are safe for concurrent
// use; the Record methods never touch the store.
type Recorder struct {
	store    store.Store
	interval time.Duration
	now      func() time.Time

	mu sync.Mutex
	// keys and services hold the uses not yet written, the latest per key.
	keys     map[string]keyUse
	services map[serviceKey]store.ServiceActivity
	// written says when each key was last written, for pacing.
	written map[any]time.Time
}

type keyUse struct {
	at              time.Time
	service, region string
}

type serviceKey struct{ account, arn, namespace, action string }

// New returns a recorder writing to s.
func New(s store.Store, opts Options) *Recorder {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	return &Recorder{
		store: s, interval: opts.Interval, now: opts.Clock,
		keys: map[string]keyUse{}, services: map[serviceKey]store.ServiceActivity{}, written: map[any]time.Time{},
	}
}

// KeyUsed notes that the long-term access key signed a request to service
// in region, now. AWS reports the time of last use to the minute.
func (r *Recorder) KeyUsed(accessKeyID, service, region string) {
	at := r.now().UTC().Truncate(time.Minute)
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.keys[accessKeyID]; ok && old.at.After(at) {
		return
	}
	r.keys[accessKeyID] = keyUse{at: at, service: service, region: region}
}

// ServiceAccessed notes that the principal (a user's or role's ARN)
// authenticated to the service namespace in region, now, calling action.
// It records both the service-level and the action-level use; pass
// action "" for services whose actions are not tracked.
func (r *Recorder) ServiceAccessed(accountID, principalARN, namespace, action, region string) {
	at := r.now().UTC()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.noteService(serviceKey{accountID, principalARN, namespace, ""}, at, region)
	if action != "" {
		r.noteService(serviceKey{accountID, principalARN, namespace, action}, at, region)
	}
}

func (r *Recorder) noteService(k serviceKey, at time.Time, region string) {
	if old, ok := r.services[k]; ok && old.At.After(at) {
		return
	}
	r.services[k] = store.ServiceActivity{
		AccountID: k.account, PrincipalARN: k.arn, Namespace: k.namespace, Action: k.action, At: at, Region: region,
	}
}

// Flush writes the pending uses whose key was last written at least an
// Interval ago, or every pending use when all is true (at shutdown). Uses
// it could not write stay pending.
func (r *Recorder) Flush(ctx context.Context, all bool) error {
	now := r.now()
	r.mu.Lock()
	due := func(k any) bool {
		last, ok := r.written[k]
		return all || !ok || now.Sub(last) >= r.interval
	}
	keys := map[string]keyUse{}
	for id, u := range r.keys {
		if due(id) {
			keys[id] = u
			delete(r.keys, id)
			r.written[id] = now
		}
	}
	var records []store.ServiceActivity
	for k, rec := range r.services {
		if due(k) {
			records = append(records, rec)
			delete(r.services, k)
			r.written[k] = now
		}
	}
	r.forgetIdle(now)
	r.mu.Unlock()

	var errs []error
	for id, u := range keys {
		err := r.store.AccessKeys().RecordUse(ctx, id, u.at, u.service, u.region)
		// A key deleted since it signed the request has nothing to update.
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			errs = append(errs, fmt.Errorf("record use of access key %s: %w", id, err))
			r.requeueKey(id, u)
		}
	}
	if err := r.store.Activity().Record(ctx, records); err != nil {
		errs = append(errs, fmt.Errorf("record service activity: %w", err))
		r.requeueServices(records)
	}
	return errors.Join(errs...)
}

// forgetIdle drops pacing entries older than an Interval: they no longer
// hold back a write, and keeping them would grow without bound.
func (r *Recorder) forgetIdle(now time.Time) {
	for k, last := range r.written {
		if now.Sub(last) >= r.interval {
			delete(r.written, k)
		}
	}
}

func (r *Recorder) requeueKey(id string, u keyUse) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.keys[id]; !ok || cur.at.Before(u.at) {
		r.keys[id] = u
	}
}

func (r *Recorder) requeueServices(records []store.ServiceActivity) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range records {
		r.noteService(serviceKey{rec.AccountID, rec.PrincipalARN, rec.Namespace, rec.Action}, rec.At, rec.Region)
	}
}

// Run flushes every Interval until ctx ends, then writes everything still
// pending with a short deadline of its own. Errors go to report (which
// may be nil).
func (r *Recorder) Run(ctx context.Context, report func(error)) {
	tick := time.NewTicker(r.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := r.Flush(final, true); err != nil && report != nil {
				report(err)
			}
			return
		case <-tick.C:
			if err := r.Flush(ctx, false); err != nil && report != nil {
				report(err)
			}
		}
	}
}
