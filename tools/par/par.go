// Package par runs independent pieces of work on all CPUs.
package par

import (
	"runtime"
	"sync"
)

// For calls f(i) for every i in [0, n), with one worker per CPU, and
// returns when all calls have returned. f must be safe to run concurrently
// for different i.
func For(n int, f func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}
