package handlers

import "context"

// VisitContext carries the caller's context with more beside it: it
// embeds the context (it is one), as the temporal API's
// proxy.VisitPayloadsContext does.
type VisitContext struct {
	context.Context
	Parent string
}

// RetrieveContext describes one driver call: its Context field is the
// context of the operation (a storage driver's
// StorageDriverRetrieveContext).
type RetrieveContext struct {
	Context context.Context
	Limit   int
}

// Driver is a storage driver.
type Driver interface {
	Retrieve(ctx RetrieveContext, keys []string) ([]string, error)
}

func retrieve(d Driver, ctx RetrieveContext, keys []string) ([]string, error) {
	return d.Retrieve(ctx, keys)
}

// Visitor reads payloads through its driver.
type Visitor struct{ d Driver }

// Visit builds the driver's context on a fresh root: the caller's
// deadline and cancellation no longer reach the driver.
func (v *Visitor) Visit(ctx *VisitContext, keys []string) ([]string, error) {
	rctx := RetrieveContext{Context: context.Background(), Limit: 4}
	return retrieve(v.d, rctx, keys) // want `^caller's context is replaced: retrieve receives a context rooted at context\.Background\(\) \(handlers/carrier\.go:\d+\) in \(\*Visitor\)\.Visit; derive it from the caller's ctx\.Context$`
}

// VisitForward hands the caller's context to the driver: no finding.
func (v *Visitor) VisitForward(ctx *VisitContext, keys []string) ([]string, error) {
	return retrieve(v.d, RetrieveContext{Context: ctx.Context, Limit: 4}, keys)
}

// VisitSelf hands the carrier itself, a context, on: no finding.
func (v *Visitor) VisitSelf(ctx *VisitContext, keys []string) ([]string, error) {
	rctx := RetrieveContext{Context: ctx}
	return retrieve(v.d, rctx, keys)
}

// Pair holds two contexts: which one a callee uses is not known, so it
// is no carrier. No finding.
type Pair struct {
	Op, Background context.Context
}

// PairDriver takes a Pair.
type PairDriver interface {
	Retrieve(p Pair, keys []string) ([]string, error)
}

// VisitPair passes a Pair with a fresh root beside the caller's.
func (v *Visitor) VisitPair(ctx context.Context, d PairDriver, keys []string) ([]string, error) {
	return d.Retrieve(Pair{Op: ctx, Background: context.Background()}, keys)
}

// WorkerOptions configure a worker; BackgroundContext is the root of its
// background work, not a caller's context.
type WorkerOptions struct {
	Name              string
	BackgroundContext context.Context
}

// NewWorker starts its plugins on a fresh root: a constructor with
// options, no caller context. No finding.
func NewWorker(d Driver, options WorkerOptions) error {
	_, err := retrieve(d, RetrieveContext{Context: context.Background()}, []string{options.Name})
	return err
}
