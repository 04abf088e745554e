/*
 * vibedom-init: the one small static helper of the namespace runtime.
 *
 * Decision (for the lead): the in-sandbox init and the network forwarder are a static C
 * binary, not socat/sh/.NET. It needs nothing from the sandbox's root (it is bind-mounted
 * read-only at /run/vibedom/vibedom-init and works the same inside a Docker image), starts
 * in well under a millisecond, and has its listening socket bound before the agent is
 * forked, so there is no readiness poll. The same binary does the host-side steps that
 * must happen between fork and exec (a private mount namespace with the overlay, the
 * detached supervisor, entering a running sandbox), which .NET cannot do safely.
 *
 *   vibedom-init overlay [--rootless | --as UID:GID[:COUNT] [--stage SRC]... [--state SRC]... [--net DIR] [--devices]] [--status FILE]
 *                        [--cgroup DIR]... [--etc ETC EMPTY [--etc-keep PATH]...] [--ro-file SRC DST]...
 *                        LOWER UPPER WORK TARGET -- BWRAP ARGS...
 *       host: join each cgroup DIR first (the session's limits hold before anything of the
 *       agent runs; a cgroup that cannot be joined fails the start), then a new private mount
 *       namespace (rootless: also a user namespace mapping the
 *       caller to root), bind each SRC read-only, nosuid, nodev over the existing file DST (masks, passwd,
 *       group, CA bundle: under a folder bwrap binds recursively, so bwrap need not bind each), mount an
 *       overlay of LOWER (+UPPER, WORK) on TARGET, run BWRAP and exit with its status. When the sandbox never started
 *       (namespace, mount or bwrap setup failure), write the reason to FILE and exit 125.
 *       --as (root only): the sandbox must not hold root's rights on the host. A tmpfs on /run
 *       (in the private namespace only) holds the stage /run/vibedom-stage: LOWER is cloned there
 *       as an idmapped mount that shows its owner's files as UID:GID, the overlay is mounted on
 *       TARGET (a stage path), each SRC is bound to /run/vibedom-stage/<index> (so a process
 *       without root's rights can bind it), each --state SRC (an agent's writable state folder or file) is
 *       cloned to /run/vibedom-stage/s<index> as an idmapped mount like LOWER (its owner's files show as
 *       UID:GID, what the sandbox creates is stored as that owner: any later UID can write it; nosuid, nodev), --devices makes fresh device nodes in
 *       /run/vibedom-stage/dev (not the host's inodes) and binds them over /dev/NAME (bwrap's --dev binds those), and BWRAP runs as UID:GID with no
 *       capability: its own user namespace maps the sandbox user to UID, never to root.
 *       With COUNT, the sandbox takes the first of UID..UID+COUNT-1 (and GID+n) that no other
 *       running sandbox holds: no two sandboxes share a host identity (or its kernel accounting).
 *       --net DIR (root's own folder: the session's proxy and agent relay sockets) is given to the claimed GID, mode
 *       0710: root and this sandbox enter it, no other local user or sandbox.
 *       Every host-side step dies with the process that started it (a pidfd on the parent, not
 *       PR_SET_PDEATHSIG, which fires when the parent's *thread* exits).
 *   vibedom-init supervise STATEDIR -- PROG ARGS...
 *       host: print the supervisor's pid and return at once; the supervisor (own session,
 *       stdin /dev/null, output to STATEDIR/output.log: of PROG's only the first 8 MiB) runs PROG,
 *       forwards SIGTERM/SIGHUP to it and writes its exit status to STATEDIR/exit-code.
 *   vibedom-init enter [--new-session] [--cgroup DIR]... PID UID GID DIR ENVFILE -- CMD ARGS...
 *       host: join each cgroup DIR (the session's limits), then every namespace of PID (owning user ns first), drop every capability, set
 *       no_new_privs, become UID:GID, then run CMD in DIR with the NUL-separated ENVFILE
 *       (--new-session: setsid first, when CMD shares vibedom's terminal: no TIOCSTI; and each of stdin,
 *       stdout, stderr that is a terminal reaches CMD as a pipe relayed only while CMD runs).
 *   vibedom-init run [--nproc N] [--forward IP:PORT=SOCKET] -- CMD ARGS...
 *       sandbox: optional RLIMIT_NPROC (when no cgroup bounds the processes), optional TCP->Unix-socket forwarder, fork+exec CMD, ignore SIGINT,
 *       reap, exit with CMD's status (127 + one line when CMD is not found).
 *   vibedom-init connect HOST PORT
 *       sandbox: ssh's ProxyCommand (the generated ssh_config names it): CONNECT HOST:PORT through the
 *       egress proxy at 127.0.0.1:3128, then relay stdin/stdout to the tunnel. A refusal prints one line on
 *       stderr where the agent sees it (an unlisted host: how to list it) and exits 1. No netcat needed.
 *   vibedom-init host-key-hint KNOWN_HOSTS HOST TYPE KEY
 *       sandbox: ssh's KnownHostsCommand (%H %t %K): prints no key (the file is ssh's UserKnownHostsFile),
 *       only, on stderr, how to add the offered key on the host when KNOWN_HOSTS does not list it for HOST.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/magic.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <grp.h>
#include <limits.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "vibedom: %s: %s\n", what, strerror(errno));
    _exit(125);
}

static void usage(void) {
    fprintf(stderr, "vibedom-init: bad arguments (internal helper of vibedom)\n");
    _exit(125);
}

static int status_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

/* FD may be non-blocking without this process asking: a terminal's O_NONBLOCK is its open file description's, shared
   by every process on it (node, a crashed TUI leave it set), so "not now" is waited out, never taken as the end */
static int write_all(int fd, const char *buf, size_t n) {
    for (size_t off = 0; off < n;) {
        ssize_t w = write(fd, buf + off, n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd q = {fd, POLLOUT, 0};
            if (poll(&q, 1, -1) < 0 && errno != EINTR) return -1;
            continue;
        }
        if (w <= 0) return -1;
        off += (size_t)w;
    }
    return 0;
}

/* exec CMD; on failure print what a shell prints and exit 127/126 */
static void exec_command(char **argv) {
    execvp(argv[0], argv);
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) {
        fprintf(stderr, "vibedom: %s: command not found\n", argv[0]);
        _exit(127);
    }
    fprintf(stderr, "vibedom: %s: %s\n", argv[0], strerror(e));
    _exit(126);
}

/* no descriptor but stdio crosses into (or out of) a sandbox: an inherited directory handle would
   let a process walk out of its mount namespace */
static void close_inherited(void) {
    if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0) {
        for (int fd = 3; fd < 65536; fd++) close(fd);
    }
}

/* A folder as stdin, stdout or stderr (`vibedom run DIR -- CMD < ~`) is a handle on the host's tree that no mount
   hides: from inside, /proc/self/fd/0/... or openat(0, ...) reaches every file the sandbox's uid may open (rootless:
   all of the user's). No sandbox is started or entered with one; stdio of any other kind crosses as it is. */
static const char *folder_stdio(void) {
    static const char *const refusals[] = {
        "stdin is a folder: the sandbox would reach the host's files through it",
        "stdout is a folder: the sandbox would reach the host's files through it",
        "stderr is a folder: the sandbox would reach the host's files through it",
    };
    for (int fd = 0; fd < 3; fd++) {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) return refusals[fd];
    }
    return NULL;
}

static char **after_dashes(int argc, char **argv, int from) {
    for (int i = from; i < argc; i++)
        if (strcmp(argv[i], "--") == 0) return (i + 1 < argc) ? &argv[i + 1] : NULL;
    return NULL;
}

/* ---------------- seccomp ---------------- */
/* Defence in depth under the namespaces and the dropped capabilities: an allow list. What an agent and its tools
   (shells, git, node, python, go, compilers, ssh) use is allowed; the kernel interfaces exploits love are refused
   with EPERM (keyrings, bpf, perf, userfaultfd, io_uring, module and kexec loading, handle-based opens, raw I/O
   ports, mounts and namespaces, clock and host settings); anything else, including syscalls newer than this list,
   fails with ENOSYS, as on a kernel without it, so programs fall back. socket() is limited to the families an agent
   needs (Unix, IPv4, IPv6, and netlink's route and socket-diagnostics protocols): the others are kernel code an
   agent never needs, reached by any process (AF_ALG, AF_PACKET, AF_VSOCK, which is not network-namespaced: on a
   VM a route to the hypervisor around the proxy...). Terminal injection ioctls and personality flags beyond the
   plain ones are refused. Foreign syscall ABIs (x32, i386 on x86_64) are refused outright. The list follows the
   kernel's syscall table and Docker's default profile for a container without capabilities. */
#if defined(__x86_64__)
#define VIBEDOM_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define VIBEDOM_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/* numbers shared by every architecture since Linux 5.1, newer than some C libraries' headers */
#ifndef SYS_cachestat
#define SYS_cachestat 451
#endif
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef SYS_map_shadow_stack
#define SYS_map_shadow_stack 453
#endif
#ifndef SYS_futex_wake
#define SYS_futex_wake 454
#endif
#ifndef SYS_futex_wait
#define SYS_futex_wait 455
#endif
#ifndef SYS_futex_requeue
#define SYS_futex_requeue 456
#endif
#ifndef SYS_statmount
#define SYS_statmount 457
#endif
#ifndef SYS_listmount
#define SYS_listmount 458
#endif
#ifndef SYS_mseal
#define SYS_mseal 462
#endif
#ifndef SYS_setxattrat
#define SYS_setxattrat 463
#endif
#ifndef SYS_getxattrat
#define SYS_getxattrat 464
#endif
#ifndef SYS_listxattrat
#define SYS_listxattrat 465
#endif
#ifndef SYS_removexattrat
#define SYS_removexattrat 466
#endif
#ifndef SYS_file_getattr
#define SYS_file_getattr 468
#endif
#ifndef SYS_file_setattr
#define SYS_file_setattr 469
#endif

/* refused with EPERM, the kernel's own answer to a process without capabilities for most of them */
static const int denied_syscalls[] = {
    SYS_keyctl, SYS_add_key, SYS_request_key, SYS_bpf, SYS_perf_event_open, SYS_userfaultfd,
    SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_kexec_load,
#ifdef SYS_kexec_file_load
    SYS_kexec_file_load,
#endif
    SYS_open_by_handle_at, SYS_swapon, SYS_swapoff, SYS_reboot, SYS_syslog,
    SYS_acct, SYS_quotactl, SYS_quotactl_fd, SYS_lookup_dcookie,
#ifdef SYS_iopl
    SYS_iopl, SYS_ioperm,
#endif
    /* io_uring runs I/O in kernel threads that a syscall filter never sees */
    SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
    /* mounts, namespaces and the root: the sandbox's are set before this filter */
    SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_unshare, SYS_setns,
    SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick, SYS_move_mount, SYS_open_tree, SYS_mount_setattr,
    SYS_fanotify_init, SYS_sethostname, SYS_setdomainname, SYS_settimeofday, SYS_clock_settime, SYS_vhangup,
    /* another process's descriptors and memory policy */
    SYS_kcmp, SYS_pidfd_getfd, SYS_process_madvise,
};

