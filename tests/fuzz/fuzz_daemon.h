/*
 * fuzz_daemon.h — the daemon of src/main.c in one call, for the targets
 * that feed its API (fuzz_rpc.c, fuzz_http.c): the demo directory in an
 * in-memory SQLite store, the sim switch with its Sim.* methods, the core
 * and the API listening on 127.0.0.1 (any free ports). A fresh one per
 * input, so an input's effects (agents signed in, calls, directory edits)
 * never reach the next and every crash replays from its input alone.
 */
#ifndef FUZZ_DAEMON_H
#define FUZZ_DAEMON_H

struct fuzz_daemon {
	struct store *st;
	struct sw *sw;
	struct core *core;
	struct api *api;
};

/* Starts it all; aborts on failure (the target cannot run without it). */
void fuzz_daemon_start(struct fuzz_daemon *d);
/* As main.c's stop(): sign-outs, hang-ups, CDRs, then everything freed. */
void fuzz_daemon_stop(struct fuzz_daemon *d);

#endif
