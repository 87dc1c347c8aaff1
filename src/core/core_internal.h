/*
 * core_internal.h — the core's own structures, shared by the files of
 * src/core/ and by nothing else.
 *
 * Ownership: the core owns its agents (signed-in only), runtime skills,
 * calls and route requests, all allocated with mem_zalloc and kept in the
 * core's lists. A call points at its agents and an agent at its call; both
 * links are cleared together in call_detach_agent(), so neither outlives
 * the other's pointer.
 */
#ifndef CALLCLOUD_CORE_INTERNAL_H
#define CALLCLOUD_CORE_INTERNAL_H

#include "core/core_re.h"
#include "core/core.h"
#include "lockout.h"

enum { CORE_CALLID_SIZE = STORE_NAME_SIZE, CORE_REASON_SIZE = 65 };

struct agent_skill {
	struct le le;
	char name[STORE_NAME_SIZE];
	int level;
};

/* Time an agent spent, this login, per kind of state (us). Call time is any
 * state of a call from Lock on; answer (talk) time the talking states. */
struct agent_times {
	int64_t free, busy, rest, call, answer;
};

struct agent {
	struct le le;              /* in core->agents */
	struct core *core;
	char id[STORE_ID_SIZE];
	char dn[STORE_ID_SIZE];
	enum agent_role role;
	void *owner;               /* API session; NULL once the bar is lost */
	bool lost;                 /* bar gone during a call: sign out after */
	bool phone_down;           /* the switch cannot reach the DN (SIP
				      registration lost): never Ready */
	bool phone_parked;         /* Busy only because of phone_down: Ready
				      again when the phone comes back */
	uint64_t rr_seq;           /* sign-in sequence, for round-robin */

	int status;                /* AgentStatusT */
	int64_t status_since;      /* us */
	int64_t login_time;        /* us */
	int64_t idle_since;        /* us it last became Ready (longest idle) */
	int status_change_type;    /* 0 after-call Ready, 1 Busy */
	bool auto_answer;
	char agent_tag[STORE_ID_SIZE];
	char customer_tag[STORE_ID_SIZE];
	char rest_reason[CORE_REASON_SIZE];
	struct list skills;        /* struct agent_skill */

	struct call *call;         /* the call the agent is part of */
	sw_leg_t phone_leg;        /* the agent's phone leg kept off-hook
				      between calls (MakeCall isOffhook=1) */
	struct tmr wrapup_tmr;

	/* per-login counters (AgentInfoT) */
	int32_t call_times;
	int32_t answer_times;
	struct agent_times totals;
	int64_t answer_start;      /* us the current talk began, 0 if none */
};

/* One waiting route request (QueueInfoT): in a skill's queue, or in an
 * agent's private queue (skill NULL, agent set; core->privq). */
struct request {
	struct le le;              /* in skill->queue or core->privq */
	struct rskill *skill;
	char agent[STORE_ID_SIZE]; /* private queue of this agent */
	bool waiting;              /* in its queue (not being offered) */
	struct call *call;
	int64_t id;
	int64_t start;             /* us it first queued */
	int64_t change;            /* us of the last routing change */
	int64_t entered;           /* us it entered its skill's queue: the
				      service level counts from here */
};

/* Runtime state of a skill; its settings are re-read from the store. */
struct rskill {
	struct le le;              /* in core->skills */
	struct dir_skill cfg;
	struct list queue;         /* struct request, head served first */
	uint64_t rr_next;          /* round-robin cursor (sign-in order) */
	struct skill_counters n;   /* for /metrics */
};

enum call_dir { CALL_INBOUND, CALL_OUTBOUND, CALL_INTERNAL };

enum call_state {
	CALL_QUEUED,       /* customer waits in a skill queue */
	CALL_OFFERED,      /* agent phone(s) ringing for an inbound call */
	CALL_SELF_DIAL,    /* MakeCall: agent's own phone ringing */
	CALL_DIALLING,     /* MakeCall: destination ringing */
	CALL_TALKING,      /* two parties bridged */
	CALL_UNATTENDED,   /* customer and an outside number, no agent */
	CALL_IVR,          /* customer in an IVR flow */
	CALL_ENDED,
};

