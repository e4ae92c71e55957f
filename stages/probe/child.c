/* child.c - running one program to its end from inside a probe, the way a shell reports it:
 * its exit status, or 128 + the signal that killed it; 126 when it could not be started or
 * waited for, 127 when it could not be executed. */
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int probe_run(const char *who, char **argv, struct rusage *ru)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "%s: fork: %s\n", who, strerror(errno));
        return 126;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "%s: cannot run %s: %s\n", who, argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ignored;
    while (wait4(pid, &status, 0, ru ? ru : &ignored) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "%s: wait4: %s\n", who, strerror(errno));
            return 126;
        }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