static const int allowed_syscalls[] = {
    /* files, descriptors, directories */
    SYS_read, SYS_write, SYS_close, SYS_fstat, SYS_lseek, SYS_pread64, SYS_pwrite64, SYS_readv, SYS_writev,
    SYS_preadv, SYS_pwritev, SYS_preadv2, SYS_pwritev2, SYS_dup, SYS_dup3, SYS_fcntl, SYS_flock, SYS_fsync,
    SYS_fdatasync, SYS_truncate, SYS_ftruncate, SYS_getcwd, SYS_chdir, SYS_fchdir, SYS_fchmod, SYS_fchown, SYS_umask,
    SYS_statfs, SYS_fstatfs, SYS_getdents64, SYS_openat, SYS_openat2, SYS_mkdirat, SYS_mknodat, SYS_fchownat,
    SYS_newfstatat, SYS_statx, SYS_unlinkat, SYS_renameat2, SYS_linkat, SYS_symlinkat, SYS_readlinkat,
    SYS_fchmodat, SYS_fchmodat2, SYS_faccessat, SYS_faccessat2, SYS_utimensat, SYS_fallocate, SYS_splice, SYS_tee,
    SYS_vmsplice, SYS_sync, SYS_syncfs, SYS_sync_file_range, SYS_readahead, SYS_copy_file_range, SYS_close_range,
    SYS_pipe2, SYS_name_to_handle_at, SYS_cachestat, SYS_file_getattr, SYS_file_setattr,
    SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr, SYS_getxattr, SYS_lgetxattr, SYS_fgetxattr, SYS_listxattr,
    SYS_llistxattr, SYS_flistxattr, SYS_removexattr, SYS_lremovexattr, SYS_fremovexattr, SYS_setxattrat,
    SYS_getxattrat, SYS_listxattrat, SYS_removexattrat, SYS_statmount, SYS_listmount,
    SYS_inotify_init1, SYS_inotify_add_watch, SYS_inotify_rm_watch, SYS_fanotify_mark,
    SYS_io_setup, SYS_io_destroy, SYS_io_getevents, SYS_io_submit, SYS_io_cancel, SYS_io_pgetevents,
    SYS_ioprio_set, SYS_ioprio_get,
    /* memory */
    SYS_brk, SYS_mmap, SYS_mprotect, SYS_munmap, SYS_mremap, SYS_msync, SYS_mincore, SYS_madvise, SYS_mlock,
    SYS_mlock2, SYS_munlock, SYS_mlockall, SYS_munlockall, SYS_membarrier, SYS_memfd_create, SYS_memfd_secret,
    SYS_pkey_mprotect, SYS_pkey_alloc, SYS_pkey_free, SYS_remap_file_pages, SYS_mseal, SYS_map_shadow_stack,
    SYS_process_mrelease,
    /* processes, threads, signals, scheduling */
    SYS_clone, SYS_clone3, SYS_execve, SYS_execveat, SYS_exit, SYS_exit_group, SYS_wait4, SYS_waitid, SYS_kill,
    SYS_tkill, SYS_tgkill, SYS_getpid, SYS_getppid, SYS_gettid, SYS_getpgid, SYS_setpgid, SYS_getsid, SYS_setsid,
    SYS_getuid, SYS_getgid, SYS_geteuid, SYS_getegid, SYS_setuid, SYS_setgid, SYS_setreuid, SYS_setregid,
    SYS_getgroups, SYS_setgroups, SYS_setresuid, SYS_getresuid, SYS_setresgid, SYS_getresgid, SYS_setfsuid,
    SYS_setfsgid, SYS_capget, SYS_capset, SYS_prctl, SYS_seccomp, SYS_getrlimit, SYS_setrlimit, SYS_prlimit64,
    SYS_getrusage, SYS_getpriority, SYS_setpriority, SYS_sched_yield, SYS_sched_setparam, SYS_sched_getparam,
    SYS_sched_setscheduler, SYS_sched_getscheduler, SYS_sched_get_priority_max, SYS_sched_get_priority_min,
    SYS_sched_rr_get_interval, SYS_sched_setaffinity, SYS_sched_getaffinity, SYS_sched_setattr, SYS_sched_getattr,
    SYS_getcpu, SYS_set_tid_address, SYS_set_robust_list, SYS_get_robust_list, SYS_rseq, SYS_restart_syscall,
    SYS_futex, SYS_futex_waitv, SYS_futex_wake, SYS_futex_wait, SYS_futex_requeue,
    SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_rt_sigreturn, SYS_rt_sigpending, SYS_rt_sigtimedwait,
    SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo, SYS_rt_sigsuspend, SYS_sigaltstack, SYS_signalfd4,
    SYS_pidfd_open, SYS_pidfd_send_signal, SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
    SYS_landlock_create_ruleset, SYS_landlock_add_rule, SYS_landlock_restrict_self,
    /* time */
    SYS_nanosleep, SYS_clock_nanosleep, SYS_clock_gettime, SYS_clock_getres, SYS_clock_adjtime, SYS_adjtimex,
    SYS_gettimeofday, SYS_getitimer, SYS_setitimer, SYS_times, SYS_timer_create, SYS_timer_settime,
    SYS_timer_gettime, SYS_timer_getoverrun, SYS_timer_delete, SYS_timerfd_create, SYS_timerfd_settime,
    SYS_timerfd_gettime,
    /* waiting, events */
    SYS_pselect6, SYS_ppoll, SYS_epoll_create1, SYS_epoll_ctl, SYS_epoll_pwait, SYS_epoll_pwait2, SYS_eventfd2,
    /* sockets (socket and socketpair are checked apart) */
    SYS_connect, SYS_accept, SYS_accept4, SYS_sendto, SYS_recvfrom, SYS_sendmsg, SYS_recvmsg, SYS_sendmmsg,
    SYS_recvmmsg, SYS_shutdown, SYS_bind, SYS_listen, SYS_getsockname, SYS_getpeername, SYS_setsockopt,
    SYS_getsockopt,
    /* System V and POSIX IPC (the sandbox has its own IPC namespace) */
    SYS_shmget, SYS_shmat, SYS_shmctl, SYS_shmdt, SYS_semget, SYS_semop, SYS_semctl, SYS_semtimedop, SYS_msgget,
    SYS_msgsnd, SYS_msgrcv, SYS_msgctl, SYS_mq_open, SYS_mq_unlink, SYS_mq_timedsend, SYS_mq_timedreceive,
    SYS_mq_notify, SYS_mq_getsetattr,
    /* the machine */
    SYS_uname, SYS_sysinfo, SYS_getrandom,
#if defined(__x86_64__)
    /* x86_64's older forms of the calls above */
    SYS_open, SYS_stat, SYS_lstat, SYS_poll, SYS_access, SYS_pipe, SYS_select, SYS_dup2, SYS_pause, SYS_alarm,
    SYS_fork, SYS_vfork, SYS_getdents, SYS_mkdir, SYS_rmdir, SYS_creat, SYS_link, SYS_unlink, SYS_symlink,
    SYS_readlink, SYS_chmod, SYS_chown, SYS_lchown, SYS_rename, SYS_renameat, SYS_time, SYS_utime, SYS_utimes,
    SYS_futimesat, SYS_epoll_create, SYS_epoll_wait, SYS_epoll_ctl_old, SYS_epoll_wait_old, SYS_inotify_init,
    SYS_eventfd, SYS_signalfd, SYS_getpgrp, SYS_mknod, SYS_sendfile, SYS_fadvise64, SYS_arch_prctl,
    SYS_modify_ldt, SYS_get_thread_area, SYS_set_thread_area,
#ifdef SYS_uretprobe
    SYS_uretprobe,
#endif
#elif defined(__aarch64__)
    SYS_renameat, SYS_sendfile, SYS_fadvise64,
#endif
};

/* socket families allowed (netlink apart: route and socket diagnostics only) */
static const unsigned allowed_families[] = {AF_UNIX, AF_INET, AF_INET6};
static const unsigned allowed_netlink[] = {0 /* NETLINK_ROUTE */, 4 /* NETLINK_SOCK_DIAG */};
/* personality(2): the plain Linux personality, its 32-bit and UNAME26 forms, and the query */
static const unsigned allowed_personalities[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffffu};

static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

#define SECCOMP_MAX_FILTER 1024
struct filter {
    struct sock_filter f[SECCOMP_MAX_FILTER];
    unsigned n;
};

static void filter_add(struct filter *p, unsigned short code, unsigned k, unsigned char jt, unsigned char jf) {
    if (p->n >= SECCOMP_MAX_FILTER) die("seccomp: filter too long");
    p->f[p->n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
}

static void filter_load(struct filter *p, unsigned offset) {
    filter_add(p, BPF_LD | BPF_W | BPF_ABS, offset, 0, 0);
}

static void filter_return(struct filter *p, unsigned action) {
    filter_add(p, BPF_RET | BPF_K, action, 0, 0);
}

/* with the syscall number loaded: RET action when it is nr, else fall through */
static void filter_when(struct filter *p, unsigned nr, unsigned action) {
    filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
    filter_return(p, action);
}

/* with the syscall number loaded: for a call to nr, RET ALLOW when the 32-bit argument arg is one of values[count],
   else RET refusal; any other call falls through with the number loaded again */
static void filter_argument(struct filter *p, unsigned nr, unsigned arg, const unsigned *values, unsigned count, unsigned refusal) {
    filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, nr, 0, (unsigned char)(count + 3));
    filter_load(p, (unsigned)offsetof(struct seccomp_data, args[arg]));
    for (unsigned i = 0; i < count; i++)
        filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, values[i], (unsigned char)(count - i), 0);
    filter_return(p, refusal);
    filter_return(p, SECCOMP_RET_ALLOW);
    filter_load(p, (unsigned)offsetof(struct seccomp_data, nr));
}

/* socket(): a family of allowed_families, or netlink with a protocol of allowed_netlink; any other call falls through
   with the number loaded again */
static void filter_socket(struct filter *p) {
    const unsigned nf = sizeof allowed_families / sizeof allowed_families[0];
    const unsigned nn = sizeof allowed_netlink / sizeof allowed_netlink[0];
    filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, (unsigned char)(nf + nn + 7)); /* else past the block */
    filter_load(p, (unsigned)offsetof(struct seccomp_data, args[0]));
    for (unsigned i = 0; i < nf; i++) /* to the ALLOW that ends the block */
        filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, allowed_families[i], (unsigned char)(nf - i + nn + 3), 0);
    filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 0, (unsigned char)(nn + 2));
    filter_load(p, (unsigned)offsetof(struct seccomp_data, args[2]));
    for (unsigned i = 0; i < nn; i++)
        filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, allowed_netlink[i], (unsigned char)(nn - i + 1), 0);
    filter_return(p, SECCOMP_RET_ERRNO | EPROTONOSUPPORT);
    filter_return(p, SECCOMP_RET_ERRNO | EAFNOSUPPORT);
    filter_return(p, SECCOMP_RET_ALLOW);
    filter_load(p, (unsigned)offsetof(struct seccomp_data, nr));
}

