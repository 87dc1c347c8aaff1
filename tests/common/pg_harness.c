/*
 * pg_harness.c — the throw-away PostgreSQL cluster of pg_harness.h. The
 * server refuses to run as root, so as root every command runs as the
 * postgres user (runuser) in a directory that user owns.
 */
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libpq-fe.h>
#include "pg_harness.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"

static char dir[64];
static int port;
static bool running;
static int dbs;

/* A command, as the postgres user when we are root; its output in a log
 * in the cluster directory. */
static int run(const char *cmd)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s%s >>%s/harness.log 2>&1",
		 geteuid() ? "" : "runuser -u postgres -- ", cmd, dir);
	return system(line) == 0 ? 0 : -1;
}

/* A port no one listens on: it only names the socket file, but the
 * server also checks that the TCP port is free. */
static int free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), p = -1;

	if (fd < 0)
		return -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (!bind(fd, (struct sockaddr *)&a, sizeof(a)) &&
	    !getsockname(fd, (struct sockaddr *)&a, &len))
		p = ntohs(a.sin_port);
	close(fd);
	return p;
}

static void stop_and_remove(void)
{
	char cmd[256];

	if (!dir[0])
		return;
	if (running)
		pg_harness_stop();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "pg_harness: cannot remove %s\n", dir);
	dir[0] = '\0';
}

int pg_harness_stop(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), PG_BIN "/pg_ctl -D %s/data -m fast -w stop",
		 dir);
	running = false;
	return run(cmd);
}

int pg_harness_restart(void)
{
	char cmd[512];

	if (running)
		return 0;
	/* fsync off: a test cluster need not survive a power cut */
	snprintf(cmd, sizeof(cmd), PG_BIN "/pg_ctl -D %s/data -w -o \"-k %s"
		 " -p %d -c listen_addresses='' -c fsync=off\" start",
		 dir, dir, port);
	if (run(cmd))
		return -1;
	running = true;
	return 0;
}

const char *pg_harness_dir(void)
{
	return dir;
}

bool pg_harness_start(void)
{
	struct passwd *pw = getpwnam("postgres");
	char cmd[256];

	if (running)
		return true;
	snprintf(dir, sizeof(dir), "/tmp/callcloud-pg-XXXXXX");
	if (!mkdtemp(dir)) {
		dir[0] = '\0';
		perror("pg_harness: mkdtemp");
		return false;
	}
	atexit(stop_and_remove);
	if (!geteuid() && (!pw || chown(dir, pw->pw_uid, pw->pw_gid))) {
		fprintf(stderr, "pg_harness: no postgres user to run as\n");
		return false;
	}
	port = free_port();
	snprintf(cmd, sizeof(cmd), PG_BIN "/initdb -D %s/data -U postgres"
		 " --auth=trust -N -E UTF8 --locale=C.UTF-8", dir);
	if (port < 0 || run(cmd) || pg_harness_restart()) {
		fprintf(stderr, "pg_harness: cannot start PostgreSQL, see"
			" %s/harness.log\n", dir);
		return false;
	}
	return true;
}

int pg_harness_newdb(char *url, size_t size)
{
	char admin[256], sql[64];
	PGresult *res;
	PGconn *conn;
	int err = -1;

	snprintf(admin, sizeof(admin),
		 "postgresql:///postgres?host=%s&port=%d&user=postgres",
		 dir, port);
	conn = PQconnectdb(admin);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "pg_harness: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	snprintf(sql, sizeof(sql), "CREATE DATABASE t%d", ++dbs);
	res = PQexec(conn, sql);
	if (PQresultStatus(res) == PGRES_COMMAND_OK) {
		snprintf(url, size,
			 "postgresql:///t%d?host=%s&port=%d&user=postgres",
			 dbs, dir, port);
		err = 0;
	}
	else {
		fprintf(stderr, "pg_harness: %s", PQerrorMessage(conn));
	}
	PQclear(res);
	PQfinish(conn);
	return err;
}
