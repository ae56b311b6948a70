package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/app"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/store"
)

// setRootPassword reads the new root password from the first line of in
// (a file or a pipe, so it never appears in a process list or shell
// history) and sets it.
func setRootPassword(ctx context.Context, st store.Store, accountID string, in io.Reader, stderr io.Writer) error {
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("read the password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	hasher, err := secrets.NewPasswordHasher(secrets.DefaultArgon2Params(), 1)
	if err != nil {
		return err
	}
	if err := app.SetRootPassword(ctx, st, hasher, accountID, password, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "root password of %s set\n", accountID)
	return nil
}
