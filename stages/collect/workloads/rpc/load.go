// `repro-rpc load`: the load generator, run from the host against an already running
// `repro-rpc serve`. One client per connection, each sending its next request as soon as the
// last one is answered (a closed loop, as wrk does), for a warm-up and then a measured window;
// a request counts when it starts and ends inside the window. Prints Go's benchmark format.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
)

// client is one connection's worth of a protocol's client.
type client interface {
	call(ctx context.Context, it *Item) (*Item, error)
	close()
}

var clients = map[string]func(ctx context.Context, addr string) (client, error){
	"http-json": func(_ context.Context, addr string) (client, error) {
		return newHTTPClient("http://"+addr+"/echo", false), nil
	},
	"json-rpc": func(_ context.Context, addr string) (client, error) {
		return newHTTPClient("http://"+addr+"/rpc", true), nil
	},
	"grpc": newGRPCClient,
}

const (
	// A request not answered by then counts as an error (a hung server must not hang the run).
	callTimeout = 10 * time.Second
	// How long the server may take to accept TCP connections, and all clients to connect.
	connectTimeout = 10 * time.Second
	// The whole run ends by warm-up + duration + this, whatever the server does.
	slack = 15 * time.Second
)

func loadMain(args []string) {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	proto := fs.String("proto", "grpc", "protocol: http-json, json-rpc or grpc")
	addr := fs.String("addr", "", "server address HOST:PORT")
	conns := fs.Int("c", 100, "connections, one sequential client each")
	size := fs.Int("size", 1024, "payload bytes per request and response")
	d := fs.Duration("d", 2*time.Second, "measured load")
	warmup := fs.Duration("warmup", 500*time.Millisecond, "unmeasured load before it")
	fs.Parse(args)
	fail := func(format string, a ...interface{}) {
		fmt.Fprintf(os.Stderr, "rpc: load: "+format+"\n", a...)
		os.Exit(1)
	}
	newClient, ok := clients[*proto]
	switch {
	case !ok:
		fail("unknown -proto %q (have http-json, json-rpc, grpc)", *proto)
	case *addr == "":
		fail("-addr HOST:PORT is required")
	case *conns < 1 || *size < 0 || *d <= 0 || *warmup < 0:
		fail("need -c >= 1, -size >= 0, -d > 0, -warmup >= 0")
	}
	limit := *warmup + *d + slack
	time.AfterFunc(limit, func() { fail("%s: not done after %v, giving up (a hung server?)", *proto, limit) })

	if err := waitTCP(*addr, connectTimeout); err != nil {
		fail("%s: %v", *proto, err)
	}
	res, err := runLoad(newClient, *addr, *conns, *size, *warmup, *d)
	if err != nil {
		fail("%s: %v", *proto, err)
	}
	lat := res.latencies
	if len(lat) == 0 {
		fail("%s: no request completed in %v (%d errors)", *proto, *d, res.errors)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var sum int64
	for _, l := range lat {
		sum += l
	}
	fmt.Print("Unit req/s better=higher\nUnit p50-ns better=lower\nUnit p99-ns better=lower\nUnit errors better=lower\n")
	fmt.Printf("BenchmarkRPC/proto=%s/conns=%d/payload=%dB\t%d\t%.0f ns/op\t%.1f req/s\t%d p50-ns\t%d p99-ns\t%d errors\n",
		*proto, *conns, *size, len(lat), float64(sum)/float64(len(lat)),
		float64(len(lat))/d.Seconds(), percentile(lat, 0.50), percentile(lat, 0.99), res.errors)
}

// waitTCP returns once addr accepts a TCP connection (the server may still be starting).
func waitTCP(addr string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		wait := time.Until(deadline)
		if wait > time.Second {
			wait = time.Second
		}
		c, err := net.DialTimeout("tcp", addr, wait)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Until(deadline) <= 0 {
			return fmt.Errorf("%s accepts no TCP connection after %v: %v", addr, within, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// percentile of sorted values, nearest rank.
func percentile(sorted []int64, q float64) int64 {
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	if k < 0 {
		k = 0
	}
	return sorted[k]
}

type loadResult struct {
	latencies []int64 // ns, of requests answered correctly inside the window
	errors    int     // requests inside the window that failed or came back wrong
}

func makeItem(id, size int) *Item {
	return &Item{Id: int64(id), Name: fmt.Sprintf("client-%d", id),
		Tags: []string{"repro", "t4.4"}, Payload: strings.Repeat("x", size)}
}

func runLoad(newClient func(context.Context, string) (client, error), addr string, conns, size int,
	warmup, d time.Duration) (loadResult, error) {
	cs := make([]client, conns)
	errs := make([]error, conns)
	defer func() {
		for _, c := range cs {
			if c != nil {
				c.close()
			}
		}
	}()
	// All connections at once, within one deadline.
	dial, cancel := context.WithTimeout(context.Background(), connectTimeout)
	var wg sync.WaitGroup
	for i := range cs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			cs[i], errs[i] = newClient(dial, addr)
		}(i)
	}
	wg.Wait()
	cancel()
	for _, err := range errs {
		if err != nil {
			return loadResult{}, fmt.Errorf("connecting %d clients: %v", conns, err)
		}
	}
	start := time.Now()
	from, to := start.Add(warmup), start.Add(warmup+d)
	// Calls still running when the window closes cannot count: cancel them then, so the run
	// ends with the window rather than up to callTimeout later.
	run, stop := context.WithDeadline(context.Background(), to)
	defer stop()
	results := make([]loadResult, conns)
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
				got, err := c.call(run, it)
				t1 := time.Now()
				if t0.Before(from) || t1.After(to) || run.Err() != nil {
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

func (c *httpClient) call(ctx context.Context, it *Item) (*Item, error) {
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
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
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

func newGRPCClient(ctx context.Context, addr string) (client, error) {
	conn, err := grpc.DialContext(ctx, addr, grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		return nil, err
	}
	return &grpcClient{conn, NewEchoClient(conn)}, nil
}

func (c *grpcClient) call(ctx context.Context, it *Item) (*Item, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return c.echo.Echo(ctx, it)
}

func (c *grpcClient) close() { c.conn.Close() }
