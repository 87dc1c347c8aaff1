/*
 * sim_test.c — unit tests of the simulated switch (src/switch/sim): every
 * op and control call with its error codes, event order and the
 * never-from-inside-a-call rule, phone and number behaviours, hangup
 * semantics, who hears whom, party lookup and WAV recordings.
 *
 * Each test gets its own libre context; the main loop only runs through
 * run_ms() / wait_events(), both bounded by a timer calling re_cancel, so
 * a missing event fails the test instead of hanging it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <re.h>
#include "switch/sim/sim.h"

#define MAX_EVENTS 64
#define WATCHDOG_MS 3000

struct rec_event {
	enum sw_event_type type;
	sw_leg_t leg;
	enum sw_cause cause;
	char call_id[32];
	char ani[64];
	char dnis[64];
	char digits[64];
	char dn[64];
	bool up;
	size_t ndata;
	char key[2][64];
	char value[2][1100];
	uint64_t at;               /* tmr_jiffies() when delivered */
};

static struct {
	struct sw *sw;
	struct rec_event ev[MAX_EVENTS];
	size_t n;
	size_t want;               /* stop the loop when n reaches this */
	int depth;                 /* handler nesting, must stay 1 */
	bool in_call;              /* the test is inside an ops/control call */
	bool answer_on_alert;      /* handler answers ALERTING phones */
	int answer_on_alert_err;
	bool destroy_on_event;     /* handler destroys the switch */
	bool timed_out;
} fx;

/* --- harness --------------------------------------------------------- */

static void event_h(const struct sw_event *ev, void *arg)
{
	struct rec_event *r;
	size_t i;

	assert_ptr_equal(arg, &fx);
	assert_false(fx.in_call);
	assert_int_equal(++fx.depth, 1);
	assert_true(fx.n < MAX_EVENTS);
	r = &fx.ev[fx.n++];
	memset(r, 0, sizeof(*r));
	r->type = ev->type;
	r->leg = ev->leg;
	r->cause = ev->cause;
	r->at = tmr_jiffies();
	if (ev->call_id)
		snprintf(r->call_id, sizeof(r->call_id), "%s", ev->call_id);
	if (ev->ani)
		snprintf(r->ani, sizeof(r->ani), "%s", ev->ani);
	if (ev->dnis)
		snprintf(r->dnis, sizeof(r->dnis), "%s", ev->dnis);
	if (ev->digits)
		snprintf(r->digits, sizeof(r->digits), "%s", ev->digits);
	if (ev->dn)
		snprintf(r->dn, sizeof(r->dn), "%s", ev->dn);
	r->up = ev->up;
	r->ndata = ev->ndata;
	for (i = 0; i < ev->ndata && i < 2; i++) {
		snprintf(r->key[i], sizeof(r->key[i]), "%s", ev->data[i].key);
		snprintf(r->value[i], sizeof(r->value[i]), "%s",
			 ev->data[i].value);
	}

	if (fx.answer_on_alert && ev->type == SW_EV_ALERTING) {
		/* An op called from inside the handler must not re-enter
		 * it: depth would reach 2. */
		fx.answer_on_alert_err = sw_answer(fx.sw, ev->leg);
	}
	if (fx.destroy_on_event) {
		fx.sw = mem_deref(fx.sw);
		fx.destroy_on_event = false;
	}
	if (fx.want && fx.n >= fx.want)
		re_cancel();
	fx.depth--;
}

static void stop_h(void *arg)
{
	bool *flag = arg;

	if (flag)
		*flag = true;
	re_cancel();
}

/* Runs the main loop for ms milliseconds. */
static void run_ms(uint64_t ms)
{
	struct tmr t;

	tmr_init(&t);
	fx.want = 0;
	tmr_start(&t, ms, stop_h, NULL);
	re_main(NULL);
	tmr_cancel(&t);
}

/* Runs the main loop until n events in all have been delivered. */
static void wait_events(size_t n)
{
	struct tmr t;

	if (fx.n >= n)
		return;
	tmr_init(&t);
	fx.want = n;
	fx.timed_out = false;
	tmr_start(&t, WATCHDOG_MS, stop_h, &fx.timed_out);
	re_main(NULL);
	tmr_cancel(&t);
	fx.want = 0;
	assert_false(fx.timed_out);
	assert_true(fx.n >= n);
}

static int setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	if (libre_init())
		return -1;
	return sim_switch_alloc(&fx.sw, event_h, &fx) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	fx.sw = mem_deref(fx.sw);
	libre_close();
	return 0;
}

static sw_leg_t originate(enum sw_dest_kind kind, const char *dest,
			  bool auto_answer, uint32_t timeout_ms)
{
	struct sw_originate o = {
		.kind = kind, .dest = dest, .caller = "4000",
		.auto_answer = auto_answer, .timeout_ms = timeout_ms,
	};
	sw_leg_t leg = 0;
	int err;

	fx.in_call = true;
	err = sw_originate(fx.sw, &leg, &o);
	fx.in_call = false;
	assert_int_equal(err, 0);
	assert_true(leg != 0);
	return leg;
}

/* Runs the loop until an event of that type for that leg (leg 0: any
 * leg) has been delivered; returns its index. */
static size_t wait_for(enum sw_event_type type, sw_leg_t leg,
		       const char *call_id)
{
	size_t i = 0;

	for (;;) {
		for (; i < fx.n; i++) {
			if (fx.ev[i].type == type &&
			    (!leg || fx.ev[i].leg == leg) &&
			    (!call_id || !strcmp(fx.ev[i].call_id, call_id)))
				return i;
		}
		wait_events(fx.n + 1);
	}
}

static sw_leg_t inbound(const char *ani, char *call_id, size_t size)
{
	size_t before = sim_leg_count(fx.sw);

	assert_int_equal(sim_inbound_call(fx.sw, ani, "8000", NULL, 0,
					  call_id, size), 0);
	assert_int_equal(sim_leg_count(fx.sw), before + 1);
	return fx.ev[wait_for(SW_EV_INCOMING, 0, call_id)].leg;
}

static void assert_event(size_t i, enum sw_event_type type, sw_leg_t leg)
{
	assert_true(i < fx.n);
	assert_int_equal(fx.ev[i].type, type);
	assert_int_equal(fx.ev[i].leg, leg);
}

static void assert_failed(size_t i, sw_leg_t leg, enum sw_cause cause)
{
	assert_event(i, SW_EV_FAILED, leg);
	assert_int_equal(fx.ev[i].cause, cause);
}

/* --- construction ---------------------------------------------------- */

