package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/iamd/iamd/internal/store/storetest"
)

// TestNoSecretAtRest runs every secret-bearing operation there is so far,
// then greps the raw database files of each engine for the secrets and the
// password: none may be stored in plain text. A user name, stored in plain
// text, proves the grep reads the right files.
func TestNoSecretAtRest(t *testing.T) {
	const password = "Kn0wn-Passw0rd-For-The-Grep!"
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			opts := startOptions{engine: eng, fixRoot: true}
			dataDir := ""
			var cluster *storetest.PostgresCluster
			if eng == postgres {
				var err error
				cluster, err = storetest.StartPostgresCluster()
				if err != nil {
					storetest.SkipOrFailWithoutPostgres(t, err)
				}
				t.Cleanup(func() { _ = cluster.Stop() })
				opts.dbURL = cluster.NewDatabase(t)
				dataDir = cluster.DataDir()
			}
			s := start(t, opts)
			if dataDir == "" {
				dataDir = s.DataDir
			}
			root := iamClient(s, rootKeyID, rootSecret)
			const marker = "plaintext-marker-user"
			if _, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(marker)}); err != nil {
				t.Fatal(err)
			}
			if _, err := root.CreateLoginProfile(ctx, &iam.CreateLoginProfileInput{
				UserName: aws.String(marker), Password: aws.String(password),
			}); err != nil {
				t.Fatal(err)
			}
			key, err := root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(marker)})
			if err != nil {
				t.Fatal(err)
			}
			userSecret := aws.ToString(key.AccessKey.SecretAccessKey)
			if cluster != nil {
				if err := cluster.Checkpoint(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if found := storetest.GrepFiles(t, dataDir, []byte(marker)); len(found) == 0 {
				t.Fatalf("the grep found not even the plain user name under %s", dataDir)
			}
			if found := storetest.GrepFiles(t, dataDir, []byte(rootSecret), []byte(userSecret), []byte(password)); len(found) > 0 {
				t.Fatalf("a secret or password is stored in plain text in %v", found)
			}
			for _, secret := range []string{rootSecret, userSecret, password} {
				if strings.Contains(s.logs.String(), secret) || strings.Contains(s.stdout.String(), secret) {
					t.Fatal("iamd's output contains a secret")
				}
			}
		})
	}
}
