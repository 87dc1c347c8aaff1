/*
 * core_harness.h — drives the core without sockets: a scripted switch that
 * records every command the core gives it, a demo directory in an in-memory
 * store, and a log of every event the core emits. The tests inject switch
 * events by hand, so every step of a call flow is explicit and exact.
 */
#ifndef CORE_HARNESS_H
#define CORE_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "core/core_re.h"
#include "core/core.h"
#include "log.h"

enum { H_MAX_LEGS = 512, H_MAX_EVENTS = 4096 };

struct h_leg {
	sw_leg_t id;
	enum sw_dest_kind kind;
	char dest[64];
	char caller[64];
	bool auto_answer;
	bool answered_by_core;    /* sw_answer() was called on it */
	bool hung_up;             /* the core hung it up */
	char bridge[64];
	unsigned flags;
	enum sw_tone tone;
};

struct h_event {
	char agent[33];
	int status, eventID, reason;
	char callID[65];
	char otherParty[33];
	int otherPartyAttribute;
	long long partyNum;
	void *owner;
};

struct harness {
	struct sw sw;
	struct store *st;
	struct core *core;
	struct h_leg legs[H_MAX_LEGS];
	size_t nlegs;
	sw_leg_t next_leg;
	struct h_event events[H_MAX_EVENTS];
	size_t nevents;
	void *kicked[64];
	size_t nkicked;
	bool answer_unsupported;  /* sw_answer on phones gives ENOTSUP */
	char phone_down[64];      /* a DN phone_ready says no to ("" none) */
	char db_path[64];         /* the store's file, or ":memory:" */
};

extern struct harness H;

int  h_setup(void **state);
/* The same on a store in a temporary file, which a test may open beside
 * the core (H.db_path) to make the database fail under it. */
int  h_setup_file(void **state);
int  h_teardown(void **state);
/* Runs the main loop for ms milliseconds (timers, deferred router). */
void h_pump(unsigned ms);

struct agent *h_signin(const char *id, const char *dn, const char *skills,
		       void *owner);
int  h_signin_code(const char *id, const char *pw, const char *dn,
		   const char *skills, bool force, void *owner);

struct h_leg *h_leg(sw_leg_t id);
/* The newest leg originated to dest, or NULL. */
struct h_leg *h_leg_to(const char *dest);
void h_event(enum sw_event_type type, sw_leg_t leg, enum sw_cause cause);
/* The phone of dn (un)registers: phone_ready and a PHONE event. */
void h_phone(const char *dn, bool up);
/* A customer calls dnis from ani; returns the customer leg. */
sw_leg_t h_inbound(const char *call_id, const char *ani, const char *dnis);
/* Ring + answer of the newest leg to dest. */
sw_leg_t h_answer_phone(const char *dest);

/* Index of the first event for agent at or after *from with that status,
 * or -1; *from moves past it. */
int  h_find(const char *agent, int status, size_t *from);
/* The last event of agent, or NULL. */
const struct h_event *h_last(const char *agent);
void h_clear_events(void);
int  h_cdr_count(void);
/* The CDR row of call_id for agent ("" for the row without agent) into
 * *out; false if there is none. */
bool h_cdr_find(const char *call_id, const char *agent, struct cdr *out);

/* The ways a call to an outside number fails (the switch's cause) and the
 * reason the agent is told. */
struct h_failure {
	enum sw_cause cause;
	int reason;
};
extern const struct h_failure h_dest_failures[4];

/* ---- the core on the real sim switch (core_sim, core_chaos) ---------- */

/* Starts libre, the sim switch and a demo directory in memory; the test
 * then allocates *core on *sim and *st with its own config and handlers,
 * and the sim's events reach it. h_sim_close() frees the three and closes
 * libre. */
int  h_sim_open(struct sw **sim, struct store **st, struct core **core);
void h_sim_close(struct sw **sim, struct store **st, struct core **core);

#endif
