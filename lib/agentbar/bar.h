/*
 * bar.h — libagentbar's private definitions: struct AgentBar and the
 * functions its files share. Not installed; agentbar.h is the public API.
 *
 * Threads: the application's threads call methods; one I/O thread per
 * initialised bar owns the socket (io.c, failover.c); one event thread
 * per bar delivers events (events.c). Lock order: lifecycle, then mu, then
 * conn.mu or evq.mu; no lock is held while a user callback runs.
 */
#ifndef AGENTBAR_BAR_H
#define AGENTBAR_BAR_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>

#include <jansson.h>

#include "agentbar.h"

/* Properties (manual 3.1) kept in storage; IsInitial and IsSignIn are
 * computed from the bar's state instead. */
#define ABI_STRING_PROPERTIES(X) \
	X(AgentID) X(PassWord) X(DN) X(ServiceList) X(MainCTIIP) \
	X(BackCTIIP) X(SIPServerIP) X(PhoneNum) X(PhonePwd) X(AgentTag) \
	X(CustomerTag) X(AnyProperty)

/* name, default, min, max, boolean (any non-zero value reads back as 1) */
#define ABI_LONG_PROPERTIES(X) \
	X(StatusChangeType, 0, 0, 1, false) \
	X(AutoAnswer, 1, 0, 1, true) \
	X(ForceSignIn, 1, 0, 1, true) \
	X(CTIPort, 10000, 1, 65535, false) \
	X(TimeOut, 3000, 1, 3600000, false) \
	X(IsSIPPhone, 0, 0, 1, true) \
	X(SIPServerPort, 5060, 1, 65535, false) \
	X(ANISChangeType, 0, LONG_MIN, LONG_MAX, false) \
	X(IsShowCallOut, 1, 0, 1, true) \
	X(IsCallOut, 1, 0, 1, true) \
	X(LogLevel, 2, 0, 3, false) \
	X(EnableSeniorCall, 1, 0, 1, true)

/* Extensions, set and read by name only (no typed accessors): the
 * integrated softphone's local SIP port and its sound, and how a tls://
 * server's certificate is verified (docs/agentbar-c.md). */
#define ABI_EXT_STRING_PROPERTIES(X) \
	X(PhoneAudioIn) X(PhoneAudioOut) X(PhoneAlsaDevice) \
	X(TLSCAFile) X(TLSFingerprint)
#define ABI_EXT_LONG_PROPERTIES(X) \
	X(PhoneSIPPort, 0, 0, 65535, false)

#define ABI_STR_ENUM(P) ABI_S_##P,
#define ABI_LONG_ENUM(P, d, lo, hi, b) ABI_L_##P,
enum abi_str_prop {
	ABI_STRING_PROPERTIES(ABI_STR_ENUM)
	ABI_EXT_STRING_PROPERTIES(ABI_STR_ENUM)
	ABI_NSTR
};
enum abi_long_prop {
	ABI_LONG_PROPERTIES(ABI_LONG_ENUM)
	ABI_EXT_LONG_PROPERTIES(ABI_LONG_ENUM)
	ABI_NLONG
};
#undef ABI_STR_ENUM
#undef ABI_LONG_ENUM

enum abi_log_level { ABI_ERROR = 0, ABI_WARN, ABI_TRACE, ABI_DEBUG };

/* Intervals of the connection machinery, in ms (timers.h sets them). */
struct abi_timers {
	int heartbeat_ms;      /* a Heartbeat request every this often */
	int heartbeat_misses;  /* this many unanswered = connection lost */
	int backoff_min_ms;    /* first pause between reconnect rounds */
	int backoff_max_ms;    /* the pause doubles up to this */
};

/* ---- the connection (its files: conn.h) ------------------------------- */

struct abi_req;
struct linebuf;
typedef void (abi_apply_fn)(AgentBar *bar, struct abi_req *req,
			    json_t *result);
typedef void (abi_done_fn)(AgentBar *bar, struct abi_req *req, int err,
			   json_t *result);

