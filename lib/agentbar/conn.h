/*
 * conn.h — what the pieces of the link to the CTI server share
 * (AGENTBAR-API.md section 2: TCP, or TLS over it for a tls:// server,
 * one JSON-RPC 2.0 object per line, requests matched to answers by id, a
 * Heartbeat every few seconds). The rest of the SDK sees only bar.h's
 * abi_conn_init / open / close / destroy and abi_call.
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

/* conn.c, the link's life (I/O thread): a new socket (with its TLS
 * session for a tls:// server, else NULL), a dead one */
void abi_conn_attach(AgentBar *bar, int fd, struct ssl_st *ssl, int index);
/* Close the socket, fail what waits on it; `lost` starts failover,
 * otherwise the SDK closes it on purpose. */
void abi_conn_drop(AgentBar *bar, bool lost);
void abi_conn_set_ready(AgentBar *bar, bool ready);

/* addr.c: conn.server[] from MainCTIIP and BackCTIIP; returns how many */
int  abi_addr_load(AgentBar *bar);
void abi_addr_free(struct abi_conn *c);

/* link.c: the transport to server[index], plain TCP (tcp.c) or TLS
 * (tls.c); the rest of the SDK goes through these alone. Connect within
 * timeout_ms: 0 with *fd and *ssl (NULL for plain), -1 on failure, -2 when
 * wakefd woke first. Read and write: bytes moved, 0 when the link cannot
 * now, -1 when it is gone (logged). Events: what to poll the socket for;
 * pending: input already decrypted, which poll cannot see. Close: with
 * `clean` a TLS session says goodbye (close_notify) first. */
int  abi_link_connect(AgentBar *bar, int index, int timeout_ms, int wakefd,
		      int *fd, struct ssl_st **ssl);
ssize_t abi_link_read(AgentBar *bar, char *buf, size_t size);
ssize_t abi_link_write(AgentBar *bar, const char *data, size_t len);
short abi_link_events(const struct abi_conn *c, bool output);
bool abi_link_pending(const struct abi_conn *c);
void abi_link_close(struct abi_conn *c, bool clean);

/* tcp.c. Wait until fd is ready for `events`: 0, -1 at the deadline
 * (monotonic ms) or on error, -2 when wakefd (if >= 0) woke first.
 * Connect: the socket, -1 on failure, -2 when wakefd woke first. */
int  abi_wait_fd(int fd, short events, int wakefd, long long deadline);
int  abi_tcp_connect(const struct abi_server *srv, long long deadline,
		     int wakefd);
ssize_t abi_tcp_read(AgentBar *bar, int fd, char *buf, size_t size);
ssize_t abi_tcp_write(AgentBar *bar, int fd, const char *data, size_t len);

/* tls_verify.c: the TLS context of the bar's tls:// servers, from
 * TLSCAFile / TLSFingerprint (read by Initial): 0, or -1 when it cannot
 * be made (logged); nothing without a tls:// server. */
int  abi_tls_load(AgentBar *bar);
void abi_tls_free(struct abi_conn *c);
/* a new session for srv, verified as above; NULL out of memory */
struct ssl_st *abi_tls_session(AgentBar *bar, const struct abi_server *srv);
/* tls.c: the handshake on a connected socket, verifying the server as
 * tls_verify.c set up, within the deadline: 0 with *ssl, -1 refused or
 * failed (logged), -2 when wakefd woke first. Then the session's I/O. */
int  abi_tls_connect(AgentBar *bar, const struct abi_server *srv, int fd,
		     long long deadline, int wakefd, struct ssl_st **ssl);
ssize_t abi_tls_read(AgentBar *bar, char *buf, size_t size);
ssize_t abi_tls_write(AgentBar *bar, const char *data, size_t len);
void abi_tls_close(struct ssl_st *ssl, bool clean);
/* tls_bio.c: a BIO on fd that writes with MSG_NOSIGNAL (OpenSSL's own
 * socket BIO would raise SIGPIPE in the application); NULL out of memory */
struct bio_st *abi_tls_bio(int fd);

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