static void test_alloc_args(void **state)
{
	struct sw *sw = NULL;
	struct sw other = { .ops = NULL };
	struct sim_party_info pi;
	char id[16];

	(void)state;
	assert_int_equal(sim_switch_alloc(NULL, event_h, NULL), EINVAL);
	assert_int_equal(sim_switch_alloc(&sw, NULL, NULL), EINVAL);
	assert_null(sw);
	assert_string_equal(fx.sw->ops->name, "sim");

	/* Control calls refuse anything but a sim switch. */
	assert_int_equal(sim_party_answer(NULL, "1001"), EINVAL);
	assert_int_equal(sim_party_answer(&other, "1001"), EINVAL);
	assert_int_equal(sim_party_hangup(&other, "1001"), EINVAL);
	assert_int_equal(sim_party_reject(&other, "1001", SW_CAUSE_BUSY),
			 EINVAL);
	assert_int_equal(sim_party_dtmf(&other, "1001", "1"), EINVAL);
	assert_int_equal(sim_set_phone(&other, "1001", -1, NULL), EINVAL);
	assert_int_equal(sim_set_number(&other, "555", NULL), EINVAL);
	assert_int_equal(sim_inbound_call(&other, "1", "2", NULL, 0, id,
					  sizeof(id)), EINVAL);
	assert_int_equal(sim_parties(&other, "b", &pi, 1), -EINVAL);
	assert_int_equal(sim_leg_count(&other), 0);
	assert_int_equal(sim_leg_count(NULL), 0);
}

/* --- inbound calls --------------------------------------------------- */

static void test_inbound_call(void **state)
{
	const struct sw_kv data[] = {
		{"orderNo", "A-17"}, {"lang", "zh"},
	};
	char id[32];
	sw_leg_t leg;

	(void)state;
	fx.in_call = true;
	assert_int_equal(sim_inbound_call(fx.sw, "13912345678", "95555",
					  data, 2, id, sizeof(id)), 0);
	fx.in_call = false;
	assert_string_equal(id, "sim-1");
	assert_int_equal(fx.n, 0);
	assert_int_equal(sim_leg_count(fx.sw), 1);

	wait_events(1);
	assert_int_equal(fx.ev[0].type, SW_EV_INCOMING);
	leg = fx.ev[0].leg;
	assert_true(leg != 0);
	assert_string_equal(fx.ev[0].call_id, "sim-1");
	assert_string_equal(fx.ev[0].ani, "13912345678");
	assert_string_equal(fx.ev[0].dnis, "95555");
	assert_int_equal(fx.ev[0].ndata, 2);
	assert_string_equal(fx.ev[0].key[0], "orderNo");
	assert_string_equal(fx.ev[0].value[0], "A-17");
	assert_string_equal(fx.ev[0].key[1], "lang");
	assert_string_equal(fx.ev[0].value[1], "zh");

	/* The core answers: no event, and only once. */
	assert_int_equal(sw_answer(fx.sw, leg), 0);
	assert_int_equal(sw_answer(fx.sw, leg), EPROTO);
	run_ms(20);
	assert_int_equal(fx.n, 1);
	/* A customer does not answer its own call. */
	assert_int_equal(sim_party_answer(fx.sw, "sim-1"), EPROTO);

	assert_int_equal(sim_inbound_call(fx.sw, "100", "200", NULL, 0, id,
					  sizeof(id)), 0);
	assert_string_equal(id, "sim-2");
	wait_events(2);
	assert_int_equal(fx.ev[1].ndata, 0);
	assert_true(fx.ev[1].leg > leg);
	assert_int_equal(sim_leg_count(fx.sw), 2);
}

static void test_inbound_call_bad_input(void **state)
{
	char big[1100], key33[40], ani33[40];
	struct sw_kv kv[33];
	char id[32];
	size_t i;

	(void)state;
	memset(ani33, '1', 33);
	ani33[33] = '\0';
	memset(key33, 'k', 33);
	key33[33] = '\0';
	memset(big, 'v', 1024);
	big[1024] = '\0';
	for (i = 0; i < 33; i++) {
		kv[i].key = "k";
		kv[i].value = "v";
	}

#define BAD(ani, dnis, data, n, buf, size) \
	assert_int_equal(sim_inbound_call(fx.sw, ani, dnis, data, n, buf, \
					  size), EINVAL)
	BAD(NULL, "1", NULL, 0, id, sizeof(id));
	BAD("", "1", NULL, 0, id, sizeof(id));
	BAD("1", NULL, NULL, 0, id, sizeof(id));
	BAD("1", "", NULL, 0, id, sizeof(id));
	BAD(ani33, "1", NULL, 0, id, sizeof(id));
	BAD("1", ani33, NULL, 0, id, sizeof(id));
	BAD("12 3", "1", NULL, 0, id, sizeof(id));
	BAD("1", "2;3", NULL, 0, id, sizeof(id));
	BAD("1", "2", NULL, 1, id, sizeof(id));
	BAD("1", "2", kv, 33, id, sizeof(id));
	BAD("1", "2", NULL, 0, NULL, 0);
	BAD("1", "2", NULL, 0, id, 5);   /* "sim-1" needs 6 */
	kv[0].key = "";
	BAD("1", "2", kv, 1, id, sizeof(id));
	kv[0].key = key33;
	BAD("1", "2", kv, 1, id, sizeof(id));
	kv[0].key = "k";
	kv[0].value = NULL;
	BAD("1", "2", kv, 1, id, sizeof(id));
	kv[0].value = big;
	BAD("1", "2", kv, 1, id, sizeof(id));
#undef BAD
	assert_int_equal(sim_leg_count(fx.sw), 0);

	/* The limits themselves are accepted, and refused calls used no
	 * call id. */
	ani33[32] = '\0';
	key33[32] = '\0';
	big[1023] = '\0';
	kv[0].key = key33;
	kv[0].value = big;
	assert_int_equal(sim_inbound_call(fx.sw, ani33, "+86*10#._-Ab", kv, 32,
					  id, 6), 0);
	assert_string_equal(id, "sim-1");
	wait_events(1);
	assert_int_equal(fx.ev[0].ndata, 32);
	assert_string_equal(fx.ev[0].key[0], key33);
	assert_int_equal(strlen(fx.ev[0].value[0]), 1023);
	assert_string_equal(fx.ev[0].ani, ani33);
}

/* --- originate: phones ----------------------------------------------- */

static void test_originate_bad_input(void **state)
{
	struct sw_originate o = { .kind = SW_DEST_PHONE, .dest = "1001" };
	char d64[70];
	sw_leg_t leg = 0;

	(void)state;
	memset(d64, '5', 64);
	d64[64] = '\0';
	assert_int_equal(sw_originate(fx.sw, NULL, &o), EINVAL);
	assert_int_equal(sw_originate(fx.sw, &leg, NULL), EINVAL);
	o.kind = (enum sw_dest_kind)7;
	assert_int_equal(sw_originate(fx.sw, &leg, &o), EINVAL);
	o.kind = SW_DEST_NUMBER;
	o.dest = NULL;
	assert_int_equal(sw_originate(fx.sw, &leg, &o), EINVAL);
	o.dest = "";
	assert_int_equal(sw_originate(fx.sw, &leg, &o), EINVAL);
	o.dest = d64;
	assert_int_equal(sw_originate(fx.sw, &leg, &o), EINVAL);
	o.dest = "10 01";
	assert_int_equal(sw_originate(fx.sw, &leg, &o), EINVAL);
	assert_int_equal(leg, 0);
	assert_int_equal(sim_leg_count(fx.sw), 0);

	d64[63] = '\0';
	o.dest = d64;
	assert_int_equal(sw_originate(fx.sw, &leg, &o), 0);
	assert_true(leg != 0);
}

