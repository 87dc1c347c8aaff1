/*
 * nodectl.h — the benchmarks' client of a switch node's control
 * connection (docs/switch-protocol.md "Control connections"): the sim's
 * customers and the node's leg report. Blocking; exits the benchmark on
 * any I/O error, as rpc.h does.
 */
#ifndef BENCH_NODECTL_H
#define BENCH_NODECTL_H

#include <stddef.h>

/* jansson's json_t, named so that this header mixes with libre's re.h */
struct json_t;

struct nodectl;

/* Connects to the node on loopback and says hello as a control
 * connection; returns once the node's view (welcome ... synced) is read. */
struct nodectl *nodectl_open(int port);
void nodectl_close(struct nodectl *c);
/* The customers' legs (direction "in") of the leg report read at open. */
size_t nodectl_customers(const struct nodectl *c);
/* A ctl op with params' members (stolen, NULL = none); its reply. */
struct json_t *nodectl_op(struct nodectl *c, const char *op,
			  struct json_t *params);

#endif
