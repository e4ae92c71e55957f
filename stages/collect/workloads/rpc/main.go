// Table 4.4's workload: throughput and latency of one Go server per protocol (HTTP/JSON,
// JSON-RPC 2.0 over HTTP, gRPC) under the article's load: 100 connections, 1 KiB payloads.
// The server runs as a child process of this program and the load generator here, both over
// the environment's own loopback (the containers have no other network); prints Go's
// benchmark format, one line per protocol.
//
// Built in GOPATH mode against Debian's packaged sources (GO111MODULE=off,
// GOPATH=/usr/share/gocode), so no module download is needed.
//
//go:generate protoc --go_out=plugins=grpc:. echo.proto
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"
)

// The three servers, in the order the article's table lists them.
var protocols = []string{"http-json", "json-rpc", "grpc"}

func main() {
	serve := flag.String("serve", "", "run the server for this protocol (internal)")
	listen := flag.String("listen", "127.0.0.1:0", "server address (with -serve)")
	duration := flag.Duration("d", 5*time.Second, "measured load per protocol")
	warmup := flag.Duration("warmup", time.Second, "unmeasured load before it")
	conns := flag.Int("c", 100, "connections, one sequential client each")
	size := flag.Int("size", 1024, "payload bytes per request and response")
	only := flag.String("proto", strings.Join(protocols, ","), "protocols to measure")
	flag.Parse()
	if *serve != "" {
		if err := runServer(*serve, *listen); err != nil {
			fmt.Fprintln(os.Stderr, "rpc: server:", err)
			os.Exit(1)
		}
		return
	}
	fmt.Println("Unit req/s better=higher")
	fmt.Println("Unit p50-ns better=lower")
	fmt.Println("Unit p99-ns better=lower")
	fmt.Println("Unit errors better=lower")
	for _, p := range strings.Split(*only, ",") {
		if err := measure(p, *duration, *warmup, *conns, *size); err != nil {
			fmt.Fprintf(os.Stderr, "rpc: %s: %v\n", p, err)
			os.Exit(1)
		}
	}
}

// startServer runs this program with -serve and returns once it prints its address. The child
// is killed if this process dies (Pdeathsig) and by the caller when the protocol is done.
func startServer(proto string) (*exec.Cmd, string, error) {
	cmd := exec.Command("/proc/self/exe", "-serve", proto)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "listening ") {
		stopServer(cmd)
		return nil, "", fmt.Errorf("the server did not start (%q, %v)", line, err)
	}
	return cmd, strings.TrimSpace(strings.TrimPrefix(line, "listening ")), nil
}

func stopServer(cmd *exec.Cmd) {
	cmd.Process.Kill()
	cmd.Wait()
}

func measure(proto string, d, warmup time.Duration, conns, size int) error {
	newClient, ok := clients[proto]
	if !ok {
		return fmt.Errorf("unknown protocol (have %s)", strings.Join(protocols, ", "))
	}
	cmd, addr, err := startServer(proto)
	if err != nil {
		return err
	}
	defer stopServer(cmd)
	res, err := runLoad(newClient, addr, conns, size, warmup, d)
	if err != nil {
		return err
	}
	lat := res.latencies
	if len(lat) == 0 {
		return fmt.Errorf("no request completed in %v (%d errors)", d, res.errors)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var sum int64
	for _, l := range lat {
		sum += l
	}
	fmt.Printf("BenchmarkRPC/proto=%s/conns=%d/payload=%dB\t%d\t%.0f ns/op\t%.1f req/s\t%d p50-ns\t%d p99-ns\t%d errors\n",
		proto, conns, size, len(lat), float64(sum)/float64(len(lat)),
		float64(len(lat))/d.Seconds(), percentile(lat, 0.50), percentile(lat, 0.99), res.errors)
	return nil
}

// percentile of sorted values, nearest rank.
func percentile(sorted []int64, q float64) int64 {
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	if k < 0 {
		k = 0
	}
	return sorted[k]
}