static void test_phone_rings_until_answered(void **state)
{
	sw_leg_t leg;

	(void)state;
	leg = originate(SW_DEST_PHONE, "1001", false, 0);
	assert_int_equal(fx.n, 0);   /* nothing from inside the op */
	assert_int_equal(sim_leg_count(fx.sw), 1);
	wait_events(1);
	assert_event(0, SW_EV_ALERTING, leg);
	run_ms(30);
	assert_int_equal(fx.n, 1);   /* it does not answer by itself */

	/* The core answers it on the agent's behalf. */
	fx.in_call = true;
	assert_int_equal(sw_answer(fx.sw, leg), 0);
	fx.in_call = false;
	assert_int_equal(fx.n, 1);
	wait_events(2);
	assert_event(1, SW_EV_ANSWERED, leg);
	assert_int_equal(sw_answer(fx.sw, leg), EPROTO);
	assert_int_equal(sw_answer(fx.sw, leg + 100), ENOENT);
	run_ms(10);
	assert_int_equal(fx.n, 2);
}

static void test_phone_auto_answer_flag(void **state)
{
	sw_leg_t leg;

	(void)state;
	leg = originate(SW_DEST_PHONE, "1001", true, 0);
	assert_int_equal(fx.n, 0);
	wait_events(2);
	assert_event(0, SW_EV_ALERTING, leg);
	assert_event(1, SW_EV_ANSWERED, leg);
	run_ms(10);
	assert_int_equal(fx.n, 2);
	assert_int_equal(sim_leg_count(fx.sw), 1);
}

static void test_phone_auto_answer_delay(void **state)
{
	uint64_t t0;
	sw_leg_t leg;

	(void)state;
	assert_int_equal(sim_set_phone(fx.sw, "1002", 40, "normal"), 0);
	t0 = tmr_jiffies();
	leg = originate(SW_DEST_PHONE, "1002", false, 0);
	wait_events(2);
	assert_event(0, SW_EV_ALERTING, leg);
	assert_event(1, SW_EV_ANSWERED, leg);
	assert_true(fx.ev[1].at - t0 >= 40);

	/* Other DNs keep the default. */
	leg = originate(SW_DEST_PHONE, "1003", false, 0);
	wait_events(3);
	run_ms(60);
	assert_int_equal(fx.n, 3);
	assert_event(2, SW_EV_ALERTING, leg);

	/* -1 turns auto-answer off again. */
	assert_int_equal(sim_set_phone(fx.sw, "1002", -1, NULL), 0);
	leg = originate(SW_DEST_PHONE, "1002", false, 0);
	wait_events(4);
	run_ms(60);
	assert_int_equal(fx.n, 4);
	assert_event(3, SW_EV_ALERTING, leg);
}

/* Busy and invalid phones refuse without ringing, on a later loop turn:
 * until then the leg is live like any dialled leg. */
static void test_phone_busy_invalid(void **state)
{
	sw_leg_t busy, invalid;

	(void)state;
	assert_int_equal(sim_set_phone(fx.sw, "1004", -1, "busy"), 0);
	assert_int_equal(sim_set_phone(fx.sw, "1005", 0, "invalid"), 0);
	busy = originate(SW_DEST_PHONE, "1004", true, 0);
	invalid = originate(SW_DEST_PHONE, "1005", true, 0);
	assert_int_equal(sim_leg_count(fx.sw), 2);
	assert_int_equal(sw_join(fx.sw, "c1", busy, SW_HEAR | SW_SPEAK), 0);
	assert_int_equal(sw_answer(fx.sw, busy), EPROTO);
	wait_events(2);
	assert_failed(0, busy, SW_CAUSE_BUSY);
	assert_failed(1, invalid, SW_CAUSE_INVALID);
	run_ms(10);
	assert_int_equal(fx.n, 2);
	assert_int_equal(sim_leg_count(fx.sw), 0);
	/* Gone, and taken out of its bridge. */
	assert_int_equal(sw_hangup(fx.sw, busy, SW_CAUSE_NORMAL), ENOENT);
	assert_int_equal(sim_parties(fx.sw, "c1", NULL, 0), -ENOENT);
}

/* "unregistered": refused as invalid, phone_ready false, and a PHONE event
 * each time the registration state changes (not when it stays). */
static void test_phone_unregistered(void **state)
{
	sw_leg_t leg;

	(void)state;
	assert_true(sw_phone_ready(fx.sw, "1007"));
	assert_int_equal(sim_set_phone(fx.sw, "1007", -1, "unregistered"), 0);
	assert_int_equal(sim_set_phone(fx.sw, "1007", 0, "unregistered"), 0);
	assert_false(sw_phone_ready(fx.sw, "1007"));
	assert_true(sw_phone_ready(fx.sw, "1008"));
	leg = originate(SW_DEST_PHONE, "1007", true, 0);
	wait_events(2);
	assert_int_equal(fx.ev[0].type, SW_EV_PHONE);
	assert_string_equal(fx.ev[0].dn, "1007");
	assert_false(fx.ev[0].up);
	assert_failed(1, leg, SW_CAUSE_INVALID);
	assert_int_equal(sim_set_phone(fx.sw, "1007", -1, "normal"), 0);
	assert_true(sw_phone_ready(fx.sw, "1007"));
	wait_events(3);
	assert_int_equal(fx.ev[2].type, SW_EV_PHONE);
	assert_true(fx.ev[2].up);
	run_ms(10);
	assert_int_equal(fx.n, 3);
}

static void test_phone_noanswer(void **state)
{
	uint64_t t0;
	sw_leg_t leg;

	(void)state;
	assert_int_equal(sim_set_phone(fx.sw, "1006", 0, "noanswer"), 0);
	t0 = tmr_jiffies();
	leg = originate(SW_DEST_PHONE, "1006", true, 40);
	wait_events(1);
	assert_event(0, SW_EV_ALERTING, leg);
	assert_int_equal(sw_answer(fx.sw, leg), ENOTSUP);
	assert_int_equal(sim_party_answer(fx.sw, "1006"), EPROTO);
	wait_events(2);
	assert_failed(1, leg, SW_CAUSE_NOANSWER);
	assert_true(fx.ev[1].at - t0 >= 40);
	assert_int_equal(sim_leg_count(fx.sw), 0);
}

static void test_phone_rung_twice(void **state)
{
	sw_leg_t a, b;

	(void)state;
	a = originate(SW_DEST_PHONE, "1001", false, 0);
	b = originate(SW_DEST_PHONE, "1001", false, 0);
	assert_true(b > a);
	wait_events(2);
	assert_event(0, SW_EV_ALERTING, a);
	assert_event(1, SW_EV_ALERTING, b);
	assert_int_equal(sim_leg_count(fx.sw), 2);
}

static void test_set_phone_bad_input(void **state)
{
	(void)state;
	assert_int_equal(sim_set_phone(fx.sw, NULL, -1, NULL), EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "", -1, NULL), EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "10 1", -1, NULL), EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "1001", -2, NULL), EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "1001", 86400001, NULL),
			 EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "1001", -1, "ring"), EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "1001", -1, "answer:5"),
			 EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "1001", -1, "BUSY"), EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "1001", -1, ""), EINVAL);
	assert_int_equal(sim_set_phone(fx.sw, "1001", 86400000, "busy"), 0);
}

/* --- originate: outside numbers -------------------------------------- */

