package compileerrs

import "testing"

func TestCall(t *testing.T) {
	var s string = 1
	_ = s
}
