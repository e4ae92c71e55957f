/* env_vm.c - a virtual machine, the WSL2 analogue: qemu boots Debian's kernel and a busybox
 * initramfs (pipeline/vm-image.sh) that mounts the image layer read-only over virtio-9p.
 *
 * The VM boots once in prepare and stays up; exec puts a dash script in a 9p-shared job
 * directory and sends "run N" over a virtio-serial port (vm_channel.c). KVM only when a boot
 * with it comes up, else TCG, recorded as emulated; a KVM that cannot boot is remembered
 * (vm_memo.c) and not tried again until the kernel, qemu or image changes. The boot starts in
 * prepare and is waited for in ready, so it overlaps the other environments' preparation. No
 * network device; qemu's pidfile in the run directory lets teardown and `repro-collect
 * --cleanup` stop it. This file probes, boots and waits for the guest; a cell runs in
 * env_vm_exec.c, and env_vm_teardown.c stops it all. */
#include "env_vm.h"

#include "fsutil.h"
#include "log.h"
#include "vm_memo.h"
#include "vm_qemu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

vm_state *vm_st(env *e)
{
    if (!e->priv) {
        vm_state *s = xcalloc(1, sizeof *s);
        snprintf(s->build, sizeof s->build, "%s/../vm", e->ctx->image_root);
        snprintf(s->dir, sizeof s->dir, "%s/env/vm", e->ctx->run_dir);
        snprintf(s->jobs, sizeof s->jobs, "%s/jobs", s->dir);
        snprintf(s->pidfile, sizeof s->pidfile, "%s/qemu.pid", s->dir);
        snprintf(s->console, sizeof s->console, "%s/console.log", s->dir);
        /* A Unix socket path holds at most 107 bytes: a deep run directory gets one in /run. */
        snprintf(s->sock, sizeof s->sock, "%s/ctl.sock", s->dir);
        if (strlen(s->sock) >= sizeof s->chan.path)
            snprintf(s->sock, sizeof s->sock, "/run/repro-%s-vm.sock", e->ctx->run_id);
        snprintf(s->memo, sizeof s->memo, "%s/cache/vm-kvm.tsv", e->ctx->image_root);
        vm_chan_init(&s->chan);
        e->priv = s;
    }
    return e->priv;
}

/* "key\tvalue" from build/vm/info, as written by vm-image.sh. */
static const char *info_value(vm_state *s, const char *key, char *buf, size_t len)
{
    char path[700];
    snprintf(path, sizeof path, "%s/info", s->build);
    char *text = fs_read_file(path, NULL);
    buf[0] = '\0';
    for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        size_t k = strlen(key);
        if (strncmp(line, key, k) == 0 && line[k] == '\t')
            snprintf(buf, len, "%s", line + k + 1);
    }
    free(text);
    return buf;
}

static long long mem_available(void)
{
    char *text = fs_read_file("/proc/meminfo", NULL);
    char *at = text ? strstr(text, "MemAvailable:") : NULL;
    long long kib = at ? atoll(at + strlen("MemAvailable:")) : -1;
    free(text);
    return kib < 0 ? -1 : kib * 1024;
}

static int vm_probe(env *e)
{
    vm_state *s = vm_st(e);
    char buf[256], path[700];
    char *ver[] = {QEMU, "--version", NULL};
    if (!*env_host_line(ver, buf, sizeof buf)) {
        snprintf(e->reason, sizeof e->reason,
                 QEMU " is not installed (Debian package "
                      "qemu-system-x86)");
        return -1;
    }
    static const char *const files[] = {"vmlinuz", "initramfs.gz", "info"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", s->build, files[i]);
        if (!fs_exists(path)) {
            snprintf(e->reason, sizeof e->reason,
                     "%s is missing: build the VM's kernel and initramfs with "
                     "pipeline/vm-image.sh %.400s",
                     files[i], s->build);
            return -1;
        }
    }
    /* The article's 4 GiB, or what the machine can give while keeping 1 GiB for the host. */
    long long avail = mem_available() - (1LL << 30);
    s->memory = e->ctx->memory < avail ? e->ctx->memory : avail / (256LL << 20) * (256LL << 20);
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    s->vcpus = (int)(e->ctx->cpus + 0.5) < online ? (int)(e->ctx->cpus + 0.5) : (int)online;
    if (s->memory < (1LL << 30)) {
        snprintf(e->reason, sizeof e->reason, "less than 2 GiB of memory available");
        return -1;
    }
    return 0;
}