static void test_number_ring(void **state)
{
	sw_leg_t leg;

	(void)state;
	leg = originate(SW_DEST_NUMBER, "13800000001", true, 0);
	wait_events(1);
	assert_event(0, SW_EV_ALERTING, leg);
	/* auto_answer is for phones; a number cannot be answered from
	 * here. */
	run_ms(20);
	assert_int_equal(fx.n, 1);
	assert_int_equal(sw_answer(fx.sw, leg), ENOTSUP);
	assert_int_equal(sim_party_answer(fx.sw, "13800000001"), 0);
	wait_events(2);
	assert_event(1, SW_EV_ANSWERED, leg);
	assert_int_equal(sim_party_answer(fx.sw, "13800000001"), EPROTO);
	assert_int_equal(sw_answer(fx.sw, leg), ENOTSUP);
}

static void test_number_answer_after(void **state)
{
	uint64_t t0;
	sw_leg_t a, b;

	(void)state;
	assert_int_equal(sim_set_number(fx.sw, "555", "answer:30"), 0);
	assert_int_equal(sim_set_number(fx.sw, "556", "answer:0"), 0);
	t0 = tmr_jiffies();
	a = originate(SW_DEST_NUMBER, "555", false, 0);
	b = originate(SW_DEST_NUMBER, "556", false, 0);
	wait_events(4);
	/* Each leg's ALERTING comes before its ANSWERED. */
	assert_event(0, SW_EV_ALERTING, a);
	assert_event(1, SW_EV_ALERTING, b);
	assert_event(2, SW_EV_ANSWERED, b);
	assert_event(3, SW_EV_ANSWERED, a);
	assert_true(fx.ev[3].at - t0 >= 30);

	/* "ring" restores the default. */
	assert_int_equal(sim_set_number(fx.sw, "556", "ring"), 0);
	b = originate(SW_DEST_NUMBER, "556", false, 0);
	wait_events(5);
	run_ms(20);
	assert_int_equal(fx.n, 5);
	assert_event(4, SW_EV_ALERTING, b);
}

static void test_number_refusals(void **state)
{
	sw_leg_t busy, invalid, noans;

	(void)state;
	assert_int_equal(sim_set_number(fx.sw, "601", "busy"), 0);
	assert_int_equal(sim_set_number(fx.sw, "602", "invalid"), 0);
	assert_int_equal(sim_set_number(fx.sw, "603", "noanswer"), 0);
	busy = originate(SW_DEST_NUMBER, "601", false, 0);
	invalid = originate(SW_DEST_NUMBER, "602", false, 0);
	noans = originate(SW_DEST_NUMBER, "603", false, 40);
	wait_events(3);
	/* Refusals come a loop turn later than the ringing dialled in the
	 * same turn. */
	assert_event(0, SW_EV_ALERTING, noans);
	assert_failed(1, busy, SW_CAUSE_BUSY);
	assert_failed(2, invalid, SW_CAUSE_INVALID);
	assert_int_equal(sim_party_answer(fx.sw, "603"), EPROTO);
	wait_events(4);
	assert_failed(3, noans, SW_CAUSE_NOANSWER);
	assert_int_equal(sim_leg_count(fx.sw), 0);
}

static void test_originate_timeout(void **state)
{
	sw_leg_t a, b;

	(void)state;
	a = originate(SW_DEST_NUMBER, "700", false, 30);
	b = originate(SW_DEST_PHONE, "1001", false, 0);
	wait_events(3);
	assert_event(0, SW_EV_ALERTING, a);
	assert_event(1, SW_EV_ALERTING, b);
	assert_failed(2, a, SW_CAUSE_NOANSWER);
	/* timeout 0 is the backend's default, far longer than this. */
	run_ms(60);
	assert_int_equal(fx.n, 3);
	assert_int_equal(sim_leg_count(fx.sw), 1);
	/* An answered leg no longer times out. */
	a = originate(SW_DEST_PHONE, "1002", true, 30);
	wait_events(5);
	assert_event(4, SW_EV_ANSWERED, a);
	run_ms(60);
	assert_int_equal(fx.n, 5);
}

static void test_set_number_bad_input(void **state)
{
	static const char *const bad[] = {
		"", "answer:", "answer:abc", "answer:-1", "answer:123456789",
		"answer:86400001", "answer:1x", "normal", "Busy", "ringing",
	};
	size_t i;

	(void)state;
	assert_int_equal(sim_set_number(fx.sw, NULL, "busy"), EINVAL);
	assert_int_equal(sim_set_number(fx.sw, "", "busy"), EINVAL);
	assert_int_equal(sim_set_number(fx.sw, "5/5", "busy"), EINVAL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sim_set_number(fx.sw, "555", bad[i]), EINVAL);
	assert_int_equal(sim_set_number(fx.sw, "555", "answer:86400000"), 0);
	assert_int_equal(sim_set_number(fx.sw, "555", NULL), 0);
}

/* --- event delivery -------------------------------------------------- */

/* An op called by the handler queues its event; it is delivered after
 * the handler returns, never inside it (the handler asserts depth 1). */
static void test_op_from_handler(void **state)
{
	sw_leg_t leg;

	(void)state;
	fx.answer_on_alert = true;
	leg = originate(SW_DEST_PHONE, "1001", false, 0);
	wait_events(2);
	assert_int_equal(fx.answer_on_alert_err, 0);
	assert_event(0, SW_EV_ALERTING, leg);
	assert_event(1, SW_EV_ANSWERED, leg);
}

static void test_events_in_order(void **state)
{
	char id[32];
	sw_leg_t a, b;

	(void)state;
	assert_int_equal(sim_inbound_call(fx.sw, "100", "200", NULL, 0, id,
					  sizeof(id)), 0);
	a = originate(SW_DEST_PHONE, "1001", true, 0);
	b = originate(SW_DEST_NUMBER, "555", false, 0);
	assert_int_equal(sim_party_hangup(fx.sw, "sim-1"), 0);
	assert_int_equal(fx.n, 0);
	wait_events(5);
	assert_int_equal(fx.ev[0].type, SW_EV_INCOMING);
	assert_event(1, SW_EV_ALERTING, a);
	assert_event(2, SW_EV_ALERTING, b);
	assert_event(3, SW_EV_HANGUP, fx.ev[0].leg);
	assert_event(4, SW_EV_ANSWERED, a);
}

static void test_destroy_with_pending_events(void **state)
{
	char id[32];

	(void)state;
	assert_int_equal(sim_inbound_call(fx.sw, "100", "200", NULL, 0, id,
					  sizeof(id)), 0);
	originate(SW_DEST_PHONE, "1001", true, 20);
	assert_int_equal(sw_join(fx.sw, "c1", 1, SW_HEAR | SW_SPEAK), 0);
	fx.sw = mem_deref(fx.sw);
	run_ms(40);
	assert_int_equal(fx.n, 0);
}

static void test_destroy_from_handler(void **state)
{
	(void)state;
	originate(SW_DEST_PHONE, "1001", true, 20);
	originate(SW_DEST_PHONE, "1002", true, 20);
	fx.destroy_on_event = true;
	wait_events(1);
	assert_null(fx.sw);
	run_ms(40);
	assert_int_equal(fx.n, 1);
}

