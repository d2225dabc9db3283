module github.com/memoryrelay/memoryrelay/bench/go

go 1.24

require github.com/memoryrelay/memoryrelay/bindings/go v0.0.0

require go.uber.org/goleak v1.3.0 // indirect

replace github.com/memoryrelay/memoryrelay/bindings/go => ../../bindings/go
