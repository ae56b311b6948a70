package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Other Stores on the same database (other iamd nodes on PostgreSQL, other
// processes such as `iamd accounts create` on a SQLite file) commit writes
// this Store did not make. Caches key on Generation, so each Store runs
// one watcher goroutine that bumps the generation when it hears of them:
//
//   - PostgreSQL: every transaction that wrote runs notifyCommit
//     (pg_notify on changeChannel, payload "<schema>/<node>": the schema
//     written to and the writing Store's node ID) just before COMMIT, so
//     the notification is sent only if it commits. The watcher holds a
//     dedicated connection, outside the pool, that LISTENs and bumps on
//     each notification for its own schema from another node.
//   - SQLite: the watcher holds one pooled connection and polls
//     PRAGMA data_version, which changes whenever another connection
//     commits, every pollInterval.
//
// Both bump once more after re-establishing a lost connection, since
// changes may have gone unheard meanwhile. The SQLite watcher also sees
// this Store's own writes (data_version cannot tell them apart); the extra
// bump is harmless, Generation being a hint.

// changeChannel is the PostgreSQL notification channel of committed writes.
const changeChannel = "iamd_changes"

// changeScope is the payload of a change notification: the schema written
// to, so that iamd deployments in different schemas of one database (and
// tests, which use a schema each) do not invalidate each other's caches.
const changeScope = "COALESCE(current_schema(), '')"

// pollInterval is how often the SQLite watcher reads data_version: well
// under the one second in which a change must be seen, and cheap (one
// in-process query on an idle connection).
const pollInterval = 250 * time.Millisecond

// Reconnection backoff of a watcher whose connection failed.
const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// watcher runs one background goroutine until stop.
type watcher struct {
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once

	// mu guards pid, the server process ID of the PostgreSQL listening
	// connection (0 while disconnected), for tests that cut it.
	mu  sync.Mutex
	pid uint32
}

func newWatcher() (*watcher, context.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	return &watcher{cancel: cancel, done: make(chan struct{})}, ctx
}

// stop ends the goroutine and waits for it to release its connection.
func (w *watcher) stop() {
	w.once.Do(func() {
		w.cancel()
		<-w.done
	})
}

func (w *watcher) setPID(pid uint32) {
	w.mu.Lock()
	w.pid = pid
	w.mu.Unlock()
}

// sleep waits d or until ctx ends; false when ctx ended.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// nextBackoff doubles d up to maxBackoff.
func nextBackoff(d time.Duration) time.Duration { return min(2*d, maxBackoff) }

// pgListener is the PostgreSQL watcher's connection.
type pgListener struct {
	conn   *pgx.Conn
	schema string
}

// listenPostgres opens a dedicated connection (not from the pool: LISTEN
// belongs to one session, which must stay open) and LISTENs on
// changeChannel.
func listenPostgres(ctx context.Context, dsn string) (*pgListener, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	l := &pgListener{conn: conn}
	if err := conn.QueryRow(ctx, "SELECT "+changeScope).Scan(&l.schema); err != nil {
		l.close()
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+changeChannel); err != nil {
		l.close()
		return nil, err
	}
	return l, nil
}

func (l *pgListener) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = l.conn.Close(ctx) // the connection is being dropped either way
}

// watchPostgres starts the PostgreSQL watcher. It is listening when it
// returns, so no write committed after OpenPostgres returns goes unheard.
func (s *Store) watchPostgres(ctx context.Context, dsn string) error {
	first, err := listenPostgres(ctx, dsn)
	if err != nil {
		return fmt.Errorf("sqlstore: listen for changes: %w", err)
	}
	w, wctx := newWatcher()
	w.setPID(first.conn.PgConn().PID())
	s.watch = w
	go func() {
		defer close(w.done)
		l := first
		backoff := minBackoff
		for {
			if l == nil {
				if !sleep(wctx, backoff) {
					return
				}
				var err error
				if l, err = listenPostgres(wctx, dsn); err != nil {
					backoff = nextBackoff(backoff)
					continue
				}
				backoff = minBackoff
				w.setPID(l.conn.PgConn().PID())
				s.bumpGeneration() // notifications may have been missed
			}
			n, err := l.conn.WaitForNotification(wctx)
			if err != nil {
				l.close()
				l = nil
				w.setPID(0)
				if wctx.Err() != nil {
					return
				}
				continue
			}
			// The node ID has no "/"; a schema name might.
			if i := strings.LastIndexByte(n.Payload, '/'); i >= 0 && n.Payload[:i] == l.schema && n.Payload[i+1:] != s.node {
				s.bumpGeneration()
			}
		}
	}()
	return nil
}

// watchSQLite starts the SQLite watcher on a connection of its own from
// the pool. data_version values are per connection, so after replacing a
// failed connection it takes a new baseline and bumps once.
func (s *Store) watchSQLite(ctx context.Context) error {
	conn, version, err := sqliteDataVersion(ctx, s.db)
	if err != nil {
		return fmt.Errorf("sqlstore: watch for changes: %w", err)
	}
	w, wctx := newWatcher()
	s.watch = w
	go func() {
		defer close(w.done)
		defer func() {
			if conn != nil {
				conn.Close()
			}
		}()
		tick := time.NewTicker(pollInterval)
		defer tick.Stop()
		for {
			select {
			case <-wctx.Done():
				return
			case <-tick.C:
			}
			if conn == nil {
				var err error
				if conn, version, err = sqliteDataVersion(wctx, s.db); err != nil {
					continue // the next tick tries again
				}
				s.bumpGeneration() // changes may have gone unseen
				continue
			}
			var v int64
			if err := conn.QueryRowContext(wctx, "PRAGMA data_version").Scan(&v); err != nil {
				conn.Close()
				conn = nil
				continue
			}
			if v != version {
				version = v
				s.bumpGeneration()
			}
		}
	}()
	return nil
}

// sqliteDataVersion takes a connection out of the pool and reads its
// data_version.
func sqliteDataVersion(ctx context.Context, db *sql.DB) (*sql.Conn, int64, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, 0, err
	}
	var v int64
	if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		conn.Close()
		return nil, 0, err
	}
	return conn, v, nil
}
