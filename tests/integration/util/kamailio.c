/*
 * kamailio.c — Kamailio in front of switch nodes for tests (kamailio.h):
 * the template filled, the process started and stopped, and its
 * readiness: an OPTIONS to it answered (by a node, through it).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "itest.h"
#include "kamailio.h"

#define TEMPLATE SOURCE_DIR "/etc/kamailio/kamailio.cfg.in"

static struct sockaddr_in loopback(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

/* A port free for UDP and TCP on 127.0.0.1 (the kernel's pick). */
static uint16_t free_port(void)
{
	for (int tries = 0; tries < 20; tries++) {
		struct sockaddr_in sin = loopback();
		socklen_t len = sizeof(sin);
		int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		int t = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		bool ok = u >= 0 && t >= 0 &&
			  !bind(u, (struct sockaddr *)&sin, sizeof(sin)) &&
			  !getsockname(u, (struct sockaddr *)&sin, &len) &&
			  !bind(t, (struct sockaddr *)&sin, sizeof(sin));

		if (u >= 0)
			close(u);
		if (t >= 0)
			close(t);
		if (ok)
			return ntohs(sin.sin_port);
	}
	fail_msg("kamailio: no free port");
	return 0;
}

static void path(const struct kamailio *k, const char *name, char *buf,
		 size_t size)
{
	assert_true((size_t)snprintf(buf, size, "%s/%s", k->dir, name) <
		    size);
}

static void write_list(const struct kamailio *k, const uint16_t *ports,
		       size_t n)
{
	char p[128];
	FILE *f;

	path(k, "dispatcher.list", p, sizeof(p));
	f = fopen(p, "w");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "1 sip:127.0.0.1:%u\n", ports[i]);
	assert_int_equal(fclose(f), 0);
}

/* One line of the template with its placeholders filled, to out. */
static void fill_line(const struct kamailio *k, const char *line, FILE *out)
{
	char list[128];

	path(k, "dispatcher.list", list, sizeof(list));
	while (*line) {
		if (!strncmp(line, "@ADDR@", 6)) {
			fputs("127.0.0.1", out);
			line += 6;
		}
		else if (!strncmp(line, "@PORT@", 6)) {
			fprintf(out, "%u", k->port);
			line += 6;
		}
		else if (!strncmp(line, "@LIST@", 6)) {
			fputs(list, out);
			line += 6;
		}
		else {
			fputc(*line++, out);
		}
	}
}

static void write_cfg(const struct kamailio *k)
{
	FILE *in = fopen(TEMPLATE, "r"), *out;
	char p[128], line[512];

	if (!in)
		fail_msg("kamailio: %s: %s", TEMPLATE, strerror(errno));
	path(k, "kamailio.cfg", p, sizeof(p));
	out = fopen(p, "w");
	assert_non_null(out);
	while (fgets(line, sizeof(line), in))
		fill_line(k, line, out);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void spawn(struct kamailio *k)
{
	char cfg[128];
	pid_t parent = getpid(), pid;

	path(k, "kamailio.cfg", cfg, sizeof(cfg));
	pid = fork();
	if (pid < 0)
		fail_msg("kamailio: fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(k->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int nul = open("/dev/null", O_RDONLY);

		/* dies with the test, however the test ends; its children
		 * end with it */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent)
			_exit(126);
		if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 ||
		    dup2(fd, 2) < 0)
			_exit(126);
		execlp("kamailio", "kamailio", "-DD", "-E", "-f", cfg, "-Y",
		       k->dir, "-m", "32", "-M", "8", (char *)NULL);
		_exit(127);
	}
	k->pid = pid;
}

/* An OPTIONS to Kamailio from a socket of ours; true when any answer
 * comes within 300 ms. */
static bool answers_options(const struct kamailio *k)
{
	struct sockaddr_in to = loopback(), me = loopback();
	socklen_t len = sizeof(me);
	struct timeval tv = {.tv_usec = 300000};
	char msg[512], buf[2048];
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok = false;
	int n;

	to.sin_port = htons(k->port);
	if (fd < 0)
		return false;
	if (!bind(fd, (struct sockaddr *)&me, sizeof(me)) &&
	    !getsockname(fd, (struct sockaddr *)&me, &len) &&
	    !setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		n = snprintf(msg, sizeof(msg),
			     "OPTIONS sip:127.0.0.1:%u SIP/2.0\r\n"
			     "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK%d"
			     "\r\nMax-Forwards: 5\r\n"
			     "From: <sip:test@127.0.0.1>;tag=%d\r\n"
			     "To: <sip:127.0.0.1:%u>\r\n"
			     "Call-ID: %d-%lld@test\r\nCSeq: 1 OPTIONS\r\n"
			     "Content-Length: 0\r\n\r\n", k->port,
			     ntohs(me.sin_port), rand(), rand(), k->port,
			     rand(), (long long)itest_now_ms());
		ok = sendto(fd, msg, (size_t)n, 0, (struct sockaddr *)&to,
			    sizeof(to)) == n &&
		     recv(fd, buf, sizeof(buf) - 1, 0) > 0;
	}
	close(fd);
	return ok;
}

void kamailio_start(struct kamailio *k, const uint16_t *node_ports,
		    size_t n)
{
	int64_t end;

	memset(k, 0, sizeof(*k));
	snprintf(k->dir, sizeof(k->dir), "/tmp/kamailio-XXXXXX");
	if (!mkdtemp(k->dir))
		fail_msg("kamailio: mkdtemp: %s", strerror(errno));
	path(k, "kamailio.log", k->log, sizeof(k->log));
	k->port = free_port();
	write_list(k, node_ports, n);
	write_cfg(k);
	spawn(k);
	end = itest_now_ms() + KAMAILIO_TIMEOUT_MS;
	while (!answers_options(k)) {
		if (itest_now_ms() >= end ||
		    waitpid(k->pid, NULL, WNOHANG) == k->pid) {
			itest_print_tail(k->log);
			fail_msg("kamailio did not answer on port %u", k->port);
		}
	}
}

void kamailio_stop(struct kamailio *k)
{
	const char *keep = getenv("ITEST_KEEP");

	if (k->pid) {
		kill(k->pid, SIGTERM);
		if (itest_wait_exit(k->pid, 5000) == -1) {
			kill(k->pid, SIGKILL);
			itest_wait_exit(k->pid, 2000);
		}
		k->pid = 0;
	}
	if (!k->dir[0])
		return;
	if (keep && !strcmp(keep, "1"))
		fprintf(stderr, "itest: kept %s\n", k->dir);
	else
		itest_remove_dir(k->dir);
	k->dir[0] = '\0';
}

bool kamailio_wait_log(const struct kamailio *k, const char *needle, int ms)
{
	int64_t end = itest_now_ms() + ms;

	while (!itest_file_contains(k->log, needle)) {
		if (itest_now_ms() >= end)
			return false;
		itest_sleep_ms(20);
	}
	return true;
}
