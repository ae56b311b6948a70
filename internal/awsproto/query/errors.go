package query

import (
	"bytes"
	"io"

	"github.com/iamd/iamd/internal/awserr"
)

// WriteError writes err as the ErrorResponse document of the Query protocol:
//
//	<ErrorResponse xmlns="..."><Error><Type>Sender</Type><Code>NoSuchEntity</Code>
//	<Message>...</Message></Error><RequestId>...</RequestId></ErrorResponse>
//
// A nil err is written as InternalFailure. The HTTP status (err.Status) is
// the caller's to set before calling.
func WriteError(w io.Writer, xmlns, requestID string, err *awserr.Error) error {
	return Encoder{XMLNamespace: xmlns}.WriteError(w, requestID, err)
}

// WriteError writes err in the encoder's namespace; see WriteError.
func (e Encoder) WriteError(w io.Writer, requestID string, err *awserr.Error) error {
	if err == nil {
		err = awserr.InternalFailure()
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	x := xmlWriter{buf: buf}
	x.open("ErrorResponse", e.XMLNamespace)
	x.startTag("Error")
	x.textElement("Type", err.Fault.String())
	x.textElement("Code", err.Code)
	x.textElement("Message", err.Message)
	x.endTag("Error")
	x.textElement("RequestId", requestID)
	x.endTag("ErrorResponse")
	_, werr := w.Write(buf.Bytes())
	return werr
}
