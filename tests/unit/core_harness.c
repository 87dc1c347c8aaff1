/*
 * core_harness.c — see core_harness.h (linked into every unit test).
 */
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "core_harness.h"
#include "switch/sim/sim.h"

struct harness H;

static struct h_leg *find(sw_leg_t id)
{
	size_t i;

	for (i = 0; i < H.nlegs; i++)
		if (H.legs[i].id == id)
			return &H.legs[i];
	return NULL;
}

static int m_originate(struct sw *sw, sw_leg_t *legp,
		       const struct sw_originate *o)
{
	struct h_leg *l;

	(void)sw;
	if (H.nlegs >= H_MAX_LEGS)
		return ENOMEM;
	l = &H.legs[H.nlegs++];
	memset(l, 0, sizeof(*l));
	l->id = ++H.next_leg;
	l->kind = o->kind;
	str_ncpy(l->dest, o->dest, sizeof(l->dest));
	str_ncpy(l->caller, o->caller ? o->caller : "", sizeof(l->caller));
	l->auto_answer = o->auto_answer;
	*legp = l->id;
	return 0;
}

static int m_answer(struct sw *sw, sw_leg_t leg)
{
	struct h_leg *l = find(leg);

	(void)sw;
	if (!l)
		return ENOENT;
	if (l->kind == SW_DEST_PHONE && H.answer_unsupported)
		return ENOTSUP;
	l->answered_by_core = true;
	return 0;
}

static int m_hangup(struct sw *sw, sw_leg_t leg, enum sw_cause cause)
{
	struct h_leg *l = find(leg);

	(void)sw;
	(void)cause;
	if (!l)
		return ENOENT;
	l->hung_up = true;
	l->bridge[0] = '\0';
	return 0;
}

static int m_join(struct sw *sw, const char *bridge, sw_leg_t leg,
		  unsigned flags)
{
	struct h_leg *l = find(leg);

	(void)sw;
	if (!l)
		return ENOENT;
	str_ncpy(l->bridge, bridge, sizeof(l->bridge));
	l->flags = flags;
	return 0;
}

static int m_leave(struct sw *sw, sw_leg_t leg)
{
	struct h_leg *l = find(leg);

	(void)sw;
	if (!l)
		return ENOENT;
	l->bridge[0] = '\0';
	return 0;
}

static int m_play(struct sw *sw, sw_leg_t leg, enum sw_tone tone)
{
	struct h_leg *l = find(leg);

	(void)sw;
	if (!l)
		return ENOENT;
	l->tone = tone;
	return 0;
}

static int m_dtmf(struct sw *sw, sw_leg_t leg, const char *d)
{
	(void)sw;
	(void)d;
	return find(leg) ? 0 : ENOENT;
}

static int m_record(struct sw *sw, const char *bridge, const char *path)
{
	(void)sw;
	(void)bridge;
	(void)path;
	return 0;
}

static bool m_phone_ready(struct sw *sw, const char *dn)
{
	(void)sw;
	return strcmp(dn, H.phone_down) != 0;
}

static const struct switch_ops mock_ops = {
	.name = "mock", .originate = m_originate, .answer = m_answer,
	.hangup = m_hangup, .join = m_join, .leave = m_leave,
	.play = m_play, .send_dtmf = m_dtmf, .record = m_record,
	.phone_ready = m_phone_ready,
};

static void on_state(void *owner, const struct core_state_event *ev,
		     void *arg)
{
	struct h_event *e;

	(void)arg;
	if (H.nevents >= H_MAX_EVENTS)
		return;
	e = &H.events[H.nevents++];
	memset(e, 0, sizeof(*e));
	str_ncpy(e->agent, ev->agent_id, sizeof(e->agent));
	e->status = ev->status;
	e->eventID = ev->eventID;
	e->reason = ev->reason;
	str_ncpy(e->callID, ev->callID, sizeof(e->callID));
	str_ncpy(e->otherParty, ev->otherParty, sizeof(e->otherParty));
	e->otherPartyAttribute = ev->otherPartyAttribute;
	e->partyNum = ev->partyNum;
	e->owner = owner;
}

static void on_kick(void *owner, void *arg)
{
	(void)arg;
	if (H.nkicked < ARRAY_SIZE(H.kicked))
		H.kicked[H.nkicked++] = owner;
}

/* Fast password hashing: the demo directory signs agents in quickly. */
static const struct pwhash_params weak = {1, 8192};

const struct h_failure h_dest_failures[4] = {
	{SW_CAUSE_BUSY, CerCallDestBusy},
	{SW_CAUSE_NOANSWER, CerCallNoAnswer},
	{SW_CAUSE_INVALID, CerCallDestInvalid},
	{SW_CAUSE_TIMEOUT, CerCallTimeout},
};

static int setup(const char *db_path)
{
	struct core_handlers h = {.state = on_state, .kick = on_kick};
	struct core_config cfg;

	memset(&H, 0, sizeof(H));
	log_set_level(LOG_ERROR);
	if (libre_init())
		return -1;
	H.sw.ops = &mock_ops;
	str_ncpy(H.db_path, db_path, sizeof(H.db_path));
	if (store_open(&H.st, H.db_path, &weak) || store_load_demo(H.st))
		return -1;
	core_config_default(&cfg);
	cfg.phone_timeout = 1;
	cfg.outbound_timeout = 1;
	cfg.recordings_dir = "/tmp";
	if (core_alloc(&H.core, &cfg, H.st, &H.sw, &h))
		return -1;
	return 0;
}

