/*
 * api_int.h — what the files of src/api/ share: the api object, the
 * per-connection session, and the call context handed to method handlers.
 */
#ifndef CALLCLOUD_API_INT_H
#define CALLCLOUD_API_INT_H

#include <limits.h>
#include <stdbool.h>
#include <jansson.h>
/* Not <re.h>: its re_json.h clashes with jansson (JSON_STRING, JSON_NULL);
 * only the parts of libre used here. */
#include <re_types.h>
#include <re_fmt.h>
#include <re_mem.h>
#include <re_list.h>
#include <re_mbuf.h>
#include <re_sa.h>
#include <re_tmr.h>
#include <re_tcp.h>
#include <re_tls.h>
#include <re_msg.h>
#include <re_http.h>
#include "agentbar_codes.h"
#include "api/api.h"
#include "api/api_ext.h"
#include "api/limits.h"
#include "api/params.h"
#include "api/rpc.h"
#include "store/store.h"

enum { API_MAX_LINE = 65536 };

/* Longest strings the methods accept besides api_ext.h's API_*_MAX, whose
 * ids and DNs fit the directory's STORE_ID_SIZE and names STORE_NAME_SIZE
 * (numbers: as the manual says). */
enum {
	API_PASSWORD_MAX = 128,
	API_LIST_MAX = 4096,
};
_Static_assert(API_ID_MAX == STORE_ID_SIZE - 1, "ids fit the directory");
_Static_assert(API_NAME_MAX == STORE_NAME_SIZE - 1,
	       "names fit the directory");

/* The notifications the API sends: one per AgentStatusT state (index =
 * state; AsUnknownState raises none), then the others (events.c). */
enum { API_EVENT_OTHERS = 5, API_EVENTS = AS_STATE_COUNT + API_EVENT_OTHERS };

/* What /metrics reports of the API itself, since start-up. */
struct api_stats {
	uint64_t *rpc_requests;    /* [dispatch_methods() + 1]: by method in */
	uint64_t *rpc_errors;      /* table order, the last one "unknown";
				      allocated by api_start() */
	uint64_t events[API_EVENTS];
	int64_t start_us;          /* wall clock at api_alloc */
	uint64_t start_jiffies;    /* monotonic, for the uptime */
};

struct api {
	struct api_conf conf;
	char listen_address[64];
	char web_root[PATH_MAX];   /* resolved; "" = no web toolbar */
	struct core *core;
	struct store *st;
	const struct rpc_method **tables;  /* NULL-terminated (dispatch.c) */
	struct list exts;          /* struct ext: api_ext_register() */
	struct list ext_paths;     /* struct ext_path: api_ext_http() */
	struct tcp_sock *ts;
	struct tcp_sock *tls_ts;   /* the agent TLS port; NULL: off */
	struct http_sock *hs;
	struct http_sock *hss;     /* HTTPS; NULL: off */
	struct list sessions;
	struct list monitors;      /* struct monsub: Monitor.Subscribe */
	uint16_t agent_port;
	uint16_t http_port;
	uint16_t agent_tls_port;   /* 0: off */
	uint16_t https_port;       /* 0: off */
	struct api_stats stats;
	struct api_ha ha;          /* api_set_ha() */
	struct lockout *admin_fails;   /* wrong admin passwords per user */
	struct lockout *address_fails; /* wrong passwords per address */
	struct api_lim lim;        /* limits.c */
	struct http_gate *gate;    /* http_gate.c */
};

enum session_kind { SESSION_NONE, SESSION_AGENT, SESSION_ADMIN };

struct outmsg;
struct monsub;
struct skillset;

struct session {
	struct le le;              /* in api->sessions */
	struct api *api;
	struct tcp_conn *tc;       /* agent port or /ws; NULL once closed */
	struct tls_conn *tls;      /* TLS under tc; NULL: plain */
	bool handshaking;          /* agent TLS port: TLS not up yet */
	struct linebuf *lb;        /* agent port: lines */
	struct ws_rx *wsrx;        /* /ws: messages; NULL on the agent port */
	bool ws_done;              /* /ws: Close sent, or the peer is gone */
	struct tmr hb;             /* no line for heartbeat_timeout: lost */
	struct tmr close_tmr;      /* bounds the flush before a close */
	struct list outq;          /* struct outmsg, sent strictly in order */
	size_t outq_bytes;
	struct list deferred;      /* replies waiting on a timer */
	enum session_kind kind;
	struct agent *agent;       /* SESSION_AGENT: owned by the core */
	struct monsub *mon;        /* Monitor.Subscribe; NULL: none */
	bool closing;              /* no more input; close once flushed */
	bool closed;               /* torn down, waiting for the last ref */
	struct session_lim lim;    /* limits.c */
	char peer[64];             /* address:port, for the log */
	char addr[64];             /* address alone: the lock-out's key */
	char admin[API_ID_MAX + 1]; /* SESSION_ADMIN: the user */
};

