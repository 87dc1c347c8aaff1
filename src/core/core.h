/*
 * core.h — the ACD: agents, skills and their queues, the router, the call
 * model. It knows nothing of sockets, JSON or SIP: requests come in as C
 * calls returning an AcResultT, agent events go out through core_event_h,
 * telephony goes through switch.h.
 *
 * An agent session ("owner") is an opaque pointer of the API layer. The core
 * stores it in the signed-in agent and hands it back with every event, so the
 * API can find the connection without the core knowing what it is.
 *
 * Single-threaded: every function runs on the main loop.
 */
#ifndef CALLCLOUD_CORE_H
#define CALLCLOUD_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "agentbar_codes.h"
#include "store/store.h"
#include "switch/switch.h"

struct core;
struct agent;

/* The manual's state-event parameters (3.3.1) plus the new state. */
struct core_state_event {
	const char *agent_id;
	int status;               /* AgentStatusT: selects OnReady, OnBusy ... */
	int eventID;              /* CallEventTypeT */
	const char *callID;
	long long contactID;
	long long partyNum;
	const char *otherParty;
	int otherPartyAttribute;  /* PartyAttributeT */
	const char *originatingParty;
	const char *originalANI;
	const char *originalDNIS;
	int reason;               /* CallEventReasonT */
	long long timestamp;      /* us since the epoch */
	/* Meant for this bar only, not a change of the agent's state: the
	 * OnUnLogin an old session gets when a new sign-in takes over an
	 * agent in a call. Monitors do not see it. */
	bool notice_only;
};

/* OnBeginRecord / OnEndRecord / OnInprivatequeue / OnOutprivatequeue */
enum core_other_event {
	CORE_EV_BEGIN_RECORD,
	CORE_EV_END_RECORD,
	CORE_EV_IN_PRIVATE_QUEUE,
	CORE_EV_OUT_PRIVATE_QUEUE,
};
struct core_other {
	enum core_other_event type;
	const char *agent_id;
	const char *callID;
	long long contactID;
	const char *filename;      /* record events */
	const char *originalANI;   /* queue events */
	const char *originalDNIS;
	int reason;
	long long timestamp;
};

struct core_handlers {
	/* A state event for the agent's bar; owner may be NULL (agent whose
	 * bar is gone but who is still in a call): then only monitors care. */
	void (*state)(void *owner, const struct core_state_event *ev,
		      void *arg);
	void (*other)(void *owner, const struct core_other *ev, void *arg);
	/* The session must be closed: its agent was signed in elsewhere
	 * (ForceSignIn), or forced out. Called after the OnUnLogin event. */
	void (*kick)(void *owner, void *arg);
	/* Something in the queues changed (for monitor subscriptions). */
	void (*queue_changed)(const char *skill, void *arg);
	void *arg;
};

struct core_config {
	int heartbeat_timeout;      /* s without traffic = bar lost (30) */
	int signin_max_failures;    /* per agent in signin_window (5) */
	int signin_window;          /* s (60) */
	int signin_lockout;         /* s locked out after that (60) */
	int outbound_timeout;       /* s an outside number may ring (30) */
	int phone_timeout;          /* s the agent's own phone may ring on
				       MakeCall, and an agent rung for a
				       private-queue call (20) */
	int private_max_wait;       /* s a call may wait in a private queue
				       before it is released (120) */
	int service_level_seconds;  /* a skill call answered within this
				       many s of entering the skill's queue
				       is within the service level (20) */
	const char *recordings_dir; /* where recordings go */
	bool calls_outlive;         /* the switch is a node that outlives this
				       process: at shutdown its calls are left
				       to the next master, no CDR row written */
};
void core_config_default(struct core_config *cfg);

int  core_alloc(struct core **corep, const struct core_config *cfg,
		struct store *st, struct sw *sw,
		const struct core_handlers *h);   /* mem_deref to free */
/* The switch's event handler: give it to the switch backend with the core
 * as arg (the switch is created before the core, see main.c). */
void core_switch_event(const struct sw_event *ev, void *arg);
/* Signs every agent out (CerUnloginElse) and hangs up every call, for a
 * clean shutdown; with calls_outlive the calls are only forgotten (the
 * caller cut the switch link first, so nothing reaches the node). */
void core_shutdown(struct core *core);

/* ---- agent requests (one per manual method); return AcResultT ---------- */

struct signin_req {
	const char *AgentID;
	const char *PassWord;
	const char *DN;
	int StatusChangeType;   /* 0 after-call Ready, 1 Busy */
	bool AutoAnswer;
	bool ForceSignIn;
	const char *ServiceList; /* "name=level" pairs, ',' or ';' separated */
	const char *AgentTag;
	const char *CustomerTag;
	/* extension (docs/protocol.md SignIn): the state a fresh session
	 * starts in, given by a bar signing its agent back in */
	bool resume;             /* ResumeStatus was sent */
	int ResumeStatus;        /* AsReadyState, AsBusyState or AsRestState */
	const char *ResumeReason; /* the rest reason, with AsRestState */
};

