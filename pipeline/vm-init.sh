#!/bin/sh
# vm-init.sh - /init of the vm environment's busybox initramfs (built by pipeline/vm-image.sh).
#
# Loads the virtio and 9p modules, mounts the image layer (9p tag "layer", read-only) under a
# tmpfs overlay at /root, the run's GOCACHE share (tag "cache") at /root/cache and the job
# directory (tag "jobs") at /jobs, then serves repro-collect over the virtio-serial port
# "repro.ctl", one line per message:
#   host: run N     guest runs /jobs/N/cmd with dash chrooted into /root, stdout and stderr to
#                   /jobs/N/out and /jobs/N/err, in a session of its own; answers "done N STATUS"
#   host: kill N    guest kills job N's whole session (the host's timeout)
#   host: quit      guest syncs and powers off
# Any failure before "ready" powers the VM off; the host reads why from the serial console.
# So does the host end closing (repro-collect gone): no VM outlives its collector.
PATH=/bin
export PATH
/bin/busybox --install -s /bin

fail() {
    echo "vm-init: $*" >/dev/console
    poweroff -f
}

mount -t proc proc /proc || fail "mount /proc"
mount -t sysfs sysfs /sys || fail "mount /sys"
mount -t devtmpfs devtmpfs /dev || fail "mount /dev"
while read -r module; do
    insmod "/modules/$module.ko" || fail "insmod $module"
done </modules/order

p9="trans=virtio,version=9p2000.L,msize=262144"
# The layer never changes while the VM runs, so the guest may cache it (cache=loose); the
# shares the host also reads are uncached.
mount -t 9p -o "$p9,cache=loose,ro" layer /layer || fail "mount the image layer (9p tag layer)"
mount -t tmpfs -o mode=0755 tmpfs /rw || fail "mount tmpfs /rw"
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/layer,upperdir=/rw/upper,workdir=/rw/work /root ||
    fail "mount the overlay root"
mount -t 9p -o "$p9" cache /root/cache || fail "mount the cache share (9p tag cache)"
mount -t 9p -o "$p9" jobs /jobs || fail "mount the job share (9p tag jobs)"
mkdir -p /root/share
mount -t 9p -o "$p9" share /root/share || fail "mount the run's share (9p tag share)"
mount -t proc proc /root/proc || fail "mount /root/proc"
mount -t sysfs sysfs /root/sys || fail "mount /root/sys"
mount -t devtmpfs devtmpfs /root/dev || fail "mount /root/dev"
mount -t tmpfs -o mode=1777 tmpfs /root/tmp || fail "mount /root/tmp"
mount -t cgroup2 cgroup2 /root/sys/fs/cgroup || fail "mount /root/sys/fs/cgroup"
hostname repro-vm

port=
for p in /sys/class/virtio-ports/*; do
    [ "$(cat "$p/name" 2>/dev/null)" = repro.ctl ] && port=/dev/${p##*/}
done
[ -n "$port" ] || fail "no virtio-serial port named repro.ctl"
exec 3<>"$port" || fail "open $port"

run_job() {
    dir=/jobs/$1
    setsid chroot /root /bin/sh -s <"$dir/cmd" >"$dir/out" 2>"$dir/err" &
    echo $! >"/tmp/job.$1"
    wait $!
    status=$?
    rm -f "/tmp/job.$1"
    echo "done $1 $status" >&3
}

echo ready >&3
while read -r verb job <&3; do
    case $verb in
    run) run_job "$job" & ;;
    kill) [ -f "/tmp/job.$job" ] && kill -9 "-$(cat "/tmp/job.$job")" ;;
    quit) break ;;
    esac
done
sync
poweroff -f