/* One request waiting for its answer. A caller's request lives on the
 * caller's stack; an internal one (heartbeat, re-sign-in) is allocated
 * and finished by `done` on the I/O thread. */
struct abi_req {
	struct abi_req *next;
	long long id;
	const char *method;
	json_t *params;
	abi_apply_fn *apply;   /* on the I/O thread, in wire order */
	abi_done_fn *done;     /* internal requests only */
	long long deadline;    /* internal requests: monotonic ms, 0 none */
	bool finished;
	int err;               /* AGENTBARERROR when no usable result */
	json_t *result;
};

#define ABI_MAX_SERVERS 2

struct abi_server {
	char *host;
	int port;
	bool tls;                   /* tls:// in MainCTIIP / BackCTIIP */
};

struct ssl_st;
struct abi_tls;

struct abi_conn {
	pthread_mutex_t mu;         /* everything up to `pending` */
	pthread_cond_t cond;        /* a caller's request finished */
	bool stop;
	bool ready;                 /* requests of callers are accepted */
	struct abi_req *pending;
	char *out;                  /* lines waiting to be written */
	size_t outlen, outcap;
	long long next_id;

	/* set by abi_conn_open, then owned by the I/O thread */
	pthread_t thread;
	bool running;
	int wake[2];                /* pipe: a caller queued output, or stop */
	int fd;                     /* -1 while disconnected */
	struct ssl_st *ssl;         /* the TLS session on fd; NULL plain */
	/* tls.c: the last SSL_read waits for the socket to take output, the
	 * last SSL_write for it to have input (TLS talks both ways) */
	bool tls_read_on_out, tls_write_on_in;
	struct abi_tls *tls;        /* tls_verify.c: with a tls:// server */
	struct abi_server server[ABI_MAX_SERVERS];
	int nservers;
	int current;                /* index of the server connected to */
	struct linebuf *in;         /* partial input line */
	long long connected_at;     /* monotonic ms */
	long long next_heartbeat;
	int unanswered;             /* heartbeats sent without a reply */

	/* failover (failover.c, I/O thread only) */
	bool recovering;            /* OnCTIDisconnect raised, not yet over */
	int lost_server;            /* where the bar was when the link died */
	int backoff_ms;
	long long retry_at;
	int relogin_tries;          /* re-sign-ins answered ArNotMaster or
				       not at all, this episode */
	int first_server;           /* where the next round of connecting
				       starts: the standby that said
				       ArNotMaster, or the server after one
				       that did not answer (hung) */
};

/* ---- the event queue (events.c) --------------------------------------- */

struct abi_event;
struct abi_phone;

struct abi_evq {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	pthread_mutex_t deliver;    /* recursive: keeps delivery in order */
	struct abi_event *head, *tail;
	bool manual;                /* DispatchMode "manual" */
	bool stop;
	pthread_t thread;
};

struct AgentBar {
	pthread_mutex_t lifecycle;  /* Initial / UnInitial one at a time */
	pthread_mutex_t mu;         /* the fields below up to `conn` */
	char *str[ABI_NSTR];
	long num[ABI_NLONG];
	bool initialised;
	bool signed_in;
	int status;                 /* AgentStatusT, as last received */
	int shown_status;           /* as last delivered to the application */
	int last_error;
	long long cti_offset_us;
	/* What the last good SignIn sent; kept while a reconnect should sign
	 * the agent back in (signed in, or signed out by a server that is
	 * shutting down or handing over to its backup). */
	json_t *signin_params;
	/* what the re-sign-in resumes (resume.c): AgentStatusT, or
	 * AsUnknownState for the server to decide; the last rest reason set */
	int resume_status;
	char rest_reason[65];
	AgentBarEvents events;
	void *ctx;
	struct abi_timers timers;
	int loglevel;               /* copy of LogLevel read without mu */

	struct abi_conn conn;
	struct abi_evq evq;

	/* the integrated softphone (IsSIPPhone), from Initial to UnInitial;
	 * phone_mu keeps its commands one at a time and `phone` alive */
	pthread_mutex_t phone_mu;
	struct abi_phone *phone;
};

