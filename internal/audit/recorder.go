package audit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/store"
)

// Options tune a Recorder; zero values take the defaults.
type Options struct {
	// BatchSize is how many queued events one write stores at most
	// (default 256).
	BatchSize int
	// FlushInterval is the longest a queued event waits (default 500 ms).
	FlushInterval time.Duration
	// QueueSize bounds the events waiting in memory (default 8192). When
	// the queue is full an event is written on the request path instead:
	// slower, never lost.
	QueueSize int
	// Retention is how long events are kept (default 90 days, as
	// CloudTrail's event history); older ones are deleted every
	// PruneInterval (default an hour) and once at start.
	Retention     time.Duration
	PruneInterval time.Duration
	// Now is the clock of pruning; nil is time.Now.
	Now func() time.Time
	// Logger hears of failed writes (never of an event's content).
	Logger *slog.Logger
}

func (o *Options) defaults() {
	if o.BatchSize <= 0 {
		o.BatchSize = 256
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = 500 * time.Millisecond
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 8192
	}
	if o.Retention <= 0 {
		o.Retention = 90 * 24 * time.Hour
	}
	if o.PruneInterval <= 0 {
		o.PruneInterval = time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Recorder writes audit events to a store.
type Recorder struct {
	store store.Store
	opts  Options
	queue chan *store.AuditEvent
	// flushes asks the writer to store what is queued now and answers on
	// the given channel.
	flushes chan chan error
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// NewRecorder starts a recorder writing to st. Close stops it.
func NewRecorder(st store.Store, opts Options) *Recorder {
	opts.defaults()
	r := &Recorder{
		store:   st,
		opts:    opts,
		queue:   make(chan *store.AuditEvent, opts.QueueSize),
		flushes: make(chan chan error),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go r.run()
	return r
}

// Transact runs invoke, a mutating operation, in one transaction with the
// store write of its event: both commit or neither does. invoke must do
// all its store calls with the context it is given. When invoke fails, or
// the transaction does, nothing is changed and the failure's event is
// recorded like a read-only one.
func (r *Recorder) Transact(ctx context.Context, req *Request, invoke func(ctx context.Context) (any, error)) (any, error) {
	var out any
	err := r.store.WithTx(ctx, func(tx store.Store) error {
		txCtx := store.ContextWithTx(ctx, tx)
		var err error
		if out, err = invoke(txCtx); err != nil {
			return err
		}
		req.Output, req.Err = out, nil
		ev, err := Event(req)
		if err != nil {
			return err
		}
		return tx.AuditEvents().Append(txCtx, []*store.AuditEvent{ev})
	})
	if err != nil {
		req.Output, req.Err = nil, AsAWSError(err)
		r.Record(ctx, req)
		return nil, err
	}
	return out, nil
}

// AsAWSError is the error a client is told: err itself when it is AWS's,
// otherwise InternalFailure (the cause is logged, never recorded).
func AsAWSError(err error) *awserr.Error {
	var awsErr *awserr.Error
	if errors.As(err, &awsErr) {
		return awsErr
	}
	return awserr.InternalFailure()
}

// Record queues the event of a request that changed nothing: a read-only
// call, or any call that failed.
func (r *Recorder) Record(ctx context.Context, req *Request) {
	ev, err := Event(req)
	if err != nil {
		r.opts.Logger.ErrorContext(ctx, "audit event not recorded", "request_id", req.RequestID, "err", err)
		return
	}
	select {
	case r.queue <- ev:
	default:
		// The writer is behind: write this one here rather than drop it.
		if err := r.store.AuditEvents().Append(context.WithoutCancel(ctx), []*store.AuditEvent{ev}); err != nil {
			r.opts.Logger.ErrorContext(ctx, "audit event not recorded", "request_id", req.RequestID, "err", err)
		}
	}
}

// Flush stores every event queued before it was called.
func (r *Recorder) Flush(ctx context.Context) error {
	reply := make(chan error, 1)
	select {
	case r.flushes <- reply:
	case <-r.done:
		return errors.New("audit: recorder closed")
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stores what is queued and stops the writer.
func (r *Recorder) Close() {
	r.once.Do(func() { close(r.stop) })
	<-r.done
}

func (r *Recorder) run() {
	defer close(r.done)
	ticker := time.NewTicker(r.opts.FlushInterval)
	defer ticker.Stop()
	pruner := time.NewTicker(r.opts.PruneInterval)
	defer pruner.Stop()
	r.prune()
	var pending []*store.AuditEvent
	// failures counts the failed writes of events that failed alone.
	failures := map[string]int{}
	write := func() error {
		for len(pending) > 0 || len(r.queue) > 0 {
			pending = r.drain(pending)
			if err := r.append(pending); err != nil {
				// One event the store refuses must not hold back the
				// others: write them one by one, and keep only those
				// that fail alone for the next attempt.
				pending = r.appendEach(pending, failures)
				return err
			}
			pending = pending[:0]
		}
		return nil
	}
	for {
		select {
		case ev := <-r.queue:
			pending = append(pending, ev)
			if len(pending) >= r.opts.BatchSize {
				_ = write()
			}
		case <-ticker.C:
			_ = write()
		case <-pruner.C:
			r.prune()
		case reply := <-r.flushes:
			reply <- write()
		case <-r.stop:
			for attempt := 0; attempt < 3; attempt++ {
				if write() == nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
			r.opts.Logger.Error("audit events lost at shutdown", "count", len(pending)+len(r.queue))
			return
		}
	}
}

// prune deletes the events older than the retention period.
func (r *Recorder) prune() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := r.store.AuditEvents().DeleteBefore(ctx, r.opts.Now().Add(-r.opts.Retention))
	if err != nil {
		r.opts.Logger.Error("audit events not pruned", "err", err)
		return
	}
	if n > 0 {
		r.opts.Logger.Info("audit events past retention deleted", "count", n)
	}
}

// maxEventFailures is how often one event may fail to be stored on its own
// before it is given up, with an error in the log naming it.
const maxEventFailures = 5

// appendEach stores events one at a time and returns those still unstored.
func (r *Recorder) appendEach(events []*store.AuditEvent, failures map[string]int) []*store.AuditEvent {
	var left []*store.AuditEvent
	for _, ev := range events {
		if err := r.append([]*store.AuditEvent{ev}); err == nil {
			delete(failures, ev.ID)
			continue
		}
		failures[ev.ID]++
		if failures[ev.ID] >= maxEventFailures {
			r.opts.Logger.Error("audit event given up after repeated failures", "event_id", ev.ID, "event_name", ev.Name, "account", ev.AccountID)
			delete(failures, ev.ID)
			continue
		}
		left = append(left, ev)
	}
	return left
}

// drain moves queued events into batch, up to the batch size.
func (r *Recorder) drain(batch []*store.AuditEvent) []*store.AuditEvent {
	for len(batch) < r.opts.BatchSize {
		select {
		case ev := <-r.queue:
			batch = append(batch, ev)
		default:
			return batch
		}
	}
	return batch
}

func (r *Recorder) append(batch []*store.AuditEvent) error {
	if len(batch) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.store.AuditEvents().Append(ctx, batch); err != nil {
		r.opts.Logger.Error("audit events not yet stored; will retry", "count", len(batch), "err", err)
		return fmt.Errorf("audit: store %d events: %w", len(batch), err)
	}
	return nil
}
