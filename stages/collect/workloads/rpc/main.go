// repro-rpc, Table 4.4's workload (HTTP/JSON, JSON-RPC 2.0 over HTTP and gRPC under 100
// connections with 1 KiB payloads), split so the load can come from the host while the server
// runs inside the environment measured: `serve` runs the three servers there, `load` (or wrk with
// the wrk-*.lua scripts) loads one of them from outside and prints Go's benchmark format.
//
// Built in GOPATH mode against Debian's packaged sources (GO111MODULE=off,
// GOPATH=/usr/share/gocode), so no module download is needed.
//
//go:generate protoc --go_out=plugins=grpc:. echo.proto
package main

import (
	"fmt"
	"os"
)

const usage = `usage:
  repro-rpc serve [-addr 0.0.0.0] [-http-port 8080] [-rpc-port 8081] [-grpc-port 8082] [-lifetime 120s]
  repro-rpc load -proto http-json|json-rpc|grpc -addr HOST:PORT [-c 100] [-size 1024] [-d 2s] [-warmup 500ms]
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		serveMain(os.Args[2:])
	case "load":
		loadMain(os.Args[2:])
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
}
