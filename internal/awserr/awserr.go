// Package awserr holds the one error type that crosses the wire. Services
// turn domain and storage errors into *Error values; the protocol codecs only
// serialise them. Anything that reaches a codec without being an *Error is
// reported as InternalFailure, so no internal detail ever leaks to a client.
package awserr

import (
	"errors"
	"fmt"
)

// Fault says which side AWS blames for an error, as in the <Type> element of
// the Query protocol's ErrorResponse ("Sender" or "Receiver").
type Fault int

const (
	// Sender faults are the caller's: bad input, missing entities, denials.
	Sender Fault = iota
	// Receiver faults are the service's own.
	Receiver
)

func (f Fault) String() string {
	if f == Receiver {
		return "Receiver"
	}
	return "Sender"
}

// Error is an AWS wire error: a code, a message, an HTTP status and a fault.
// Statuses are plain numbers so that services, which must not depend on
// net/http, can build errors.
type Error struct {
	Code    string
	Message string
	Status  int
	Fault   Fault
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// New makes an error with a fixed message.
func New(code string, status int, msg string) *Error {
	fault := Sender
	if status >= 500 {
		fault = Receiver
	}
	return &Error{Code: code, Message: msg, Status: status, Fault: fault}
}

// Newf makes an error whose message is formatted from one of AWS's templates.
func Newf(code string, status int, format string, args ...any) *Error {
	return New(code, status, fmt.Sprintf(format, args...))
}

// As returns the *Error in err's chain, or an InternalFailure when there is
// none, so that callers serialise exactly one shape.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return InternalFailure()
}

// Is reports whether err carries an AWS error with the given code.
func Is(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// InternalFailure is what a client sees of any unexpected failure; the cause
// is logged by the caller, never sent.
func InternalFailure() *Error {
	return New("InternalFailure", 500,
		"The request processing has failed because of an unknown error, exception or failure.")
}
