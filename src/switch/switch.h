/*
 * switch.h — the one interface between the call model (core/) and a
 * telephony backend (sim/ or sip/).
 *
 * It is message-shaped on purpose: the core sends commands naming legs by
 * id; the switch answers with events naming the same ids. No pointers cross
 * the boundary, so the switch could later live in another process.
 *
 * A leg is one endpoint attached to the switch: a customer who called in,
 * an agent's phone the switch rang, an outside number it dialled. A bridge
 * is a named mix (the core names it after its call id); each leg is in at
 * most one bridge at a time, with flags saying whether it hears the bridge
 * and whether the bridge hears it. A leg may also be given a tone (queue or
 * hold music, ringback) which it hears instead of its bridge.
 *
 * Invariant the core relies on: events are never delivered from inside an
 * ops call. A backend queues them and delivers them from the main loop, in
 * the order they happened.
 *
 * A backend's own JSON-RPC methods (the sim's Sim.*) are no op here, nor
 * a table struct sw would point to: they serve the API, not the core, and
 * their handlers and params are JSON, which this header, the core's view
 * of a switch, must not bring in. A backend registers them with the API
 * through api/api_ext.h; main.c, which creates both, makes the call
 * (sim_rpc_register()), so the API never learns which backend runs.
 */
#ifndef CALLCLOUD_SWITCH_H
#define CALLCLOUD_SWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint64_t sw_leg_t;   /* 0 is "no leg" */

enum sw_cause {
	SW_CAUSE_NORMAL = 0,  /* normal clearing */
	SW_CAUSE_BUSY,        /* far end busy / rejected */
	SW_CAUSE_NOANSWER,    /* rang out */
	SW_CAUSE_INVALID,     /* no such number / DN */
	SW_CAUSE_TIMEOUT,     /* the switch gave up (no progress at all) */
	SW_CAUSE_FAILED,      /* any other failure */
};

enum sw_event_type {
	SW_EV_INCOMING,  /* new inbound leg: call_id, ani, dnis, data */
	SW_EV_ALERTING,  /* an originated leg is ringing */
	SW_EV_ANSWERED,  /* an originated leg answered */
	SW_EV_FAILED,    /* an originated leg ended before answer: cause */
	SW_EV_HANGUP,    /* the far end of a leg hung up (after answer, or an
			    inbound leg before we answered it) */
	SW_EV_DTMF,      /* digits received from a leg */
	SW_EV_PHONE,     /* a DN became reachable or stopped being so
			    (registered / registration lost): dn, up */
	SW_EV_ADOPT,     /* legs the switch holds that this core never
			    started (a CTI taking over a switch node):
			    live[], once, before any event on them */
};

/* Call data limits (manual 3.2.23 SetCallData): pairs per call, bytes of
 * a key and of a value. The one definition for the core, the switches and
 * the API, so data a trunk attaches always fits what an agent may set. */
enum {
	SW_DATA_MAX_PAIRS = 32,
	SW_DATA_KEY_MAX = 32,
	SW_DATA_VALUE_MAX = 1023,
};

struct sw_kv {
	const char *key;
	const char *value;
};

enum sw_tone {
	SW_TONE_NONE = 0,  /* hear the bridge again */
	SW_TONE_MOH,       /* queue / hold music */
	SW_TONE_RINGBACK,
	SW_TONE_PROMPT,    /* an IVR prompt */
};

/* What the core notes on a leg (sw_annotate) so that a later master of a
 * switch node can rebuild the call from the node's legs: which call and
 * which party of it the leg is, the call's numbers and times, and, on the
 * customer's leg, its data. Strings are "" when unknown. */
struct sw_note {
	const char *call;          /* the core's call id */
	int64_t contact_id;
	const char *dir;           /* "in" "out" "internal" */
	const char *party;         /* "far" "x" "y" "c" "m" "offer" */
	const char *agent;         /* the party's agent */
	const char *skill;         /* the skill the call queued for */
	const char *ani, *dnis;    /* the call's original numbers */
	int64_t start_us;          /* us since the epoch the call began */
	int64_t answered_us;       /* the party answered (0: not yet) */
	int64_t queued_us;         /* it entered a queue (0: never) */
	bool held;                 /* the customer is on hold */
	const struct sw_kv *data;  /* the call data, all of it (far only) */
	size_t ndata;
};

