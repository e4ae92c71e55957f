// The three servers of Table 4.4. Each returns the item it receives, decoded and encoded
// again, so every protocol pays for its own encoding both ways.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"

	"google.golang.org/grpc"
)

func runServer(proto string, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("listening %s\n", ln.Addr())
	switch proto {
	case "http-json":
		return http.Serve(ln, http.HandlerFunc(serveJSON))
	case "json-rpc":
		return http.Serve(ln, http.HandlerFunc(serveJSONRPC))
	case "grpc":
		s := grpc.NewServer()
		RegisterEchoServer(s, echoServer{})
		return s.Serve(ln)
	}
	return fmt.Errorf("unknown protocol %q", proto)
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
