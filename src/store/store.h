/*
 * store.h — the directory (agents, skills, permissions, phones, routes, rest
 * reasons, admin users) and the CDR, behind one interface. SQLite is the
 * default backend (store/sqlite.c); a postgresql:// URL chooses PostgreSQL
 * (store/pg.c) with the same schema and the same answers.
 *
 * All calls run on the main loop; each is one short statement on an
 * indexed table. On PostgreSQL a call waits at most a few seconds for the
 * server (then EIO), and CDR writes never wait: a writer thread takes them,
 * and keeps them in a journal file while the server is away. Strings in
 * the structs are NUL-terminated and truncated to their field size by the
 * store; callers validate lengths at the API boundary before writing.
 *
 * Errors: 0, ENOENT (no such row), EEXIST (insert of an existing key),
 * EINVAL (bad field), EIO (database error, logged).
 */
#ifndef CALLCLOUD_STORE_H
#define CALLCLOUD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum { STORE_ID_SIZE = 33, STORE_NAME_SIZE = 65, STORE_HASH_SIZE = 128,
       STORE_CALLDATA_SIZE = 36864, STORE_URI_SIZE = 257 };

/* A key and its value (call data). */
struct store_kv {
	const char *key;
	const char *value;
};
/* The JSON object text of n pairs, for the CDR's call_data column;
 * ENOSPC if it does not fit in size. */
int store_kv_json(const struct store_kv *kv, size_t n, char *out,
		  size_t size);

enum agent_role { ROLE_AGENT = 0, ROLE_MONITOR = 1 };

/* Router strategies of a skill (CALL-FLOWS.md "Inbound call" step 2). */
enum skill_strategy {
	STRATEGY_LEVEL_LONGEST_IDLE = 0,  /* default */
	STRATEGY_ROUND_ROBIN,
	STRATEGY_FEWEST_CALLS,
	STRATEGY_LEAST_TALK_TIME,
	STRATEGY_RANDOM,
	STRATEGY_RING_ALL,
	STRATEGY_COUNT
};
const char *strategy_name(enum skill_strategy s);
int strategy_parse(const char *name);   /* -1 if unknown */

enum route_kind { ROUTE_SKILL = 0, ROUTE_IVR, ROUTE_AGENT };

struct dir_agent {
	char id[STORE_ID_SIZE];
	char name[STORE_NAME_SIZE];
	enum agent_role role;
	char pwhash[STORE_HASH_SIZE];   /* argon2id string, never clear text */
};

struct dir_skill {
	char name[STORE_NAME_SIZE];
	enum skill_strategy strategy;
	int ring_timeout;      /* s, default 20 */
	int max_wait;          /* s a call may queue, 0 = forever */
	int max_wait_noagent;  /* s a call may queue with nobody signed in,
				  0 = forever */
	char overflow[STORE_NAME_SIZE]; /* "" none, "skill:NAME", "ivr:NUM",
					   "hangup" */
	int wrapup;            /* s of Busy after a call, before Ready */
	bool record;
	int priority;          /* higher first among skill queues */
};

struct dir_perm {
	char agent[STORE_ID_SIZE];
	char skill[STORE_NAME_SIZE];
	int level;             /* default level when signing in with no =N */
};

struct dir_phone {
	char dn[STORE_ID_SIZE];
	char sip_password[STORE_NAME_SIZE];
};

/* A SIP phone's registration, as the switch node holding it shares it
 * with the other nodes (docs/operations.md "Several switch nodes"). */
struct dir_sipreg {
	char dn[STORE_ID_SIZE];
	char contact[STORE_URI_SIZE];  /* the Contact URI it registered */
	char route[STORE_URI_SIZE];    /* the next hop to it: where its
					  REGISTER came from (sip:IP:PORT,
					  ;transport=tcp), a proxy's address
					  when it came through one */
	char node[STORE_NAME_SIZE];    /* the node holding it (its SIP
					  address) */
	int64_t expires_s;             /* when it lapses (Unix time) */
};