/* the allow list's ranges of consecutive numbers, ascending */
struct range {
    unsigned lo, hi;
};

/* instructions filter_ranges emits for ranges[l, r) */
static unsigned ranges_size(unsigned l, unsigned r) {
    if (r - l <= 2) return 3 * (r - l) + 1;
    unsigned m = (l + r) / 2;
    return 1 + ranges_size(l, m) + ranges_size(m, r);
}

/* with the syscall number loaded: RET ALLOW for a number in ranges[l, r); any other jumps to the instruction at
   index end (a binary search: a few comparisons for any number, where a walk took one per range) */
static void filter_ranges(struct filter *p, const struct range *ranges, unsigned l, unsigned r, unsigned end) {
    if (r - l <= 2) {
        for (unsigned i = l; i < r; i++) {
            filter_add(p, BPF_JMP | BPF_JGT | BPF_K, ranges[i].hi, 2, 0); /* past it: the next one */
            filter_add(p, BPF_JMP | BPF_JGE | BPF_K, ranges[i].lo, 0, 1); /* before it: the next one, then end */
            filter_return(p, SECCOMP_RET_ALLOW);
        }
        filter_add(p, BPF_JMP | BPF_JA, end - p->n - 1, 0, 0);
        return;
    }
    unsigned m = (l + r) / 2, left = ranges_size(l, m);
    if (left > 255) die("seccomp: allow list too long");
    filter_add(p, BPF_JMP | BPF_JGE | BPF_K, ranges[m].lo, (unsigned char)left, 0);
    filter_ranges(p, ranges, l, m, end);
    filter_ranges(p, ranges, m, r, end);
}

static void filter_allowed(struct filter *p) {
    int sorted[sizeof allowed_syscalls / sizeof allowed_syscalls[0]];
    struct range ranges[sizeof sorted / sizeof sorted[0]];
    unsigned count = sizeof sorted / sizeof sorted[0], n = 0;
    memcpy(sorted, allowed_syscalls, sizeof sorted);
    qsort(sorted, count, sizeof sorted[0], compare_ints);
    for (unsigned i = 0; i < count;) {
        unsigned j = i;
        while (j + 1 < count && sorted[j + 1] <= sorted[j] + 1) j++;
        ranges[n++] = (struct range){(unsigned)sorted[i], (unsigned)sorted[j]};
        i = j + 1;
    }
    filter_ranges(p, ranges, 0, n, p->n + ranges_size(0, n));
}

#ifdef VIBEDOM_AUDIT_ARCH
/* the whole program into p */
static void build_seccomp(struct filter *p) {
    p->n = 0;
    filter_load(p, (unsigned)offsetof(struct seccomp_data, arch));
    filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, VIBEDOM_AUDIT_ARCH, 1, 0);
    filter_return(p, SECCOMP_RET_KILL_PROCESS);
    filter_load(p, (unsigned)offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
    filter_add(p, BPF_JMP | BPF_JGE | BPF_K, 0x40000000U, 0, 1); /* x32 ABI */
    filter_return(p, SECCOMP_RET_ERRNO | EPERM);
#endif
    filter_allowed(p); /* first: most calls end here, after a few comparisons */
    for (unsigned i = 0; i < sizeof denied_syscalls / sizeof denied_syscalls[0]; i++)
        filter_when(p, (unsigned)denied_syscalls[i], SECCOMP_RET_ERRNO | EPERM);
    filter_socket(p);
    filter_argument(p, SYS_socketpair, 0, allowed_families, sizeof allowed_families / sizeof allowed_families[0],
                    SECCOMP_RET_ERRNO | EAFNOSUPPORT);
    /* ioctl: everything but terminal input injection (TIOCSTI) and the console's (TIOCLINUX) */
    filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 5);
    filter_load(p, (unsigned)offsetof(struct seccomp_data, args[1]));
    filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 2, 0);
    filter_add(p, BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 1, 0);
    filter_return(p, SECCOMP_RET_ALLOW);
    filter_return(p, SECCOMP_RET_ERRNO | EPERM);
    filter_argument(p, SYS_personality, 0, allowed_personalities,
                    sizeof allowed_personalities / sizeof allowed_personalities[0], SECCOMP_RET_ERRNO | EPERM);

    filter_return(p, SECCOMP_RET_ERRNO | ENOSYS);
}
#endif

static void install_seccomp(void) {
#ifdef VIBEDOM_AUDIT_ARCH
    static struct filter prog_filter;
    build_seccomp(&prog_filter);
    struct sock_fprog prog = {.len = (unsigned short)prog_filter.n, .filter = prog_filter.f};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) die("seccomp");
#endif
}

/* ---------------- overlay ---------------- */
#define READY_FD 3
#define READY_FD_TEXT "3"
static volatile sig_atomic_t child_pid;
static void forward_signal(int sig) { if (child_pid > 0) kill(child_pid, sig); }

static const char *status_file;

/* the sandbox could not start: say why on stderr and in the status file vibedom reads, exit 125 */
static void fail_start(const char *what, int err) {
    char line[1024];
    if (err) snprintf(line, sizeof line, "%s: %s", what, strerror(err));
    else snprintf(line, sizeof line, "%s", what);
    fprintf(stderr, "vibedom: %s\n", line);
    if (status_file) {
        int fd = open(status_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0) { dprintf(fd, "%s\n", line); close(fd); }
    }
    _exit(125);
}

static void write_map(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, text, strlen(text)) < 0) fail_start(path, errno);
    close(fd);
}

/* ---------------- lifeline ---------------- */
/* A process-level lifeline: a pidfd on the process that started us becomes readable when that
   whole process exits. PR_SET_PDEATHSIG is no lifeline for a child of a multi-threaded program
   (vibedom): Linux fires it when the *thread* that forked exits, and .NET retires idle threads. */
/* The starter names itself in VIBEDOM_PARENT_PID (vibedom, or the detached supervisor): a helper
   whose starter died before it ran has been reparented (to init or a subreaper, which would never
   fire) and must not start anything. Without the variable, the parent at the time we look. */
#define PARENT_ENV "VIBEDOM_PARENT_PID"
static int open_lifeline(void) {
    pid_t parent = getppid();
    const char *named = getenv(PARENT_ENV);
    if (named) {
        char *end;
        long want = strtol(named, &end, 10);
        if (*end || want <= 0 || (pid_t)want != parent)
            fail_start("the process that started the sandbox is gone", 0);
        unsetenv(PARENT_ENV);
    }
    int fd = (int)syscall(SYS_pidfd_open, parent, 0);
    if (fd < 0) fail_start("pidfd_open", errno);
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) fail_start("fcntl", errno);
    if (getppid() != parent) fail_start("the process that started the sandbox is gone", 0);
    return fd;
}

/* Waits for CHILD; when LIFELINE (the parent's pidfd) fires first, SIGKILLs CHILD and exits 137. */
static int wait_or_die_with_parent(pid_t child, int lifeline) {
    int childfd = (int)syscall(SYS_pidfd_open, child, 0);
    for (;;) {
        struct pollfd p[2] = {{lifeline, POLLIN, 0}, {childfd, POLLIN, 0}};
        int n = poll(p, childfd >= 0 ? 2 : 1, childfd >= 0 ? -1 : 100);
        if (n < 0 && errno != EINTR) break;
        if (n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            kill(child, SIGKILL);
            waitpid(child, NULL, 0);
            _exit(137);
        }
        int st;
        pid_t w = waitpid(child, &st, WNOHANG);
        if (w == child) { if (childfd >= 0) close(childfd); return st; }
        if (w < 0 && errno != EINTR) break;
    }
    if (childfd >= 0) close(childfd);
    int st = 0;
    while (waitpid(child, &st, 0) < 0 && errno == EINTR) {}
    return st;
}

/* ---------------- stage (root: the sandbox runs as an unprivileged host identity) ---------------- */
#define STAGE "/run/vibedom-stage"
#define MAX_STAGE 64

/* A user namespace whose only mapping is "INSIDE <- OUTSIDE" (uid and gid); returns an fd to it.
   Made by a child that unshares and waits, so this process keeps its own credentials. */
static int make_userns(uid_t inside_uid, uid_t outside_uid, gid_t inside_gid, gid_t outside_gid) {
    int go[2], done[2];
    if (pipe2(go, O_CLOEXEC) < 0 || pipe2(done, O_CLOEXEC) < 0) fail_start("pipe", errno);
    pid_t c = fork();
    if (c < 0) fail_start("fork", errno);
    if (c == 0) {
        char b = 0;
        close(go[1]); /* the helper's death closes the last writer: read() returns and we end */
        close(done[0]);
        if (unshare(CLONE_NEWUSER) < 0) _exit(1);
        if (write(done[1], "1", 1) != 1) _exit(1);
        if (read(go[0], &b, 1) != 1) _exit(1);
        _exit(0);
    }
    close(done[1]); /* a child that fails ends the read below */
    close(go[0]);
    char b;
    if (read(done[0], &b, 1) != 1) fail_start("cannot create a user namespace for the sandbox's identity", 0);
    char path[64], map[96];
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)c);
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)inside_uid, (unsigned)outside_uid);
    write_map(path, map);
    snprintf(path, sizeof path, "/proc/%d/setgroups", (int)c);
    write_map(path, "deny");
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)c);
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)inside_gid, (unsigned)outside_gid);
    write_map(path, map);
    snprintf(path, sizeof path, "/proc/%d/ns/user", (int)c);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail_start(path, errno);
    if (write(go[1], "1", 1) != 1) fail_start("pipe", errno);
    waitpid(c, NULL, 0);
    close(go[1]); close(done[0]);
    return fd;
}

/* LOWER, cloned as a detached mount on which the files of LOWER's owner appear owned by UID:GID:
   the unprivileged sandbox identity can then edit the workspace, and nothing else of the host. */
static int idmapped_clone(const char *lower, uid_t uid, gid_t gid, unsigned long long extra) {
    struct stat st;
    if (stat(lower, &st) < 0) fail_start(lower, errno);
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, lower, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (tree < 0) fail_start("cannot clone the workspace mount", errno);
    int ns = make_userns(st.st_uid, uid, st.st_gid, gid); /* on-disk owner (inside) shows as uid (outside) */
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP | extra, .userns_fd = (unsigned long long)ns};
    if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0)
        fail_start("the workspace's file system cannot be idmapped, so a root-run sandbox cannot run as an "
                   "unprivileged identity there (run vibedom as the workspace's owner, not root)", errno);
    close(ns);
    return tree;
}

