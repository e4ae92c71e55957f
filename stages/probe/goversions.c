/* goversions.c - `repro-probe goversions GOROOT...`: the article's 3.2 table, several Go
 * versions switched gvm-style (GOROOT and PATH per version) over one shared GOPATH. For each
 * toolchain: does `go env GOPATH` name the shared one, and does `go install` of a package in
 * it build a program that runs and reports that toolchain's version?
 *
 * The GOPATH (with its sources, binaries and a HOME for the build cache) is a scratch
 * directory under DIR, removed before the probe exits. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char hello[] = "// Written by repro-probe goversions: prints the Go version that "
                            "built it.\n"
                            "package main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n)\n\n"
                            "func main() { fmt.Println(runtime.Version()) }\n";

/* Runs argv with env, stdout into out (first line, newline removed); 0 when it exits 0. */
static int capture(char *const argv[], char *const env[], char *out, size_t len)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        execve(argv[0], argv, env);
        fprintf(stderr, "goversions: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(p[1]);
    size_t n = 0;
    ssize_t r;
    char chunk[4096];
    while ((r = read(p[0], chunk, sizeof chunk)) > 0) { /* to EOF: the child never blocks */
        size_t take = (size_t)r < len - 1 - n ? (size_t)r : len - 1 - n;
        memcpy(out + n, chunk, take);
        n += take;
    }
    out[n] = '\0';
    out[strcspn(out, "\n")] = '\0';
    close(p[0]);
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int make_gopath(const char *gopath)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/src/repro/hello", gopath);
    if (probe_mkdirs(path) != 0)
        return -1;
    strncat(path, "/main.go", sizeof path - strlen(path) - 1);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int ok = fputs(hello, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* One toolchain: same_gopath and runs (1/0), and its version ("go1.19.8"). */
static int check(const char *goroot, const char *gopath, int *same_gopath, int *runs, char *version,
                 size_t vlen)
{
    char go[4200], envs[6][4400], out[4300], bin[4300];
    snprintf(go, sizeof go, "%s/bin/go", goroot);
    snprintf(envs[0], sizeof envs[0], "GOROOT=%s", goroot); /* what `gvm use` sets */
    snprintf(envs[1], sizeof envs[1], "PATH=%s/bin:/usr/local/bin:/usr/bin:/bin", goroot);
    snprintf(envs[2], sizeof envs[2], "GOPATH=%s", gopath);
    snprintf(envs[3], sizeof envs[3], "HOME=%s/home", gopath); /* the build cache, shared */
    snprintf(envs[4], sizeof envs[4], "GO111MODULE=off");      /* GOPATH mode, as gvm's era */
    snprintf(envs[5], sizeof envs[5], "CGO_ENABLED=0");
    char *env[] = {envs[0], envs[1], envs[2], envs[3], envs[4], envs[5], NULL};
    char *ver[] = {go, "env", "GOVERSION", NULL}, *path[] = {go, "env", "GOPATH", NULL};
    char *install[] = {go, "install", "repro/hello", NULL};
    if (capture(ver, env, version, vlen) != 0 || !*version) {
        fprintf(stderr, "goversions: %s env GOVERSION failed\n", go);
        return -1;
    }
    *same_gopath = capture(path, env, out, sizeof out) == 0 && strcmp(out, gopath) == 0;
    snprintf(bin, sizeof bin, "%s/bin/hello", gopath);
    char *hello_argv[] = {bin, NULL};
    unlink(bin);
    *runs = capture(install, env, out, sizeof out) == 0 &&
            capture(hello_argv, env, out, sizeof out) == 0 && strcmp(out, version) == 0;
    return 0;
}

void probe_go_series(const char *version, char *out, size_t len)
{
    const char *v = strncmp(version, "go", 2) == 0 ? version + 2 : version;
    const char *dot = strchr(v, '.'), *end = dot ? strchr(dot + 1, '.') : NULL;
    snprintf(out, len, "%.*s", end ? (int)(end - v) : (int)strlen(v), v);
}

int probe_goversions(int argc, char **argv)
{
    const char *dir = NULL;
    int first = -1;
    for (int i = 0; i < argc && first < 0; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            dir = argv[++i];
        else
            first = i;
    }
    if (!dir || first < 0 || argc - first < 2) {
        fprintf(stderr, "usage: repro-probe goversions --dir DIR GOROOT GOROOT...   (two or "
                        "more toolchains; the shared GOPATH is made in DIR)\n");
        return 2;
    }
    char gopath[4096];
    snprintf(gopath, sizeof gopath, "%s/goversions-gopath.%ld", dir, (long)getpid());
    if (probe_mkdirs(dir) != 0 || mkdir(gopath, 0755) != 0 || make_gopath(gopath) != 0) {
        fprintf(stderr, "goversions: %s: %s\n", gopath, strerror(errno));
        probe_rmtree(gopath);
        return 1;
    }
    int rc = 0, n = argc - first, same[64], runs[64];
    char version[64][64];
    for (int i = 0; i < n && i < 64 && rc == 0; i++)
        rc = check(argv[first + i], gopath, &same[i], &runs[i], version[i], sizeof version[i]);
    probe_rmtree(gopath);
    if (rc == 0) {
        printf("# goversions: shared GOPATH %s (removed)\n", gopath);
        printf("Unit same-gopath better=higher\nUnit builds better=higher\n");
        for (int i = 0; i < n && i < 64; i++) {
            char series[64];
            probe_go_series(version[i], series, sizeof series);
            printf("BenchmarkSharedGOPATH/go=%s\t1\t%d same-gopath\t%d builds\n", series, same[i],
                   runs[i]);
        }
    }
    return rc == 0 ? 0 : 1;
}