/* On success *agentp is the signed-in agent, owned by the core; it stays
 * valid until the agent signs out or is kicked (the API must drop it when
 * its kick handler or a signout returns). A SignIn on an agent whose bar was
 * lost while in a call resumes that agent (its state is kept, ResumeStatus
 * ignored); a fresh session starts in ResumeStatus if given. */
int core_signin(struct core *core, void *owner, const struct signin_req *r,
		struct agent **agentp);
int core_signout(struct core *core, struct agent *a);
/* The bar's connection is gone (closed or heartbeat lost). */
void core_owner_lost(struct core *core, struct agent *a);

int core_set_idle(struct core *core, struct agent *a);
int core_set_busy(struct core *core, struct agent *a);
int core_set_rest(struct core *core, struct agent *a, const char *reason);
int core_set_agent_status(struct core *core, struct agent *a, int state,
			  const char *reason);
int core_reset_skill(struct core *core, struct agent *a, const char *list);
int core_reset(struct core *core, struct agent *a);

int core_make_call(struct core *core, struct agent *a, const char *dest,
		   const char *showANI, const char *showDest, int isOffhook,
		   int type);
int core_answer(struct core *core, struct agent *a);
int core_release_call(struct core *core, struct agent *a);

/* During a call (CALL-FLOWS.md "During a call"). */
int core_hold(struct core *core, struct agent *a);
int core_retrieve(struct core *core, struct agent *a);
/* consultType 0 agent id, 1 outside number, other: a special call type,
 * dialled as "<type>#<consultNum>". */
int core_consult(struct core *core, struct agent *a, const char *consultNum,
		 const char *showANI, const char *showDest, int consultType);
int core_reconnect(struct core *core, struct agent *a);
int core_transfer(struct core *core, struct agent *a);
int core_conference(struct core *core, struct agent *a);
/* transferType 0 agent id, 1 outside number, 2 IVR access code;
 * transferStyle 0 pass-through (target sees the original caller), 1 the
 * target sees showANI. */
int core_single_step_transfer(struct core *core, struct agent *a,
			      const char *transferNum, const char *showANI,
			      const char *showDest, int transferStyle,
			      int transferType);
/* Call data of the agent's current contact: key 1..32 bytes, value
 * 1..1023 bytes (ArKeyIsEmpty / ArValueIsEmpty / ArInvalidParam). */
int core_set_call_data(struct core *core, struct agent *a, const char *key,
		       const char *value);
/* ArSuccess and the value, or a code (ArKeyIsEmpty, ArInvalidParam,
 * ArAgentStatusIsWrong when not in a call, ArFailed for an unknown key). */
int core_get_call_data(struct core *core, struct agent *a, const char *key,
		       const char **valuep);
int core_send_dtmf(struct core *core, struct agent *a, const char *digits);
int core_mute(struct core *core, struct agent *a, bool on);
/* TransIVR / TransIVREx: the customer goes to IVR flow `num`; callerNum
 * (TransIVREx) is the number the IVR sees as caller. */
int core_trans_ivr(struct core *core, struct agent *a, const char *callerNum,
		   const char *num);
/* Is an IVR script well formed (core/ivr.c lists the steps)? On false,
 * why says which step is wrong. */
bool core_ivr_script_ok(const char *script, char *why, size_t size);

/* "" when the agent's current call is not recorded. */
const char *agent_record_file(const struct agent *a);

/* Supervisor operations: the caller must have role monitor
 * (ArPermissionDenied). */
int core_force_out(struct core *core, struct agent *m, const char *id);
int core_force_idle(struct core *core, struct agent *m, const char *id);
int core_force_busy(struct core *core, struct agent *m, const char *id);
int core_listen(struct core *core, struct agent *m, const char *id,
		const char *showANI, const char *showDest);
int core_insert(struct core *core, struct agent *m, const char *id,
		const char *showANI, const char *showDest);
int core_switch_insert_listen(struct core *core, struct agent *m,
			      const char *id);
int core_stop_listen(struct core *core, struct agent *m, const char *id);
int core_stop_insert(struct core *core, struct agent *m, const char *id);
int core_break(struct core *core, struct agent *m, const char *id);

/* JumptheQueue: the request moves to the head of its queue (skill or
 * private); ArRouteRequestNotExist when it is no longer waiting. */
int core_jump_queue(struct core *core, int64_t request_id);

/* ---- agent accessors ---------------------------------------------------- */

const char *agent_id(const struct agent *a);
const char *agent_dn(const struct agent *a);
int  agent_status(const struct agent *a);
enum agent_role agent_role(const struct agent *a);
/* Is the agent signed in with that skill? */
bool agent_in_skill(const struct agent *a, const char *skill);
void *agent_owner(const struct agent *a);

/* GetCallingNo / GetOrgCallingNo / GetCalledNo / GetOrgCalledNo of the
 * agent's current call; "" when none. */
