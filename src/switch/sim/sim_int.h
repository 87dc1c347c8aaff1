/*
 * sim_int.h — the simulated switch's state, shared by its files:
 *   sim.c        the instance, the event queue and its delivery
 *   sim_leg.c    legs: ids, lookup, answering and ending
 *   sim_ops.c    the switch_ops the core calls
 *   sim_dest.c   how virtual phones and outside numbers behave
 *   sim_party.c  the Sim.* control calls and party lookup
 *   sim_media.c  bridges, tones, who hears whom, recording
 *   sim_check.c  validation of names and digits from outside
 * (wav.c, with its own wav.h, writes the recordings.)
 */
#ifndef CALLCLOUD_SIM_INT_H
#define CALLCLOUD_SIM_INT_H

/* libre 1.1.0 headers expect the C99 integer and bool types already. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <re.h>
#include "switch/sim/sim.h"

/* Longest DN, outside number, bridge name or party string (a byte less
 * than the name fields of struct sim_party_info). */
#define SIM_NAME_MAX 63
/* Longest ANI / DNIS of an inbound call. */
#define SIM_ANI_MAX 32
/* Longest digit string of one DTMF burst. */
#define SIM_DIGITS_MAX 32
/* Originate timeout when the core passes 0. */
#define SIM_DEFAULT_TIMEOUT_MS 30000
/* A timer that could not allocate its event tries again this much later
 * instead of changing the leg's state without telling the core. */
#define SIM_RETRY_MS 10

struct sim_bridge;

struct sim {
	struct sw sw;            /* first: a struct sw * is a struct sim * */
	struct list events;      /* struct sim_event, oldest first */
	struct tmr deliver_tmr;
	bool delivering;         /* inside deliver_h */
	bool *alive;             /* cleared by the destructor; outlives it */
	struct list legs;        /* live legs, oldest first */
	struct hash *legh;       /* live legs by id */
	struct hash *bridgeh;    /* bridges by name */
	struct list dests;       /* destination settings (sim_dest.c) */
	sw_leg_t last_leg;
	uint64_t last_call;      /* N of the last "sim-N" call id */
};

enum sim_leg_kind {
	SIM_LEG_CUSTOMER,  /* inbound: a customer called in */
	SIM_LEG_PHONE,     /* originated to an agent DN */
	SIM_LEG_NUMBER,    /* originated to an outside number */
};

enum sim_leg_state {
	SIM_LEG_CALLING,   /* originated, no answer from the far end yet */
	SIM_LEG_RINGING,   /* alerting (originated) or offered (inbound) */
	SIM_LEG_ANSWERED,
	SIM_LEG_ENDED,
};

/* How a destination reacts to being dialled. */
enum sim_behaviour {
	SIM_BHV_NORMAL,    /* rings; answers after answer_ms or when told */
	SIM_BHV_BUSY,
	SIM_BHV_NOANSWER,  /* rings until the timeout, nobody picks up */
	SIM_BHV_INVALID,
	SIM_BHV_UNREGISTERED, /* a phone that is not registered: refused as
				 invalid, and phone_ready says no */
};

struct sim_leg {
	struct le le;            /* sim->legs */
	struct le he;            /* sim->legh */
	struct le ble;           /* bridge->legs */
	struct sim *sim;
	sw_leg_t id;
	enum sim_leg_kind kind;
	enum sim_leg_state state;
	char name[SIM_NAME_MAX + 1];   /* DN, number or ANI */
	char call_id[32];              /* inbound only: "sim-N" */
	bool never_answers;            /* its destination is "noanswer" */
	bool silenced;                 /* hung up by the core: no more events */
	struct tmr progress_tmr;       /* scheduled answer or failure */
	struct tmr timeout_tmr;        /* originate timeout */
	enum sw_cause fail_cause;      /* of the scheduled failure */
	struct sim_bridge *bridge;
	unsigned flags;                /* SW_HEAR | SW_SPEAK in the bridge */
	enum sw_tone tone;
	char dtmf[64];                 /* digits sent to it with send_dtmf */
};

struct sim_event {
	struct le le;
	struct sw_event ev;      /* its strings point into this struct */
	struct sim_leg *leg;     /* a reference: kept until delivered */
	char call_id[32];
	char ani[SIM_ANI_MAX + 1];
	char dnis[SIM_ANI_MAX + 1];
	char digits[SIM_DIGITS_MAX + 1];
	char dn[SIM_NAME_MAX + 1];
	struct sw_kv *data;      /* one block: pairs, then their strings */
};

/* sim_ops.c */
extern const struct switch_ops sim_ops;

/* sim.c */
struct sim *sim_of(struct sw *sw);
int  sim_event_alloc(struct sim_event **evp, struct sim_leg *leg,
		     enum sw_event_type type);
int  sim_event_set_data(struct sim_event *ev, const struct sw_kv *data,
			size_t ndata);
void sim_event_post(struct sim *sim, struct sim_event *ev);

/* sim_leg.c */
int  sim_leg_alloc(struct sim_leg **legp, struct sim *sim,
		   enum sim_leg_kind kind, const char *name);
struct sim_leg *sim_leg_find(const struct sim *sim, sw_leg_t id);
int  sim_leg_answer(struct sim_leg *leg);
int  sim_leg_end(struct sim_leg *leg, enum sw_event_type type,
		 enum sw_cause cause);
void sim_leg_drop(struct sim_leg *leg);

/* sim_dest.c */
bool sim_phone_ready(struct sw *sw, const char *dn);
void sim_dest_get(const struct sim *sim, enum sw_dest_kind kind,
		  const char *name, enum sim_behaviour *bhv, int *answer_ms);

/* sim_media.c */
void sim_media_leave(struct sim_leg *leg);
int  sim_media_join(struct sim *sim, const char *bridge, struct sim_leg *leg,
		    unsigned flags);
int  sim_media_record(struct sim *sim, const char *bridge, const char *path);

/* sim_check.c */
bool sim_name_valid(const char *s, size_t max);
bool sim_text_valid(const char *s, size_t max);
bool sim_digits_valid(const char *s);
bool sim_cause_valid(enum sw_cause cause);
int  sim_data_check(const struct sw_kv *data, size_t ndata);

#endif