/* A live leg the switch holds that its core did not start, as SW_EV_ADOPT
 * hands it over, with the last note a previous core put on it. */
struct sw_live {
	sw_leg_t leg;
	bool inbound;
	bool answered;
	const char *call_id;       /* inbound: the switch's id for the call */
	const char *ani, *dnis;    /* inbound: as its INCOMING had them */
	const char *dest;          /* outgoing: the DN or number rung */
	const char *bridge;        /* "" in none */
	enum sw_tone tone;
	struct sw_note note;       /* note.call "" when never noted */
};

struct sw_event {
	enum sw_event_type type;
	sw_leg_t leg;
	enum sw_cause cause;      /* FAILED, HANGUP */
	const char *call_id;      /* INCOMING: the switch's id for the call
				     (SIP Call-ID, sim "sim-N"); unique */
	const char *ani;          /* INCOMING */
	const char *dnis;         /* INCOMING */
	const char *digits;       /* DTMF */
	const char *dn;           /* PHONE */
	bool up;                  /* PHONE */
	const struct sw_kv *data; /* INCOMING: call data the trunk attached */
	size_t ndata;
	const struct sw_live *live; /* ADOPT */
	size_t nlive;
};

typedef void (sw_event_h)(const struct sw_event *ev, void *arg);

/* The phone directory a switch authenticates phones against, so that no
 * backend reads the store itself (main.c wires it to store_phone_get):
 * copies dn's SIP password into secret (size bytes); 0, ENOENT for no such
 * phone, another errno when the lookup failed. */
typedef int (sw_secret_h)(const char *dn, char *secret, size_t size,
			  void *arg);
/* a DN's longest spelling, with its NUL (as the directory's ids) */
enum { SW_DN_SIZE = 33, SW_SECRET_SIZE = 65 };

enum sw_dest_kind {
	SW_DEST_PHONE,   /* an agent DN of the directory */
	SW_DEST_NUMBER,  /* an outside number (through a trunk) */
};

struct sw_originate {
	enum sw_dest_kind kind;
	const char *dest;     /* DN or number, tags already applied */
	const char *caller;   /* caller id the destination sees */
	bool auto_answer;     /* ask the phone to answer by itself */
	uint32_t timeout_ms;  /* no answer after this: FAILED/NOANSWER; 0 =
				 the backend's default */
	sw_leg_t near;        /* a leg the new one will share a bridge with
				 (bridges are local to one switch node): a
				 backend of several nodes originates on
				 that leg's node; 0 = anywhere */
};

enum sw_media {
	SW_HEAR  = 1 << 0,  /* the leg hears the bridge */
	SW_SPEAK = 1 << 1,  /* the bridge hears the leg */
};

/* SIP methods a backend counts by name; the others are SW_SIP_OTHER. */
enum sw_sip_method {
	SW_SIP_INVITE, SW_SIP_ACK, SW_SIP_BYE, SW_SIP_CANCEL, SW_SIP_OPTIONS,
	SW_SIP_REGISTER, SW_SIP_INFO, SW_SIP_UPDATE, SW_SIP_PRACK,
	SW_SIP_NOTIFY, SW_SIP_SUBSCRIBE, SW_SIP_REFER, SW_SIP_MESSAGE,
	SW_SIP_PUBLISH, SW_SIP_OTHER,
	SW_SIP_METHODS
};

/* The method's name as on the wire; "other" for SW_SIP_OTHER. */
static inline const char *sw_sip_method_name(enum sw_sip_method m)
{
	static const char *const names[SW_SIP_METHODS] = {
		"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
		"INFO", "UPDATE", "PRACK", "NOTIFY", "SUBSCRIBE", "REFER",
		"MESSAGE", "PUBLISH", "other",
	};

	return (unsigned)m < SW_SIP_METHODS ? names[m] : "other";
}

enum { SW_IN, SW_OUT, SW_DIRS };   /* received, sent */
enum { SW_SIP_CLASSES = 6 };        /* responses 1xx .. 6xx */

/* What a backend has counted since it started (/metrics): SIP messages on
 * the wire, retransmissions included, and the RTP packets of its legs;
 * zero where the backend has no such thing (sim). legs is a gauge. */
struct sw_stats {
	uint64_t sip_requests[SW_DIRS][SW_SIP_METHODS];
	uint64_t sip_responses[SW_DIRS][SW_SIP_CLASSES];
	uint64_t rtp_received;
	uint64_t rtp_sent;
	uint64_t rtp_lost;       /* sequence numbers the peers skipped */
	uint64_t srtp_dropped;   /* WebRTC: packets failing SRTP checks */
	uint64_t legs;           /* legs held now */
};