/* --- hangup ---------------------------------------------------------- */

static void test_hangup_by_core(void **state)
{
	sw_leg_t ringing, answered, queued;

	(void)state;
	ringing = originate(SW_DEST_PHONE, "1001", false, 0);
	answered = originate(SW_DEST_PHONE, "1002", true, 0);
	wait_events(3);
	assert_event(2, SW_EV_ANSWERED, answered);
	assert_int_equal(sw_join(fx.sw, "c1", answered, SW_HEAR | SW_SPEAK),
			 0);
	assert_int_equal(sw_join(fx.sw, "c1", ringing, SW_HEAR), 0);

	fx.in_call = true;
	assert_int_equal(sw_hangup(fx.sw, ringing, SW_CAUSE_NORMAL), 0);
	assert_int_equal(sw_hangup(fx.sw, answered, SW_CAUSE_BUSY), 0);
	fx.in_call = false;
	assert_int_equal(sim_leg_count(fx.sw), 0);
	assert_int_equal(sim_parties(fx.sw, "c1", NULL, 0), -ENOENT);
	assert_int_equal(sw_hangup(fx.sw, ringing, SW_CAUSE_NORMAL), ENOENT);
	assert_int_equal(sw_hangup(fx.sw, 0, SW_CAUSE_NORMAL), ENOENT);
	assert_int_equal(sw_hangup(fx.sw, 999, SW_CAUSE_NORMAL), ENOENT);

	/* Events queued before the core hung up are dropped too. */
	queued = originate(SW_DEST_PHONE, "1003", true, 0);
	assert_int_equal(sw_hangup(fx.sw, queued, SW_CAUSE_NORMAL), 0);
	run_ms(30);
	assert_int_equal(fx.n, 3);

	queued = originate(SW_DEST_PHONE, "1003", false, 0);
	assert_int_equal(sw_hangup(fx.sw, queued, (enum sw_cause)42), EINVAL);
	assert_int_equal(sim_leg_count(fx.sw), 1);
}

/* The far end hung up first: the core still gets HANGUP, and its own
 * hangup finds no leg. */
static void test_hangup_crossing(void **state)
{
	sw_leg_t leg;

	(void)state;
	leg = originate(SW_DEST_PHONE, "1001", true, 0);
	wait_events(2);
	assert_int_equal(sim_party_hangup(fx.sw, "1001"), 0);
	assert_int_equal(sw_hangup(fx.sw, leg, SW_CAUSE_NORMAL), ENOENT);
	wait_events(3);
	assert_event(2, SW_EV_HANGUP, leg);
	assert_int_equal(fx.ev[2].cause, SW_CAUSE_NORMAL);
}

/* --- control calls --------------------------------------------------- */

static void test_party_hangup(void **state)
{
	char c1[32], c2[32];
	sw_leg_t cust1, cust2, ringing, answered;

	(void)state;
	cust1 = inbound("100", c1, sizeof(c1));
	cust2 = inbound("101", c2, sizeof(c2));
	assert_int_equal(sw_answer(fx.sw, cust1), 0);
	ringing = originate(SW_DEST_PHONE, "1001", false, 0);
	answered = originate(SW_DEST_NUMBER, "555", false, 0);
	wait_events(4);
	assert_int_equal(sim_party_answer(fx.sw, "555"), 0);
	wait_events(5);

	fx.in_call = true;
	assert_int_equal(sim_party_hangup(fx.sw, c1), 0);
	assert_int_equal(sim_party_hangup(fx.sw, c2), 0);
	assert_int_equal(sim_party_hangup(fx.sw, "1001"), 0);
	assert_int_equal(sim_party_hangup(fx.sw, "555"), 0);
	fx.in_call = false;
	assert_int_equal(sim_leg_count(fx.sw), 0);
	wait_events(9);
	assert_event(5, SW_EV_HANGUP, cust1);
	assert_int_equal(fx.ev[5].cause, SW_CAUSE_NORMAL);
	assert_event(6, SW_EV_HANGUP, cust2);
	assert_int_equal(fx.ev[6].cause, SW_CAUSE_NORMAL);
	assert_failed(7, ringing, SW_CAUSE_NORMAL);
	assert_event(8, SW_EV_HANGUP, answered);
	assert_int_equal(fx.ev[8].cause, SW_CAUSE_NORMAL);
	assert_int_equal(sim_party_hangup(fx.sw, c1), ENOENT);
}

static void test_party_reject(void **state)
{
	char c[32];
	sw_leg_t num, phone, busy;

	(void)state;
	inbound("100", c, sizeof(c));
	num = originate(SW_DEST_NUMBER, "555", false, 0);
	phone = originate(SW_DEST_PHONE, "1001", true, 0);
	assert_int_equal(sim_set_phone(fx.sw, "1002", -1, "busy"), 0);
	busy = originate(SW_DEST_PHONE, "1002", false, 0);
	/* Refusing before the scheduled BUSY: only one FAILED comes. */
	assert_int_equal(sim_party_reject(fx.sw, "1002", SW_CAUSE_INVALID),
			 0);
	assert_int_equal(sim_party_reject(fx.sw, "555", SW_CAUSE_BUSY), 0);
	assert_int_equal(sim_party_reject(fx.sw, "555", SW_CAUSE_BUSY),
			 ENOENT);
	assert_int_equal(sim_party_reject(fx.sw, c, SW_CAUSE_BUSY), EPROTO);
	assert_int_equal(sim_party_reject(fx.sw, "1001", (enum sw_cause)-1),
			 EINVAL);
	assert_int_equal(sim_party_reject(fx.sw, "1001", (enum sw_cause)6),
			 EINVAL);
	wait_events(6);
	assert_event(1, SW_EV_ALERTING, num);
	assert_event(2, SW_EV_ALERTING, phone);
	assert_failed(3, busy, SW_CAUSE_INVALID);
	assert_failed(4, num, SW_CAUSE_BUSY);
	assert_event(5, SW_EV_ANSWERED, phone);
	/* Answered: too late to refuse. */
	assert_int_equal(sim_party_reject(fx.sw, "1001", SW_CAUSE_BUSY),
			 EPROTO);
	run_ms(20);
	assert_int_equal(fx.n, 6);
}

static void test_party_dtmf(void **state)
{
	char digits33[40];
	sw_leg_t leg;

	(void)state;
	memset(digits33, '1', 33);
	digits33[33] = '\0';
	leg = originate(SW_DEST_PHONE, "1001", false, 0);
	wait_events(1);
	assert_int_equal(sim_party_dtmf(fx.sw, "1001", "12#"), EPROTO);
	assert_int_equal(sw_answer(fx.sw, leg), 0);
	wait_events(2);

	assert_int_equal(sim_party_dtmf(fx.sw, "1001", ""), EINVAL);
	assert_int_equal(sim_party_dtmf(fx.sw, "1001", NULL), EINVAL);
	assert_int_equal(sim_party_dtmf(fx.sw, "1001", "12E"), EINVAL);
	assert_int_equal(sim_party_dtmf(fx.sw, "1001", "a"), EINVAL);
	assert_int_equal(sim_party_dtmf(fx.sw, "1001", digits33), EINVAL);
	assert_int_equal(sim_party_dtmf(fx.sw, "1002", "1"), ENOENT);
	fx.in_call = true;
	assert_int_equal(sim_party_dtmf(fx.sw, "1001", "12#"), 0);
	digits33[32] = '\0';
	assert_int_equal(sim_party_dtmf(fx.sw, "1001", digits33), 0);
	assert_int_equal(sim_party_dtmf(fx.sw, "1001",
					"0123456789*#ABCD"), 0);
	fx.in_call = false;
	wait_events(5);
	assert_event(2, SW_EV_DTMF, leg);
	assert_string_equal(fx.ev[2].digits, "12#");
	assert_string_equal(fx.ev[3].digits, digits33);
	assert_string_equal(fx.ev[4].digits, "0123456789*#ABCD");
}

