/*
 * conn.h — what the pieces of the link to the CTI server share
 * (AGENTBAR-API.md section 2: TCP, one JSON-RPC 2.0 object per line,
 * requests matched to answers by id, a Heartbeat every few seconds). The
 * rest of the SDK sees only bar.h's abi_conn_init / open / close / destroy
 * and abi_call.
 *
 * One I/O thread per initialised bar owns the socket. A caller queues its
 * line, wakes the I/O thread through a pipe and waits on conn.cond for its
 * answer, so a caller may be any thread, including the event thread inside
 * a callback. Lines are framed by lib/common/linebuf, as on the server.
 */
#ifndef AGENTBAR_CONN_H
#define AGENTBAR_CONN_H

#include <sys/types.h>

#include "bar.h"

/* The protocol's limit of a line, newline included. */
enum { ABI_MAX_LINE = 64 * 1024 };

/* conn.c, the link's life (I/O thread): a new socket, a dead one */
void abi_conn_attach(AgentBar *bar, int fd, int index);
/* Close the socket, fail what waits on it; `lost` starts failover,
 * otherwise the SDK closes it on purpose. */
void abi_conn_drop(AgentBar *bar, bool lost);
void abi_conn_set_ready(AgentBar *bar, bool ready);

/* addr.c: conn.server[] from MainCTIIP and BackCTIIP; returns how many */
int  abi_addr_load(AgentBar *bar);
void abi_addr_free(struct abi_conn *c);

/* tcp.c. Connect: the socket, -1 on failure, -2 when wakefd woke first. */
int  abi_tcp_connect(const struct abi_server *srv, int timeout_ms,
		     int wakefd);
/* bytes moved, 0 when the socket cannot now, -1 when the link is gone
 * (logged) */
ssize_t abi_tcp_read(AgentBar *bar, int fd, char *buf, size_t size);
ssize_t abi_tcp_write(AgentBar *bar, int fd, const char *data, size_t len);

/* requests.c (I/O thread): queue an internal request (takes req and
 * params); hand an answer to its request; fail internal requests past
 * their deadline, returning ms to the next one (-1 none); fail all. */
int  abi_conn_send_internal(AgentBar *bar, struct abi_req *req);
void abi_req_answer(AgentBar *bar, json_t *msg, long long id);
long long abi_req_expire(AgentBar *bar);
void abi_req_fail_all(AgentBar *bar);
/* done() of an internal request whose link went away (not a timeout) */
enum { ABI_ERR_LINK_LOST = -1 };

/* heartbeat.c (I/O thread) */
void abi_heartbeat_start(AgentBar *bar);        /* on a new socket */
long long abi_heartbeat_due_in(AgentBar *bar);  /* ms, may be <= 0 */
void abi_heartbeat_tick(AgentBar *bar);

/* io.c: the I/O thread; queue with conn.mu held, then wake it */
int  abi_io_start(AgentBar *bar);
void abi_io_stop(AgentBar *bar);
int  abi_io_queue(struct abi_conn *c, const char *line);
/* What was read from the link: its lines handled (events queued, answers
 * matched); -1 when the link is gone (or was dropped while handling). */
int  abi_io_feed(AgentBar *bar, const char *buf, size_t n);
void abi_io_wake(struct abi_conn *c);

/* failover.c (I/O thread) */
void abi_failover_lost(AgentBar *bar);
void abi_failover_step(AgentBar *bar);

#endif
