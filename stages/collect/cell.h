/* cell.h - one cell of the matrix: a workload's command run once in one environment. */
#ifndef CELL_H
#define CELL_H

#include "env.h"
#include "netlab.h"
#include "workload.h"

/* Runs cmd in e with stdout to <base>.out and stderr to <base>.err, both renamed into place
 * only when the command could run, plus its host-side wall time in <base>.wall. 0 when it
 * exited cleanly; else -1, and detail says how it ended. */
int cell_run(env *e, const workload_cmd *cmd, const char *base, double timeout_s, proc_result *r,
             char *detail, size_t dlen);

/* A cell of a served workload (w->load set): cmd is the server, run in e; once it prints its
 * "listening NAME=HOST:PORT ..." line, the host loads each NAME through w->load, over loopback
 * when the server shares the host's network, else over a veth pair from nl's client namespace
 * into the server's. The loads' outputs go to <base>.out and <base>.err, the server's to
 * <base>.server and <base>.server.err; then the server gets SIGTERM. Returns as cell_run. */
int cell_run_served(env *e, const workload *w, const workload_opts *o, const workload_cmd *cmd,
                    const char *base, double timeout_s, netlab *nl, proc_result *r, char *detail,
                    size_t dlen);

#endif