struct sw;

struct switch_ops {
	const char *name;
	/* Dial a phone or a number; the leg id is valid at once, progress
	 * comes as ALERTING / ANSWERED / FAILED events. */
	int (*originate)(struct sw *sw, sw_leg_t *legp,
			 const struct sw_originate *o);
	/* Answer an inbound leg, or answer a ringing phone leg on the agent's
	 * behalf (ENOTSUP where the phone cannot be answered remotely). */
	int (*answer)(struct sw *sw, sw_leg_t leg);
	/* Hang a leg up (cancel if still ringing). No HANGUP event follows
	 * for a leg the core hung up itself. */
	int (*hangup)(struct sw *sw, sw_leg_t leg, enum sw_cause cause);
	/* Put a leg into a bridge (created on first use) with SW_HEAR /
	 * SW_SPEAK flags, or change its flags if already there. */
	int (*join)(struct sw *sw, const char *bridge, sw_leg_t leg,
		    unsigned flags);
	int (*leave)(struct sw *sw, sw_leg_t leg);
	int (*play)(struct sw *sw, sw_leg_t leg, enum sw_tone tone);
	int (*send_dtmf)(struct sw *sw, sw_leg_t leg, const char *digits);
	/* Start recording a bridge into path (a WAV file), or stop (NULL). */
	int (*record)(struct sw *sw, const char *bridge, const char *path);
	/* Whether a call to this DN can reach a phone now (a SIP phone is
	 * registered); changes come as PHONE events. */
	bool (*phone_ready)(struct sw *sw, const char *dn);
	/* Fills what the backend counts into a zeroed out. Optional: a
	 * backend without it (a test's mock) reports zeros. */
	void (*stats)(struct sw *sw, struct sw_stats *out);
	/* What the core notes on a leg (struct sw_note, the whole note each
	 * time), kept where the switch outlives its CTI: the remote switch
	 * hands it to the node, whose leg report carries it to the next
	 * master (SW_EV_ADOPT). Optional: the in-process backends, which die
	 * with their core, have no use for it. */
	void (*annotate)(struct sw *sw, sw_leg_t leg,
			 const struct sw_note *note);
};

/* The common head of every backend's state. */
struct sw {
	const struct switch_ops *ops;
	sw_event_h *eh;
	void *arg;
};

static inline int sw_originate(struct sw *sw, sw_leg_t *legp,
			       const struct sw_originate *o)
{
	return sw->ops->originate(sw, legp, o);
}
static inline int sw_answer(struct sw *sw, sw_leg_t leg)
{
	return sw->ops->answer(sw, leg);
}
static inline int sw_hangup(struct sw *sw, sw_leg_t leg, enum sw_cause c)
{
	return sw->ops->hangup(sw, leg, c);
}
static inline int sw_join(struct sw *sw, const char *bridge, sw_leg_t leg,
			  unsigned flags)
{
	return sw->ops->join(sw, bridge, leg, flags);
}
static inline int sw_leave(struct sw *sw, sw_leg_t leg)
{
	return sw->ops->leave(sw, leg);
}
static inline int sw_play(struct sw *sw, sw_leg_t leg, enum sw_tone tone)
{
	return sw->ops->play(sw, leg, tone);
}
static inline int sw_send_dtmf(struct sw *sw, sw_leg_t leg, const char *d)
{
	return sw->ops->send_dtmf(sw, leg, d);
}
static inline bool sw_phone_ready(struct sw *sw, const char *dn)
{
	return sw->ops->phone_ready(sw, dn);
}
static inline int sw_record(struct sw *sw, const char *bridge,
			    const char *path)
{
	return sw->ops->record(sw, bridge, path);
}
/* Whether notes are kept at all: the core skips making them when not. */
static inline bool sw_keeps_notes(const struct sw *sw)
{
	return sw->ops->annotate != NULL;
}
static inline void sw_annotate(struct sw *sw, sw_leg_t leg,
			       const struct sw_note *note)
{
	if (sw->ops->annotate)
		sw->ops->annotate(sw, leg, note);
}
static inline void sw_stats(struct sw *sw, struct sw_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (sw->ops->stats)
		sw->ops->stats(sw, out);
}

#endif