static long spawn_qemu(env *e, vm_state *s, int kvm)
{
    qemu_cmd c = {0};
    char *rootfs = qemu_own(&c, xasprintf("%s/rootfs", e->ctx->image_dir));
    qemu_add(&c, QEMU, "-name", qemu_own(&c, xasprintf("repro-vm-%s", e->ctx->run_id)), NULL);
    qemu_add(&c, "-accel", kvm ? "kvm" : "tcg", "-machine", "q35", "-cpu", kvm ? "host" : "max", NULL);
    qemu_add(&c, "-smp", qemu_own(&c, xasprintf("%d", s->vcpus)), "-m",
        qemu_own(&c, xasprintf("%lldM", s->memory >> 20)), NULL);
    qemu_add(&c, "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-nic", "none",
        NULL);
    qemu_add(&c, "-kernel", qemu_own(&c, xasprintf("%s/vmlinuz", s->build)), "-initrd",
        qemu_own(&c, xasprintf("%s/initramfs.gz", s->build)), "-append", "console=ttyS0 panic=-1 quiet",
        NULL);
    qemu_add(&c, "-chardev", qemu_path_opt(&c, "file,id=console,path=", s->console, ""), "-serial",
        "chardev:console", NULL);
    qemu_add(&c, "-device", "virtio-serial-pci", "-chardev",
        qemu_path_opt(&c, "socket,id=ctl,path=", s->sock, ""), "-device",
        "virtserialport,chardev=ctl,name=repro.ctl", NULL);
    qemu_add(&c, "-fsdev",
        qemu_path_opt(&c, "local,id=layer,path=", rootfs, ",security_model=none,readonly=on"), "-device",
        "virtio-9p-pci,fsdev=layer,mount_tag=layer", NULL);
    qemu_add(&c, "-fsdev", qemu_path_opt(&c, "local,id=cache,path=", s->cache, ",security_model=none"),
        "-device", "virtio-9p-pci,fsdev=cache,mount_tag=cache", NULL);
    qemu_add(&c, "-fsdev", qemu_path_opt(&c, "local,id=jobs,path=", s->jobs, ",security_model=none"),
        "-device", "virtio-9p-pci,fsdev=jobs,mount_tag=jobs", NULL);
    /* T2.1's fs=share: the run's share directory, as the other drivers bind-mount it */
    char share[800];
    qemu_add(&c, "-fsdev",
        qemu_path_opt(&c, "local,id=share,path=", env_share_host(e, share, sizeof share),
            ",security_model=none"),
        "-device", "virtio-9p-pci,fsdev=share,mount_tag=share", NULL);
    qemu_add(&c, "-pidfile", s->pidfile, NULL);
    char *log_path = qemu_own(&c, xasprintf("%s/qemu.log", s->dir));
    proc_opts o = {.stdout_path = log_path, .stderr_path = log_path};
    long pid = proc_spawn(c.argv, &o);
    for (size_t i = 0; i < c.n_owned; i++)
        free(c.owned[i]);
    return pid;
}


/* Starts qemu booting (KVM or TCG) and returns: boot_wait waits for it. 0, or -1 with why. */
static int boot_start(env *e, vm_state *s, int kvm, char *reason, size_t rlen)
{
    s->kvm = kvm;
    s->started = vm_now();
    unlink(s->console);
    if (vm_chan_listen(&s->chan, s->sock) != 0) {
        snprintf(reason, rlen, "cannot listen on %s: %s", s->sock, strerror(errno));
        return -1;
    }
    s->pid = spawn_qemu(e, s, kvm);
    return 0;
}

/* Waits for the guest's "ready"; 0, or -1 with why in reason (qemu stopped). */
static int boot_wait(vm_state *s, char *reason, size_t rlen)
{
    double deadline = s->started + (s->kvm ? 60 : 300);
    char line[256] = "", tail[400];
    int rc = s->pid < 0 ? VM_CHAN_CLOSED : vm_chan_accept(&s->chan, s->pid, deadline);
    if (rc == VM_CHAN_OK)
        rc = vm_chan_read_line(&s->chan, line, sizeof line, deadline, 1);
    if (rc == VM_CHAN_OK && strcmp(line, "ready") == 0)
        return 0;
    vm_stop_qemu(s, s->pid);
    s->pid = 0;
    vm_file_tail(s->console, tail, sizeof tail);
    if (!*tail) {
        char qlog[700];
        snprintf(qlog, sizeof qlog, "%s/qemu.log", s->dir);
        vm_file_tail(qlog, tail, sizeof tail);
    }
    snprintf(reason, rlen, "the %s guest %s; last output: %s", s->kvm ? "KVM" : "TCG",
             rc == VM_CHAN_TIMEOUT ? "did not report ready in time" : "stopped before ready",
             *tail ? tail : "none");
    return -1;
}