static void stage_path(char *buf, size_t size, const char *name) {
    snprintf(buf, size, "%s/%s", STAGE, name);
}

/* binds what O_PATH fd FD names to STAGE/NAME (a folder or a file) */
static void stage_bind(int fd, const char *name) {
    struct stat st;
    char path[256], from[64];
    if (fstat(fd, &st) < 0) fail_start("stat", errno);
    stage_path(path, sizeof path, name);
    if (S_ISDIR(st.st_mode)) {
        if (mkdir(path, 0755) < 0) fail_start(path, errno);
    } else {
        int f = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (f < 0) fail_start(path, errno);
        close(f);
    }
    snprintf(from, sizeof from, "/proc/self/fd/%d", fd);
    if (mount(from, path, NULL, MS_BIND | MS_REC, NULL) < 0) fail_start(path, errno);
}

/* fresh device nodes on the stage's tmpfs: the sandbox never holds the host's /dev inodes */
static void stage_devices(void) {
    static const struct { const char *name; unsigned major, minor; } devs[] = {
        {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
    };
    char path[256];
    stage_path(path, sizeof path, "dev");
    if (mkdir(path, 0755) < 0) fail_start(path, errno);
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
        snprintf(path, sizeof path, "%s/dev/%s", STAGE, devs[i].name);
        if (mknod(path, S_IFCHR | 0666, makedev(devs[i].major, devs[i].minor)) < 0 || chmod(path, 0666) < 0)
            fail_start(path, errno);
    }
}

/* ---------------- the sandbox's /etc ---------------- */
/* The host's ETC seen through a read-only overlay mounted on ETC itself in the private namespace, an empty EMPTY (made
   here) under it as second layer (overlayfs wants two when none is writable). bwrap's recursive bind of ETC carries
   it, so every file placed in it below (--ro-file) and every mask bwrap mounts there stands on a dentry of the
   overlay's own, not on the host's name for the file: the kernel drops a mount, in every namespace, when the name it
   stands on is renamed over or removed, as useradd, passwd and update-ca-certificates do (a new file renamed over the
   old), and the sandbox then saw the host's own passwd, CA bundle, shadow. A host change under the overlay shows as
   the new file or, for a name already looked up, as the old one. The host's own mounts under ETC (a container's
   /etc/hosts, /etc/resolv.conf) are cloned before the overlay covers them and attached again on it (KEEP). */
