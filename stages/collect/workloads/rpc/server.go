// `repro-rpc serve`: the three servers of Table 4.4, each on its own port, run inside the
// environment measured. Each returns the item it receives, decoded and encoded again, so every
// protocol pays for its own encoding both ways.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"google.golang.org/grpc"
)

func serveMain(args []string) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fs.String("addr", "0.0.0.0", "address to listen on")
	httpPort := fs.Int("http-port", 8080, "HTTP/JSON port (POST /echo)")
	rpcPort := fs.Int("rpc-port", 8081, "JSON-RPC 2.0 port (POST /rpc)")
	grpcPort := fs.Int("grpc-port", 8082, "gRPC port (Echo service)")
	lifetime := fs.Duration("lifetime", 120*time.Second, "exit 1 if not stopped by a signal by then")
	fs.Parse(args)

	// Installed before anything is bound: as PID 1 of a PID namespace, a signal without a
	// handler is ignored, so SIGTERM would otherwise not stop the server.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)

	listen := func(port int) net.Listener {
		ln, err := net.Listen("tcp", net.JoinHostPort(*addr, strconv.Itoa(port)))
		if err != nil {
			fmt.Fprintln(os.Stderr, "rpc: serve:", err)
			os.Exit(1)
		}
		return ln
	}
	httpLn, rpcLn, grpcLn := listen(*httpPort), listen(*rpcPort), listen(*grpcPort)

	failed := make(chan error, 3)
	go func() { failed <- http.Serve(httpLn, http.HandlerFunc(serveJSON)) }()
	go func() { failed <- http.Serve(rpcLn, http.HandlerFunc(serveJSONRPC)) }()
	gs := grpc.NewServer()
	RegisterEchoServer(gs, echoServer{})
	go func() { failed <- gs.Serve(grpcLn) }()

	// os.Stdout is unbuffered: the line is written (flushed) by this call.
	fmt.Printf("listening http-json=%s json-rpc=%s grpc=%s\n", httpLn.Addr(), rpcLn.Addr(), grpcLn.Addr())

	select {
	case <-sig:
		os.Exit(0)
	case err := <-failed:
		fmt.Fprintln(os.Stderr, "rpc: serve:", err)
	case <-time.After(*lifetime):
		fmt.Fprintf(os.Stderr, "rpc: serve: no SIGTERM or SIGINT within -lifetime %v, exiting\n", *lifetime)
	}
	os.Exit(1)
}

// POST /echo with an Item as the JSON body.
func serveJSON(w http.ResponseWriter, r *http.Request) {
	var it Item
	if r.Method != http.MethodPost || r.URL.Path != "/echo" {
		http.Error(w, "POST /echo", http.StatusNotFound)
		return
	}
	if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(&it)
}

// JSON-RPC 2.0 (https://www.jsonrpc.org/specification) over HTTP POST /rpc: one method,
// "Echo", whose params are an Item.
type rpcRequest struct {
	Version string          `json:"jsonrpc"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
	ID      json.RawMessage `json:"id"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type rpcResponse struct {
	Version string          `json:"jsonrpc"`
	Result  *Item           `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
	ID      json.RawMessage `json:"id"`
}

func serveJSONRPC(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/rpc" {
		http.Error(w, "POST /rpc", http.StatusNotFound)
		return
	}
	var req rpcRequest
	resp := rpcResponse{Version: "2.0", ID: json.RawMessage("null")}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		resp.Error = &rpcError{-32700, "parse error: " + err.Error()}
	} else if resp.ID = req.ID; req.Version != "2.0" {
		resp.Error = &rpcError{-32600, "invalid request: jsonrpc must be \"2.0\""}
	} else if req.Method != "Echo" {
		resp.Error = &rpcError{-32601, "method not found: " + req.Method}
	} else {
		var it Item
		if err := json.Unmarshal(req.Params, &it); err != nil {
			resp.Error = &rpcError{-32602, "invalid params: " + err.Error()}
		} else {
			resp.Result = &it
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(&resp)
}

type echoServer struct{}

func (echoServer) Echo(ctx context.Context, it *Item) (*Item, error) {
	return it, nil
}
