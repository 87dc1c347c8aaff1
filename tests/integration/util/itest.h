/*
 * itest.h — the integration-test harness: runs the real callcloud daemon
 * and talks JSON-RPC to it over TCP, as an agent bar or an admin console.
 *
 * Daemon
 *   struct daemon d;
 *   daemon_start(&d, NULL);         // defaults below; fails the test if
 *                                   // no ready line within 10 s
 *   ... d.agent_port, d.http_port ...
 *   daemon_stop(&d);                // SIGTERM, waits up to 10 s, fails the
 *                                   // test unless the exit status is 0
 *   daemon_cleanup(&d);             // removes the temp dir (kept when the
 *                                   // environment has ITEST_KEEP=1)
 *
 *   Each daemon runs in its own temp dir (/tmp/itest-XXXXXX) holding
 *   callcloud.ini (weak password hashing so tests are fast: pwhash_ops 1,
 *   pwhash_mem_kib 8, signin_fail_delay_ms 50, listen_address 127.0.0.1),
 *   cc.db and stderr.log (the daemon's log). It runs
 *     callcloud -c callcloud.ini --db cc.db --agent-port P --http-port H
 *               --switch sim|sip --demo --log-level N [extra args]
 *   Ports are 0 (any free port) unless given; the ports the daemon chose
 *   are parsed from its ready line (a switch node's, with extra_args
 *   "--role", "switch", has agent=0 http=0 and gives d.node_port; nodec.h
 *   speaks its protocol). daemon_kill9() simulates a crash;
 *   daemon_restart() starts it again in the same dir, on the same ports,
 *   with the same database (failover and persistence tests).
 *
 * Client
 *   struct rc *c = rc_connect(d.agent_port);   // fails the test on error
 *   json_t *r = rc_call(c, "SignIn", json_pack(...));  // params stolen
 *   rc_code(r) ...; json_decref(r);
 *   json_t *ev = rc_wait_event(c, "OnReady", 2000);    // its params
 *   rc_close(c);
 *
 *   rc_call() returns the "result" object of the reply, or NULL (test not
 *   failed) when the reply is a JSON-RPC error; rc_last_error(c) then
 *   gives its code and message. Notifications that arrive while waiting
 *   are queued for rc_wait_event(); requests time out after
 *   ITEST_TIMEOUT_MS (fails the test). Every wait is bounded.
 *
 *   For malformed input: rc_send_raw() writes bytes as they are,
 *   rc_read_msg() reads the next message (reply or notification) whatever
 *   it is, rc_read_line() the next raw line, rc_wait_closed() waits for the
 *   server to close the connection.
 *
 * Helpers for common steps are at the end (one daemon for a test group,
 * admin login, sim calls, sign-in).
 */
#ifndef ITEST_H
#define ITEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>
#include <openssl/ssl.h>

enum { ITEST_TIMEOUT_MS = 5000, ITEST_READY_TIMEOUT_MS = 10000 };

struct daemon_opts {
	int log_level;            /* default 2 */
	int heartbeat_timeout;    /* s; default 30 */
	uint16_t agent_port;      /* default 0: any free port */
	uint16_t http_port;       /* default 0 */
	bool no_demo;             /* start without --demo */
	bool sip;                 /* --switch sip --sip-port 0 (ready line
				     gives d.sip_port; trunk 127.0.0.1) */
	const char *extra_ini;    /* appended to callcloud.ini, e.g.
				     "[acd]\nsignin_lockout = 1\n"; a key
				     given again overrides the harness's */
	const char *const *extra_args; /* NULL-terminated */
};

struct daemon {
	pid_t pid;                /* 0 when not running */
	char dir[64];
	char conf[128], db[128], log[128];
	uint16_t agent_port, http_port, sip_port;
	uint16_t node_port;       /* --role switch: from "node=" (else 0) */
	uint16_t agent_tls_port;  /* "agent_tls=", "https=": the TLS ports */
	uint16_t https_port;      /* when on (extra_args), else 0 */
	uint16_t sips_port;       /* SIP over TLS: "sips=", else 0 */
	struct daemon_opts opts;
	const char *extra_args[16];
	int outfd;                /* its stdout (kept open: no SIGPIPE) */
};

