/*
 * sipp.c — starting, waiting for and killing sipp processes for
 * integration tests (see sipp.h), and probing free ports for them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "itest.h"
#include "sipp.h"

enum { SIPP_MAX = 128, GRACE_MS = 5000, BIND_WAIT_MS = 5000 };

/* Every sipp started and not killed by sipp_kill_all yet: its pid (0 once
 * reaped) and its dir. Kept here, not in the caller's struct, which may
 * be gone when a failed test reaches its teardown. */
static struct {
	pid_t pid;
	char dir[64];
} started[SIPP_MAX];

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

/* Binds 127.0.0.1:port (port 0: any); the socket, or -1. */
static int bind_port(int type, uint16_t *port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(*port)};
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    getsockname(fd, (struct sockaddr *)&sin, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static bool span_free(uint16_t first, bool tcp, int span)
{
	int fds[16], n = 0;
	bool ok = first + span - 1 <= 65535 && span <= 8;

	for (int k = 0; ok && k < span; k++) {
		uint16_t p = (uint16_t)(first + k);

		fds[n] = bind_port(SOCK_DGRAM, &p);
		ok = fds[n] >= 0;
		if (ok)
			n++;
		if (ok && tcp) {
			fds[n] = bind_port(SOCK_STREAM, &p);
			ok = fds[n] >= 0;
			if (ok)
				n++;
		}
	}
	while (n > 0)
		close(fds[--n]);
	return ok;
}

uint16_t itest_free_port(bool tcp, int span)
{
	for (int i = 0; i < 100; i++) {
		uint16_t p = 0;
		int fd = bind_port(SOCK_DGRAM, &p);

		if (fd < 0)
			break;
		close(fd);
		if (span_free(p, tcp, span < 1 ? 1 : span))
			return p;
	}
	fail_msg("no free port on 127.0.0.1");
	return 0;
}

/* The first port the kernel hands out to a bind to port 0. */
static unsigned ephemeral_low(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
	unsigned low = 32768;

	if (f) {
		if (fscanf(f, "%u", &low) != 1)
			low = 32768;
		fclose(f);
	}
	return low;
}

uint16_t itest_steady_port(bool tcp)
{
	enum { FIRST = 10000 };
	unsigned low = ephemeral_low(), seed = (unsigned)getpid() ^
		(unsigned)now_ms();

	for (int i = 0; low > FIRST + 100 && i < 200; i++) {
		uint16_t p = (uint16_t)(FIRST + rand_r(&seed) % (low - FIRST));

		if (span_free(p, tcp, 1))
			return p;
	}
	return itest_free_port(tcp, 1);
}

static bool port_taken(uint16_t port, bool tcp)
{
	uint16_t p = port;
	int fd = bind_port(tcp ? SOCK_STREAM : SOCK_DGRAM, &p);

	if (fd >= 0)
		close(fd);
	return fd < 0 && errno == EADDRINUSE;
}

static void print_tail(const char *dir, const char *file, size_t max)
{
	char path[128], *buf;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return;
	buf = malloc(max + 1);
	if (buf) {
		if (fseek(f, -(long)max, SEEK_END))
			rewind(f);
		n = fread(buf, 1, max, f);
		buf[n] = '\0';
		fprintf(stderr, "---- tail of %s ----\n%s\n---- end ----\n",
			path, buf);
		free(buf);
	}
	fclose(f);
}

static void print_logs(const struct sipp *s)
{
	print_tail(s->dir, "errors.log", 2000);
	print_tail(s->dir, "messages.log", 6000);
}

static void remember(const struct sipp *s)
{
	for (size_t i = 0; i < SIPP_MAX; i++) {
		if (!started[i].dir[0]) {
			started[i].pid = s->pid;
			snprintf(started[i].dir, sizeof(started[i].dir), "%s",
				 s->dir);
			return;
		}
	}
	kill(s->pid, SIGKILL);
	fail_msg("more than %d sipp processes in one test", SIPP_MAX);
}

static void forget_pid(pid_t pid)
{
	for (size_t i = 0; i < SIPP_MAX; i++)
		if (started[i].pid == pid)
			started[i].pid = 0;
}

static void spawn(struct sipp *s, const struct sipp_opts *o,
		  const char *path)
{
	char port[8], mport[8], cport[8], timeout[16], remote[32];
	char msgs[96], errs[96], out[96];
	const char *argv[48];
	pid_t parent = getpid();
	int n = 0;

	snprintf(port, sizeof(port), "%u", s->port);
	snprintf(mport, sizeof(mport), "%u", s->media_port);
	snprintf(cport, sizeof(cport), "%u", itest_free_port(false, 1));
	snprintf(timeout, sizeof(timeout), "%ds", s->timeout_s);
	snprintf(remote, sizeof(remote), "127.0.0.1:%u", o->remote_port);
	snprintf(msgs, sizeof(msgs), "%s/messages.log", s->dir);
	snprintf(errs, sizeof(errs), "%s/errors.log", s->dir);
	snprintf(out, sizeof(out), "%s/out.log", s->dir);
	argv[n++] = "sipp";
	argv[n++] = "-sf";
	argv[n++] = path;
	argv[n++] = "-i";
	argv[n++] = o->local_ip ? o->local_ip : "127.0.0.1";
	argv[n++] = "-p";
	argv[n++] = port;
	argv[n++] = "-mp";
	argv[n++] = mport;
	argv[n++] = "-cp";
	argv[n++] = cport;
	argv[n++] = "-m";
	argv[n++] = "1";
	argv[n++] = "-timeout";
	argv[n++] = timeout;
	argv[n++] = "-timeout_error";
	argv[n++] = "-nostdin";
	argv[n++] = "-trace_msg";
	argv[n++] = "-message_file";
	argv[n++] = msgs;
	argv[n++] = "-trace_err";
	argv[n++] = "-error_file";
	argv[n++] = errs;
	if (o->tcp) {
		argv[n++] = "-t";
		argv[n++] = "t1";
	}
	if (o->service) {
		argv[n++] = "-s";
		argv[n++] = o->service;
	}
	if (o->user) {
		argv[n++] = "-au";
		argv[n++] = o->user;
	}
	if (o->password) {
		argv[n++] = "-ap";
		argv[n++] = o->password;
	}
	if (o->expires) {
		argv[n++] = "-set";
		argv[n++] = "expires";
		argv[n++] = o->expires;
	}
	if (o->ani) {
		argv[n++] = "-set";
		argv[n++] = "ani";
		argv[n++] = o->ani;
	}
	if (o->remote_port)
		argv[n++] = remote;
	argv[n] = NULL;

	s->pid = fork();
	if (s->pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (s->pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_RDONLY);

		/* dies with the test, whatever kills it */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent ||
		    fd < 0 || null < 0 || dup2(null, 0) < 0 ||
		    dup2(fd, 1) < 0 || dup2(fd, 2) < 0 || chdir(s->dir))
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	remember(s);
}

/* sipp's exit status when it cannot bind a socket (its -2) */
enum { SIPP_BIND_FAILED = 254, SIPP_TRIES = 3 };

/* Starts the sipp of s; for a phone, waits until it listens. False when
 * it exited for a port taken since itest_free_port() chose it (another
 * test's socket, started in between): the caller picks others. */
static bool start_once(struct sipp *s, const struct sipp_opts *o,
		       const char *path, bool last)
{
	int64_t end;

	s->port = o->port ? o->port : itest_free_port(o->tcp, 1);
	s->media_port = itest_free_port(false, 4);
	strcpy(s->dir, "/tmp/sipp-XXXXXX");
	if (!mkdtemp(s->dir))
		fail_msg("mkdtemp: %s", strerror(errno));
	spawn(s, o, path);
	if (o->remote_port)
		return true;
	end = now_ms() + BIND_WAIT_MS;
	while (!port_taken(s->port, o->tcp)) {
		int status;

		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			forget_pid(s->pid);
			s->pid = 0;
			if (!last && !o->port &&
			    WEXITSTATUS(status) == SIPP_BIND_FAILED) {
				itest_remove_dir(s->dir);
				return false;
			}
			print_tail(s->dir, "out.log", 2000);
			fail_msg("sipp %s exited (status %d) before listening%s",
				 s->scenario, WEXITSTATUS(status),
				 WEXITSTATUS(status) == 127 ? ": not installed? "
				 "(Debian package sip-tester)" : "");
		}
		if (now_ms() >= end)
			fail_msg("sipp %s did not bind port %u within %d ms",
				 s->scenario, s->port, BIND_WAIT_MS);
		sleep_ms(10);
	}
	return true;
}

