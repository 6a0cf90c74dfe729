// Command connectordocs turns Microsoft Sentinel data connector definitions
// (an Azure-Sentinel checkout, or the embedded sample) into a Hugo site.
//
//	connectordocs generate [-source DIR]   write data/
//	connectordocs build    [-source DIR]   generate, then build public/ with Hugo
//	connectordocs serve    [-source DIR]   generate, then run hugo server
//
// Run "connectordocs -h" or "connectordocs <command> -h" for every flag.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// A soft memory limit keeps the peak flat on big trees; GOMEMLIMIT wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
	// A run allocates a lot that it soon drops (decoded files); collecting
	// less often saves a fifth of a run's CPU, and the limit above still
	// bounds the peak. GOGC wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "connectordocs:", err)
		os.Exit(1)
	}
}
