// Command objectstore is a tiny in-memory object store whose HTTP API is
// protected by IAM policies through iamd's authorization API. Clients sign
// requests with SigV4 for the service "s3" (any S3 client, or
// aws-sdk-go-v2's signer) using credentials iamd issued; the store asks
// iamd, once per request, who signed it and whether their policies (and the
// bucket's policy) allow it:
//
//	PUT|GET|DELETE /BUCKET/KEY     s3:PutObject, s3:GetObject, s3:DeleteObject on arn:aws:s3:::BUCKET/KEY
//	PUT|GET|DELETE /BUCKET?policy  s3:PutBucketPolicy, s3:GetBucketPolicy, s3:DeleteBucketPolicy on arn:aws:s3:::BUCKET
//
// The store authenticates to iamd with its own IAM user's key, whose
// policies must allow iamd:Authorize:
//
//	OBJECTSTORE_ACCESS_KEY_ID=AKIA... OBJECTSTORE_SECRET_ACCESS_KEY=... \
//	  objectstore -listen 127.0.0.1:9000 -iamd http://127.0.0.1:8080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/iamd/iamd/authzclient"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "objectstore:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("objectstore", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:9000", "address to serve on")
	endpoint := fs.String("iamd", "http://127.0.0.1:8080", "iamd endpoint")
	if err := fs.Parse(args); err != nil {
		return err
	}
	creds := authzclient.StaticCredentials{
		AccessKeyID:     os.Getenv("OBJECTSTORE_ACCESS_KEY_ID"),
		SecretAccessKey: os.Getenv("OBJECTSTORE_SECRET_ACCESS_KEY"),
	}
	if creds.AccessKeyID == "" || creds.SecretAccessKey == "" {
		return errors.New("set OBJECTSTORE_ACCESS_KEY_ID and OBJECTSTORE_SECRET_ACCESS_KEY to the store's iamd key")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	return serve(ctx, *listen, *endpoint, creds, log, nil)
}

// serve runs the store until ctx ends; ready, if not nil, gets the address.
func serve(ctx context.Context, listen, endpoint string, creds authzclient.CredentialsProvider, log *slog.Logger, ready func(addr string)) error {
	iamd, err := authzclient.New(endpoint, creds)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: newServer(iamd, log), ReadHeaderTimeout: 10 * time.Second}
	log.Info("objectstore serving", "address", ln.Addr().String(), "iamd", endpoint)
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
