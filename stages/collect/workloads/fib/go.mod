module repro.example/fib

go 1.19
