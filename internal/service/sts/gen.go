package sts

//go:generate go run ../../tools/genshapes -service sts -out .
