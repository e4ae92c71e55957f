// The load generator: one client per connection, each sending its next request as soon as
// the last one is answered (a closed loop, as wrk does), for a warm-up and then a measured
// window. A request counts when it starts and ends inside the window.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
)

// client is one connection's worth of a protocol's client.
type client interface {
	call(it *Item) (*Item, error)
	close()
}

var clients = map[string]func(addr string) (client, error){
	"http-json": func(addr string) (client, error) { return newHTTPClient("http://"+addr+"/echo", false), nil },
	"json-rpc":  func(addr string) (client, error) { return newHTTPClient("http://"+addr+"/rpc", true), nil },
	"grpc":      newGRPCClient,
}

// A request not answered by then counts as an error (a hung server must not hang the run).
const callTimeout = 10 * time.Second

type loadResult struct {
	latencies []int64 // ns, of requests answered correctly inside the window
	errors    int     // requests inside the window that failed or came back wrong
}

func makeItem(id, size int) *Item {
	return &Item{Id: int64(id), Name: fmt.Sprintf("client-%d", id),
		Tags: []string{"repro", "t4.4"}, Payload: strings.Repeat("x", size)}
}

func runLoad(newClient func(string) (client, error), addr string, conns, size int,
	warmup, d time.Duration) (loadResult, error) {
	cs := make([]client, 0, conns)
	defer func() {
		for _, c := range cs {
			c.close()
		}
	}()
	for i := 0; i < conns; i++ {
		c, err := newClient(addr)
		if err != nil {
			return loadResult{}, err
		}
		cs = append(cs, c)
	}
	start := time.Now()
	from, to := start.Add(warmup), start.Add(warmup+d)
	results := make([]loadResult, conns)
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func(i int, c client) {
			defer wg.Done()
			it, r := makeItem(i, size), &results[i]
			for {
				t0 := time.Now()
				if !t0.Before(to) {
					return
				}
				got, err := c.call(it)
				t1 := time.Now()
				if t0.Before(from) || t1.After(to) {
					continue
				}
				if err != nil || got.Id != it.Id || len(got.Payload) != size {
					r.errors++
				} else {
					r.latencies = append(r.latencies, t1.Sub(t0).Nanoseconds())
				}
			}
		}(i, c)
	}
	wg.Wait()
	var all loadResult
	for _, r := range results {
		all.latencies = append(all.latencies, r.latencies...)
		all.errors += r.errors
	}
	return all, nil
}

// httpClient posts JSON over one keep-alive connection of its own.
type httpClient struct {
	url     string
	jsonrpc bool
	id      int
	tr      *http.Transport
	hc      *http.Client
}

func newHTTPClient(url string, jsonrpc bool) *httpClient {
	tr := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1, DisableCompression: true}
	return &httpClient{url: url, jsonrpc: jsonrpc, tr: tr,
		hc: &http.Client{Transport: tr, Timeout: callTimeout}}
}

func (c *httpClient) call(it *Item) (*Item, error) {
	var body []byte
	var err error
	c.id++
	if c.jsonrpc {
		body, err = json.Marshal(map[string]interface{}{
			"jsonrpc": "2.0", "method": "Echo", "params": it, "id": c.id})
	} else {
		body, err = json.Marshal(it)
	}
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Post(c.url, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if !c.jsonrpc {
		var got Item
		err = json.NewDecoder(resp.Body).Decode(&got)
		return &got, err
	}
	var r rpcResponse
	if err = json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, err
	}
	if r.Error != nil || r.Result == nil || string(r.ID) != fmt.Sprint(c.id) {
		return nil, fmt.Errorf("JSON-RPC error or wrong id: %+v", r.Error)
	}
	return r.Result, nil
}

func (c *httpClient) close() { c.tr.CloseIdleConnections() }

// grpcClient is one gRPC connection (one HTTP/2 connection) with unary calls.
type grpcClient struct {
	conn *grpc.ClientConn
	echo EchoClient
}

func newGRPCClient(addr string) (client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := grpc.DialContext(ctx, addr, grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		return nil, err
	}
	return &grpcClient{conn, NewEchoClient(conn)}, nil
}

func (c *grpcClient) call(it *Item) (*Item, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return c.echo.Echo(ctx, it)
}

func (c *grpcClient) close() { c.conn.Close() }