static void etc_view(const char *etc, const char *empty, char **keep, int nkeep, int rootless) {
    int trees[MAX_STAGE];
    for (int k = 0; k < nkeep; k++) {
        trees[k] = (int)syscall(SYS_open_tree, AT_FDCWD, keep[k], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
        if (trees[k] < 0) fail_start(keep[k], errno);
    }
    rmdir(empty); /* an empty one left by a crashed start of this session; anything else makes mkdir fail */
    if (mkdir(empty, 0700) < 0) fail_start(empty, errno);
    char opts[8192];
    int n = snprintf(opts, sizeof opts, "lowerdir=%s:%s%s", etc, empty, rootless ? ",userxattr" : "");
    if (n < 0 || (size_t)n >= sizeof opts) fail_start("/etc paths too long", ENAMETOOLONG);
    if (mount("vibedom-etc", etc, "overlay", MS_RDONLY | MS_NOSUID | MS_NODEV, opts) < 0)
        fail_start("cannot show /etc through a read-only overlay (is the host's /etc on a file system overlayfs accepts as a layer?)", errno);
    for (int k = 0; k < nkeep; k++) {
        if (syscall(SYS_move_mount, trees[k], "", AT_FDCWD, keep[k], MOVE_MOUNT_F_EMPTY_PATH) < 0) fail_start(keep[k], errno);
        close(trees[k]);
    }
}

/* ---------------- files placed before bwrap ---------------- */
/* SRC (an O_PATH fd) bound read-only, nosuid, nodev over the existing DST in the private mount namespace:
   the secret-file masks (SRC /dev/null), the sandbox's passwd and group, the CA bundle. DST lies under a
   system folder bwrap binds recursively, so the sandbox sees them there as if bwrap had bound each, but
   bwrap 0.8 reads /proc/self/mountinfo once per bind it makes (most of its set-up) and once for all the
   submounts of a recursive one. The clone gets its flags while detached: never visible writable. */
static void place_file(int src, const char *dst) {
    int tree = (int)syscall(SYS_open_tree, src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
    if (tree < 0) fail_start(dst, errno);
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV};
    if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0) fail_start(dst, errno);
    /* onto the regular file itself, never through a trailing link (the planner places only link-free paths) */
    int target = open(dst, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (target < 0) fail_start(dst, errno);
    if (fstat(target, &st) < 0) fail_start(dst, errno);
    if (!S_ISREG(st.st_mode)) fail_start(dst, S_ISLNK(st.st_mode) ? ELOOP : EINVAL);
    if (syscall(SYS_move_mount, tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) fail_start(dst, errno);
    close(target);
    close(tree);
}

/* the stage's fresh device nodes bound over the host's /dev/NAME in the private namespace, so that bwrap's
   --dev binds them (it binds /dev/NAME of the namespace it starts in): the sandbox never holds the host's inodes */
static void place_devices(void) {
    static const char *const names[] = {"null", "zero", "full", "random", "urandom", "tty"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char from[256], to[64];
        snprintf(from, sizeof from, "%s/dev/%s", STAGE, names[i]);
        snprintf(to, sizeof to, "/dev/%s", names[i]);
        int tree = (int)syscall(SYS_open_tree, AT_FDCWD, from, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        if (tree < 0) fail_start(from, errno);
        if (syscall(SYS_move_mount, tree, "", AT_FDCWD, to, MOVE_MOUNT_F_EMPTY_PATH) < 0) fail_start(to, errno);
        close(tree);
    }
}

/* ---------------- one host identity per sandbox ---------------- */
/* Each root-run sandbox runs as a host uid and gid of its own, BASE+n for the first n < COUNT whose
   claim nobody holds. Sandboxes sharing one uid share its kernel accounting (inotify instances and
   watches, RLIMIT_NPROC, pending signals, message queues), so one agent exhausting it starved every
   other session. The claim is an flock on ID_CLAIMS/UID (root's folder, gone at reboot) that this
   helper holds for the sandbox's whole life: the kernel drops it when the helper ends. */
#define ID_CLAIMS "/run/vibedom-ids"
#define MAX_IDS 65536L
static long claim_host_id(long base, long count) {
    if (mkdir(ID_CLAIMS, 0700) < 0 && errno != EEXIST) fail_start(ID_CLAIMS, errno);
    int dir = open(ID_CLAIMS, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (dir < 0 || fstat(dir, &st) < 0) fail_start(ID_CLAIMS, errno);
    if (st.st_uid != 0 || (st.st_mode & 022)) fail_start(ID_CLAIMS " is not root's own folder", 0);
    for (long n = 0; n < count && n < MAX_IDS; n++) {
        char name[32];
        snprintf(name, sizeof name, "%ld", base + n);
        int fd = openat(dir, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) fail_start(ID_CLAIMS, errno);
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) { close(dir); return n; } /* fd stays open: the claim */
        int e = errno;
        close(fd);
        if (e != EWOULDBLOCK) fail_start(ID_CLAIMS, e);
    }
    fail_start("every host uid for root-run sandboxes is in use (too many sessions at once)", 0);
    return -1;
}

/* The network folder holds the proxy's and the agent relay's sockets: whoever enters it can send requests through
   the session's proxy and have the deploy key sign. Only the sandbox's identity may, and it is known only once
   claimed here: the folder (root's own, 0700 until now) becomes group GID, mode 0710. */
static void give_network_folder(const char *dir, gid_t gid) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) fail_start(dir, errno);
    if (st.st_uid != getuid()) fail_start("the session's network folder is not root's own", 0);
    if (fchown(fd, (uid_t)-1, gid) < 0 || fchmod(fd, 0710) < 0) fail_start(dir, errno);
    close(fd);
}

/* ---------------- stdio relay: no terminal or file of the caller's crosses in ---------------- */
/* A descriptor that crosses into the sandbox is more than its bytes. A terminal would stay open in whatever CMD
   leaves running in a detached sandbox (agent-written code: `npm test`, `make`), which outlives `vibedom exec`: it
   could read what the user types into their shell from then on, and write to their screen at any time. A file
   (`vibedom run WS -- agent < TASK.md`, `exec S -- npm test > log`) is its inode: the agent could fchmod it,
   set its xattrs, and reopen it through /proc/self/fd/N for writing (rootless, the file is the user's own), so
   rewrite a workspace file past the review or any host file the user pointed at. So each such descriptor is
   replaced by a pipe that this process (outside the sandbox's pid namespace, unreachable from it) relays only while
   CMD runs. Anonymous pipes, sockets and other devices cross as they are (no inode of the user's behind them to
   reopen). */
struct stdio_relay {
    int in_from, in_pipe, child_in;      /* stdin: terminal or file -> pipe */
    int out_pipe[2], out_to[2], child_out[2]; /* stdout, stderr: pipe -> terminal or file (one pipe when both are one) */
};

/* a named FIFO is an inode of a file system like a file (red team s27: the agent made the user's FIFO 0666); an
   anonymous pipe's is pipefs's own, nobody's path */
static int named_fifo(int fd, const struct stat *st) {
    struct statfs fs;
    return S_ISFIFO(st->st_mode) && (fstatfs(fd, &fs) < 0 || fs.f_type != PIPEFS_MAGIC);
}

/* a file, block device or named FIFO always; a terminal only when TTYS (a foreground run keeps the user's terminal by design) */
static int needs_relay(int fd, const struct stat *st, int ttys) {
    return S_ISREG(st->st_mode) || S_ISBLK(st->st_mode) || named_fifo(fd, st) || (ttys && isatty(fd));
}

static int same_target(const struct stat *a, const struct stat *b) {
    return S_ISCHR(a->st_mode) && S_ISCHR(b->st_mode) ? a->st_rdev == b->st_rdev
         : a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* fills R; returns whether any descriptor is relayed */
static int open_stdio_relay(struct stdio_relay *r, int ttys) {
    int p[2], any = 0;
    struct stat st[3];
    r->in_from = r->in_pipe = r->child_in = -1;
    if (fstat(0, &st[0]) == 0 && needs_relay(0, &st[0], ttys)) {
        if (pipe2(p, O_CLOEXEC) < 0) die("pipe");
        r->in_from = 0; r->child_in = p[0]; r->in_pipe = p[1];
        any = 1;
    }
    for (int i = 0; i < 2; i++) {
        r->out_pipe[i] = r->out_to[i] = r->child_out[i] = -1;
        if (fstat(1 + i, &st[1 + i]) < 0 || !needs_relay(1 + i, &st[1 + i], ttys)) continue;
        any = 1;
        if (i == 1 && r->out_pipe[0] >= 0 && same_target(&st[1], &st[2])) { r->child_out[1] = r->child_out[0]; continue; }
        if (pipe2(p, O_CLOEXEC) < 0) die("pipe");
        r->out_to[i] = 1 + i; r->out_pipe[i] = p[0]; r->child_out[i] = p[1];
    }
    return any;
}

/* in the child, before exec: the pipes' ends at 0, 1, 2 (dup2 clears close-on-exec; the relay's own ends close at exec) */
static void use_stdio_relay(const struct stdio_relay *r) {
    if (r->child_in >= 0 && dup2(r->child_in, 0) < 0) _exit(125);
    for (int i = 0; i < 2; i++)
        if (r->child_out[i] >= 0 && dup2(r->child_out[i], 1 + i) < 0) _exit(125);
}

/* in the parent, after fork: only the relay's ends stay here, and no terminal is read once CMD stops reading */
static void keep_relay_ends(struct stdio_relay *r) {
    if (r->child_in >= 0) close(r->child_in);
    if (r->child_out[0] >= 0) close(r->child_out[0]);
    if (r->child_out[1] >= 0 && r->child_out[1] != r->child_out[0]) close(r->child_out[1]);
    signal(SIGPIPE, SIG_IGN); /* CMD closing its stdin ends the input relay, not this process */
}

/* one read from FROM written whole to TO; false at the end (or an error) of either side */
static int relay_once(int from, int to) {
    static char buf[65536];
    ssize_t n = read(from, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
    return n > 0 && write_all(to, buf, (size_t)n) == 0;
}

/* Relays while CHILD runs (its pidfd CHILDFD); once it ended, what its output pipes hold (bounded: a process it left
   behind may keep writing) is written out and every pipe closes, so nothing left in the sandbox holds a way out.
   LIFELINE firing first kills CHILD (exit 137). Returns CHILD's wait status, -1 when poll fails. */
static int relay_until_exit(pid_t child, int childfd, int lifeline, struct stdio_relay *r) {
    char pending[PIPE_BUF];
    size_t npending = 0;
    for (;;) {
        struct pollfd p[6] = {{lifeline, POLLIN, 0}, {childfd, POLLIN, 0}, {-1, 0, 0}, {-1, POLLIN, 0}, {-1, POLLIN, 0}, {-1, 0, 0}};
        if (r->in_pipe >= 0) { p[2].fd = npending ? r->in_pipe : r->in_from; p[2].events = npending ? POLLOUT : POLLIN; }
        p[3].fd = r->out_pipe[0];
        p[4].fd = r->out_pipe[1];
        p[5].fd = npending ? -1 : r->in_pipe; /* CMD closed its stdin: stop reading the terminal before the next key */
        if (poll(p, 6, -1) < 0 && errno != EINTR) return -1;
        if (p[0].revents) { kill(child, SIGKILL); waitpid(child, NULL, 0); _exit(137); }
        if (p[5].revents) { close(r->in_pipe); r->in_pipe = -1; }
        else if (p[2].revents && npending) {
            if (write_all(r->in_pipe, pending, npending) < 0) { close(r->in_pipe); r->in_pipe = -1; }
            npending = 0;
        } else if (p[2].revents) {
            ssize_t n = read(r->in_from, pending, sizeof pending);
            if (n > 0) npending = (size_t)n;
            else if (n == 0 || (errno != EINTR && errno != EAGAIN)) { close(r->in_pipe); r->in_pipe = -1; }
        }
        for (int i = 0; i < 2; i++)
            if (p[3 + i].revents && !relay_once(r->out_pipe[i], r->out_to[i])) { close(r->out_pipe[i]); r->out_pipe[i] = -1; }
        int st;
        if (waitpid(child, &st, WNOHANG) != child) continue;
        if (r->in_pipe >= 0) close(r->in_pipe);
        for (int i = 0; i < 2; i++) {
            if (r->out_pipe[i] < 0) continue;
            fcntl(r->out_pipe[i], F_SETFL, O_NONBLOCK);
            for (int k = 0; k < 256 && relay_once(r->out_pipe[i], r->out_to[i]); k++) {
                struct pollfd q = {r->out_pipe[i], POLLIN, 0};
                if (poll(&q, 1, 0) <= 0) break;
            }
            close(r->out_pipe[i]);
        }
        return st;
    }
}

/* ---------------- overlay ---------------- */
static void fail_join(const char *dir, int e) {
    char what[4200];
    snprintf(what, sizeof what, "cannot join the session's cgroup %s (its resource limits)", dir);
    fail_start(what, e);
}

/* moves this process into cgroup DIR the classic way: its pid to cgroup.procs (a whole thread group moves, so the
   kernel takes its threadgroup lock for writing and waits an RCU grace period: 4-20 ms measured) */
static void migrate_to(const char *dir) {
    char path[4096], pid[32];
    int len = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, pid, (size_t)len) != len) fail_join(dir, errno);
    close(fd);
}

/* moves this process (and so everything it forks) into each cgroup DIR without that grace period where it can.
   v1 (a `tasks` file): this single-threaded process writes "0", moving its one thread (so the process) under
   cgroup_mutex alone. v2: with BORN_IN non-NULL, the v2 folder is only opened into *BORN_IN, for a fork that starts
   its child inside it (clone3 CLONE_INTO_CGROUP: nothing migrates), and that folder into *BORN_DIR; without, it
   migrates. */
static void join_cgroups(char **dirs, int count, int *born_in, const char **born_dir) {
    char path[4096];
    if (born_in) *born_in = -1;
    for (int k = 0; k < count; k++) {
        snprintf(path, sizeof path, "%s/tasks", dirs[k]);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            if (write(fd, "0\n", 2) != 2) fail_join(dirs[k], errno);
            close(fd);
        } else if (born_in && *born_in < 0) {
            *born_in = open(dirs[k], O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (*born_in < 0) fail_join(dirs[k], errno);
            *born_dir = dirs[k];
        } else migrate_to(dirs[k]);
    }
}

struct clone_into_args {
    unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#define VIBEDOM_CLONE_INTO_CGROUP 0x200000000ULL
/* fork(), the child born in cgroup CG when CG >= 0; where clone3 cannot do that (a seccomp filter answering ENOSYS,
   a permission the migration would get otherwise), this process migrates to DIR first, as it did before */
static pid_t fork_into(int cg, const char *dir) {
    if (cg < 0) return fork();
    struct clone_into_args args = {0};
    args.flags = VIBEDOM_CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = (unsigned long long)cg;
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid >= 0) return (pid_t)pid;
    migrate_to(dir);
    return fork();
}

#define MAX_CGROUPS 16
static int cmd_overlay(int argc, char **argv) {
    int i = 2, rootless = 0, devices = 0, nstage = 0, nstate = 0, ncg = 0;
    char *cgroups[MAX_CGROUPS];
    long as_uid = -1, as_gid = -1, as_count = 1;
    const char *stage[MAX_STAGE], *state[MAX_STAGE], *file_src[MAX_STAGE], *file_dst[MAX_STAGE], *net = NULL;
    const char *etc = NULL, *etc_empty = NULL;
    char *etc_keep[MAX_STAGE];
    int nfile = 0, nkeep = 0;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--rootless") == 0) rootless = 1;
        else if (strcmp(argv[i], "--status") == 0 && i + 1 < argc) status_file = argv[++i];
        else if (strcmp(argv[i], "--as") == 0 && i + 1 < argc) {
            char *end;
            as_uid = strtol(argv[++i], &end, 10);
            if (*end != ':') usage();
            as_gid = strtol(end + 1, &end, 10);
            if (*end == ':') as_count = strtol(end + 1, &end, 10);
            if (*end || as_uid <= 0 || as_gid <= 0 || as_count <= 0 || as_count > MAX_IDS ||
                as_uid + as_count > 0xFFFFFFFFL || as_gid + as_count > 0xFFFFFFFFL) usage();
        }
        else if (strcmp(argv[i], "--stage") == 0 && i + 1 < argc && nstage < MAX_STAGE) stage[nstage++] = argv[++i];
        else if (strcmp(argv[i], "--state") == 0 && i + 1 < argc && nstate < MAX_STAGE) state[nstate++] = argv[++i];
        else if (strcmp(argv[i], "--net") == 0 && i + 1 < argc) net = argv[++i];
        else if (strcmp(argv[i], "--ro-file") == 0 && i + 2 < argc && nfile < MAX_STAGE) {
            file_src[nfile] = argv[++i];
            file_dst[nfile++] = argv[++i];
        }
        else if (strcmp(argv[i], "--etc") == 0 && i + 2 < argc) {
            etc = argv[++i];
            etc_empty = argv[++i];
        }
        else if (strcmp(argv[i], "--etc-keep") == 0 && i + 1 < argc && nkeep < MAX_STAGE) etc_keep[nkeep++] = argv[++i];
        else if (strcmp(argv[i], "--devices") == 0) devices = 1;
        else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc && ncg < MAX_CGROUPS) cgroups[ncg++] = argv[++i];
        else break;
    }
    if (argc - i < 5) usage();
    if (folder_stdio()) fail_start(folder_stdio(), 0);
    int born_in;
    const char *born_dir = NULL;
    join_cgroups(cgroups, ncg, &born_in, &born_dir);
    const char *lower = argv[i], *upper = argv[i + 1], *work = argv[i + 2], *target = argv[i + 3];
    char **prog = after_dashes(argc, argv, i + 4);
    if (!prog) usage();
    int unprivileged = as_uid > 0;
    if (unprivileged && (rootless || getuid() != 0)) usage();
    if (!unprivileged && (nstage > 0 || nstate > 0 || devices || net)) usage();
    if (nkeep > 0 && !etc) usage();

    int lifeline = open_lifeline();
    if (unprivileged) {
        long n = claim_host_id(as_uid, as_count);
        as_uid += n;
        as_gid += n;
        if (net) give_network_folder(net, (gid_t)as_gid);
    }
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWNS | (rootless ? CLONE_NEWUSER : 0)) < 0)
        fail_start(rootless ? "cannot create a user namespace (see 'vibedom doctor')" : "cannot create a mount namespace", errno);
    if (rootless) {
        char map[64];
        write_map("/proc/self/setgroups", "deny");
        snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
        write_map("/proc/self/uid_map", map);
        snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
        write_map("/proc/self/gid_map", map);
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail_start("cannot make mounts private", errno);
    if (etc) etc_view(etc, etc_empty, etc_keep, nkeep, rootless);
    /* opened before the stage's tmpfs covers /run; placed before the devices, so a mask is the host's /dev/null as bwrap's was */
    for (int f = 0; f < nfile; f++) {
        int src = open(file_src[f], O_PATH | O_CLOEXEC);
        if (src < 0) {
            char what[4200];
            snprintf(what, sizeof what, "cannot find source path %s", file_src[f]);
            fail_start(what, errno);
        }
        place_file(src, file_dst[f]);
        close(src);
    }

    const char *layer = lower;
    if (unprivileged) {
        /* everything named by path is opened before the stage's tmpfs covers /run */
        int tree = idmapped_clone(lower, (uid_t)as_uid, (gid_t)as_gid, 0);
        int fds[MAX_STAGE], states[MAX_STAGE];
        struct stat state_st[MAX_STAGE];
        for (int s = 0; s < nstate; s++) {
            if (stat(state[s], &state_st[s]) < 0) fail_start(state[s], errno);
            /* nosuid, nodev: what the sandbox stores there is stored as the state's owner (root), and this stage
               copy is reachable through /proc/<pid>/root; bwrap's bind of it in the sandbox keeps both */
            states[s] = idmapped_clone(state[s], (uid_t)as_uid, (gid_t)as_gid, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
        }
        for (int s = 0; s < nstage; s++)
            if ((fds[s] = open(stage[s], O_PATH | O_CLOEXEC)) < 0) {
                char what[4200];
                snprintf(what, sizeof what, "cannot find source path %s", stage[s]);
                fail_start(what, errno);
            }
        if (mount("vibedom-stage", "/run", "tmpfs", MS_NOSUID, "mode=0755,size=1m") < 0) fail_start("cannot mount the stage", errno);
        if (mkdir(STAGE, 0755) < 0) fail_start(STAGE, errno);
        static char lowerpath[256];
        stage_path(lowerpath, sizeof lowerpath, "lower");
        if (mkdir(lowerpath, 0755) < 0) fail_start(lowerpath, errno);
        if (syscall(SYS_move_mount, tree, "", AT_FDCWD, lowerpath, MOVE_MOUNT_F_EMPTY_PATH) < 0)
            fail_start("cannot attach the idmapped workspace", errno);
        close(tree);
        layer = lowerpath;
        if (mkdir(target, 0755) < 0 && errno != EEXIST) fail_start(target, errno);
        for (int s = 0; s < nstage; s++) {
            char name[16];
            snprintf(name, sizeof name, "%d", s);
            stage_bind(fds[s], name);
            close(fds[s]);
        }
        for (int s = 0; s < nstate; s++) {
            char path[256], name[16];
            snprintf(name, sizeof name, "s%d", s);
            stage_path(path, sizeof path, name);
            if (S_ISDIR(state_st[s].st_mode)) {
                if (mkdir(path, 0755) < 0) fail_start(path, errno);
            } else {
                int f = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
                if (f < 0) fail_start(path, errno);
                close(f);
            }
            if (syscall(SYS_move_mount, states[s], "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                fail_start("cannot attach an agent's idmapped state", errno);
            close(states[s]);
        }
        if (devices) {
            stage_devices();
            place_devices();
        }
        /* the overlay's root takes its owner and mode from UPPER: the sandbox identity, the workspace's mode */
        struct stat st;
        if (stat(lower, &st) < 0) fail_start(lower, errno);
        if (chown(upper, (uid_t)as_uid, (gid_t)as_gid) < 0 || chmod(upper, st.st_mode & 07777) < 0)
            fail_start(upper, errno);
    }

    char opts[8192];
    int n = snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s%s", layer, upper, work,
                     rootless ? ",userxattr" : "");
    if (n < 0 || (size_t)n >= sizeof opts) fail_start("overlay paths too long", ENAMETOOLONG);
    if (mount("overlay", target, "overlay", MS_NODEV | MS_NOSUID, opts) < 0)
        fail_start("cannot mount the workspace overlay (is the session folder on a file system overlayfs accepts as upper layer?)", errno);
    /* The overlay holds its own reference to the idmapped lower layer; detach the stage's copy, on which
       the workspace's files are the sandbox identity's own: any host process of that uid could otherwise
       write them directly through /proc/<bubblewrap's pid>/root, past the review. */
    if (unprivileged && umount2(layer, MNT_DETACH) < 0) fail_start("cannot detach the idmapped workspace", errno);

    /* "ready" pipe: the sandbox's init (run) writes one byte once it runs, so a bwrap that exits
       without it failed to build the sandbox (its own message is on stderr). bwrap hands
       inherited descriptors to the sandbox; run closes it before anything else starts. */
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) < 0) fail_start("pipe", errno);

    /* a file among stdio reaches the sandbox as a pipe (the terminal of a foreground run crosses: it is the agent's) */
    struct stdio_relay files;
    int relaying = open_stdio_relay(&files, 0);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    pid_t bwrap = fork_into(born_in, born_dir);
    if (bwrap < 0) fail_start("fork", errno);
    if (bwrap == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        if (unprivileged) {
            /* leave root for good: no supplementary groups, the sandbox identity, no capability */
            if (setgroups(0, NULL) < 0 || setresgid((gid_t)as_gid, (gid_t)as_gid, (gid_t)as_gid) < 0 ||
                setresuid((uid_t)as_uid, (uid_t)as_uid, (uid_t)as_uid) < 0) {
                fprintf(stderr, "vibedom: cannot become uid %ld: %s\n", as_uid, strerror(errno));
                _exit(125);
            }
            if (chdir("/") < 0) _exit(125);
        }
        if (relaying) use_stdio_relay(&files);
        if (dup2(ready[1], READY_FD) < 0) _exit(125); /* dup2 clears close-on-exec on the copy */
        setenv("VIBEDOM_READY_FD", READY_FD_TEXT, 1);
        execvp(prog[0], prog);
        fprintf(stderr, "vibedom: %s: %s\n", prog[0], strerror(errno));
        _exit(127);
    }
    close(ready[1]);
    if (relaying) keep_relay_ends(&files);
    child_pid = bwrap;
    struct sigaction sa = {0};
    sa.sa_handler = forward_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    char byte;
    ssize_t got = 0;
    for (;;) {
        struct pollfd p[2] = {{ready[0], POLLIN, 0}, {lifeline, POLLIN, 0}};
        if (poll(p, 2, -1) < 0) { if (errno == EINTR) continue; break; }
        if (p[1].revents) { kill(bwrap, SIGKILL); waitpid(bwrap, NULL, 0); _exit(137); }
        if (p[0].revents) {
            while ((got = read(ready[0], &byte, 1)) < 0 && errno == EINTR) {}
            break;
        }
    }
    int started = got == 1;
    close(ready[0]);
    int st;
    if (relaying) {
        int bwrapfd = (int)syscall(SYS_pidfd_open, bwrap, 0);
        st = bwrapfd < 0 ? -1 : relay_until_exit(bwrap, bwrapfd, lifeline, &files);
        if (st < 0) { kill(bwrap, SIGKILL); waitpid(bwrap, NULL, 0); die("relay the sandbox's stdio"); }
    } else st = wait_or_die_with_parent(bwrap, lifeline);
    if (!started) {
        char why[128];
        snprintf(why, sizeof why, "bubblewrap could not build the sandbox (exit status %d)", status_code(st));
        fail_start(why, 0);
    }
    return status_code(st);
}