struct dir_route {
	char access[STORE_ID_SIZE];     /* the DNIS customers dial */
	enum route_kind kind;
	char target[STORE_NAME_SIZE];   /* skill name, IVR flow, agent id */
};

/* One CDR row: one call leg handled by an agent. Times in microseconds
 * since the epoch; durations in milliseconds. */
struct cdr {
	char call_id[STORE_NAME_SIZE];
	int64_t contact_id;
	char agent[STORE_ID_SIZE];
	char dn[STORE_ID_SIZE];
	char ani[STORE_ID_SIZE];
	char dnis[STORE_ID_SIZE];
	char direction[12];      /* "inbound" | "outbound" | "internal" */
	char skill[STORE_NAME_SIZE];
	int64_t queue_wait_ms;
	int64_t ring_ms;
	int64_t talk_ms;
	char end_reason[32];     /* CallEventReasonT name, e.g. CerIdle... */
	char hangup_by[12];      /* "agent" | "customer" | "system" */
	int64_t start_us, answer_us, end_us;
	char call_data[STORE_CALLDATA_SIZE]; /* JSON object text, "" if none */
};

/* Hashing strength for new passwords (argon2id). */
struct pwhash_params {
	unsigned long long opslimit;
	size_t memlimit;
};
extern const struct pwhash_params PWHASH_INTERACTIVE;
int  pwhash_make(const struct pwhash_params *p, const char *password,
		 char out[STORE_HASH_SIZE]);
bool pwhash_verify(const char *hash, const char *password);

/* path: an SQLite file, or a postgresql:// (postgres://) URL */
int  store_open(struct store **stp, const char *path,
		const struct pwhash_params *pw);   /* mem_deref to close */
/* As store_open; journal is the PostgreSQL CDR journal file (NULL:
 * STORE_JOURNAL_DEFAULT in the working directory). */
#define STORE_JOURNAL_DEFAULT "cdr.journal"
int  store_open_journal(struct store **stp, const char *path,
			const char *journal, const struct pwhash_params *pw);
bool store_is_url(const char *path);   /* a PostgreSQL URL */
bool store_is_empty(struct store *st);  /* no agents, skills nor admins */
int  store_load_demo(struct store *st);  /* ARCHITECTURE.md's directory */
/* Whether the demo admin or the demo supervisor (2001) still has its demo
 * password: two password hashes, so once per start. */
bool store_demo_credentials(struct store *st);

typedef void (store_agent_h)(const struct dir_agent *a, void *arg);
typedef void (store_skill_h)(const struct dir_skill *s, void *arg);
typedef void (store_perm_h)(const struct dir_perm *p, void *arg);
typedef void (store_phone_h)(const struct dir_phone *p, void *arg);
typedef void (store_route_h)(const struct dir_route *r, void *arg);
typedef void (store_cdr_h)(const struct cdr *c, void *arg);

int store_agent_get(struct store *st, const char *id, struct dir_agent *out);
/* Inserts or (replace=true) replaces; password, if not NULL, is hashed. */
int store_agent_put(struct store *st, const struct dir_agent *a,
		    const char *password, bool replace);
int store_agent_del(struct store *st, const char *id); /* + its perms */
int store_agent_list(struct store *st, store_agent_h *h, void *arg);

int store_skill_get(struct store *st, const char *name, struct dir_skill *out);
int store_skill_put(struct store *st, const struct dir_skill *s, bool replace);
int store_skill_del(struct store *st, const char *name); /* + its perms */
int store_skill_list(struct store *st, store_skill_h *h, void *arg);

int store_perm_get(struct store *st, const char *agent, const char *skill,
		   struct dir_perm *out);
int store_perm_put(struct store *st, const struct dir_perm *p);
int store_perm_del(struct store *st, const char *agent, const char *skill);
int store_perm_list(struct store *st, const char *agent, /* NULL = all */
		    store_perm_h *h, void *arg);