void sipp_start(struct sipp *s, const struct sipp_opts *o)
{
	char path[512];

	memset(s, 0, sizeof(*s));
	s->status = -1;
	snprintf(path, sizeof(path), "%s/tests/sipp/%s", SOURCE_DIR,
		 o->scenario);
	if (access(path, R_OK))
		fail_msg("no scenario %s", path);
	snprintf(s->scenario, sizeof(s->scenario), "%s", o->scenario);
	s->timeout_s = o->timeout_s > 0 ? o->timeout_s : 15;
	for (int i = 1; !start_once(s, o, path, i == SIPP_TRIES); i++)
		;
}

/* The cumulative "Successful call" and "Failed call" counts of the last
 * statistics screen in out.log. */
static void read_stats(struct sipp *s)
{
	char path[96], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/out.log", s->dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *bar = strrchr(line, '|');
		int *into = strstr(line, "Successful call") ? &s->successful :
			strstr(line, "Failed call") ? &s->failed : NULL;

		if (into && bar)
			*into = atoi(bar + 1);
	}
	fclose(f);
}

/* s has exited with wait status status (-1: killed at the deadline). */
static void reaped(struct sipp *s, int status)
{
	if (status == -1)
		s->status = -1;
	else
		s->status = WIFEXITED(status) ? WEXITSTATUS(status) :
			128 + WTERMSIG(status);
	forget_pid(s->pid);
	s->pid = 0;
	read_stats(s);
	if (s->status == 127)
		fprintf(stderr, "sipp: not installed? (Debian package "
			"sip-tester, `make deps`)\n");
	if (s->status) {
		fprintf(stderr, "sipp %s: exit status %d\n", s->scenario,
			s->status);
		print_logs(s);
	}
}

