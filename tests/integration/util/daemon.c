/*
 * daemon.c — starting, stopping and crashing the real callcloud daemon for
 * integration tests (see itest.h). Every wait is bounded; a daemon that
 * does not come up, does not stop on SIGTERM or exits non-zero (under ASan
 * that includes leaks) fails the test with the tail of its log.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "itest.h"

int64_t itest_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void itest_sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

void itest_print_tail(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return;
	if (fseek(f, -(long)sizeof(buf) + 1, SEEK_END))
		rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	fprintf(stderr, "---- tail of %s ----\n%s\n---- end ----\n", path,
		buf);
}

static void write_conf(const struct daemon *d)
{
	FILE *f = fopen(d->conf, "w");

	if (!f)
		fail_msg("cannot write %s: %s", d->conf, strerror(errno));
	fprintf(f, "[server]\nlisten_address = 127.0.0.1\n"
		"[acd]\nheartbeat_timeout = %d\n"
		"[security]\npwhash_ops = 1\npwhash_mem_kib = 8\n"
		"signin_fail_delay_ms = 50\n"
		/* tests pipeline more than a bar does, and run sipp from
		 * one address; flood_test sets its own limits */
		"[limits]\nrpc_burst = 100000\nsip_rate = 100000\n"
		"sip_burst = 100000\n%s",
		d->opts.heartbeat_timeout, d->opts.extra_ini ?
		d->opts.extra_ini : "");
	fclose(f);
}

int itest_wait_exit(pid_t pid, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (itest_now_ms() >= end)
			return -1;
		usleep(5000);
	}
}

/* The ports of a ready line, "callcloud ready agent=A http=H sip=S"
 * and optional fields after them (node=, agent_tls=, https=, sips=):
 * taken by name, a field this harness does not know is skipped. */
static bool parse_ready(struct daemon *d, char *line)
{
	struct {
		const char *key;
		uint16_t *port;
	} const fields[] = {
		{"agent", &d->agent_port}, {"http", &d->http_port},
		{"sip", &d->sip_port}, {"node", &d->node_port},
		{"agent_tls", &d->agent_tls_port}, {"https", &d->https_port},
		{"sips", &d->sips_port},
	};
	char *save = NULL, *tok;

	d->agent_port = d->http_port = d->sip_port = d->node_port = 0;
	d->agent_tls_port = d->https_port = d->sips_port = 0;
	if (strncmp(line, "callcloud ready ", 16))
		return false;
	for (tok = strtok_r(line + 16, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '='), *end;
		unsigned long v;

		if (!eq)
			return false;
		*eq = '\0';
		v = strtoul(eq + 1, &end, 10);
		if (*end || end == eq + 1 || v > 65535)
			return false;
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (!strcmp(tok, fields[i].key))
				*fields[i].port = (uint16_t)v;
	}
	/* a switch node (--role switch) has no agent or HTTP port */
	return d->node_port ? !d->agent_port && !d->http_port :
		d->agent_port && d->http_port;
}

/* Reads the first stdout line, the ready line. */
static bool read_ready(struct daemon *d)
{
	int64_t end = itest_now_ms() + ITEST_READY_TIMEOUT_MS;
	char line[256], copy[256];
	size_t len = 0;

	while (len < sizeof(line) - 1) {
		struct pollfd pfd = {.fd = d->outfd, .events = POLLIN};
		int64_t left = end - itest_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return false;
		n = read(d->outfd, line + len, 1);
		if (n <= 0)
			return false;
		if (line[len] == '\n')
			break;
		len++;
	}
	line[len] = '\0';
	memcpy(copy, line, len + 1);
	if (!parse_ready(d, copy)) {
		fprintf(stderr, "unexpected first line: \"%s\"\n", line);
		return false;
	}
	return true;
}