/* The parts a call can have. Each role has one slot in call->parties
 * (ring-all offers have CALL_OFFERS); the IVR is not a party but a state
 * of the call (CALL_IVR) playing to the customer's leg. */
enum party_role {
	PARTY_FAR,       /* customer, or the outside number called */
	PARTY_X,         /* the agent handling the call / placing it */
	PARTY_Y,         /* internal call: the called agent */
	PARTY_C,         /* consult or transfer target, agent or number */
	PARTY_M,         /* supervisor listening or inserted */
	PARTY_OFFER,     /* first of the agents rung for an inbound call */
};

enum { CALL_OFFERS = 16, CALL_PARTIES = PARTY_OFFER + CALL_OFFERS };

/* One party of a call: its leg on the switch and, for an agent (or, for a
 * consult or transfer target, an outside number), who it is. */
struct party {
	enum party_role role;
	struct agent *agent;
	sw_leg_t leg;
	bool answered;
	bool muted;
	bool offhook;              /* keep the phone up after the call (the
				      isOffhook of the agent's MakeCall) */
	int64_t offer_time;        /* us rung */
	int64_t answer_time;       /* us answered */
};

struct call {
	struct le le;              /* in core->calls */
	struct core *core;
	char id[CORE_CALLID_SIZE];
	int64_t contact_id;
	enum call_dir dir;
	enum call_state state;
	char ani[STORE_ID_SIZE];   /* original caller */
	char dnis[STORE_ID_SIZE];  /* original callee */
	char originator[STORE_ID_SIZE];
	char skill[STORE_NAME_SIZE];
	bool agent_answered;       /* some agent's answered leg has its row */

	/* Every party, walked as one array (parties[]), or named by role:
	 * the union's two views are the same storage (checked in party.c). */
	union {
		struct party parties[CALL_PARTIES];
		struct {
			struct party far, x, y, c, m;
			struct party offers[CALL_OFFERS];
		};
	};
	char cdest[STORE_ID_SIZE]; /* consult number as the agent gave it */
	char cbridge[CORE_CALLID_SIZE + 2]; /* X and the consult target */
	bool held;                 /* customer on hold (music) */
	bool conf;                 /* three-way conference */
	int m_prev_status;         /* the monitored agent's talking state */
	struct agent *m_target;    /* the agent being monitored */
	bool m_insert;
	bool m_joined;

	struct request *req;       /* while queued */
	struct tmr tmr;            /* ring timeout, queue max wait */
	struct tmr ctmr;           /* consult target ring timeout */
	struct tmr mtmr;           /* supervisor's phone ring timeout */
	struct ivr *ivr;           /* while in an IVR flow */
	char record_file[256];     /* recording of the current talk, or "" */
	int64_t start;             /* us the call appeared */
	int64_t queued;            /* us it entered the queue */
	char show_dest[STORE_ID_SIZE];
	char show_ani[STORE_ID_SIZE]; /* caller id agents see instead of the
					 ANI (SingleStepTransfer style 1) */
	char dest[STORE_ID_SIZE];  /* MakeCall destination as given */
	struct list data;          /* call data (calldata.c) */
};

struct core {
	struct core_config cfg;
	char recordings_dir[256];
	struct store *st;
	struct sw *sw;
	struct core_handlers h;
	struct list agents;        /* signed in, in sign-in order */
	struct list skills;        /* struct rskill */
	struct list calls;
	struct lockout *fails;     /* wrong passwords per agent id */
	struct list privq;         /* private-queue requests, head first */
	const struct call_feature *const *features;  /* NULL-terminated */
	struct tmr route_tmr;      /* deferred router pass */
	tmr_h *route_pass;         /* router.c's, set by core_alloc */
	int64_t next_contact;      /* contact ids and call ids ("cc-N"): */
	uint64_t next_call;        /* from the start time, see core_alloc */
	uint64_t next_seq;
	int64_t next_request;
	uint32_t abandoned;
	struct agent *resetting;   /* agent inside Reset(), see agent.c */
	bool letting_go;           /* shutdown with calls_outlive: calls are
				      freed without CDR rows */
};