static int vm_prepare(env *e)
{
    vm_state *s = vm_st(e);
    char buf[512], why[1024] = "";
    env_kept_cache(e, s->cache, sizeof s->cache);
    if (fs_mkdirs(s->jobs) || fs_mkdirs(s->cache)) {
        snprintf(e->reason, sizeof e->reason, "cannot create %s: %s", s->dir, strerror(errno));
        return -1;
    }
    int kvm = access("/dev/kvm", R_OK | W_OK) == 0;
    char key[1024];
    vm_memo_key(s->build, key, sizeof key);
    if (kvm && vm_memo_kvm_failed(s->memo, key, why, sizeof why)) {
        char *note = xasprintf("not tried: KVM could not boot the guest on this machine, as "
                               "remembered in %s until the kernel, qemu or image changes: %s",
                               s->memo, why);
        env_meta(e, "kvm", note);
        free(note);
        kvm = 0;
    } else if (!kvm) {
        env_meta(e, "kvm",
                 access("/dev/kvm", F_OK) == 0 ? "/dev/kvm is not accessible"
                                               : "no /dev/kvm on this machine");
    }
    if (boot_start(e, s, kvm, e->reason, sizeof e->reason) != 0)
        return -1;
    snprintf(e->work_dir, sizeof e->work_dir, "/work");
    snprintf(e->bin_dir, sizeof e->bin_dir, "/usr/local/bin");
    snprintf(e->cache_dir, sizeof e->cache_dir, "/cache");
    snprintf(e->share_dir, sizeof e->share_dir, "/share"); /* vm-init.sh mounts 9p tag share */
    char *ver[] = {QEMU, "--version", NULL};
    env_meta(e, "runtime", env_host_line(ver, buf, sizeof buf));
    env_meta(e, "kernel", info_value(s, "kernel_package", buf, sizeof buf));
    char busybox[256], *id_path = xasprintf("%s/id", s->build);
    char *id = fs_read_file(id_path, NULL);
    snprintf(buf, sizeof buf, "%s, built by pipeline/vm-image.sh (id %.*s)",
             info_value(s, "busybox", busybox, sizeof busybox), id ? (int)strcspn(id, "\n") : 0,
             id ? id : "");
    free(id_path);
    free(id);
    env_meta(e, "initramfs", buf);
    env_meta(e, "guest_modules", info_value(s, "modules", buf, sizeof buf));
    snprintf(buf, sizeof buf, "%.2f CPUs, %lld bytes (requested)", e->ctx->cpus, e->ctx->memory);
    env_meta(e, "limits_requested", buf);
    snprintf(buf, sizeof buf,
             "%d vCPUs, %lld bytes of guest memory (the request, or what this "
             "machine allows)",
             s->vcpus, s->memory);
    env_meta(e, "vm_size", buf);
    env_meta(e, "storage",
             "image layer over virtio-9p (read-only, cache=loose) under a tmpfs "
             "overlay; GOCACHE on a 9p share of the run directory; /share: the run's share "
             "directory over virtio-9p (uncached)");
    env_meta(e, "network", "none (no network device)");
    env_meta(e, "channel", "virtio-serial port repro.ctl; job script and output over 9p");
    return 0;
}

/* Waits for the boot prepare started; a KVM boot that fails is remembered, and TCG boots. */
static int vm_ready(env *e)
{
    vm_state *s = vm_st(e);
    char why[1024], key[1024], buf[64];
    if (s->kvm && boot_wait(s, why, sizeof why) != 0) {
        env_meta(e, "kvm", why); /* present but unusable, e.g. nested KVM that cannot boot */
        vm_memo_key(s->build, key, sizeof key);
        if (vm_memo_record(s->memo, key, why) != 0)
            log_warn("vm: cannot write %s: the next run tries KVM again", s->memo);
        if (boot_start(e, s, 0, e->reason, sizeof e->reason) != 0)
            return -1;
    } else if (s->kvm) {
        vm_memo_clear(s->memo);
    }
    if (!s->kvm && boot_wait(s, e->reason, sizeof e->reason) != 0)
        return -1;
    env_meta(e, "accel", s->kvm ? "kvm (-cpu host)" : "tcg (-cpu max), multi-threaded");
    env_meta(e, "emulated", s->kvm ? "no (KVM)" : "yes (TCG): timings not comparable");
    e->caps |= s->kvm ? 0 : CAP_EMULATED;
    snprintf(buf, sizeof buf, "%.1f", vm_now() - s->started);
    env_meta(e, "boot_seconds", buf);
    return 0;
}

static const env_driver vm_driver = {
    .driver = "vm",
    .probe = vm_probe,
    .prepare = vm_prepare,
    .ready = vm_ready,
    .exec = vm_exec,
    .daemon_rss = vm_daemon_rss,
    .teardown = vm_teardown,
};
ENV_DRIVER(vm_driver)