static void spawn(struct daemon *d)
{
	char agent[8], http[8], level[4];
	const char *argv[32];
	int out[2], logfd, n = 0;
	pid_t pid;

	snprintf(agent, sizeof(agent), "%u", d->opts.agent_port);
	snprintf(http, sizeof(http), "%u", d->opts.http_port);
	snprintf(level, sizeof(level), "%d", d->opts.log_level);
	argv[n++] = CALLCLOUD_BIN;
	argv[n++] = "-c";
	argv[n++] = d->conf;
	argv[n++] = "--db";
	argv[n++] = d->db;
	argv[n++] = "--agent-port";
	argv[n++] = agent;
	argv[n++] = "--http-port";
	argv[n++] = http;
	argv[n++] = "--switch";
	argv[n++] = d->opts.sip ? "sip" : "sim";
	if (d->opts.sip) {
		argv[n++] = "--sip-port";
		argv[n++] = "0";
	}
	argv[n++] = "--log-level";
	argv[n++] = level;
	if (!d->opts.no_demo)
		argv[n++] = "--demo";
	for (size_t i = 0; d->extra_args[i] && n < 31; i++)
		argv[n++] = d->extra_args[i];
	argv[n] = NULL;

	logfd = open(d->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (logfd < 0 || pipe2(out, O_CLOEXEC))
		fail_msg("daemon_start: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		if (dup2(out[1], 1) < 0 || dup2(logfd, 2) < 0 ||
		    chdir(d->dir))
			_exit(127);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(logfd);
	d->pid = pid;
	d->outfd = out[0];
	if (!read_ready(d)) {
		itest_print_tail(d->log);
		daemon_kill9(d);
		fail_msg("callcloud did not print its ready line within %d ms",
			 ITEST_READY_TIMEOUT_MS);
	}
}

void daemon_start(struct daemon *d, const struct daemon_opts *o)
{
	memset(d, 0, sizeof(*d));
	d->outfd = -1;
	if (o)
		d->opts = *o;
	if (!d->opts.log_level)
		d->opts.log_level = 2;
	if (!d->opts.heartbeat_timeout)
		d->opts.heartbeat_timeout = 30;
	for (size_t i = 0; o && o->extra_args && o->extra_args[i] &&
	     i < sizeof(d->extra_args) / sizeof(d->extra_args[0]) - 1; i++)
		d->extra_args[i] = o->extra_args[i];
	d->opts.extra_args = NULL;
	strcpy(d->dir, "/tmp/itest-XXXXXX");
	if (!mkdtemp(d->dir))
		fail_msg("mkdtemp: %s", strerror(errno));
	snprintf(d->conf, sizeof(d->conf), "%s/callcloud.ini", d->dir);
	snprintf(d->db, sizeof(d->db), "%s/cc.db", d->dir);
	snprintf(d->log, sizeof(d->log), "%s/stderr.log", d->dir);
	write_conf(d);
	spawn(d);
}

void daemon_restart(struct daemon *d)
{
	if (d->pid)
		fail_msg("daemon_restart: the daemon is still running");
	d->opts.agent_port = d->agent_port;
	d->opts.http_port = d->http_port;
	spawn(d);
}

static void reaped(struct daemon *d)
{
	d->pid = 0;
	if (d->outfd >= 0)
		close(d->outfd);
	d->outfd = -1;
}

void daemon_stop(struct daemon *d)
{
	int status;

	if (!d->pid)
		return;
	kill(d->pid, SIGTERM);
	status = itest_wait_exit(d->pid, 10000);
	if (status == -1) {
		kill(d->pid, SIGKILL);
		itest_wait_exit(d->pid, 5000);
		reaped(d);
		itest_print_tail(d->log);
		fail_msg("callcloud did not stop within 10 s of SIGTERM");
	}
	reaped(d);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		itest_print_tail(d->log);
		if (WIFSIGNALED(status))
			fail_msg("callcloud died of signal %d",
				 WTERMSIG(status));
		fail_msg("callcloud exited with status %d",
			 WEXITSTATUS(status));
	}
}

void daemon_kill9(struct daemon *d)
{
	if (!d->pid)
		return;
	kill(d->pid, SIGKILL);
	itest_wait_exit(d->pid, 5000);
	reaped(d);
}

bool daemon_alive(struct daemon *d)
{
	int status;

	if (!d->pid)
		return false;
	if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
		reaped(d);
		return false;
	}
	return true;
}

bool itest_file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t size = 0;
	bool found = false;

	if (!f)
		return false;
	while (!found && getline(&line, &size, f) >= 0)
		found = strstr(line, needle) != NULL;
	free(line);
	fclose(f);
	return found;
}

bool daemon_log_contains(const struct daemon *d, const char *needle)
{
	return itest_file_contains(d->log, needle);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void itest_remove_dir(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void daemon_cleanup(struct daemon *d)
{
	const char *keep = getenv("ITEST_KEEP");

	daemon_kill9(d);
	if (!d->dir[0])
		return;
	if (keep && !strcmp(keep, "1"))
		fprintf(stderr, "itest: kept %s\n", d->dir);
	else
		itest_remove_dir(d->dir);
	d->dir[0] = '\0';
}

int itest_run(const char *const *args, char *err, size_t errsize,
	      int timeout_ms)
{
	char dir[] = "/tmp/itest-run-XXXXXX";
	const char *argv[32];
	int out[2], status, n = 0;
	size_t len = 0;
	int64_t end = itest_now_ms() + timeout_ms;
	pid_t pid;

	argv[n++] = CALLCLOUD_BIN;
	while (args && *args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	if (!mkdtemp(dir) || pipe2(out, O_CLOEXEC))
		fail_msg("itest_run: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		if (dup2(out[1], 1) < 0 || dup2(out[1], 2) < 0 || chdir(dir))
			_exit(127);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	/* read until EOF (the process exited) or the deadline */
	for (;;) {
		struct pollfd pfd = {.fd = out[0], .events = POLLIN};
		int64_t left = end - itest_now_ms();
		char buf[512];
		ssize_t r;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		r = read(out[0], buf, sizeof(buf));
		if (r <= 0)
			break;
		if (len + 1 < errsize) {
			size_t k = (size_t)r < errsize - 1 - len ? (size_t)r :
				errsize - 1 - len;

			memcpy(err + len, buf, k);
			len += k;
		}
	}
	if (errsize)
		err[len] = '\0';
	close(out[0]);
	status = itest_wait_exit(pid, (int)(end - itest_now_ms() > 0 ?
					    end - itest_now_ms() : 0));
	if (status == -1) {
		kill(pid, SIGKILL);
		itest_wait_exit(pid, 5000);
		itest_remove_dir(dir);
		return -1;
	}
	itest_remove_dir(dir);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