int sipp_wait(struct sipp *s)
{
	int status;

	if (!s->pid)
		return s->status;
	status = itest_wait_exit(s->pid, s->timeout_s * 1000 + GRACE_MS);
	if (status == -1) {
		kill(s->pid, SIGKILL);
		itest_wait_exit(s->pid, GRACE_MS);
	}
	reaped(s, status);
	return s->status;
}

bool sipp_running(struct sipp *s)
{
	int status;

	if (!s->pid)
		return false;
	if (waitpid(s->pid, &status, WNOHANG) != s->pid)
		return true;
	reaped(s, status);
	return false;
}

int sipp_run(const struct sipp_opts *o)
{
	struct sipp s;

	sipp_start(&s, o);
	return sipp_wait(&s);
}

bool sipp_log_contains(const struct sipp *s, const char *needle)
{
	char path[96];

	snprintf(path, sizeof(path), "%s/messages.log", s->dir);
	return itest_file_contains(path, needle);
}

void sipp_kill_all(void)
{
	const char *keep = getenv("ITEST_KEEP");

	for (size_t i = 0; i < SIPP_MAX; i++) {
		if (started[i].pid) {
			kill(started[i].pid, SIGKILL);
			itest_wait_exit(started[i].pid, GRACE_MS);
			started[i].pid = 0;
		}
		if (!started[i].dir[0])
			continue;
		if (keep && !strcmp(keep, "1"))
			fprintf(stderr, "itest: kept %s\n", started[i].dir);
		else
			itest_remove_dir(started[i].dir);
		started[i].dir[0] = '\0';
	}
}
