package harness

import "context"

// DB is the database under test.
type DB interface {
	RunCommand(ctx context.Context, cmd string) error
}

// execute runs a test's command as the admin, on a root of its own; only
// the runner calls it: test-only, no finding.
func execute(ctx context.Context, db DB, cmd string) error {
	return db.RunCommand(context.Background(), "admin:"+cmd)
}

// Rename is exported API doing the same: reported.
func Rename(ctx context.Context, db DB, to string) error {
	return db.RunCommand(context.Background(), "rename:"+to) // want `^caller's context is replaced: db\.RunCommand receives a context rooted at context\.Background\(\) \(harness/ops\.go:\d+\) in Rename; derive it from the caller's ctx$`
}