/* One request being handled. */
struct rpc_call {
	struct session *s;
	struct api *api;
	const struct rpc_method *m;
	struct pval v[PARAMS_MAX];  /* the method's params, in spec order */
	struct outmsg *slot;        /* where the reply goes; NULL: none */
};

/* session.c */
/* A session on the connection from peer waiting on ts, over TLS with
 * tls (the agent TLS port) or plain (NULL: the agent port); EBUSY: over
 * a limit (limits.c). */
int  session_accept(struct api *api, struct tcp_sock *ts, struct tls *tls,
		    const struct sa *peer);
/* Upgrades a checked request (ws_handshake_check: accept) to a session
 * on /ws; recvh gets its bytes. EBUSY: over a limit, nothing sent. */
int  session_accept_ws(struct api *api, struct http_conn *hc,
		       const char *accept, tcp_recv_h *recvh);
/* One request as text (a line, or a WebSocket message). */
void session_input(struct session *s, const char *text, size_t len);
/* The socket under either transport; NULL once closed. */
struct tcp_conn *session_tcp(const struct session *s);
/* Closes a /ws session with a Close frame carrying scode (0: the peer's
 * Close was answered already) once it left, from the loop. */
void session_ws_close(struct session *s, int scode, const char *why);
void session_send(struct session *s, json_t *msg);        /* stolen */
void session_close_after_flush(struct session *s);
/* Drops a connection that cannot take more output, from the loop (never
 * under the caller); why goes to the log. */
void session_drop(struct session *s, const char *why);
void session_close(struct session *s);
/* Reserves the reply's place in the output order (before any event the
 * request causes); NULL id: a notification, no slot. */
struct outmsg *session_slot(struct session *s, json_t *id);
/* Fills a slot with the result (stolen) or a JSON-RPC error. */
void session_fill(struct session *s, struct outmsg *slot, json_t *result);
void session_fill_error(struct session *s, struct outmsg *slot, int code,
			const char *message);
/* Replies to c with result after delay_ms, without blocking the loop;
 * cancelled if the connection goes away first. */
void session_reply_later(struct rpc_call *c, json_t *result,
			 uint32_t delay_ms);

/* dispatch.c */
void dispatch_line(struct session *s, const char *line, size_t len);
/* Fills api->tables with the API's own tables; appends one more (kept,
 * not copied). 0 or ENOMEM. */
int  dispatch_tables_alloc(struct api *api);
int  dispatch_add_table(struct api *api, const struct rpc_method *tab);
/* The known methods, for the counters of /metrics: how many, and the
 * name of the i-th in table order. */
size_t dispatch_methods(const struct api *api);
const char *dispatch_method_name(const struct api *api, size_t i);
/* Counts the result a handler gave c (now or later): an error when its
 * code is not 0. */
void dispatch_count_result(const struct rpc_call *c, const json_t *result);

/* events.c */
/* The name of event i (< API_EVENTS), NULL for none. */
const char *events_name(size_t i);
/* Sends method(params) to s and counts it; params is stolen. */
void events_send(struct session *s, const char *method, json_t *params);

/* monitor.c: the fan-out of Monitor.Subscribe */
/* Subscribes s (again: replaces its skills); 0 or ENOMEM. */
int  monitor_subscribe(struct session *s, const struct skillset *skills);
void monitor_unsubscribe(struct session *s);            /* idempotent */
/* An agent's state event, already sent to owner (which may be NULL):
 * to every other subscriber covering one of the agent's skills. params
 * is borrowed. */
void monitor_state(struct api *api, const void *owner, const char *method,
		   json_t *params, const char *agent_id);
/* OnQueueChanged to the subscribers of skill. */
void monitor_queue_changed(struct api *api, const char *skill);

/* http.c: the HTTP port, and the HTTPS port when it is on */
int http_start(struct api *api);