static void test_party_resolution(void **state)
{
	char c1[32], c2[32], party[32];
	sw_leg_t p1, p2, n1, one, cust;

	(void)state;
	p1 = originate(SW_DEST_PHONE, "7001", false, 0);
	p2 = originate(SW_DEST_PHONE, "7001", false, 0);
	n1 = originate(SW_DEST_NUMBER, "13900000000", false, 0);
	/* A DN that looks like the id of another leg (p2). */
	one = originate(SW_DEST_PHONE, "2", false, 0);
	wait_events(4);
	cust = inbound("5551234", c1, sizeof(c1));
	inbound("5551234", c2, sizeof(c2));
	assert_string_equal(c1, "sim-1");
	assert_string_equal(c2, "sim-2");
	wait_events(6);

	/* Newest leg of a DN wins. */
	assert_int_equal(sim_party_answer(fx.sw, "7001"), 0);
	wait_events(7);
	assert_event(6, SW_EV_ANSWERED, p2);
	/* A decimal leg id reaches the older one. */
	snprintf(party, sizeof(party), "%llu", (unsigned long long)p1);
	assert_int_equal(sim_party_reject(fx.sw, party, SW_CAUSE_BUSY), 0);
	wait_events(8);
	assert_failed(7, p1, SW_CAUSE_BUSY);
	/* "2" is the phone 2, not leg 2 (answered already: EPROTO). */
	assert_int_equal(sim_party_answer(fx.sw, "2"), 0);
	wait_events(9);
	assert_event(8, SW_EV_ANSWERED, one);
	/* Numbers and call ids; an ANI is not a party. */
	assert_int_equal(sim_party_reject(fx.sw, "13900000000",
					  SW_CAUSE_NOANSWER), 0);
	assert_int_equal(sim_party_hangup(fx.sw, "5551234"), ENOENT);
	assert_int_equal(sim_party_hangup(fx.sw, c1), 0);
	wait_events(11);
	assert_failed(9, n1, SW_CAUSE_NOANSWER);
	assert_event(10, SW_EV_HANGUP, cust);

	/* Ended legs and odd strings match nothing. */
	assert_int_equal(sim_party_hangup(fx.sw, party), ENOENT);
	assert_int_equal(sim_party_hangup(fx.sw, "0"), ENOENT);
	assert_int_equal(sim_party_hangup(fx.sw, "99999999999999999999999"),
			 ENOENT);
	assert_int_equal(sim_party_hangup(fx.sw, "sim-9"), ENOENT);
	assert_int_equal(sim_party_hangup(fx.sw, NULL), EINVAL);
	assert_int_equal(sim_party_hangup(fx.sw, ""), EINVAL);
	assert_int_equal(sim_party_hangup(fx.sw, "70 01"), EINVAL);
	memset(party, '7', 31);
	party[31] = '\0';
	assert_int_equal(sim_party_hangup(fx.sw, party), ENOENT);
	{
		char big[70];

		memset(big, '7', 64);
		big[64] = '\0';
		assert_int_equal(sim_party_hangup(fx.sw, big), EINVAL);
	}
	assert_int_equal(sim_leg_count(fx.sw), 3);
}

/* --- media ----------------------------------------------------------- */

static const struct sim_party_info *find_party(
	const struct sim_party_info *pi, int n, sw_leg_t leg)
{
	int i;

	for (i = 0; i < n; i++) {
		if (pi[i].leg == leg)
			return &pi[i];
	}
	fail_msg("leg %llu not in the bridge", (unsigned long long)leg);
	return NULL;
}

static bool hears(const struct sim_party_info *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nhears; i++) {
		if (!strcmp(p->hears[i], name))
			return true;
	}
	return false;
}

/* A customer and agent 1001 talking; returns their legs. */
static void two_party_call(sw_leg_t *cust, sw_leg_t *agent)
{
	char c[32];

	*cust = inbound("13912345678", c, sizeof(c));
	assert_int_equal(sw_answer(fx.sw, *cust), 0);
	*agent = originate(SW_DEST_PHONE, "1001", true, 0);
	wait_for(SW_EV_ANSWERED, *agent, NULL);
	assert_int_equal(sw_join(fx.sw, "call-1", *cust, SW_HEAR | SW_SPEAK),
			 0);
	assert_int_equal(sw_join(fx.sw, "call-1", *agent,
				 SW_HEAR | SW_SPEAK), 0);
}

static void test_parties_two_legs(void **state)
{
	struct sim_party_info pi[4];
	const struct sim_party_info *c, *a;
	sw_leg_t cust, agent;
	int n;

	(void)state;
	two_party_call(&cust, &agent);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	assert_int_equal(n, 2);
	/* In the order they joined. */
	assert_int_equal(pi[0].leg, cust);
	assert_int_equal(pi[1].leg, agent);
	c = find_party(pi, n, cust);
	a = find_party(pi, n, agent);
	assert_string_equal(c->name, "13912345678");
	assert_string_equal(a->name, "1001");
	assert_int_equal(c->flags, SW_HEAR | SW_SPEAK);
	assert_int_equal(c->tone, SW_TONE_NONE);
	assert_int_equal(c->nhears, 1);
	assert_string_equal(c->hears[0], "1001");
	assert_int_equal(a->nhears, 1);
	assert_string_equal(a->hears[0], "13912345678");
	assert_string_equal(a->dtmf_received, "");

	/* max limits what is filled. */
	memset(pi, 0xaa, sizeof(pi));
	assert_int_equal(sim_parties(fx.sw, "call-1", pi, 1), 1);
	assert_int_equal(pi[0].leg, cust);
	assert_int_equal(pi[1].leg, (sw_leg_t)0xaaaaaaaaaaaaaaaaULL);
	assert_int_equal(sim_parties(fx.sw, "call-1", NULL, 0), 0);
	assert_int_equal(sim_parties(fx.sw, "call-1", NULL, 1), -EINVAL);
	assert_int_equal(sim_parties(fx.sw, NULL, pi, 4), -EINVAL);
	assert_int_equal(sim_parties(fx.sw, "", pi, 4), -EINVAL);
	assert_int_equal(sim_parties(fx.sw, "call-2", pi, 4), -ENOENT);
}