/* log.c */
void abi_log(AgentBar *bar, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
long long abi_now_us(void);     /* wall clock, microseconds */
long long abi_mono_ms(void);    /* monotonic clock, milliseconds */

/* properties.c */
void abi_props_init(AgentBar *bar);
void abi_props_free(AgentBar *bar);
long abi_get_long(AgentBar *bar, enum abi_long_prop p);
/* a copy of a string property, to be freed; NULL when out of memory */
char *abi_get_str(AgentBar *bar, enum abi_str_prop p);

/* tls_verify.c: a SHA-256 fingerprint ("AB:CD:...": 64 hex digits, any
 * case, a colon between two bytes or none) into out (may be NULL); 0, or
 * -1 when s is not one */
enum { ABI_FINGERPRINT_LEN = 32 };
int  abi_tls_parse_fingerprint(const char *s, unsigned char *out);

/* conn.c */
int  abi_conn_init(AgentBar *bar);
void abi_conn_destroy(AgentBar *bar);
int  abi_conn_open(AgentBar *bar);     /* 0 or BGCC_CLIENTPROXYFAIL */
void abi_conn_close(AgentBar *bar);
/* requests.c: send a request and wait for the answer, at most TimeOut.
 * Takes params. Returns the result's code (result in *result if wanted) or
 * an AGENTBARERROR. */
int  abi_call(AgentBar *bar, const char *method, json_t *params,
	      abi_apply_fn *apply, json_t **result);

/* events.c */
int  abi_evq_init(AgentBar *bar);
void abi_evq_destroy(AgentBar *bar);
void abi_evq_set_manual(AgentBar *bar, bool manual);
bool abi_evq_is_manual(AgentBar *bar);
void abi_event_from_wire(AgentBar *bar, const char *method, json_t *params);
/* OnCTIDisconnect / OnMasterChanged / OnOperationFailed by the SDK */
void abi_event_raise(AgentBar *bar, const char *name, int reason);
bool abi_in_callback(void);
void abi_callback_enter(void);
void abi_callback_leave(void);

/* phone.c: the integrated softphone (IsSIPPhone). Each returns 0 or
 * AGENTBARERROR_SOFTPHONE_ERROR; start and stop under `lifecycle`. */
int  abi_phone_start(AgentBar *bar);
int  abi_phone_stop(AgentBar *bar);
bool abi_phone_on(AgentBar *bar);
int  abi_phone_register(AgentBar *bar);
int  abi_phone_unregister(AgentBar *bar);
int  abi_phone_answer(AgentBar *bar);

/* resume.c, with mu held: a state event of the agent (resumable: an
 * OnUnLogin a failover undoes), a rest reason set, and the SignIn params
 * of a re-sign-in (0, or -1 out of memory) */
void abi_resume_track(AgentBar *bar, int status, int reason, bool resumable);
void abi_resume_rest_reason(AgentBar *bar, const char *reason);
int  abi_resume_add(AgentBar *bar, json_t *params);

/* checks.c */
int abi_check(AgentBar *bar, const char *method);

/* invoke.c: checks, then one round trip; each sets ab_LastError().
 * params may be NULL when building them failed (ArInvalidParam). */
int   abi_invoke(AgentBar *bar, const char *method, json_t *params,
		 abi_apply_fn *apply, json_t **result);
/* the answer's "data"; is_json: it must parse as JSON */
char *abi_invoke_str(AgentBar *bar, const char *method, json_t *params,
		     bool is_json);
/* the answer's "value" (>= 0), or an AGENTBARERROR */
int   abi_invoke_value(AgentBar *bar, const char *method, json_t *params,
		       abi_apply_fn *apply);
/* a method refused before any round trip: frees params, records rc */
int   abi_refuse(AgentBar *bar, const char *method, json_t *params, int rc);
void  abi_set_last_error(AgentBar *bar, int code);
json_t *abi_str(const char *s);   /* JSON string of s ("" for NULL) */

#endif