/* http_gate.c: the HTTP ports' per-source count and header timeout */
struct http_gate;
/* Starts the sweep of the HTTP ports' connections (once they listen). */
int  http_gate_start(struct api *api);
/* hc made a whole request: its headers were in time. */
void http_gate_served(struct api *api, struct http_conn *hc);
/* api.c: what the listeners share */
/* The listen address with port, or an error logged. */
int  api_laddr(const struct api *api, struct sa *laddr, uint16_t port);
/* After a listen on port *port that went as err says: the accept queue
 * as long as the kernel allows, for the storm of reconnections after a
 * failover (libre listens with 5, and a full queue turns bars away for
 * whole seconds of SYN retries), and *port the port bound; an error is
 * logged naming what. */
int  api_listening(const struct api *api, int err, struct tcp_sock *ts,
		   const char *what, uint16_t *port);
/* A session on the connection waiting on ts (tls: over TLS), or the
 * connection from peer refused and logged. */
void api_accept(struct api *api, struct tcp_sock *ts, struct tls *tls,
		const struct sa *peer);

/* tls_port.c: the agent TLS port, when it is on */
int  tls_port_start(struct api *api);
/* The headers every response carries (for %H). */
int http_security_headers(struct re_printf *pf, const struct api *api);

/* ws.c: GET /ws, checked and upgraded to a session. */
void ws_upgrade(struct api *api, struct http_conn *hc,
		const struct http_msg *msg);

/* ext_http.c: a path registered with api_ext_http() is served by its
 * handler; false: no such path. */
bool ext_http_serve(struct api *api, struct http_conn *hc,
		    const struct http_msg *msg);

/* metrics.c: GET /metrics, the Prometheus text format */
void metrics_reply(struct api *api, struct http_conn *hc);
/* The formatting helpers, for %H (pure, unit-tested): a label value with
 * \\, \" and \n escaped and invalid UTF-8 replaced by U+FFFD; the
 * lower_snake_case name of an AgentStatusT ("AsHalfAlertingState" →
 * "half_alerting"). */
int  metrics_label_value(struct re_printf *pf, const char *value);
int  metrics_state_name(char *buf, size_t size, int status);

/* files.c */
/* Resolves the web root once; 0, or an errno (then nothing is served). */
int  files_root(struct api *api, const char *dir);
void files_serve(struct api *api, struct http_conn *hc,
		 const struct http_msg *msg);

/* pwguard.c: the lock-outs of passwords tried on a connection (the
 * agents' per-id one is the core's). user: the admin user, NULL for an
 * agent's SignIn. */
bool pwguard_locked(const struct session *s, const char *user);
void pwguard_failed(struct session *s, const char *user);
void pwguard_passed(struct session *s, const char *user);

/* Shared by the Admin.* files (m_admin.c). */
/* A store error as a result; 0 also tells the core the directory changed.
 * notfound: the code for ENOENT, or 0 for ArFailed "<what> does not
 * exist". */
json_t *admin_store_result(struct api *api, int err, int notfound,
			   const char *what);
json_t *admin_data(json_t *data);              /* {"code":0,"data":data} */
json_t *admin_invalid(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));  /* ArInvalidParam */
/* A directory key (id, DN, skill, access number): not empty, no control
 * characters, none of ",;=" (list and ServiceList separators), no spaces
 * at either end. */
bool admin_key_ok(const char *s);
void admin_copy(char *dst, size_t size, const char *src);
/* The agent (c->v[0], read into a) and the skill (c->v[1]) exist: NULL,
 * else the answer saying which does not. */
json_t *admin_agent_skill(struct rpc_call *c, struct dir_agent *a);
/* The admin user's password (m_admin_account.c): a result {"code":0} when right,
 * else the refusal, or NULL when it is sent later. */
json_t *admin_check_password(struct rpc_call *c, const char *user,
			     const char *raw, const char *password,
			     const char *what);

/* The method tables (m_*.c). */
extern const struct rpc_method m_agent_methods[];
extern const struct rpc_method m_call_methods[];
extern const struct rpc_method m_callctl_methods[];
extern const struct rpc_method m_consult_methods[];
extern const struct rpc_method m_supervisor_methods[];
extern const struct rpc_method m_monitor_methods[];
extern const struct rpc_method m_query_methods[];
extern const struct rpc_method m_admin_methods[];
extern const struct rpc_method m_admin_skill_methods[];
extern const struct rpc_method m_admin_route_methods[];
extern const struct rpc_method m_admin_ivr_methods[];
extern const struct rpc_method m_admin_cdr_methods[];
extern const struct rpc_method m_admin_monitor_methods[];
extern const struct rpc_method m_admin_account_methods[];

#endif