void daemon_start(struct daemon *d, const struct daemon_opts *o);
void daemon_restart(struct daemon *d);   /* same dir, ports and database */
void daemon_stop(struct daemon *d);      /* SIGTERM; exit status must be 0 */
void daemon_kill9(struct daemon *d);
void daemon_cleanup(struct daemon *d);
bool daemon_alive(struct daemon *d);
/* Does the daemon's stderr log contain needle? */
bool daemon_log_contains(const struct daemon *d, const char *needle);

/* Waits up to timeout_ms for a child; its wait status, or -1. */
int itest_wait_exit(pid_t pid, int timeout_ms);

/* Runs callcloud with args (NULL-terminated; argv[0] is added) in a
 * fresh temp dir, without waiting for a ready line: for start-up failures
 * and --help. Returns the exit status (or -1 if it had to be killed after
 * timeout_ms); its stdout and stderr together in out (NUL-terminated). */
int itest_run(const char *const *args, char *out, size_t outsize,
	      int timeout_ms);

/* CLOCK_MONOTONIC in ms; a sleep that resumes after signals; rm -r;
 * the last 4 KiB of a log to stderr; does a text file hold needle? */
int64_t itest_now_ms(void);
void itest_sleep_ms(int ms);
void itest_remove_dir(const char *dir);
void itest_print_tail(const char *path);
bool itest_file_contains(const char *path, const char *needle);

/* ---- JSON-RPC client ---------------------------------------------------- */

struct rc;

struct rc *rc_connect(uint16_t port);      /* 127.0.0.1; fails the test */
struct rc *rc_connect_to(const char *ip, uint16_t port);
/* Over TLS (the agent TLS port), the certificate checked against ca_file
 * for 127.0.0.1; fails the test if the handshake does. */
struct rc *rc_connect_tls(uint16_t port, const char *ca_file);
/* From the source address src (another loopback address stands for
 * another host); NULL: the system's choice. */
struct rc *rc_connect_from(const char *src, const char *ip, uint16_t port);
void rc_close(struct rc *c);

json_t *rc_call(struct rc *c, const char *method, json_t *params);
json_t *rc_call_timeout(struct rc *c, const char *method, json_t *params,
			int timeout_ms);
/* The JSON-RPC error of the last rc_call (0 if it had a result). */
int rc_last_error(const struct rc *c);
const char *rc_last_error_message(const struct rc *c);
/* "code" of a result, -1 if result is NULL or has none. */
int rc_code(const json_t *result);
/* "data" of a result as a string ("" if none); the JSON in it parsed. */
const char *rc_data(const json_t *result);
json_t *rc_data_json(const json_t *result);   /* new reference or NULL */

/* Waits for a notification named method (queued ones first; others stay
 * queued); returns its params (new reference) or NULL on timeout. */
json_t *rc_wait_event(struct rc *c, const char *method, int timeout_ms);
/* Drops every queued notification, and whatever arrives within ms. */
void rc_drain(struct rc *c, int ms);
size_t rc_pending_events(const struct rc *c);

void rc_send_raw(struct rc *c, const void *data, size_t len);
void rc_send_str(struct rc *c, const char *s);
/* Next complete line (without '\n'), malloc()ed, NULL on timeout/EOF. */
char *rc_read_line(struct rc *c, int timeout_ms);
/* Next message parsed, NULL on timeout/EOF. */
json_t *rc_read_msg(struct rc *c, int timeout_ms);
/* True once the server closed the connection (within timeout_ms). */
bool rc_wait_closed(struct rc *c, int timeout_ms);

/* ---- helpers (each fails the test if the daemon does not answer) ---- */

/* One daemon with the defaults for a whole cmocka group:
 *   cmocka_run_group_tests(tests, itest_daemon_setup,
 *                          itest_daemon_teardown);
 * the tests reach it as itest_daemon. */
extern struct daemon itest_daemon;
int itest_daemon_setup(void **state);
int itest_daemon_teardown(void **state);

/* Admin.Login as admin/admin; returns the code. */
int itest_admin_login(struct rc *c);
/* A connection to d logged in as admin (fails the test otherwise). */
struct rc *itest_admin(const struct daemon *d);
/* daemon_start(d, o) and an admin connection to it; itest_stop_admin()
 * closes that connection and stops and removes d. */