const char *agent_calling_no(const struct agent *a);
const char *agent_org_calling_no(const struct agent *a);
const char *agent_called_no(const struct agent *a);
const char *agent_org_called_no(const struct agent *a);

/* ---- queries ------------------------------------------------------------ */

/* AgentInfoT (manual 3.2.36), times in seconds. */
struct agent_info {
	char agentId[STORE_ID_SIZE];
	char agentDn[STORE_ID_SIZE];
	int64_t loginTime;
	int32_t currStatus;
	int64_t currStatusTime;
	int64_t answerTime;
	int64_t currTime;
	char origCaller[STORE_ID_SIZE];
	char origCallee[STORE_ID_SIZE];
	int32_t privQueueNum;
	int32_t callTimes;
	int32_t answerTimes;
	int32_t freeTotalTime;
	int32_t busyTotalTime;
	int32_t resetTotalTime;
	int32_t callTotalTime;
	int32_t answerTotalTime;
};

/* QueueInfoT (3.2.45), times in microseconds. */
struct queue_info {
	char callId[STORE_NAME_SIZE];
	int64_t contactId;
	int64_t requestId;
	char origCaller[STORE_ID_SIZE];
	char origCallee[STORE_ID_SIZE];
	int64_t startTime;
	int64_t currTime;
	int64_t changeTime;
};

/* SysInfoT (3.2.47) */
struct sys_info {
	int32_t totalAgents;
	int32_t totalCalls;
	int32_t ivrCalls;
	int32_t agentCalls;
	int32_t queueCalls;
	int32_t privQueueCalls;
};

/* Signed-in agents only; an agent that is not signed in is "not found". */
struct agent *core_agent_by_id(struct core *core, const char *id);
struct agent *core_agent_by_dn(struct core *core, const char *dn);
void core_agent_info(struct core *core, const struct agent *a,
		     struct agent_info *out);

typedef void (core_agent_h)(struct agent *a, void *arg);
/* Signed-in agents, in sign-in order. */
void core_agents_foreach(struct core *core, core_agent_h *h, void *arg);
/* Signed-in agents having skill; ArSkillNotExist for an unknown skill. */
int core_agents_by_skill(struct core *core, const char *skill,
			 core_agent_h *h, void *arg);

/* GetSkillWaitingNumber: queued calls and Ready agents of the skill. */
int core_skill_waiting(struct core *core, const char *skill,
		       int *queuenumber, int *freenumber);
typedef void (core_queue_h)(const struct queue_info *q, void *arg);
int core_skill_queue(struct core *core, const char *skill, core_queue_h *h,
		     void *arg);
int core_private_queue(struct core *core, const char *agent_id,
		       core_queue_h *h, void *arg);
void core_sys_info(struct core *core, struct sys_info *out);

/* ---- statistics (/metrics) --------------------------------------------- */

/* What happened to the calls of a skill since its runtime state was made
 * (first use after start-up). A call counts once in each skill whose queue
 * it enters: put back after a ring timeout it is the same offer, moved on
 * by an overflow it is offered to the next skill too. */
struct skill_counters {
	uint64_t offered;         /* entered the queue */
	uint64_t answered;        /* answered by an agent */
	uint64_t answered_in_sl;  /* of those, within service_level_seconds */
	uint64_t abandoned;       /* the customer hung up, waiting or rung */
	uint64_t overflowed;      /* left on the skill's max wait (overflow
				     target or released) */
	uint64_t answer_wait_us;  /* total wait of the answered calls */
};

struct skill_stats {
	int queued;               /* waiting in the queue now */
	int64_t oldest_wait_us;   /* the longest of them has waited, 0 none */
	int free_agents;          /* Ready agents having the skill */
	int signed_in;            /* agents signed in with the skill */
	struct skill_counters n;
};

/* ArSkillIsEmpty, ArSkillNotExist, or ArSuccess and *out. */
int core_skill_stats(struct core *core, const char *skill,
		     struct skill_stats *out);

/* Calls by what they are doing: SysInfoT's split, agentCalls broken
 * down. */
enum core_call_kind {
	CORE_CALLS_IVR,            /* in an IVR flow */
	CORE_CALLS_QUEUED,         /* waiting in a skill queue */
	CORE_CALLS_PRIVATE_QUEUE,  /* waiting for one agent */
	CORE_CALLS_RINGING,        /* agents' phones ringing for it */
	CORE_CALLS_DIALLING,       /* MakeCall: a phone or number ringing */
	CORE_CALLS_TALKING,        /* parties bridged */
	CORE_CALLS_UNATTENDED,     /* a customer and an outside number */
	CORE_CALLS_KINDS
};
void core_call_counts(struct core *core, unsigned counts[CORE_CALLS_KINDS]);

/* What the switch counts (SIP, RTP, legs), and its name ("sim", "sip"). */
void core_switch_stats(struct core *core, struct sw_stats *out);
const char *core_switch_name(const struct core *core);

/* The directory changed under the core (Admin.*): drop cached skills. */
void core_directory_changed(struct core *core);

#endif
