/* Claims about the docker driver facing Docker Desktop (stages/collect/env_docker.c), through a
 * fake client that answers as Desktop's WSL2 integration does (its CLI under
 * /mnt/wsl/docker-desktop, `docker info` saying OperatingSystem "Docker Desktop"): the engine is
 * named and recorded, its daemons' memory comes from its own PID namespace or is said to be not
 * measurable, and a Desktop that is not running makes the environment unavailable, never
 * replaced by a private dockerd. */
#include "check.h"
#include "collect/env.h"
#include "fsutil.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char fake[] =
    "#!/bin/sh\n"
    "[ \"$1\" = --version ] && { echo 'Docker version 27.2.0, build 3ab4256'; exit 0; }\n"
    "shift 2 # -H host\n"
    "[ \"$FAKE_STATE\" = running ] || { echo 'Cannot connect to the Docker daemon' >&2; exit 1; }\n"
    "case \"$1 $*\" in\n"
    "version*Server.Version*) echo 27.2.0 ;;\n"
    "version*) echo 'client 27.2.0 (go1.21.13), server 27.2.0' ;;\n"
    "info*OperatingSystem*) printf 'Docker Desktop\\tdocker-desktop\\t5.15.153.1-microsoft-standard-WSL2\\n' ;;\n"
    "info*) echo 'overlay2 storage, cgroup 2 (cgroupfs), runtime runc' ;;\n"
    "run*--pid=host*) [ -n \"$FAKE_NO_PIDNS\" ] || printf 'dockerd 2345 81234\\ncontainerd 2301 40321\\n' ;;\n"
    "esac\n"
    "exit 0\n";

static char dir[] = "/tmp/repro-desktop-XXXXXX";
static collect_ctx ctx;

static void setup(void)
{
    char path[300];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/mnt/wsl/docker-desktop/cli-tools/usr/bin/docker", dir);
    CHECK(fs_write_atomic(path, fake, sizeof fake - 1) == 0);
    CHECK(chmod(path, 0755) == 0);
    setenv("REPRO_DOCKER_CLIENT", path, 1);
    ctx.run_dir = xasprintf("%s/run", dir);
    ctx.run_id = "20260101-000000";
    ctx.image_root = xasprintf("%s/image", dir);
    ctx.image_dir = xasprintf("%s/image/layers/x", dir);
    ctx.image_id = "x";
    ctx.cpus = 2;
    ctx.memory = 4LL << 30;
    CHECK(env_catalog_load("data/envs.tsv") == 0);
}

static env *docker_env(void)
{
    env *e = xcalloc(1, sizeof *e);
    e->drv = env_catalog_find("docker");
    e->ctx = &ctx;
    return e;
}

static void done(env *e)
{
    e->drv->teardown(e);
    sb_free(&e->meta);
    free(e);
}

static void test_desktop_is_named_and_its_daemons_measured_in_its_own_pid_namespace(void)
{
    setenv("FAKE_STATE", "running", 1);
    unsetenv("FAKE_NO_PIDNS");
    env *e = docker_env();
    CHECK(e->drv->probe(e) == 0);
    CHECK(e->drv->prepare(e) == 0);
    CHECK(strstr(sb_str(&e->meta), "engine_is\tDocker Desktop (docker-desktop, kernel "
                                    "5.15.153.1-microsoft-standard-WSL2)\n") != NULL);
    CHECK(strstr(sb_str(&e->meta), "engine_os\tDocker Desktop\n") != NULL);
    CHECK(strstr(sb_str(&e->meta), "engine_origin\tunix:///var/run/docker.sock\n") != NULL);
    double bytes = -1;
    strbuf desc = {0};
    CHECK(e->drv->daemon_rss(e, &bytes, &desc) == 0);
    CHECK_NEAR(bytes, (81234.0 + 40321.0) * 1024, 1e-12);
    CHECK(strstr(sb_str(&desc), "dockerd(pid 2345 in the engine's PID namespace) 81234 kB") != NULL);
    sb_free(&desc);
    done(e);
}

static void test_desktop_daemons_unseen_are_not_measurable_never_others(void)
{
    setenv("FAKE_STATE", "running", 1);
    setenv("FAKE_NO_PIDNS", "1", 1);
    env *e = docker_env();
    CHECK(e->drv->probe(e) == 0);
    CHECK(e->drv->prepare(e) == 0);
    double bytes = -1;
    strbuf desc = {0};
    CHECK(e->drv->daemon_rss(e, &bytes, &desc) == -1);
    CHECK(bytes == 0);
    CHECK(strncmp(sb_str(&desc), "not measurable from this distro: ", 33) == 0);
    sb_free(&desc);
    done(e);
}

static void test_desktop_not_running_is_unavailable_with_no_private_engine(void)
{
    setenv("FAKE_STATE", "stopped", 1);
    env *e = docker_env();
    CHECK(e->drv->probe(e) == -1);
    CHECK(strstr(e->reason, "Docker Desktop is expected (the docker client ") != NULL);
    CHECK(strstr(e->reason, "no private dockerd is started in its place") != NULL);
    done(e);
}

int main(void)
{
    setup();
    RUN(test_desktop_is_named_and_its_daemons_measured_in_its_own_pid_namespace);
    RUN(test_desktop_daemons_unseen_are_not_measurable_never_others);
    RUN(test_desktop_not_running_is_unavailable_with_no_private_engine);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    return check_main("docker-desktop");
}
