/*
 * rpc.h — the benchmarks' minimal JSON-RPC client over the agent port:
 * blocking requests (sign-in, admin login) and non-blocking pumping of
 * whatever the daemon sends (events). Exits the benchmark on any I/O
 * error: a benchmark that lost its connection has nothing to report.
 */
#ifndef BENCH_RPC_H
#define BENCH_RPC_H

#include <stddef.h>

/* jansson's json_t, named so that this header mixes with libre's re.h
 * (the two clash on JSON_* names) */
struct json_t;

enum { RPC_BUF = 1 << 16 };

struct rpc {
	int fd;
	char buf[RPC_BUF];
	size_t len;
	int next_id;
};

typedef void (rpc_msg_h)(struct rpc *c, struct json_t *msg, void *arg);

void rpc_dial(struct rpc *c, int port);
/* Sends a request (params stolen; NULL = {}) without waiting. */
void rpc_send(struct rpc *c, const char *method, struct json_t *params);
/* Sends a request and waits for its reply; returns its result.code. */
int  rpc_call(struct rpc *c, const char *method, struct json_t *params);
/* Reads what is there and calls h for each complete message. */
void rpc_pump(struct rpc *c, rpc_msg_h *h, void *arg);
/* Signs agents 2001.. in on DNs 1880.. with skill 示例 and AutoAnswer;
 * exits on failure. */
void rpc_signin_agents(struct rpc *agents, int n, int port);

#endif
