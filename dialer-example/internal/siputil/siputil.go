// Package siputil has small helpers shared by the SIP components.
package siputil

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/emiago/sipgo/sip"
)

// SplitHostPort splits a host:port address and parses the port.
func SplitHostPort(addr string) (string, int, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return "", 0, fmt.Errorf("bad port in %q: %w", addr, err)
	}
	return host, port, nil
}

// WaitListening waits until the transport layer serves the UDP socket bound
// to addr. sipgo registers a socket asynchronously once serving starts;
// requests sent from addr before that fail to find it.
func WaitListening(tp *sip.TransportLayer, addr string) error {
	const poll = time.Millisecond
	for range 2000 {
		if c, err := tp.GetConnection("udp", addr); err == nil {
			_, _ = c.TryClose() // drop the reference GetConnection took
			return nil
		}
		time.Sleep(poll)
	}
	return fmt.Errorf("udp socket %s is not being served", addr)
}

// SDP returns a minimal audio session description for host. The example
// negotiates no media; the body only makes the INVITE and its answer look
// like a real call.
func SDP(user, host string, port int) []byte {
	return []byte("v=0\r\n" +
		"o=" + user + " 1 1 IN IP4 " + host + "\r\n" +
		"s=" + user + "\r\n" +
		"c=IN IP4 " + host + "\r\n" +
		"t=0 0\r\n" +
		"m=audio " + strconv.Itoa(port) + " RTP/AVP 0\r\n" +
		"a=rtpmap:0 PCMU/8000\r\n")
}