/*
 * The files of core/ in layers; each calls only into the layers above it
 * in this list (tests/core_graph.sh checks it on the built objects):
 *   dir.c                 the directory's lookups as clients' codes
 *   calldata.c, party.c   the call's data and its parties
 *   call.c                a call's life; walks core->features
 *   agent.c               an agent's state and events
 *   skill.c               skills and their queues of requests
 *   queue.c               a call waiting in a queue
 *   record.c, callctl.c, ivr.c, supervisor.c, consult.c, outcall.c,
 *   inbound.c             the features (queue.c is one too)
 *   adopt.c               calls rebuilt from a previous master's legs
 *   router.c              offers queued calls to agents
 *   signin.c, query.c, core.c  the requests of core.h
 * Moments a lower layer must tell a higher one go through hooks: the
 * features' table (struct call_feature) and core->route_pass.
 */

/*
 * A feature of the call model: what it does at each moment of a call.
 * call.c walks core->features, in the order core.c lists them, and knows
 * none by name. A hook returning bool returns true when it took the
 * moment (the walk stops; the call may be gone); NULL hooks are skipped.
 */
struct call_feature {
	const char *name;
	/* a switch event for one of the call's legs */
	bool (*leg_event)(struct call *call, const struct sw_event *ev);
	/* ReleaseCall (reset false) or Reset (true) by agent a */
	bool (*release)(struct call *call, struct agent *a, bool reset);
	/* a supervisor's Break cuts agent a off the call */
	bool (*cut)(struct call *call, struct agent *a);
	/* the customer hung up while talking: true if the call goes on */
	bool (*far_gone)(struct call *call);
	/* X's phone went down (phone_down) or X released while talking */
	bool (*x_release)(struct call *call, bool phone_down);
	/* X and the customer begin to talk */
	void (*talk)(struct call *call);
	/* X stops serving the customer (the call ends, X transfers or is
	 * cut off): drop what the feature added to X's talk */
	void (*x_leave)(struct call *call);
	/* the call is being freed: let go, no events */
	void (*free)(struct call *call);
};

extern const struct call_feature queue_feature, record_feature, supervisor_feature,
	consult_feature, ivr_feature, inbound_feature, outbound_feature;

/* dir.c: err of a store lookup → ArSuccess, `missing` for ENOENT or EINVAL,
 * else ArFailed (logged with what and key). */
int  dir_code(int err, int missing, const char *what, const char *key);

/* calldata.c */
int  calldata_set(struct call *call, const char *key, const char *value);
const char *calldata_get(const struct call *call, const char *key);
void calldata_cdr(const struct call *call, char *out, size_t size);
/* Notes every leg of the call with its party and the call's numbers,
 * times and data (sw_annotate): what a later master of a switch node
 * rebuilds the call from (adopt.c). Called whenever one of these changes
 * (an agent's state, the queue, the data). */
void call_note(const struct call *call);

/* party.c */
enum party_role party_role(const struct call *call, const struct party *p);
/* The role's name in a leg's note ("far", "x", ...), and back. */
const char *party_name(enum party_role role);
bool party_role_by_name(const char *name, enum party_role *role);
struct party *call_party_of(struct call *call, const struct agent *a);
struct party *call_party_by_leg(struct call *call, sw_leg_t leg);
size_t party_count(const struct call *call);
sw_leg_t party_near_leg(const struct call *call);
unsigned party_media(const struct party *p);

/* call.c */
int  call_alloc(struct call **callp, struct core *core, enum call_dir dir,
		const char *id);
