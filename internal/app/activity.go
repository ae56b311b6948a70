package app

import (
	"context"
	"sync"

	"github.com/iamd/iamd/internal/activity"
	"github.com/iamd/iamd/internal/principal"
)

// activityRecorder notes what authenticated callers use and writes it to
// the store in the background (package activity); stop ends the writer
// after a last flush.
type activityRecorder struct {
	rec  *activity.Recorder
	once sync.Once
	stop context.CancelFunc
	done chan struct{}
}

// startActivity starts the background writer of a's recorder.
func (a *App) startActivity(opts activity.Options) {
	ctx, cancel := context.WithCancel(context.Background())
	r := &activityRecorder{rec: activity.New(a.store, opts), stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.rec.Run(ctx, func(err error) { a.log.Warn("recording activity", "err", err) })
	}()
	a.activity = r
}

// stopActivity flushes what is pending and stops the writer; safe to call
// more than once.
func (a *App) stopActivity() {
	if a.activity == nil {
		return
	}
	a.activity.once.Do(func() {
		a.activity.stop()
		<-a.activity.done
	})
}

// noteActivity is the gateway's Authenticated hook: the long-term access
// key's last use, and the user's or role's last access to the service
// (and, for IAM, to the action: AWS tracks IAM's actions, not STS's).
// The root user and federated users are no IAM entity and have no last
// accessed report; development mode's unissued keys have no record.
func (a *App) noteActivity(p *principal.Principal, service, region, operation string) {
	if p == nil || p.Dev {
		return
	}
	rec := a.activity.rec
	if !p.IsSession() && p.AccessKeyID != "" {
		rec.KeyUsed(p.AccessKeyID, service, region)
	}
	arn := ""
	switch {
	case p.Type == principal.IAMUser:
		// The user's ARN, also for its GetSessionToken sessions.
		arn = p.ARN
	case p.Type == principal.AssumedRole:
		arn = p.Session.RoleARN
	}
	if arn == "" {
		return
	}
	action := ""
	if service == "iam" {
		action = operation
	}
	rec.ServiceAccessed(p.AccountID, arn, service, action, region)
}
