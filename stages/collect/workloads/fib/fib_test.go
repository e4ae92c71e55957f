// The article's Table 1 workload: naive recursive Fibonacci, a CPU-bound fixed load.
// BenchmarkFib40 is the article's benchmark verbatim; BenchmarkFib20 is the same code on a
// tiny input, used by the project's end-to-end test to exercise the pipeline quickly.
package fib

import "testing"

func fib(n int) int {
	if n <= 1 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func BenchmarkFib40(b *testing.B) {
	for i := 0; i < b.N; i++ {
		fib(40)
	}
}

func BenchmarkFib20(b *testing.B) {
	for i := 0; i < b.N; i++ {
		fib(20)
	}
}