/* ---------------- supervise ---------------- */

/* The sandbox's stdout and stderr reach output.log through a pipe this process (a child of the supervisor, on the
   host) drains: the log keeps the first OUTPUT_CAP bytes (a start error's bwrap line comes first), the rest is
   dropped (spliced into /dev/null: no copy). Written straight to the file, an agent printing without end filled the
   host's disk: [limits] disk counts changes/ only. Ends when the sandbox's last process closed the pipe. */
#define OUTPUT_CAP (8L << 20)
static void keep_output(int from, int out) {
    static char buf[65536];
    static const char dropped[] = "\nvibedom: the sandbox's output past 8 MiB is not kept\n";
    long kept = 0;
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    for (;;) {
        ssize_t n;
        if (kept >= OUTPUT_CAP && null >= 0) {
            n = splice(from, NULL, null, NULL, 1 << 20, 0);
            if (n > 0 || (n < 0 && errno == EINTR)) continue;
            if (n == 0) break;
            close(null); /* a kernel whose /dev/null takes no splice: read and drop */
            null = -1;
        }
        n = read(from, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (kept >= OUTPUT_CAP) continue;
        size_t keep = (size_t)n < (size_t)(OUTPUT_CAP - kept) ? (size_t)n : (size_t)(OUTPUT_CAP - kept);
        (void)write_all(out, buf, keep);
        kept += (long)keep;
        if (kept >= OUTPUT_CAP) (void)write_all(out, dropped, sizeof dropped - 1);
    }
    _exit(0);
}

static int cmd_supervise(int argc, char **argv) {
    if (argc < 4) usage();
    const char *dir = argv[2];
    char **prog = after_dashes(argc, argv, 3);
    if (!prog) usage();
    char path[4096], tmp[4096];

    pid_t sup = fork();
    if (sup < 0) die("fork");
    if (sup > 0) { printf("%d\n", (int)sup); fflush(stdout); _exit(0); }

    setsid();
    snprintf(path, sizeof path, "%s/output.log", dir);
    int out = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int output[2];
    if (out < 0 || null < 0 || pipe2(output, O_CLOEXEC) < 0) _exit(125);
    dup2(null, 0); dup2(out, 1); dup2(out, 2);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    pid_t keeper = fork();
    if (keeper < 0) _exit(125);
    if (keeper == 0) { close(output[1]); keep_output(output[0], out); }
    close(output[0]);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    struct sigaction sa = {0};
    sa.sa_handler = forward_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    pid_t child = fork();
    if (child < 0) _exit(125);
    if (child == 0) {
        signal(SIGINT, SIG_DFL); signal(SIGQUIT, SIG_DFL);
        signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL);
        char me[32];
        snprintf(me, sizeof me, "%d", (int)getppid());
        setenv(PARENT_ENV, me, 1); /* PROG's lifeline is this supervisor, not the CLI that started it */
        dup2(output[1], 1); dup2(output[1], 2);
        execvp(prog[0], prog);
        fprintf(stderr, "vibedom: %s: %s\n", prog[0], strerror(errno));
        _exit(125);
    }
    close(output[1]); /* the sandbox holds the pipe now: the keeper ends with its last process */
    child_pid = child;
    int status = 0, code = 1;
    for (;;) {
        pid_t p = waitpid(-1, &status, 0);
        if (p == child) { code = status_code(status); child_pid = 0; }
        if (p < 0 && errno == ECHILD) break;
    }
    snprintf(tmp, sizeof tmp, "%s/exit-code.tmp", dir);
    snprintf(path, sizeof path, "%s/exit-code", dir);
    FILE *f = fopen(tmp, "w");
    if (f) { fprintf(f, "%d\n", code); fclose(f); rename(tmp, path); }
    _exit(0);
}

/* ---------------- enter ---------------- */
static const char *const ns_order[] = {"cgroup", "ipc", "uts", "net", "pid", "mnt", "user"};

