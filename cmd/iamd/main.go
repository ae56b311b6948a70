// Command iamd is an AWS-compatible IAM service.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			fmt.Fprintln(os.Stderr, "iamd:", err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "iamd:", err)
		os.Exit(1)
	}
}
