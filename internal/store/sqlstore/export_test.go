package sqlstore

// ListenerPID returns the server process ID of the Store's PostgreSQL
// change listener (0 while it is reconnecting or on SQLite), so that a test
// can cut that one connection.
func ListenerPID(s *Store) uint32 {
	if s.watch == nil {
		return 0
	}
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	return s.watch.pid
}