static int cmd_enter(int argc, char **argv) {
    int a = 2, new_session = 0, ncg = 0;
    char *cgroups[MAX_CGROUPS];
    for (;;) {
        if (a < argc && strcmp(argv[a], "--new-session") == 0) { new_session = 1; a++; }
        else if (a + 1 < argc && strcmp(argv[a], "--cgroup") == 0 && ncg < MAX_CGROUPS) { cgroups[ncg++] = argv[a + 1]; a += 2; }
        else break;
    }
    if (argc - a < 7) usage();
    if (folder_stdio()) fail_start(folder_stdio(), 0);
    join_cgroups(cgroups, ncg, NULL, NULL); /* the session's limits hold for exec'd commands too */
    int target = atoi(argv[a]);
    uid_t uid = (uid_t)strtoul(argv[a + 1], NULL, 10);
    gid_t gid = (gid_t)strtoul(argv[a + 2], NULL, 10);
    const char *dir = argv[a + 3], *envfile = argv[a + 4];
    char **cmd = after_dashes(argc, argv, a + 5);
    if (!cmd || target <= 0) usage();
    int lifeline = open_lifeline(); /* die with vibedom, not with one of its threads */

    /* environment: NUL-separated NAME=VALUE */
    static char envbuf[1 << 16];
    char *envp[512];
    int ne = 0;
    int efd = open(envfile, O_RDONLY | O_CLOEXEC);
    if (efd < 0) die(envfile);
    ssize_t len = read(efd, envbuf, sizeof envbuf - 1);
    close(efd);
    if (len < 0) die(envfile);
    envbuf[len] = 0;
    for (char *p = envbuf; p < envbuf + len && ne < 511; p += strlen(p) + 1)
        if (*p) envp[ne++] = p;
    envp[ne] = NULL;

    int fds[7];
    char path[64];
    for (int i = 0; i < 7; i++) {
        snprintf(path, sizeof path, "/proc/%d/ns/%s", target, ns_order[i]);
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0) die(path);
    }
    /* the root and cwd of the target, opened before we move */
    snprintf(path, sizeof path, "/proc/%d/root", target);
    int rootfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) die(path);
    /* Join the user namespace that owns the sandbox's other namespaces first (so an ordinary
       user gains the capabilities setns needs), then those namespaces, then the sandbox's own
       user namespace if bwrap nested one more (--disable-userns). */
    int owner = ioctl(fds[5], NS_GET_USERNS);
    if (owner < 0) die("find the sandbox's user namespace");
    struct stat owner_st, user_st;
    if (fstat(owner, &owner_st) < 0 || fstat(fds[6], &user_st) < 0) die("stat namespace");
    if (setns(owner, CLONE_NEWUSER) < 0) die("join the sandbox's user namespace");
    close(owner);
    for (int i = 0; i < 7; i++) {
        if (i == 6 && owner_st.st_ino == user_st.st_ino && owner_st.st_dev == user_st.st_dev) { close(fds[i]); continue; }
        if (setns(fds[i], 0) < 0) { fprintf(stderr, "vibedom: cannot join the sandbox's %s namespace: %s\n", ns_order[i], strerror(errno)); _exit(125); }
        close(fds[i]);
    }
    if (fchdir(rootfd) < 0 || chroot(".") < 0) die("enter sandbox root");
    close(rootfd);

    /* drop every capability: bounding set, ambient, then the rest with the uid change */
    for (int c = 0; c <= 63; c++) prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    if (setgroups(0, NULL) < 0 && errno != EPERM) die("setgroups");
    if (setresgid(gid, gid, gid) < 0) die("setresgid");
    if (setresuid(uid, uid, uid) < 0) die("setresuid");
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &hdr, data) < 0) die("capset");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
    /* From fork on, the child is a process of the sandbox's pid namespace with the agent's uid (rootless: the same
       host uid, and its capabilities are gone), yet without the seccomp filter until just before exec: dumpable, the
       agent could ptrace it and skip the filter (red team s30). The command's exec makes it dumpable again, like the
       agent's own programs, and filtered. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) die("dumpable");

    struct stdio_relay relay = {-1, -1, -1, {-1, -1}, {-1, -1}, {-1, -1}};
    if (new_session) open_stdio_relay(&relay, 1);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    pid_t child = fork(); /* the child is the first to live in the pid namespace */
    if (child < 0) die("fork");
    if (child == 0) {
        signal(SIGINT, SIG_DFL); signal(SIGQUIT, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (new_session) { setsid(); use_stdio_relay(&relay); }
        if (chdir(dir) < 0 && chdir("/") < 0) _exit(125);
        install_seccomp();
        environ = envp;
        exec_command(cmd);
    }
    if (!new_session) return status_code(wait_or_die_with_parent(child, lifeline));
    keep_relay_ends(&relay);
    int childfd = (int)syscall(SYS_pidfd_open, child, 0);
    int st = childfd < 0 ? -1 : relay_until_exit(child, childfd, lifeline, &relay);
    if (st < 0) { kill(child, SIGKILL); waitpid(child, NULL, 0); die("relay the command's terminal"); }
    return status_code(st);
}

/* ---------------- run (inside the sandbox) ---------------- */
static void relay(int a, int b) {
    char buf[65536];
    struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    int open_dirs = 2;
    while (open_dirs > 0) {
        if (poll(p, 2, -1) < 0) { if (errno == EINTR) continue; break; }
        for (int i = 0; i < 2; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            int from = p[i].fd, to = (i == 0) ? b : a;
            ssize_t n = read(from, buf, sizeof buf);
            if (n <= 0) { shutdown(to, SHUT_WR); p[i].fd = -1; open_dirs--; continue; }
            for (ssize_t off = 0; off < n;) {
                ssize_t w = write(to, buf + off, (size_t)(n - off));
                if (w <= 0) _exit(0);
                off += w;
            }
        }
    }
    _exit(0);
}

static void forwarder(int listener, const char *sock) {
    signal(SIGCHLD, SIG_IGN); /* connection handlers reap themselves */
    for (;;) {
        int c = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) { if (errno == EINTR || errno == ECONNABORTED) continue; _exit(1); }
        pid_t h = fork();
        if (h == 0) {
            close(listener);
            int u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            struct sockaddr_un addr = {.sun_family = AF_UNIX};
            strncpy(addr.sun_path, sock, sizeof addr.sun_path - 1);
            if (u < 0 || connect(u, (struct sockaddr *)&addr, sizeof addr) < 0) _exit(0); /* no proxy: no network */
            relay(c, u);
        }
        close(c);
    }
}

/* without a cgroup: at most N processes of the sandbox's user. Since Linux 5.14 RLIMIT_NPROC counts per
   user namespace, so this bounds the sandbox alone; the hard limit too, and no capability raises it back */
static void limit_processes(const char *n) {
    char *end;
    unsigned long v = strtoul(n, &end, 10);
    struct rlimit r = {v, v};
    if (*end || v == 0 || setrlimit(RLIMIT_NPROC, &r) < 0) die("process limit");
}

static int cmd_run(int argc, char **argv) {
    const char *forward = NULL, *nproc = NULL;
    int i = 2;
    for (;;) {
        if (i + 1 < argc && strcmp(argv[i], "--forward") == 0) { forward = argv[i + 1]; i += 2; }
        else if (i + 1 < argc && strcmp(argv[i], "--nproc") == 0) { nproc = argv[i + 1]; i += 2; }
        else break;
    }
    char **cmd = after_dashes(argc, argv, i);
    if (!cmd) usage();
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

    /* tell the host helper the sandbox is up, then keep no descriptor but stdio */
    const char *ready = getenv("VIBEDOM_READY_FD");
    if (ready && strcmp(ready, READY_FD_TEXT) == 0) {
        ssize_t w = write(READY_FD, "1", 1);
        (void)w;
    }
    unsetenv("VIBEDOM_READY_FD");
    close_inherited();
    install_seccomp();
    /* the agent is our child with our uid: without this it could ptrace its init (and the
       forwarder) and act through them; the agent's own exec makes it dumpable again */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) die("dumpable");

    pid_t fwd = -1;
    if (forward) {
        /* IP:PORT=SOCKET ; the socket is listening before the agent starts */
        char spec[4096];
        snprintf(spec, sizeof spec, "%s", forward);
        char *eq = strchr(spec, '='), *colon = strrchr(spec, ':');
        if (!eq || !colon || colon > eq) usage();
        *eq = 0; *colon = 0;
        struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
        if (inet_pton(AF_INET, spec, &sin.sin_addr) != 1) usage();
        int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
        setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (l < 0 || bind(l, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(l, 128) < 0) die("proxy forwarder");
        fwd = fork();
        if (fwd < 0) die("fork");
        if (fwd == 0) { prctl(PR_SET_PDEATHSIG, SIGKILL); forwarder(l, eq + 1); }
        close(l);
    }

    if (nproc) limit_processes(nproc);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    pid_t agent = fork();
    if (agent < 0) die("fork");
    if (agent == 0) {
        signal(SIGINT, SIG_DFL); signal(SIGQUIT, SIG_DFL); signal(SIGTSTP, SIG_DFL);
        exec_command(cmd);
    }
    struct sigaction sa = {0};
    child_pid = agent;
    sa.sa_handler = forward_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    int status, code = 1;
    for (;;) {
        pid_t p = waitpid(-1, &status, 0);
        if (p == agent) { code = status_code(status); break; }
        if (p < 0 && errno != EINTR) break;
    }
    if (fwd > 0) kill(fwd, SIGKILL);
    return code;
}

/* ---------------- connect (inside the sandbox: ssh's ProxyCommand) ---------------- */
#define PROXY_IP "127.0.0.1"
#define PROXY_PORT 3128

/* stdin -> sock, sock -> stdout, until the tunnel ends */
static int relay_stdio(int sock) {
    char buf[65536];
    struct pollfd p[2] = {{0, POLLIN, 0}, {sock, POLLIN, 0}};
    for (;;) {
        if (poll(p, 2, -1) < 0) { if (errno == EINTR) continue; return 1; }
        if (p[0].fd >= 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = read(0, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) { shutdown(sock, SHUT_WR); p[0].fd = -1; }
            else if (write_all(sock, buf, (size_t)n) < 0) return 1;
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(sock, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return 0;
            if (write_all(1, buf, (size_t)n) < 0) return 1;
        }
    }
}

static int valid_target(const char *host, const char *port) {
    if (!*host || strlen(host) > 255 || !*port || strlen(port) > 5) return 0;
    for (const char *c = host; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == '_'))
            return 0;
    for (const char *c = port; *c; c++) if (*c < '0' || *c > '9') return 0;
    long v = strtol(port, NULL, 10);
    return v > 0 && v < 65536;
}

