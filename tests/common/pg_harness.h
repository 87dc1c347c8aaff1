/*
 * pg_harness.h — a throw-away PostgreSQL 15 cluster for tests: initdb in a
 * temporary directory, the server on a unix socket there (no TCP), a fresh
 * database per caller, and everything stopped and removed at exit (also
 * when a test fails).
 */
#ifndef CALLCLOUD_PG_HARNESS_H
#define CALLCLOUD_PG_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

/* Starts the cluster once per process; false (with the reason on stderr)
 * when it cannot. */
bool pg_harness_start(void);
/* A new empty database's URL into url. 0 or -1. */
int  pg_harness_newdb(char *url, size_t size);
/* Stops and starts the server (the database going away); starting a
 * running one does nothing. */
int  pg_harness_stop(void);
int  pg_harness_restart(void);
/* The cluster's directory (its socket lives there). */
const char *pg_harness_dir(void);

#endif