/* A supervisor listening: hears both, heard by nobody. */
static void test_parties_listen(void **state)
{
	struct sim_party_info pi[4];
	const struct sim_party_info *p;
	sw_leg_t cust, agent, mon;
	int n;

	(void)state;
	two_party_call(&cust, &agent);
	mon = originate(SW_DEST_PHONE, "1009", true, 0);
	wait_for(SW_EV_ANSWERED, mon, NULL);
	assert_int_equal(sw_join(fx.sw, "call-1", mon, SW_HEAR), 0);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	assert_int_equal(n, 3);
	p = find_party(pi, n, mon);
	assert_int_equal(p->flags, SW_HEAR);
	assert_int_equal(p->nhears, 2);
	assert_true(hears(p, "13912345678"));
	assert_true(hears(p, "1001"));
	p = find_party(pi, n, cust);
	assert_int_equal(p->nhears, 1);
	assert_false(hears(p, "1009"));
	p = find_party(pi, n, agent);
	assert_int_equal(p->nhears, 1);
	assert_false(hears(p, "1009"));

	/* Insert (barge in): the same leg now speaks too. */
	assert_int_equal(sw_join(fx.sw, "call-1", mon, SW_HEAR | SW_SPEAK),
			 0);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	assert_int_equal(n, 3);
	assert_true(hears(find_party(pi, n, cust), "1009"));
	assert_true(hears(find_party(pi, n, agent), "1009"));
}

/* The agent muted: hears the customer, the customer hears nothing. */
static void test_parties_mute(void **state)
{
	struct sim_party_info pi[4];
	const struct sim_party_info *p;
	sw_leg_t cust, agent;
	int n;

	(void)state;
	two_party_call(&cust, &agent);
	assert_int_equal(sw_join(fx.sw, "call-1", agent, SW_HEAR), 0);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	assert_int_equal(n, 2);
	p = find_party(pi, n, agent);
	assert_int_equal(p->nhears, 1);
	assert_string_equal(p->hears[0], "13912345678");
	assert_int_equal(find_party(pi, n, cust)->nhears, 0);

	/* A leg that does not hear the bridge hears nobody. */
	assert_int_equal(sw_join(fx.sw, "call-1", agent, SW_SPEAK), 0);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	assert_int_equal(find_party(pi, n, agent)->nhears, 0);
	assert_int_equal(find_party(pi, n, cust)->nhears, 1);
}

/* Hold: the customer hears music instead of the bridge. */
static void test_parties_tones(void **state)
{
	struct sim_party_info pi[4];
	const struct sim_party_info *p;
	sw_leg_t cust, agent;
	int n;

	(void)state;
	two_party_call(&cust, &agent);
	assert_int_equal(sw_play(fx.sw, cust, SW_TONE_MOH), 0);
	assert_int_equal(sw_join(fx.sw, "call-1", cust, 0), 0);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	p = find_party(pi, n, cust);
	assert_int_equal(p->tone, SW_TONE_MOH);
	assert_int_equal(p->flags, 0);
	assert_int_equal(p->nhears, 1);
	assert_string_equal(p->hears[0], "music");
	assert_int_equal(find_party(pi, n, agent)->nhears, 0);

	/* A tone replaces the bridge even for a leg with HEAR. */
	assert_int_equal(sw_play(fx.sw, agent, SW_TONE_RINGBACK), 0);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	p = find_party(pi, n, agent);
	assert_int_equal(p->nhears, 1);
	assert_string_equal(p->hears[0], "ringback");

	/* Retrieve. */
	assert_int_equal(sw_play(fx.sw, cust, SW_TONE_NONE), 0);
	assert_int_equal(sw_play(fx.sw, agent, SW_TONE_NONE), 0);
	assert_int_equal(sw_join(fx.sw, "call-1", cust, SW_HEAR | SW_SPEAK),
			 0);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	assert_string_equal(find_party(pi, n, cust)->hears[0], "1001");
	assert_string_equal(find_party(pi, n, agent)->hears[0],
			    "13912345678");

	assert_int_equal(sw_play(fx.sw, cust, SW_TONE_PROMPT), 0);
	n = sim_parties(fx.sw, "call-1", pi, 4);
	assert_string_equal(find_party(pi, n, cust)->hears[0], "prompt");
	assert_int_equal(sw_play(fx.sw, cust, (enum sw_tone)(SW_TONE_PROMPT +
							     1)), EINVAL);
	assert_int_equal(sw_play(fx.sw, 999, SW_TONE_MOH), ENOENT);
}

static void test_bridges(void **state)
{
	struct sim_party_info pi[12];
	char b64[70];
	sw_leg_t cust, agent, legs[10];
	size_t i;
	int n;

	(void)state;
	memset(b64, 'b', 64);
	b64[64] = '\0';
	two_party_call(&cust, &agent);
	assert_int_equal(sw_join(fx.sw, "call-1", agent, 4), EINVAL);
	assert_int_equal(sw_join(fx.sw, "", agent, SW_HEAR), EINVAL);
	assert_int_equal(sw_join(fx.sw, NULL, agent, SW_HEAR), EINVAL);
	assert_int_equal(sw_join(fx.sw, b64, agent, SW_HEAR), EINVAL);
	assert_int_equal(sw_join(fx.sw, "x\ny", agent, SW_HEAR), EINVAL);
	assert_int_equal(sw_join(fx.sw, "call-1", 999, SW_HEAR), ENOENT);
	b64[63] = '\0';
	assert_int_equal(sw_join(fx.sw, b64, agent, SW_HEAR), 0);

	/* Moving the agent away; "call-1" keeps the customer. */
	assert_int_equal(sim_parties(fx.sw, "call-1", pi, 12), 1);
	assert_int_equal(sim_parties(fx.sw, b64, pi, 12), 1);
	assert_int_equal(sw_leave(fx.sw, agent), 0);
	assert_int_equal(sw_leave(fx.sw, agent), EPROTO);
	assert_int_equal(sw_leave(fx.sw, 999), ENOENT);
	assert_int_equal(sim_parties(fx.sw, b64, pi, 12), -ENOENT);
	assert_int_equal(sw_leave(fx.sw, cust), 0);
	assert_int_equal(sim_parties(fx.sw, "call-1", pi, 12), -ENOENT);

	/* A conference of eleven: each hears at most eight names. */
	assert_int_equal(sw_join(fx.sw, "conf", cust, SW_HEAR | SW_SPEAK), 0);
	for (i = 0; i < 10; i++) {
		char dn[16];

		snprintf(dn, sizeof(dn), "20%02zu", i);
		legs[i] = originate(SW_DEST_PHONE, dn, true, 0);
		assert_int_equal(sw_join(fx.sw, "conf", legs[i],
					 SW_HEAR | SW_SPEAK), 0);
	}
	n = sim_parties(fx.sw, "conf", pi, 12);
	assert_int_equal(n, 11);
	assert_int_equal(pi[0].nhears, 8);
	assert_string_equal(pi[0].hears[0], "2000");
	assert_string_equal(pi[0].hears[7], "2007");
	for (i = 0; i < 10; i++)
		assert_int_equal(sw_hangup(fx.sw, legs[i], SW_CAUSE_NORMAL), 0);
	assert_int_equal(sim_parties(fx.sw, "conf", pi, 12), 1);
}

