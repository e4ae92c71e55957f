/* workload_syscost.c - table S1, the cost of one cheap system call in each environment
 * (repro-probe syscost): what a seccomp filter adds per call, the mechanism the article's
 * chapter 1 names ("每次go test -bench执行均触发额外的seccomp策略检查"). Its pairs that isolate the
 * filter are the seccomp arms (host-seccomp / host, oci / oci-noseccomp: docs/mechanisms.md). */
#include "workload.h"

#include "log.h"

static void syscost_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    char *args[2] = {xstrdup("syscost"), NULL};
    size_t n = 1;
    if (o->quick)
        args[n++] = xstrdup("--quick");
    workload_probe(e, c, n, args);
}

const workload workload_syscost = {
    .table = "S1",
    .what = "repro-probe syscost: ns per call of getpid (syscall), a 1-byte read of /dev/zero and "
            "clock_gettime through syscall (no vDSO), 1,000,000 calls each (quick: 200,000) "
            "interleaved in 10 rounds",
    .quick_full = 1,
    .command = syscost_command,
};
