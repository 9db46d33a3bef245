// Package wiretest has a generated injector that only its tests call.
package wiretest