/* A skill a monitor supervises (monskills.c). */
struct dir_monskill {
	char monitor[STORE_ID_SIZE];
	char skill[STORE_NAME_SIZE];
};
typedef void (store_monskill_h)(const struct dir_monskill *m, void *arg);
int store_monskill_get(struct store *st, const char *monitor,
		       const char *skill, struct dir_monskill *out);
/* Putting a row that exists changes nothing and answers 0. */
int store_monskill_put(struct store *st, const char *monitor,
		       const char *skill);
int store_monskill_del(struct store *st, const char *monitor,
		       const char *skill);
int store_monskill_list(struct store *st, const char *monitor, /* NULL all */
			store_monskill_h *h, void *arg);
/* 0 when agent holds a permission on a skill monitor supervises, ENOENT
 * when not, else the store's error. */
int store_supervises(struct store *st, const char *monitor,
		     const char *agent);

int store_phone_get(struct store *st, const char *dn, struct dir_phone *out);
/* dn's SIP password into secret, for a switch's sw_secret_h (arg: the
 * store): 0, ENOENT, EINVAL, E2BIG or the store's error */
int store_phone_secret(const char *dn, char *secret, size_t size, void *arg);
int store_phone_put(struct store *st, const struct dir_phone *p, bool replace);
int store_phone_del(struct store *st, const char *dn);
int store_phone_list(struct store *st, store_phone_h *h, void *arg);

/* Writes a node's binding (a new one, or a refresh: the same DN and
 * contact, whichever node wrote it before), and drops every binding
 * lapsed at now_s. */
int store_sipreg_put(struct store *st, const struct dir_sipreg *r,
		     int64_t now_s);
/* The binding of dn and contact, if node still holds it (a phone that
 * moved to another node is that node's); ENOENT when it does not. */
int store_sipreg_del(struct store *st, const char *dn, const char *contact,
		     const char *node);
/* Of dn's bindings not lapsed at now_s, the one lapsing last; ENOENT. */
int store_sipreg_find(struct store *st, const char *dn, int64_t now_s,
		      struct dir_sipreg *out);

int store_route_get(struct store *st, const char *access,
		    struct dir_route *out);
int store_route_put(struct store *st, const struct dir_route *r, bool replace);
int store_route_del(struct store *st, const char *access);
int store_route_list(struct store *st, store_route_h *h, void *arg);

/* An IVR flow: its name (what routes and TransIVR name) and its script,
 * steps separated by ';' (see core/ivr.c and docs/operations.md). */
enum { STORE_SCRIPT_SIZE = 1024 };
struct dir_ivr {
	char name[STORE_ID_SIZE];
	char script[STORE_SCRIPT_SIZE];
};
typedef void (store_ivr_h)(const struct dir_ivr *f, void *arg);
int store_ivr_get(struct store *st, const char *name, struct dir_ivr *out);
int store_ivr_put(struct store *st, const struct dir_ivr *f, bool replace);
int store_ivr_del(struct store *st, const char *name);
int store_ivr_list(struct store *st, store_ivr_h *h, void *arg);

/* Rest reasons, in their configured order. */
int store_rest_reasons(struct store *st, char *buf, size_t size); /* "a;b;c" */
int store_rest_reason_add(struct store *st, const char *reason);
int store_rest_reason_del(struct store *st, const char *reason);
/* 0 when the reason is configured, ENOENT when not, else the store's error */
int store_rest_reason_find(struct store *st, const char *reason);

int store_admin_put(struct store *st, const char *user, const char *password);
/* 0, EACCES (no such user or a wrong password), or the store's error */
int store_admin_verify(struct store *st, const char *user,
		       const char *password);

int store_cdr_write(struct store *st, const struct cdr *c);
int store_cdr_set_data(struct store *st, int64_t contact_id,
		       const char *call_data);
/* Newest first; limit <= 0 means 100. */
int store_cdr_list(struct store *st, int limit, store_cdr_h *h, void *arg);

#endif