static int cmd_connect(int argc, char **argv) {
    if (argc != 4) usage();
    const char *host = argv[2], *port = argv[3];
    if (!valid_target(host, port)) {
        fprintf(stderr, "vibedom: ssh cannot connect to %s: not a host name and port\n", host);
        return 1;
    }
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(PROXY_PORT)};
    inet_pton(AF_INET, PROXY_IP, &sin.sin_addr);
    if (s < 0 || connect(s, (struct sockaddr *)&sin, sizeof sin) < 0) {
        fprintf(stderr, "vibedom: ssh to %s:%s failed: the sandbox's egress proxy is not reachable\n", host, port);
        return 1;
    }
    char req[1024];
    int n = snprintf(req, sizeof req, "CONNECT %s:%s HTTP/1.1\r\nHost: %s:%s\r\n\r\n", host, port, host, port);
    if (write_all(s, req, (size_t)n) < 0) { fprintf(stderr, "vibedom: ssh to %s:%s failed: the proxy closed the connection\n", host, port); return 1; }
    /* the response head, byte by byte (nothing of the tunnel's data may be read past it) */
    char head[16384];
    size_t len = 0;
    while (len + 1 < sizeof head) {
        ssize_t r = read(s, head + len, 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        len++;
        if (len >= 4 && memcmp(head + len - 4, "\r\n\r\n", 4) == 0) break;
    }
    head[len] = 0;
    int status = 0;
    if (sscanf(head, "HTTP/1.%*d %d", &status) != 1) status = 0;
    if (status == 200) return relay_stdio(s);
    if (status == 403 && strstr(head, "\r\nX-Vibedom-Denied: allowlist\r\n")) {
        fprintf(stderr, "vibedom: ssh to %s:%s is not allowed; add %s:%s to trusted_domains.txt\n", host, port, host, port);
        return 1;
    }
    /* any other refusal: the proxy's one-line reason (its body), else the status */
    char body[1024];
    ssize_t b = 0;
    while (b < (ssize_t)sizeof body - 1) {
        ssize_t r = read(s, body + b, sizeof body - 1 - (size_t)b);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        b += r;
    }
    body[b] = 0;
    char *nl = strchr(body, '\n');
    if (nl) *nl = 0;
    for (char *c = body; *c; c++) if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = '?';
    if (strncmp(body, "vibedom: ", 9) == 0) fprintf(stderr, "%s\n", body);
    else fprintf(stderr, "vibedom: ssh to %s:%s was refused by the egress proxy (status %d)\n", host, port, status);
    return 1;
}

/* true when the comma-separated host patterns of a known_hosts line name HOST exactly */
static int names_host(const char *patterns, size_t plen, const char *host) {
    size_t hlen = strlen(host);
    const char *p = patterns, *end = patterns + plen;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        size_t n = (size_t)((comma ? comma : end) - p);
        if (n == hlen && memcmp(p, host, n) == 0) return 1;
        p += n + 1;
    }
    return 0;
}

static int cmd_host_key_hint(int argc, char **argv) {
    if (argc != 6) usage();
    const char *file = argv[2], *host = argv[3], *type = argv[4], *key = argv[5];
    /* ssh also asks before any key was offered (to order its host key algorithms): %t and %K are then NONE */
    if (strcmp(type, "NONE") == 0 || strcmp(key, "NONE") == 0) return 0;
    FILE *f = fopen(file, "re");
    char line[16384];
    while (f && fgets(line, sizeof line, f)) {
        char *fields[3];
        int n = 0;
        for (char *t = strtok(line, " \t\r\n"); t && n < 3; t = strtok(NULL, " \t\r\n")) fields[n++] = t;
        if (n < 3 || fields[0][0] == '#' || fields[0][0] == '@') continue;
        if (names_host(fields[0], strlen(fields[0]), host) && strcmp(fields[1], type) == 0 && strcmp(fields[2], key) == 0) {
            fclose(f);
            return 0;
        }
    }
    if (f) fclose(f);
    /* HOST is "name" (port 22) or "[name]:port" */
    char name[512];
    const char *port = NULL;
    if (host[0] == '[' && strchr(host, ']')) {
        size_t n = (size_t)(strchr(host, ']') - host - 1);
        if (n >= sizeof name) n = sizeof name - 1;
        memcpy(name, host + 1, n);
        name[n] = 0;
        if (host[n + 2] == ':') port = host + n + 3;
    } else {
        snprintf(name, sizeof name, "%s", host);
    }
    for (char *c = name; *c; c++) if ((unsigned char)*c < 0x21 || *c == 0x7f) *c = '?';
    if (port && strspn(port, "0123456789") == strlen(port))
        fprintf(stderr, "vibedom: the %s host key of %s:%s is not in vibedom's known_hosts; if you trust it, add it on the host: vibedom known-hosts add %s --port %s\n", type, name, port, name, port);
    else
        fprintf(stderr, "vibedom: the %s host key of %s is not in vibedom's known_hosts; if you trust it, add it on the host: vibedom known-hosts add %s\n", type, name, name);
    return 0;
}

#ifdef VIBEDOM_SECCOMP_SELFTEST
#define main vibedom_init_main /* the self-test below is the program */
#endif
int main(int argc, char **argv) {
    if (argc < 2) usage();
    if (strcmp(argv[1], "run") != 0) close_inherited();
    if (strcmp(argv[1], "run") == 0) return cmd_run(argc, argv);
    if (strcmp(argv[1], "overlay") == 0) return cmd_overlay(argc, argv);
    if (strcmp(argv[1], "supervise") == 0) return cmd_supervise(argc, argv);
    if (strcmp(argv[1], "enter") == 0) return cmd_enter(argc, argv);
    if (strcmp(argv[1], "connect") == 0) return cmd_connect(argc, argv);
    if (strcmp(argv[1], "host-key-hint") == 0) return cmd_host_key_hint(argc, argv);
    usage();
    return 125;
}

#ifdef VIBEDOM_SECCOMP_SELFTEST
#undef main
/* gcc -DVIBEDOM_SECCOMP_SELFTEST: runs the filter's program, as the kernel would, for every syscall number below
   1100 and the calls whose arguments it reads; prints "nr N ACTION" for each number whose answer differs from the
   lists (none: the jumps are right) and one line per argument case (SeccompFilterProgramTests) */
static unsigned selftest_run(const struct filter *p, const struct seccomp_data *d) {
    uint32_t a = 0;
    for (unsigned pc = 0, steps = 0; pc < p->n && steps < 100000; steps++) {
        struct sock_filter f = p->f[pc];
        switch (f.code) {
        case BPF_LD | BPF_W | BPF_ABS: memcpy(&a, (const char *)d + f.k, sizeof a); pc++; break;
        case BPF_RET | BPF_K: return f.k;
        case BPF_JMP | BPF_JA: pc += 1 + f.k; break;
        case BPF_JMP | BPF_JEQ | BPF_K: pc += 1u + (a == f.k ? f.jt : f.jf); break;
        case BPF_JMP | BPF_JGT | BPF_K: pc += 1u + (a > f.k ? f.jt : f.jf); break;
        case BPF_JMP | BPF_JGE | BPF_K: pc += 1u + (a >= f.k ? f.jt : f.jf); break;
        default: return 0xbad;
        }
    }
    return 0xdead; /* ran off the end, or looped */
}

static int selftest_listed(const int *list, unsigned count, int nr) {
    for (unsigned i = 0; i < count; i++)
        if (list[i] == nr) return 1;
    return 0;
}

static const char *selftest_action(unsigned action) {
    static char text[32];
    if (action == SECCOMP_RET_ALLOW) return "allow";
    if (action == SECCOMP_RET_KILL_PROCESS) return "kill";
    if ((action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO) snprintf(text, sizeof text, "errno %u", action & SECCOMP_RET_DATA);
    else snprintf(text, sizeof text, "other %x", action);
    return text;
}

int main(void) {
#ifdef VIBEDOM_AUDIT_ARCH
    static struct filter p;
    build_seccomp(&p);
    printf("instructions %u\n", p.n);
    unsigned wrong = 0;
    for (int nr = 0; nr < 1100; nr++) {
        if (nr == SYS_socket || nr == SYS_socketpair || nr == SYS_ioctl || nr == SYS_personality) continue;
        struct seccomp_data d = {.nr = nr, .arch = VIBEDOM_AUDIT_ARCH};
        unsigned want = selftest_listed(allowed_syscalls, sizeof allowed_syscalls / sizeof allowed_syscalls[0], nr) ? SECCOMP_RET_ALLOW
                        : selftest_listed(denied_syscalls, sizeof denied_syscalls / sizeof denied_syscalls[0], nr) ? SECCOMP_RET_ERRNO | EPERM
                        : SECCOMP_RET_ERRNO | ENOSYS;
        unsigned got = selftest_run(&p, &d);
        if (got != want) { printf("nr %d %s\n", nr, selftest_action(got)); wrong++; }
    }
    printf("numbers wrong %u\n", wrong);
    struct seccomp_data foreign = {.nr = SYS_getpid, .arch = AUDIT_ARCH_I386};
    printf("i386 %s\n", selftest_action(selftest_run(&p, &foreign)));
#if defined(__x86_64__)
    struct seccomp_data x32 = {.nr = 0x40000000 | SYS_getpid, .arch = VIBEDOM_AUDIT_ARCH};
    printf("x32 %s\n", selftest_action(selftest_run(&p, &x32)));
#endif
    const int families[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, 38 /* AF_ALG */, 40 /* AF_VSOCK */};
    for (unsigned i = 0; i < sizeof families / sizeof families[0]; i++)
        for (int protocol = 0; protocol <= 12; protocol += 4) {
            struct seccomp_data s = {.nr = SYS_socket, .arch = VIBEDOM_AUDIT_ARCH, .args = {(uint64_t)families[i], 3, (uint64_t)protocol}};
            printf("socket %d %d %s", families[i], protocol, selftest_action(selftest_run(&p, &s)));
            struct seccomp_data pair = {.nr = SYS_socketpair, .arch = VIBEDOM_AUDIT_ARCH, .args = {(uint64_t)families[i], 1, (uint64_t)protocol}};
            printf(", pair %s\n", selftest_action(selftest_run(&p, &pair)));
        }
    const unsigned long requests[] = {TIOCSTI, TIOCLINUX, TCGETS};
    for (unsigned i = 0; i < sizeof requests / sizeof requests[0]; i++) {
        struct seccomp_data s = {.nr = SYS_ioctl, .arch = VIBEDOM_AUDIT_ARCH, .args = {0, requests[i]}};
        printf("ioctl %#lx %s\n", requests[i], selftest_action(selftest_run(&p, &s)));
    }
    const unsigned personas[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffffu, 0x40000 /* ADDR_NO_RANDOMIZE */, 0x400000 /* READ_IMPLIES_EXEC */};
    for (unsigned i = 0; i < sizeof personas / sizeof personas[0]; i++) {
        struct seccomp_data s = {.nr = SYS_personality, .arch = VIBEDOM_AUDIT_ARCH, .args = {personas[i]}};
        printf("personality %#x %s\n", personas[i], selftest_action(selftest_run(&p, &s)));
    }
    return wrong == 0 ? 0 : 1;
#else
    return 0;
#endif
}
#endif
