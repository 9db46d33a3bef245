// Package tagged has a hazard only in the incident build.
package tagged

import "example.com/clifix/backend"

// Client is used by Fetch.
var Client = &backend.Client{}