static void test_send_dtmf(void **state)
{
	struct sim_party_info pi[2];
	sw_leg_t cust, agent, ringing;
	char expect[64];
	size_t i;

	(void)state;
	two_party_call(&cust, &agent);
	assert_int_equal(sw_send_dtmf(fx.sw, cust, "123"), 0);
	assert_int_equal(sw_send_dtmf(fx.sw, cust, "#*AD"), 0);
	assert_int_equal(sw_send_dtmf(fx.sw, cust, ""), EINVAL);
	assert_int_equal(sw_send_dtmf(fx.sw, cust, NULL), EINVAL);
	assert_int_equal(sw_send_dtmf(fx.sw, cust, "1 2"), EINVAL);
	assert_int_equal(sw_send_dtmf(fx.sw, 999, "1"), ENOENT);
	ringing = originate(SW_DEST_PHONE, "1002", false, 0);
	assert_int_equal(sw_send_dtmf(fx.sw, ringing, "1"), EPROTO);
	assert_int_equal(sim_parties(fx.sw, "call-1", pi, 2), 2);
	assert_string_equal(pi[0].dtmf_received, "123#*AD");
	assert_string_equal(pi[1].dtmf_received, "");

	/* Past the buffer the rest is dropped, the start kept. */
	snprintf(expect, sizeof(expect), "123#*AD");
	for (i = 0; i < 10; i++)
		assert_int_equal(sw_send_dtmf(fx.sw, cust, "0123456789"), 0);
	for (i = strlen(expect); i < sizeof(expect) - 1; i++)
		expect[i] = (char)('0' + (i - 7) % 10);
	expect[sizeof(expect) - 1] = '\0';
	assert_int_equal(sim_parties(fx.sw, "call-1", pi, 2), 2);
	assert_string_equal(pi[0].dtmf_received, expect);
	/* No event for digits the core sends. */
	run_ms(10);
	assert_int_equal(fx.n, 4);
	assert_event(3, SW_EV_ALERTING, ringing);
}

/* --- recording ------------------------------------------------------- */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Checks the file is a well-formed 8 kHz 16-bit mono PCM WAV of silence;
 * returns its duration in milliseconds. */
static uint64_t wav_check(const char *path)
{
	uint8_t h[44], buf[4096];
	uint32_t data;
	size_t got, total = 0, i;
	long size;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 44);
	rewind(f);
	assert_int_equal(fread(h, 1, 44, f), 44);
	assert_memory_equal(h, "RIFF", 4);
	assert_int_equal(le32(h + 4), (uint32_t)size - 8);
	assert_memory_equal(h + 8, "WAVE", 4);
	assert_memory_equal(h + 12, "fmt ", 4);
	assert_int_equal(le32(h + 16), 16);
	assert_int_equal(le16(h + 20), 1);      /* PCM */
	assert_int_equal(le16(h + 22), 1);      /* mono */
	assert_int_equal(le32(h + 24), 8000);
	assert_int_equal(le32(h + 28), 16000);
	assert_int_equal(le16(h + 32), 2);
	assert_int_equal(le16(h + 34), 16);
	assert_memory_equal(h + 36, "data", 4);
	data = le32(h + 40);
	assert_int_equal(data, (uint32_t)size - 44);
	assert_int_equal(data % 2, 0);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		for (i = 0; i < got; i++)
			assert_int_equal(buf[i], 0);
		total += got;
	}
	assert_int_equal(total, data);
	fclose(f);
	/* samples = data / 2, at 8 samples a millisecond. */
	return data / 2 / 8;
}

static void test_record(void **state)
{
	char dir[] = "/tmp/sim_test_XXXXXX";
	char path[64], path2[64], bad[96];
	uint64_t t0, t1, t2, t3, ms;
	sw_leg_t cust, agent;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/rec.wav", dir);
	snprintf(path2, sizeof(path2), "%s/rec2.wav", dir);
	snprintf(bad, sizeof(bad), "%s/missing/rec.wav", dir);
	two_party_call(&cust, &agent);

	assert_int_equal(sw_record(fx.sw, "nope", path), ENOENT);
	assert_int_equal(sw_record(fx.sw, "", path), EINVAL);
	assert_int_equal(sw_record(fx.sw, NULL, path), EINVAL);
	assert_int_equal(sw_record(fx.sw, "call-1", ""), EINVAL);
	assert_int_equal(sw_record(fx.sw, "call-1", NULL), EPROTO);
	assert_true(sw_record(fx.sw, "call-1", bad) != 0);
	assert_int_equal(sw_record(fx.sw, "call-1", NULL), EPROTO);

	t0 = tmr_jiffies();
	assert_int_equal(sw_record(fx.sw, "call-1", path), 0);
	t1 = tmr_jiffies();
	assert_int_equal(sw_record(fx.sw, "call-1", path2), EALREADY);
	run_ms(120);
	t2 = tmr_jiffies();
	assert_int_equal(sw_record(fx.sw, "call-1", NULL), 0);
	t3 = tmr_jiffies();
	ms = wav_check(path);
	assert_true(ms >= t2 - t1);
	assert_true(ms <= t3 - t0);
	assert_int_equal(sw_record(fx.sw, "call-1", NULL), EPROTO);

	/* A recording ends with its bridge. */
	t0 = tmr_jiffies();
	assert_int_equal(sw_record(fx.sw, "call-1", path2), 0);
	t1 = tmr_jiffies();
	run_ms(50);
	t2 = tmr_jiffies();
	assert_int_equal(sim_party_hangup(fx.sw, "1001"), 0);
	assert_int_equal(sw_hangup(fx.sw, cust, SW_CAUSE_NORMAL), 0);
	t3 = tmr_jiffies();
	assert_int_equal(sim_parties(fx.sw, "call-1", NULL, 0), -ENOENT);
	ms = wav_check(path2);
	assert_true(ms >= t2 - t1);
	assert_true(ms <= t3 - t0);
	assert_int_equal(sw_record(fx.sw, "call-1", NULL), ENOENT);

	/* And with the switch. */
	two_party_call(&cust, &agent);
	assert_int_equal(sw_record(fx.sw, "call-1", path), 0);
	fx.sw = mem_deref(fx.sw);
	wav_check(path);

	assert_int_equal(unlink(path), 0);
	assert_int_equal(unlink(path2), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_alloc_args),
		T(test_inbound_call),
		T(test_inbound_call_bad_input),
		T(test_originate_bad_input),
		T(test_phone_rings_until_answered),
		T(test_phone_auto_answer_flag),
		T(test_phone_auto_answer_delay),
		T(test_phone_busy_invalid),
		T(test_phone_unregistered),
		T(test_phone_noanswer),
		T(test_phone_rung_twice),
		T(test_set_phone_bad_input),
		T(test_number_ring),
		T(test_number_answer_after),
		T(test_number_refusals),
		T(test_originate_timeout),
		T(test_set_number_bad_input),
		T(test_op_from_handler),
		T(test_events_in_order),
		T(test_destroy_with_pending_events),
		T(test_destroy_from_handler),
		T(test_hangup_by_core),
		T(test_hangup_crossing),
		T(test_party_hangup),
		T(test_party_reject),
		T(test_party_dtmf),
		T(test_party_resolution),
		T(test_parties_two_legs),
		T(test_parties_listen),
		T(test_parties_mute),
		T(test_parties_tones),
		T(test_bridges),
		T(test_send_dtmf),
		T(test_record),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
