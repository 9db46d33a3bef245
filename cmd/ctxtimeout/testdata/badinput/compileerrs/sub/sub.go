// Package sub does not type-check.
package sub

// X is not an int.
var X int = "x"