int h_setup(void **state)
{
	(void)state;
	return setup(":memory:");
}

int h_setup_file(void **state)
{
	char path[sizeof(H.db_path)];
	int fd;

	(void)state;
	str_ncpy(path, "/tmp/core_harness_XXXXXX", sizeof(path));
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return setup(path);
}

int h_teardown(void **state)
{
	(void)state;
	H.core = mem_deref(H.core);
	H.st = mem_deref(H.st);
	if (H.db_path[0] == '/')
		unlink(H.db_path);
	libre_close();
	return 0;
}

static void stop_loop(void *arg)
{
	(void)arg;
	re_cancel();
}

void h_pump(unsigned ms)
{
	struct tmr t;

	tmr_init(&t);
	tmr_start(&t, ms, stop_loop, NULL);
	re_main(NULL);
	tmr_cancel(&t);
}

int h_signin_code(const char *id, const char *pw, const char *dn,
		  const char *skills, bool force, void *owner)
{
	struct signin_req r = {
		.AgentID = id, .PassWord = pw, .DN = dn,
		.AutoAnswer = false, .ForceSignIn = force,
		.ServiceList = skills,
	};
	struct agent *a;

	return core_signin(H.core, owner, &r, &a);
}

struct agent *h_signin(const char *id, const char *dn, const char *skills,
		       void *owner)
{
	char pw[64];
	int code;

	re_snprintf(pw, sizeof(pw), "%s123", id);
	code = h_signin_code(id, pw, dn, skills, true, owner);
	assert_int_equal(code, ArSuccess);
	return core_agent_by_id(H.core, id);
}

struct h_leg *h_leg(sw_leg_t id)
{
	return find(id);
}

struct h_leg *h_leg_to(const char *dest)
{
	size_t i = H.nlegs;

	while (i--)
		if (0 == strcmp(H.legs[i].dest, dest))
			return &H.legs[i];
	return NULL;
}

void h_event(enum sw_event_type type, sw_leg_t leg, enum sw_cause cause)
{
	struct sw_event ev = {.type = type, .leg = leg, .cause = cause};

	core_switch_event(&ev, H.core);
}

void h_phone(const char *dn, bool up)
{
	struct sw_event ev = {.type = SW_EV_PHONE, .dn = dn, .up = up};

	str_ncpy(H.phone_down, up ? "" : dn, sizeof(H.phone_down));
	core_switch_event(&ev, H.core);
}

sw_leg_t h_inbound(const char *call_id, const char *ani, const char *dnis)
{
	struct sw_event ev = {.type = SW_EV_INCOMING, .call_id = call_id,
			      .ani = ani, .dnis = dnis};
	struct h_leg *l = &H.legs[H.nlegs++];

	memset(l, 0, sizeof(*l));
	l->id = ++H.next_leg;
	l->kind = SW_DEST_NUMBER;
	str_ncpy(l->dest, ani, sizeof(l->dest));
	ev.leg = l->id;
	core_switch_event(&ev, H.core);
	return l->id;
}

sw_leg_t h_answer_phone(const char *dest)
{
	struct h_leg *l = h_leg_to(dest);

	assert_non_null(l);
	h_event(SW_EV_ALERTING, l->id, SW_CAUSE_NORMAL);
	h_event(SW_EV_ANSWERED, l->id, SW_CAUSE_NORMAL);
	return l->id;
}

int h_find(const char *agent, int status, size_t *from)
{
	size_t i;

	for (i = *from; i < H.nevents; i++) {
		if (0 == strcmp(H.events[i].agent, agent) &&
		    H.events[i].status == status) {
			*from = i + 1;
			return (int)i;
		}
	}
	return -1;
}

const struct h_event *h_last(const char *agent)
{
	size_t i = H.nevents;

	while (i--)
		if (0 == strcmp(H.events[i].agent, agent))
			return &H.events[i];
	return NULL;
}

void h_clear_events(void)
{
	H.nevents = 0;
}

static void count_cdr(const struct cdr *c, void *arg)
{
	(void)c;
	++*(int *)arg;
}

struct cdr_query {
	const char *call_id, *agent;
	struct cdr *out;
	int found;
};

static void find_cdr(const struct cdr *c, void *arg)
{
	struct cdr_query *q = arg;

	if (!strcmp(c->call_id, q->call_id) && !strcmp(c->agent, q->agent)) {
		*q->out = *c;
		q->found++;
	}
}

bool h_cdr_find(const char *call_id, const char *agent, struct cdr *out)
{
	struct cdr_query q = {call_id, agent, out, 0};

	store_cdr_list(H.st, 100000, find_cdr, &q);
	assert_true(q.found <= 1);
	return q.found == 1;
}

int h_cdr_count(void)
{
	int n = 0;

	store_cdr_list(H.st, 100000, count_cdr, &n);
	return n;
}

/* The switch is created before the core, so its events go through a
 * pointer the test sets afterwards. */
static void sim_event(const struct sw_event *ev, void *arg)
{
	struct core **core = arg;

	core_switch_event(ev, *core);
}

int h_sim_open(struct sw **sim, struct store **st, struct core **core)
{
	log_set_level(LOG_ERROR);
	if (libre_init() || sim_switch_alloc(sim, sim_event, core) ||
	    store_open(st, ":memory:", &weak) || store_load_demo(*st))
		return -1;
	return 0;
}

void h_sim_close(struct sw **sim, struct store **st, struct core **core)
{
	*core = mem_deref(*core);
	*sim = mem_deref(*sim);
	*st = mem_deref(*st);
	libre_close();
}