void call_free(struct call *call);
void party_move(struct party *dst, struct party *src);
struct call *call_by_leg(struct core *core, sw_leg_t leg);
void call_write_cdr(struct call *call, const struct party *p,
		    int reason, const char *hangup_by);
int  cause_reason(enum sw_cause cause);
void call_fill_event(const struct call *call, const struct agent *a,
		     struct core_state_event *ev);
const char *call_shown_ani(const struct call *call);
void call_switch_event(struct core *core, const struct sw_event *ev);
bool call_far_gone(struct call *call);
bool call_x_release(struct call *call, bool phone_down);
void call_talk_begins(struct call *call);
void call_x_leaves(struct call *call);
int  call_answer_by_agent(struct agent *a);
void call_release_by_agent(struct agent *a, bool reset);
void call_break_agent(struct call *call, struct agent *y);
void call_hangup_all(struct core *core);

/* Something that can change a routing decision happened (a call queued,
 * an agent free, a skill changed): one router pass runs soon, on the
 * main loop. */
static inline void router_schedule(struct core *core)
{
	if (!tmr_isrunning(&core->route_tmr))
		tmr_start(&core->route_tmr, 0, core->route_pass, core);
}

/* agent.c */
/* A signed-in agent d on dn, last in core->agents (sign-in order), not
 * yet in any state (AsUnLoginState). */
int  agent_alloc(struct agent **ap, struct core *core,
		 const struct dir_agent *d, const char *dn);
void agent_set_status(struct agent *a, int status, int eventID, int reason);
void agent_emit_state(struct agent *a, void *owner, int status, int eventID,
		      int reason);
void agent_phone_changed(struct agent *a, bool up);
void agent_after_call(struct agent *a, int eventID, int reason,
		      const struct rskill *sk);
void agent_leave_call(struct agent *a, int status, int eventID, int reason);
bool agent_has_skill(const struct agent *a, const char *skill, int *level);
void agent_emit_call_other(struct agent *a, const struct call *call,
			   enum core_other_event type, const char *filename,
			   int reason);
bool agent_in_call_state(int status);
void agent_account(const struct agent *a, int64_t now, struct agent_times *t);
void agent_signout(struct agent *a, int reason);

/* skill.c */
int  skill_get(struct core *core, const char *name, struct rskill **skp);
int  request_enqueue(struct rskill *sk, struct call *call, bool at_head);
int  request_enqueue_private(struct core *core, const char *agent,
			     struct call *call, bool at_head);
/* A skill request moved to its place by its start (adopt.c). */
void request_sort_in(struct request *req);
void request_take(struct request *req);
void request_remove(struct request *req);
int  private_count(struct core *core, const char *agent);
int  skill_ready_count(struct core *core, const struct rskill *sk);
int  skill_signed_in_count(struct core *core, const struct rskill *sk);
/* The request's call left its skill's queue that way (no-ops for a
 * private-queue request). */
void skill_count_answered(struct request *req);
void skill_count_abandoned(struct request *req);
void skill_count_overflowed(struct request *req);

/* queue.c */
void call_queue_start(struct call *call, struct rskill *sk, bool at_head);
void call_queue_private(struct call *call, const char *agent, bool at_head);
void call_requeue(struct call *call);

/* callctl.c */
void call_hold_media(struct call *call);
void call_unhold(struct call *call);
bool call_can_hand_off(const struct call *call, const struct agent *a);
void call_x_hands_off(struct call *call);

/* ivr.c */
int  ivr_flow_code(struct core *core, const char *flow);
void ivr_start(struct call *call, const char *flow);

/* outcall.c */
int  outcall_make(struct agent *a, const char *dest, const char *showANI,
		  const char *showDest, int isOffhook, int type);

/* inbound.c */
void inbound_call(struct core *core, const struct sw_event *ev);
int  call_offer(struct call *call, struct agent **agents, size_t n);

/* adopt.c: the calls of a node's legs a previous master left (SW_EV_ADOPT) */
void adopt_legs(struct core *core, const struct sw_live *live, size_t n);

/* router.c */
void router_pass(void *core);

#endif
