/* netlab.h - the network Table 4.4's load crosses from the host into an environment.
 *
 * The load generators are host processes in a network namespace of the run's own (the
 * "client" namespace); each server gets one end of a veth pair moved into its network
 * namespace by PID, so no traffic ever touches the host's own interfaces. */
#ifndef NETLAB_H
#define NETLAB_H

#include <stddef.h>

typedef struct {
    char ns[96];    /* the client namespace: repro-<run id>-load; "" until opened */
    unsigned pairs; /* veth pairs made so far: each gets its own /30 */
    char why[256];  /* why the namespace could not be made */
} netlab;

/* Creates the client namespace (loopback up). 0, or -1 with why filled. */
int netlab_open(netlab *n, const char *run_id, char *why, size_t len);
/* Makes veth pair number pair (take it from n->pairs++) with one end in the client namespace
 * and one in the network namespace of pid, addresses both and brings them up; addr gets the
 * server end's IPv4 address. The pair disappears with either namespace. 0, or -1 with why. */
int netlab_attach(const netlab *n, unsigned pair, long pid, char *addr, size_t addr_len, char *why,
                  size_t len);
/* Deletes the client namespace (and with it every pair's client end). */
void netlab_close(netlab *n);
/* What netlab_close does, for a run that crashed: by run id. */
void netlab_cleanup(const char *run_id);

#endif