struct rc *itest_start_admin(struct daemon *d, const struct daemon_opts *o);
void itest_stop_admin(struct daemon *d, struct rc *admin);
/* Sim.InboundCall; call_id gets "sim-N"; returns the code. */
int itest_sim_inbound(struct rc *admin, const char *ani, const char *dnis,
		      char *call_id, size_t size);
int itest_sim_answer(struct rc *admin, const char *party);
int itest_sim_hangup(struct rc *admin, const char *party);
/* SignIn of a demo agent (password <id>123, AutoAnswer 0): returns the
 * code. skills NULL: "示例=1;投诉=1;咨询=1". */
int itest_signin(struct rc *c, const char *agent, const char *dn,
		 const char *skills);
/* SignIn with every field given (StatusChangeType 0): returns the code. */
int itest_signin_with(struct rc *c, const char *agent, const char *password,
		      const char *dn, const char *skills, bool force,
		      bool autoanswer);
/* Calls method; fails the test on a JSON-RPC error; returns the code. */
int itest_code(struct rc *c, const char *method, json_t *params);
/* A string ("" if absent) or integer (0) member of an object. */
const char *itest_str(const json_t *o, const char *key);
long long itest_int(const json_t *o, const char *key);
/* Waits for an event (fails the test after ITEST_TIMEOUT_MS), checks its
 * reason unless -1; returns its params (new reference) or drops them. */
json_t *itest_expect(struct rc *c, const char *event, int reason);
void itest_expect_drop(struct rc *c, const char *event, int reason);
/* itest_expect_drop that also checks the event's eventID. */
void itest_expect_id(struct rc *c, const char *event, int reason,
		     int event_id);
/* The CDR rows of call_id (Admin.ListCDR's latest 50, newest first) over
 * an admin connection; new reference. */
json_t *itest_cdr_rows(struct rc *admin, const char *call_id);
/* The row of agent among rows, NULL if none (borrowed). */
json_t *itest_cdr_row(json_t *rows, const char *agent);

/* Monitor.Subscribe with skills_json (a JSON array's text; NULL: no
 * skills param); returns the code. */
int itest_subscribe(struct rc *c, const char *skills_json);

/* Heartbeat answered ArSuccess (the connection is usable). */
bool itest_heartbeat_ok(struct rc *c);

/* ---- TLS (tlsc.c) ------------------------------------------------------- */

/* A blocking TCP connection to 127.0.0.1:port, its reads and writes
 * bounded by ITEST_TIMEOUT_MS; fails the test if it cannot connect. */
int  itest_tcp_connect(uint16_t port);
/* The client's handshake on fd, the server's certificate checked against
 * ca_file (PEM) for the IP 127.0.0.1; max_version (TLS1_1_VERSION ...)
 * plays an old client, 0 none. NULL when the handshake fails. */
SSL *itest_tls(int fd, const char *ca_file, int max_version);
/* > 0 bytes read, 0 closed, -1 nothing within the timeout. */
ssize_t itest_tls_read(SSL *ssl, void *buf, size_t size);
bool itest_tls_write(SSL *ssl, const void *p, size_t n);
void itest_tls_close(SSL *ssl);       /* close_notify and free; NULL ok */

/* ---- HTTP (http.c) ------------------------------------------------------ */

/* Sends request (a whole HTTP/1.1 request) to 127.0.0.1:port on a new
 * connection and reads the response into buf (NUL-terminated, cut at
 * size); returns its status, -1 if none came. body (may be NULL) gets
 * where the body starts in buf. */
int itest_http(uint16_t port, const char *request, char *buf, size_t size,
	       const char **body);
/* The same over HTTPS, the certificate checked as itest_tls() does. */
int itest_https(uint16_t port, const char *ca_file, const char *request,
		char *buf, size_t size, const char **body);
/* The body of GET path, which must answer 200 (fails the test). */
const char *itest_http_get(uint16_t port, const char *path, char *buf,
			   size_t size);

/* The first table under the line heading (e.g. "## Who may do what") of
 * the Markdown file path: an array of rows (header and --- line left
 * out), each an array of its cells' text, trimmed (mdtable.c). Fails the
 * test when there is none. */
json_t *itest_md_table(const char *path, const char *heading);

#endif
