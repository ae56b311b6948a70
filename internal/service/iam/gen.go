package iam

//go:generate go run ../../tools/genshapes -service iam -out .
