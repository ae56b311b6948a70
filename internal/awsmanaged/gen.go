package awsmanaged

// Refresh policies.json.gz from the installed moto package (pip install -U
// moto), then review and commit the result. See internal/tools/genmanaged.
//go:generate go run ../tools/genmanaged -out policies.json.gz
