/*
 * sip_flows_test.c — the agent flows of the sim-switch tests (flows_test,
 * call_control_test, sdk_flows_test, private_queue_test, ivr_test) on the
 * SIP switch with real SIP phones (bphone.h): inbound calls answered at
 * the phone and ended by either side, refused, abandoned and timed-out
 * rings, outbound and internal calls (own phone first, isOffhook), hold,
 * DTMF, mute, phone-side hold, consult and its outcomes, single-step
 * transfer, a private queue, listen / insert / break, the satisfaction
 * survey and an IVR menu, the C SDK as a bar, and phone registration.
 * Each step asserts the CTI events and reasons the sim tests assert, the
 * CDR rows, that the SIP legs really end (the phones see CALL_CLOSED) and,
 * where the sim tests look at Sim.Parties, who hears whom by the tones
 * the phones speak.
 *
 * Cast: customer C 13800000001 (on the trunk, calls 4000), X 2002 on DN
 * 1882 (示例: gets the calls to 4000), Y 2003 on 1883 (投诉), M 2001 on
 * 1881 (the demo's monitor, 咨询), O: the outside world behind the
 * daemon's [sip] gateway, a phone that takes calls to 13700000000 (any
 * other number there is unknown: 404). Phones ring until answered by
 * hand. One daemon and one set of phones serve every step; each step
 * signs its agents in and leaves every phone idle. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "bphone.h"
#include "evrec.h"
#include "itest.h"

#define CUSTOMER "13800000001"
#define OUTSIDE "13700000000"
#define UNKNOWN "13700000009"

/* The tones the phones speak: apart from the switch's own tones (MOH
 * notes, ringback 425, prompt 600/900 Hz), and no sum, difference or
 * 2a-b of two of them within 60 Hz of a third, so no distortion product
 * of a mix lands on another phone's tone. */
#define HZ_C 1400.0
#define HZ_X 1000.0
#define HZ_Y 1150.0
#define HZ_M 2650.0
#define HZ_O 2900.0

enum {
	SETTLE_MS = 200,   /* after a change, before a window */
	WINDOW_MS = 400,
	RATIO = 10,        /* a tone heard: over the strongest other */
};

static const double moh[] = {349.23, 392.0, 440.0, 493.88, 523.25, 587.33,
			     659.25, 783.99};

static struct daemon D;

static struct fx {
	struct rc *a;                  /* admin: Admin.ListCDR */
	struct rc *x, *y, *m;
	AgentBar *bar;                 /* X's bar in the SDK step */
	struct evrec *rec;
	struct bphone *c, *px, *py, *pm, *po;
	char call[128];                /* C's call: SIP Call-ID = CTI callID */
} F;

/* ---- set-up --------------------------------------------------------- */

static struct bphone *agent_phone(const char *dn, double hz)
{
	struct bphone_opts o = {.user = dn, .password = "1234",
				.sip_port = D.sip_port, .hz = hz};
	struct bphone *p = bphone_start(&o);

	assert_true(bphone_wait_registered(p, BPHONE_TIMEOUT_MS));
	return p;
}

static int group_setup(void **state)
{
	struct bphone_opts o = {.user = OUTSIDE, .hz = HZ_O};
	struct bphone_opts c = {.user = CUSTOMER, .hz = HZ_C};
	struct daemon_opts d = {.sip = true};
	static char ini[128];

	(void)state;
	/* The outside world first: the daemon's gateway points at it. */
	F.po = bphone_start(&o);
	snprintf(ini, sizeof(ini), "[sip]\ngateway = sip:127.0.0.1:%u\n",
		 bphone_port(F.po));
	d.extra_ini = ini;
	daemon_start(&D, &d);
	c.sip_port = D.sip_port;
	F.c = bphone_start(&c);
	F.px = agent_phone("1882", HZ_X);
	F.py = agent_phone("1883", HZ_Y);
	F.pm = agent_phone("1881", HZ_M);
	F.a = itest_admin(&D);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	rc_close(F.a);
	bphone_stop(F.c);
	bphone_stop(F.px);
	bphone_stop(F.py);
	bphone_stop(F.pm);
	bphone_stop(F.po);
	daemon_stop(&D);
	daemon_cleanup(&D);
	return 0;
}

/* After each step: no call left in the daemon; agents signed out,
 * phones idle with nothing queued (after a failure too, so the next step
 * starts clean). */
static int step_teardown(void **state)
{
	struct bphone *phones[] = {F.c, F.px, F.py, F.pm, F.po};
	json_t *r = rc_call(F.a, "GetSysInfo", NULL), *d = rc_data_json(r);
	long long calls = itest_int(d, "totalCalls");

	(void)state;
	json_decref(d);
	json_decref(r);
	rc_close(F.x);
	rc_close(F.y);
	rc_close(F.m);
	F.x = F.y = F.m = NULL;
	ab_Destroy(F.bar);
	evrec_free(F.rec);
	F.bar = NULL;
	F.rec = NULL;
	for (size_t i = 0; i < sizeof(phones) / sizeof(phones[0]); i++)
		if (phones[i])
			json_decref(bphone_command(phones[i], "hangup",
						   NULL));
	itest_sleep_ms(100);
	for (size_t i = 0; i < sizeof(phones) / sizeof(phones[0]); i++)
		if (phones[i])
			bphone_drain(phones[i]);
	F.call[0] = '\0';
	if (calls)
		fail_msg("%lld call(s) left after the step", calls);
	return 0;
}

static struct rc *sign(const char *id, const char *dn, const char *skills)
{
	struct rc *c = rc_connect(D.agent_port);

	assert_int_equal(itest_signin(c, id, dn, skills), ArSuccess);
	itest_expect_drop(c, "OnReady", CerIdleSelfLogin);
	return c;
}

/* ---- phones --------------------------------------------------------- */

/* The next event of type on p, of the call id (when id is set); the call
 * id goes to idbuf when given. */
static void phone_event(struct bphone *p, const char *type, const char *id,
			char *idbuf, size_t size)
{
	json_t *ev = bphone_wait_event(p, type, BPHONE_TIMEOUT_MS);
	const char *got;

	if (!ev)
		fail_msg("phone %s: no %s", bphone_dir(p), type);
	got = itest_str(ev, "id");
	if (id && strcmp(got, id))
		fail_msg("phone %s: %s of call %s, expected %s",
			 bphone_dir(p), type, got, id);
	if (idbuf)
		snprintf(idbuf, size, "%s", got);
	json_decref(ev);
}

/* p rings with a call from a URI that holds who; returns its id. */
static void rings(struct bphone *p, const char *who, char *id, size_t size)
{
	json_t *ev = bphone_wait_event(p, "CALL_INCOMING", BPHONE_TIMEOUT_MS);

	if (!ev)
		fail_msg("phone %s: does not ring", bphone_dir(p));
	if (!strstr(itest_str(ev, "peeruri"), who))
		fail_msg("phone %s: call from %s, expected %s", bphone_dir(p),
			 itest_str(ev, "peeruri"), who);
	snprintf(id, size, "%s", itest_str(ev, "id"));
	json_decref(ev);
}

static void answers(struct bphone *p, const char *id)
{
	bphone_accept(p);
	phone_event(p, "CALL_ESTABLISHED", id, NULL, 0);
}

static void closed(struct bphone *p, const char *id)
{
	phone_event(p, "CALL_CLOSED", id, NULL, 0);
}

/* What p heard since bphone_listen(p): the tone a (and b, unless 0),
 * each well over every other phone's tone. Windows of several phones
 * opened together are measured over the same time. */
static void heard(struct bphone *p, double a, double b)
{
	static const double cast[] = {HZ_C, HZ_X, HZ_Y, HZ_M, HZ_O};
	enum { N = sizeof(cast) / sizeof(cast[0]) };
	double pw[N], want = INFINITY, most = 0;

	bphone_measure(p, SETTLE_MS, WINDOW_MS, cast, N, pw);
	for (size_t i = 0; i < N; i++) {
		if (cast[i] == a || cast[i] == b)
			want = fmin(want, pw[i]);
		else
			most = fmax(most, pw[i]);
	}
	if (want < RATIO * most)
		fail_msg("phone %s: %.0f Hz / %.0f Hz: %.0f, others up to %.0f",
			 bphone_dir(p), a, b, want, most);
}

static void hears(struct bphone *p, double a, double b)
{
	bphone_listen(p);
	heard(p, a, b);
}

/* The power of hz in what p heard since bphone_listen(p). */
static double power(struct bphone *p, double hz)
{
	double pw;

	bphone_measure(p, SETTLE_MS, WINDOW_MS, &hz, 1, &pw);
	return pw;
}

/* p heard the music on hold, not the tone. */
static void heard_moh_not(struct bphone *p, double tone)
{
	enum { N = 1 + sizeof(moh) / sizeof(moh[0]) };
	double pw[N], hz[N] = {tone}, most = 0;

	memcpy(hz + 1, moh, sizeof(moh));
	bphone_measure(p, SETTLE_MS, WINDOW_MS, hz, N, pw);
	for (size_t i = 1; i < N; i++)
		if (pw[i] > most)
			most = pw[i];
	if (most < RATIO * pw[0])
		fail_msg("phone %s: music %.0f, %.0f Hz %.0f", bphone_dir(p),
			 most, tone, pw[0]);
}

/* ---- common steps --------------------------------------------------- */

/* C calls 4000: the switch answers at once (music while queued), X's
 * phone rings, X answers at the phone. */
static void x_answers(char *x_leg, size_t size)
{
	json_t *ev;

	bphone_dial(F.c, "4000");
	phone_event(F.c, "CALL_ESTABLISHED", NULL, F.call, sizeof(F.call));
	ev = itest_expect(F.x, "OnLock", -1);
	assert_string_equal(itest_str(ev, "callID"), F.call);
	json_decref(ev);
	itest_expect_drop(F.x, "OnAlerting", -1);
	rings(F.px, CUSTOMER, x_leg, size);
	answers(F.px, x_leg);
	itest_expect_id(F.x, "OnConnected", CerTalkOtherCreat,
			CeThisPartyAnsweredNormalCall);
}

static void x_talking(char *x_leg, size_t size)
{
	F.x = sign("2002", "1882", "示例=1");
	x_answers(x_leg, size);
}

static void c_hangs_up(struct rc *agent, struct bphone *phone,
		       const char *leg)
{
	bphone_hangup(F.c);
	closed(F.c, F.call);
	itest_expect_drop(agent, "OnReady", CerIdleNormalOtherHangup);
	closed(phone, leg);
}

/* X consults Y (agent 2003) and Y answers at the phone. */
static void consult_y(char *y_leg, size_t size)
{
	json_t *ev;

	assert_int_equal(itest_code(F.x, "Consult", json_pack(
		"{s:s, s:s, s:s, s:i}", "consultNum", "2003", "showANI", "",
		"showDest", "", "consultType", 0)), ArSuccess);
	itest_expect_id(F.x, "OnConsultConnecting", -1,
			CeDestSeizedConsultCall);
	ev = itest_expect(F.y, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "callID"), F.call);
	assert_string_equal(itest_str(ev, "otherParty"), "2002");
	json_decref(ev);
	rings(F.py, "2002", y_leg, size);
	answers(F.py, y_leg);
	itest_expect_drop(F.x, "OnConsultConnected", -1);
	itest_expect_drop(F.y, "OnInternalConnected", -1);
}

/* M's phone rings for a Listen or Insert; M answers. */
static void m_phone_answers(char *m_leg, size_t size)
{
	itest_expect_drop(F.m, "OnHarfAlerting", -1);
	rings(F.pm, "2002", m_leg, size);
	answers(F.pm, m_leg);
	itest_expect_drop(F.m, "OnHarfConnected", -1);
}

static json_t *cdr_row_must(json_t *rows, const char *agent)
{
	json_t *row = itest_cdr_row(rows, agent);

	if (!row)
		fail_msg("no CDR row of agent %s", agent);
	return row;
}

/* ---- inbound -------------------------------------------------------- */

static void inbound_customer_hangs_up(void **state)
{
	char leg[128];
	json_t *ev, *r, *rows, *row;

	(void)state;
	F.x = sign("2002", "1882", "示例=1");
	bphone_dial(F.c, "4000");
	phone_event(F.c, "CALL_ESTABLISHED", NULL, F.call, sizeof(F.call));
	bphone_listen(F.c);
	heard_moh_not(F.c, HZ_X);                 /* queued */
	ev = itest_expect(F.x, "OnLock", -1);
	assert_string_equal(itest_str(ev, "callID"), F.call);
	assert_int_equal(itest_int(ev, "eventID"), CeInboundCallNormalCall);
	json_decref(ev);
	ev = itest_expect(F.x, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "otherParty"), CUSTOMER);
	assert_string_equal(itest_str(ev, "originalANI"), CUSTOMER);
	assert_string_equal(itest_str(ev, "originalDNIS"), "4000");
	assert_int_equal(itest_int(ev, "otherPartyAttribute"), PaNormal);
	assert_int_equal(itest_int(ev, "agentStatus"), AsAlertingState);
	json_decref(ev);
	rings(F.px, CUSTOMER, leg, sizeof(leg));
	/* A SIP phone is answered at the phone, not by the CTI. */
	assert_int_equal(itest_code(F.x, "Answer", NULL),
			 AGENTBARERROR_BAR_ANSWERERROR);
	answers(F.px, leg);
	itest_expect_id(F.x, "OnConnected", CerTalkOtherCreat,
			CeThisPartyAnsweredNormalCall);
	r = rc_call(F.x, "GetCallingNo", NULL);
	assert_string_equal(rc_data(r), CUSTOMER);
	json_decref(r);
	r = rc_call(F.x, "GetOrgCalledNo", NULL);
	assert_string_equal(rc_data(r), "4000");
	json_decref(r);
	bphone_listen(F.c);
	bphone_listen(F.px);
	heard(F.c, HZ_X, 0);
	heard(F.px, HZ_C, 0);

	c_hangs_up(F.x, F.px, leg);
	rows = itest_cdr_rows(F.a, F.call);
	assert_int_equal(json_array_size(rows), 1);
	row = cdr_row_must(rows, "2002");
	assert_string_equal(itest_str(row, "dn"), "1882");
	assert_string_equal(itest_str(row, "ani"), CUSTOMER);
	assert_string_equal(itest_str(row, "dnis"), "4000");
	assert_string_equal(itest_str(row, "direction"), "inbound");
	assert_string_equal(itest_str(row, "skill"), "示例");
	assert_string_equal(itest_str(row, "endReason"),
			    "CerIdleNormalOtherHangup");
	assert_string_equal(itest_str(row, "hangupBy"), "customer");
	assert_true(itest_int(row, "answerTime") > 0);
	json_decref(rows);
}

static void inbound_agent_hangs_up(void **state)
{
	char leg[128];
	json_t *rows;

	(void)state;
	F.x = sign("2002", "1882", "示例=1");
	/* ReleaseCall */
	x_answers(leg, sizeof(leg));
	assert_int_equal(itest_code(F.x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	closed(F.px, leg);
	closed(F.c, F.call);
	rows = itest_cdr_rows(F.a, F.call);
	assert_string_equal(itest_str(cdr_row_must(rows, "2002"), "hangupBy"),
			    "agent");
	json_decref(rows);

	/* the agent puts the phone down */
	x_answers(leg, sizeof(leg));
	bphone_hangup(F.px);
	closed(F.px, leg);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	closed(F.c, F.call);
	rows = itest_cdr_rows(F.a, F.call);
	assert_string_equal(itest_str(cdr_row_must(rows, "2002"), "hangupBy"),
			    "agent");
	json_decref(rows);
}

/* The phone refuses the ring (486): Busy, the call waits; Ready again,
 * it rings again; the customer gives up while it rings. */
static void ring_refused_then_abandoned(void **state)
{
	char leg[128];
	json_t *ev;

	(void)state;
	F.x = sign("2002", "1882", "示例=1");
	bphone_dial(F.c, "4000");
	phone_event(F.c, "CALL_ESTABLISHED", NULL, F.call, sizeof(F.call));
	itest_expect_drop(F.x, "OnAlerting", -1);
	rings(F.px, CUSTOMER, leg, sizeof(leg));
	bphone_hangup(F.px);
	closed(F.px, leg);
	itest_expect_drop(F.x, "OnBusy", CerCallDestBusy);

	assert_int_equal(itest_code(F.x, "SetIdle", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnReady", -1);
	ev = itest_expect(F.x, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "callID"), F.call);
	json_decref(ev);
	rings(F.px, CUSTOMER, leg, sizeof(leg));
	bphone_hangup(F.c);
	closed(F.c, F.call);
	itest_expect_drop(F.x, "OnReady", CerIdleErrorOtherHangup);
	closed(F.px, leg);                        /* CANCEL */
}

/* Nobody answers within the skill's ring time: the ring is cancelled
 * (CANCEL), X Busy with CerCallNoAnswer. */
static void ring_timeout(void **state)
{
	char leg[128];

	(void)state;
	assert_int_equal(itest_code(F.a, "Admin.UpdateSkill", json_pack(
		"{s:s, s:i}", "name", "示例", "ringTimeout", 1)), ArSuccess);
	F.x = sign("2002", "1882", "示例=1");
	bphone_dial(F.c, "4000");
	phone_event(F.c, "CALL_ESTABLISHED", NULL, F.call, sizeof(F.call));
	rings(F.px, CUSTOMER, leg, sizeof(leg));
	itest_expect_drop(F.x, "OnBusy", CerCallNoAnswer);
	closed(F.px, leg);
	assert_int_equal(itest_code(F.a, "Admin.UpdateSkill", json_pack(
		"{s:s, s:i}", "name", "示例", "ringTimeout", 20)), ArSuccess);
	bphone_hangup(F.c);
	closed(F.c, F.call);
}

/* ---- outbound ------------------------------------------------------- */

/* MakeCall to an outside number: X's own phone first, then the number
 * through the gateway. */
static void x_dials_outside(const char *number, char *x_leg, size_t size)
{
	assert_int_equal(itest_code(F.x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", number, "showANI", "4000",
		"showDest", "95555", "isOffhook", 0, "type", 1)), ArSuccess);
	itest_expect_drop(F.x, "OnHarfAlerting", -1);
	rings(F.px, "4000", x_leg, size);         /* showANI */
	answers(F.px, x_leg);
	itest_expect_drop(F.x, "OnHarfConnected", -1);
	itest_expect_id(F.x, "OnConnecting", -1, CeDestSeizedNormalCall);
}

static void outbound_calls(void **state)
{
	char leg[128], o_leg[128];
	json_t *ev, *rows, *row;

	(void)state;
	F.x = sign("2002", "1882", "示例=1");
	x_dials_outside(OUTSIDE, leg, sizeof(leg));
	rings(F.po, "95555", o_leg, sizeof(o_leg));   /* showDest */
	answers(F.po, o_leg);
	ev = itest_expect(F.x, "OnConnected", CerTalkSelfCreat);
	assert_string_equal(itest_str(ev, "otherParty"), OUTSIDE);
	snprintf(F.call, sizeof(F.call), "%s", itest_str(ev, "callID"));
	json_decref(ev);
	bphone_listen(F.po);
	bphone_listen(F.px);
	heard(F.po, HZ_X, 0);
	heard(F.px, HZ_O, 0);
	assert_int_equal(itest_code(F.x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	closed(F.px, leg);
	closed(F.po, o_leg);
	rows = itest_cdr_rows(F.a, F.call);
	row = cdr_row_must(rows, "2002");
	assert_string_equal(itest_str(row, "direction"), "outbound");
	assert_string_equal(itest_str(row, "dnis"), OUTSIDE);
	assert_string_equal(itest_str(row, "hangupBy"), "agent");
	json_decref(rows);

	/* the outside party hangs up */
	x_dials_outside(OUTSIDE, leg, sizeof(leg));
	rings(F.po, "95555", o_leg, sizeof(o_leg));
	answers(F.po, o_leg);
	itest_expect_drop(F.x, "OnConnected", CerTalkSelfCreat);
	bphone_hangup(F.po);
	closed(F.po, o_leg);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalOtherHangup);
	closed(F.px, leg);

	/* busy (the far phone refuses: 486) and unknown (404) numbers */
	x_dials_outside(OUTSIDE, leg, sizeof(leg));
	rings(F.po, "95555", o_leg, sizeof(o_leg));
	bphone_hangup(F.po);
	closed(F.po, o_leg);
	itest_expect_drop(F.x, "OnReady", CerCallDestBusy);
	closed(F.px, leg);
	x_dials_outside(UNKNOWN, leg, sizeof(leg));
	itest_expect_drop(F.x, "OnReady", CerCallDestInvalid);
	closed(F.px, leg);
}

/* X's own phone refuses or is put down before the outside party
 * answers: no call; the outside ring is cancelled. */
static void outbound_own_phone(void **state)
{
	char leg[128], o_leg[128];

	(void)state;
	F.x = sign("2002", "1882", "示例=1");
	assert_int_equal(itest_code(F.x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", OUTSIDE, "showANI", "",
		"showDest", "", "isOffhook", 0, "type", 1)), ArSuccess);
	itest_expect_drop(F.x, "OnHarfAlerting", -1);
	rings(F.px, OUTSIDE, leg, sizeof(leg));
	bphone_hangup(F.px);
	closed(F.px, leg);
	itest_expect_drop(F.x, "OnReady", CerCallDestBusy);

	x_dials_outside(OUTSIDE, leg, sizeof(leg));
	rings(F.po, "95555", o_leg, sizeof(o_leg));
	bphone_hangup(F.px);
	closed(F.px, leg);
	itest_expect_drop(F.x, "OnReady", CerIdleErrorSelfHangup);
	closed(F.po, o_leg);                      /* CANCEL */
}

/* isOffhook ("常摘机"): X's phone stays up between calls; the next
 * MakeCall dials at once on it; SignOut puts it down. */
static void outbound_offhook(void **state)
{
	char leg[128], o_leg[128];
	json_t *ev;

	(void)state;
	F.x = sign("2002", "1882", "示例=1");
	assert_int_equal(itest_code(F.x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", OUTSIDE, "showANI", "",
		"showDest", "", "isOffhook", 1, "type", 1)), ArSuccess);
	rings(F.px, OUTSIDE, leg, sizeof(leg));
	answers(F.px, leg);
	rings(F.po, "1882", o_leg, sizeof(o_leg));
	answers(F.po, o_leg);
	itest_expect_drop(F.x, "OnConnected", CerTalkSelfCreat);
	bphone_hangup(F.po);
	closed(F.po, o_leg);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalOtherHangup);

	assert_int_equal(itest_code(F.x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", OUTSIDE, "showANI", "",
		"showDest", "", "isOffhook", 1, "type", 1)), ArSuccess);
	ev = itest_expect(F.x, "OnConnecting", -1);
	assert_int_equal(itest_int(ev, "eventID"), CeDestSeizedNormalCall);
	json_decref(ev);
	rings(F.po, "1882", o_leg, sizeof(o_leg));
	answers(F.po, o_leg);
	itest_expect_drop(F.x, "OnConnected", CerTalkSelfCreat);
	bphone_listen(F.po);
	bphone_listen(F.px);
	heard(F.po, HZ_X, 0);
	heard(F.px, HZ_O, 0);
	assert_int_equal(itest_code(F.x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	closed(F.po, o_leg);
	assert_int_equal(itest_code(F.x, "SignOut", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnUnLogin", CerUnloginLogout);
	closed(F.px, leg);      /* the same phone call all along */
}

static void internal_call(void **state)
{
	char x_leg[128], y_leg[128];
	json_t *ev;

	(void)state;
	F.x = sign("2002", "1882", "示例=1");
	F.y = sign("2003", "1883", "投诉=1");
	assert_int_equal(itest_code(F.x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "2003", "showANI", "",
		"showDest", "", "isOffhook", 0, "type", 0)), ArSuccess);
	itest_expect_drop(F.x, "OnHarfAlerting", -1);
	rings(F.px, "2003", x_leg, sizeof(x_leg));
	answers(F.px, x_leg);
	ev = itest_expect(F.y, "OnAlerting", -1);
	assert_int_equal(itest_int(ev, "eventID"), CeInboundCallInternalCall);
	assert_string_equal(itest_str(ev, "otherParty"), "2002");
	assert_int_equal(itest_int(ev, "otherPartyAttribute"), PaInternal);
	json_decref(ev);
	rings(F.py, "2002", y_leg, sizeof(y_leg));
	answers(F.py, y_leg);
	itest_expect_drop(F.x, "OnInternalConnected", CerTalkSelfCreat);
	itest_expect_drop(F.y, "OnInternalConnected", CerTalkOtherCreat);
	assert_int_equal(itest_code(F.y, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(F.y, "OnReady", CerIdleNormalSelfHangup);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalOtherHangup);
	closed(F.py, y_leg);
	closed(F.px, x_leg);
}

/* ---- during a call -------------------------------------------------- */

static void hold_dtmf_mute(void **state)
{
	static const char *const digits[] = {"1", "2", "#"};
	char leg[128];
	double talking;
	json_t *ev, *r;

	(void)state;
	x_talking(leg, sizeof(leg));
	assert_int_equal(itest_code(F.x, "Hold", NULL), ArSuccess);
	itest_expect_id(F.x, "OnSuspended", -1,
			CeThisPartySuspendedNormalCall);
	bphone_listen(F.c);
	heard_moh_not(F.c, HZ_X);
	assert_int_equal(itest_code(F.x, "Retrieve", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnConnected", CerTalkSelfRetrieve);
	hears(F.c, HZ_X, 0);
	talking = power(F.c, HZ_X);

	/* the agent's digits reach the customer's phone as RFC 4733 events */
	assert_int_equal(itest_code(F.x, "SendDTMF", json_pack(
		"{s:s}", "DTMFDigits", "12#")), ArSuccess);
	for (size_t i = 0; i < 3; i++) {
		ev = bphone_wait_event(F.c, "CALL_DTMF_START",
				       BPHONE_TIMEOUT_MS);
		assert_non_null(ev);
		assert_string_equal(itest_str(ev, "param"), digits[i]);
		json_decref(ev);
	}

	assert_int_equal(itest_code(F.x, "MuteOn", NULL), ArSuccess);
	bphone_listen(F.px);
	bphone_listen(F.c);
	heard(F.px, HZ_C, 0);                     /* X still hears */
	assert_true(power(F.c, HZ_X) * RATIO * RATIO < talking);
	assert_int_equal(itest_code(F.x, "MuteOff", NULL), ArSuccess);
	hears(F.c, HZ_X, 0);

	/* The phone's own hold and resume (re-INVITEs) change no CTI state
	 * and X's voice comes back. (Only the far side is checked: baresip
	 * stops recording what it hears after its own hold.) */
	json_decref(bphone_command(F.px, "hold", NULL));
	json_decref(bphone_command(F.px, "resume", NULL));
	hears(F.c, HZ_X, 0);
	r = rc_call(F.x, "GetAgentStatus", NULL);
	assert_int_equal(itest_int(r, "value"), AsConnectedState);
	json_decref(r);
	c_hangs_up(F.x, F.px, leg);

	/* the same from the trunk: the customer's hold and resume */
	x_answers(leg, sizeof(leg));
	json_decref(bphone_command(F.c, "hold", NULL));
	json_decref(bphone_command(F.c, "resume", NULL));
	hears(F.px, HZ_C, 0);
	/* the customer hangs up while held */
	assert_int_equal(itest_code(F.x, "Hold", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnSuspended", -1);
	c_hangs_up(F.x, F.px, leg);
}

static void consult_then_transfer(void **state)
{
	char x_leg[128], y_leg[128];
	json_t *ev, *r, *rows, *row;
	long long contact;

	(void)state;
	F.y = sign("2003", "1883", "投诉=1");
	x_talking(x_leg, sizeof(x_leg));
	assert_int_equal(itest_code(F.x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "orderNo", "CallData", "A-1")), ArSuccess);
	consult_y(y_leg, sizeof(y_leg));
	bphone_listen(F.c);
	bphone_listen(F.py);
	heard_moh_not(F.c, HZ_X);                 /* held meanwhile */
	heard(F.py, HZ_X, 0);                     /* X and Y talk */
	assert_int_equal(itest_code(F.x, "Consult", json_pack(
		"{s:s, s:i}", "consultNum", "2004", "consultType", 0)),
		ArAgentStatusIsWrong);

	assert_int_equal(itest_code(F.x, "Transfer", NULL), ArSuccess);
	ev = itest_expect(F.x, "OnReady", CerIdleNormalSelfHangup);
	assert_int_equal(itest_int(ev, "eventID"),
			 CeThisPartyTransferredConsultCall);
	contact = itest_int(ev, "contactID");
	json_decref(ev);
	ev = itest_expect(F.y, "OnConnected", -1);
	assert_int_equal(itest_int(ev, "eventID"),
			 CeOtherPartyTransferredConsultCall);
	assert_string_equal(itest_str(ev, "otherParty"), CUSTOMER);
	assert_int_equal(itest_int(ev, "contactID"), contact);
	json_decref(ev);
	closed(F.px, x_leg);
	hears(F.c, HZ_Y, 0);

	r = rc_call(F.y, "GetCallData", json_pack("{s:s}", "key", "orderNo"));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_string_equal(rc_data(r), "A-1");
	json_decref(r);
	c_hangs_up(F.y, F.py, y_leg);
	rows = itest_cdr_rows(F.a, F.call);
	row = cdr_row_must(rows, "2003");
	assert_string_equal(itest_str(json_object_get(row, "callData"),
				      "orderNo"), "A-1");
	assert_string_equal(itest_str(row, "hangupBy"), "customer");
	row = cdr_row_must(rows, "2002");
	assert_string_equal(itest_str(json_object_get(row, "callData"),
				      "orderNo"), "A-1");
	json_decref(rows);
}

static void consult_then_reconnect(void **state)
{
	char x_leg[128], y_leg[128];

	(void)state;
	F.y = sign("2003", "1883", "投诉=1");
	x_talking(x_leg, sizeof(x_leg));
	consult_y(y_leg, sizeof(y_leg));
	assert_int_equal(itest_code(F.x, "Reconnect", NULL), ArSuccess);
	itest_expect_drop(F.y, "OnReady", CerIdleNormalOtherHangup);
	itest_expect_drop(F.x, "OnConnected", CerTalkSelfRetrieve);
	closed(F.py, y_leg);
	hears(F.c, HZ_X, 0);
	assert_int_equal(itest_code(F.x, "Transfer", NULL),
			 ArAgentStatusIsWrong);
	c_hangs_up(F.x, F.px, x_leg);
}

static void consult_then_conference(void **state)
{
	char x_leg[128], y_leg[128];

	(void)state;
	F.y = sign("2003", "1883", "投诉=1");
	x_talking(x_leg, sizeof(x_leg));
	consult_y(y_leg, sizeof(y_leg));
	assert_int_equal(itest_code(F.x, "Conference", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnConference", -1);
	itest_expect_drop(F.y, "OnConference", -1);
	/* the customer hears both agents, each agent the other two */
	bphone_listen(F.c);
	bphone_listen(F.px);
	heard(F.c, HZ_X, HZ_Y);
	heard(F.px, HZ_C, HZ_Y);

	/* X leaves: Y and the customer stay */
	assert_int_equal(itest_code(F.x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	itest_expect_drop(F.y, "OnConnected", -1);
	closed(F.px, x_leg);
	hears(F.c, HZ_Y, 0);
	c_hangs_up(F.y, F.py, y_leg);
}

/* Consult an outside number: refused (486), unknown (404), then answered
 * and transferred: the customer talks to the outside party alone. */
static void consult_outside(void **state)
{
	char x_leg[128], o_leg[128];

	(void)state;
	x_talking(x_leg, sizeof(x_leg));
	assert_int_equal(itest_code(F.x, "Consult", json_pack(
		"{s:s, s:i}", "consultNum", OUTSIDE, "consultType", 1)),
			 ArSuccess);
	itest_expect_id(F.x, "OnConsultConnecting", -1,
			CeDestSeizedConsultCall);
	rings(F.po, "1882", o_leg, sizeof(o_leg));   /* X's DN */
	bphone_hangup(F.po);
	closed(F.po, o_leg);
	itest_expect_drop(F.x, "OnSuspended", CerCallDestBusy);
	assert_int_equal(itest_code(F.x, "Consult", json_pack(
		"{s:s, s:i}", "consultNum", UNKNOWN, "consultType", 1)),
			 ArSuccess);
	itest_expect_drop(F.x, "OnConsultConnecting", -1);
	itest_expect_drop(F.x, "OnSuspended", CerCallDestInvalid);

	assert_int_equal(itest_code(F.x, "Consult", json_pack(
		"{s:s, s:i}", "consultNum", OUTSIDE, "consultType", 1)),
			 ArSuccess);
	itest_expect_drop(F.x, "OnConsultConnecting", -1);
	rings(F.po, "1882", o_leg, sizeof(o_leg));
	answers(F.po, o_leg);
	itest_expect_drop(F.x, "OnConsultConnected", -1);
	assert_int_equal(itest_code(F.x, "Transfer", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	closed(F.px, x_leg);
	bphone_listen(F.c);
	bphone_listen(F.po);
	heard(F.c, HZ_O, 0);
	heard(F.po, HZ_C, 0);
	bphone_hangup(F.po);
	closed(F.po, o_leg);
	closed(F.c, F.call);
}

/* The customer leaves during an answered consult: X and Y go on as an
 * internal call. */
static void customer_leaves_during_consult(void **state)
{
	char x_leg[128], y_leg[128];

	(void)state;
	F.y = sign("2003", "1883", "投诉=1");
	x_talking(x_leg, sizeof(x_leg));
	consult_y(y_leg, sizeof(y_leg));
	bphone_hangup(F.c);
	closed(F.c, F.call);
	itest_expect_id(F.x, "OnInternalConnected", -1,
			CeOtherPartyDisconnectedNormalCall);
	itest_expect_id(F.y, "OnInternalConnected", -1,
			CeOtherPartyDisconnectedNormalCall);
	bphone_listen(F.px);
	bphone_listen(F.py);
	heard(F.px, HZ_Y, 0);
	heard(F.py, HZ_X, 0);
	assert_int_equal(itest_code(F.x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	itest_expect_drop(F.y, "OnReady", CerIdleNormalOtherHangup);
	closed(F.px, x_leg);
	closed(F.py, y_leg);
}

/* X puts the phone down during a consult: to an answered target that
 * transfers, as desk phones do; while the target rings it ends the
 * call. */
static void x_phone_down_during_consult(void **state)
{
	char x_leg[128], y_leg[128];

	(void)state;
	F.y = sign("2003", "1883", "投诉=1");
	x_talking(x_leg, sizeof(x_leg));
	consult_y(y_leg, sizeof(y_leg));
	bphone_hangup(F.px);
	closed(F.px, x_leg);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	itest_expect_id(F.y, "OnConnected", -1,
			CeOtherPartyTransferredConsultCall);
	hears(F.c, HZ_Y, 0);
	bphone_hangup(F.py);
	closed(F.py, y_leg);
	itest_expect_drop(F.y, "OnReady", CerIdleNormalSelfHangup);
	closed(F.c, F.call);

	x_answers(x_leg, sizeof(x_leg));
	assert_int_equal(itest_code(F.x, "Consult", json_pack(
		"{s:s, s:i}", "consultNum", "2003", "consultType", 0)),
			 ArSuccess);
	itest_expect_drop(F.y, "OnAlerting", -1);
	rings(F.py, "2002", y_leg, sizeof(y_leg));
	bphone_hangup(F.px);
	closed(F.px, x_leg);
	itest_expect_drop(F.x, "OnReady", -1);
	itest_expect_drop(F.y, "OnReady", -1);
	closed(F.py, y_leg);                      /* CANCEL */
	closed(F.c, F.call);
}

static void single_step_transfer(void **state)
{
	char x_leg[128], y_leg[128];
	json_t *ev;

	(void)state;
	F.y = sign("2003", "1883", "投诉=1");
	x_talking(x_leg, sizeof(x_leg));
	assert_int_equal(itest_code(F.x, "SingleStepTransfer", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "transferNum", "2003",
		"showANI", "4000999", "showDest", "", "transferStyle", 0,
		"transferType", 0)), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	closed(F.px, x_leg);
	ev = itest_expect(F.y, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "otherParty"), CUSTOMER);
	assert_string_equal(itest_str(ev, "callID"), F.call);
	json_decref(ev);
	rings(F.py, CUSTOMER, y_leg, sizeof(y_leg));
	answers(F.py, y_leg);
	ev = itest_expect(F.y, "OnConnected", -1);
	assert_string_equal(itest_str(ev, "otherParty"), CUSTOMER);
	json_decref(ev);
	hears(F.c, HZ_Y, 0);
	c_hangs_up(F.y, F.py, y_leg);
}

/* A route to an agent (private queue): Y busy, the call waits for Y;
 * Ready, Y's phone rings. */
static void private_queue(void **state)
{
	char leg[128];
	json_t *ev;

	(void)state;
	assert_int_equal(itest_code(F.a, "Admin.AddRoute", json_pack(
		"{s:s, s:s, s:s}", "access", "4200", "kind", "agent",
		"target", "2003")), ArSuccess);
	F.y = sign("2003", "1883", "投诉=1");
	assert_int_equal(itest_code(F.y, "SetBusy", NULL), ArSuccess);
	itest_expect_drop(F.y, "OnBusy", -1);
	bphone_dial(F.c, "4200");
	phone_event(F.c, "CALL_ESTABLISHED", NULL, F.call, sizeof(F.call));
	ev = itest_expect(F.y, "OnInprivatequeue", -1);
	assert_string_equal(itest_str(ev, "callID"), F.call);
	assert_string_equal(itest_str(ev, "originalDNIS"), "4200");
	json_decref(ev);
	assert_int_equal(itest_code(F.y, "SetIdle", NULL), ArSuccess);
	itest_expect_drop(F.y, "OnReady", CerIdleSelfSet);
	itest_expect_drop(F.y, "OnOutprivatequeue", -1);
	ev = itest_expect(F.y, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "callID"), F.call);
	json_decref(ev);
	rings(F.py, CUSTOMER, leg, sizeof(leg));
	answers(F.py, leg);
	itest_expect_drop(F.y, "OnConnected", CerTalkOtherCreat);
	hears(F.c, HZ_Y, 0);
	c_hangs_up(F.y, F.py, leg);
}

/* ---- supervisor ----------------------------------------------------- */

static void listen_switch_stop(void **state)
{
	char x_leg[128], m_leg[128];

	(void)state;
	F.m = sign("2001", "1881", "咨询=1");
	x_talking(x_leg, sizeof(x_leg));
	assert_int_equal(itest_code(F.x, "Listen", json_pack(
		"{s:s}", "AgentID", "2003")), ArPermissionDenied);
	assert_int_equal(itest_code(F.m, "Listen", json_pack(
		"{s:s, s:s, s:s}", "AgentID", "2002", "showANI", "",
		"showDest", "")), ArSuccess);
	m_phone_answers(m_leg, sizeof(m_leg));
	itest_expect_drop(F.m, "OnMonitor", -1);
	itest_expect_drop(F.x, "OnMonitored", -1);
	/* M hears both; nobody hears M */
	bphone_listen(F.pm);
	bphone_listen(F.c);
	bphone_listen(F.px);
	heard(F.pm, HZ_C, HZ_X);
	heard(F.c, HZ_X, 0);
	heard(F.px, HZ_C, 0);

	/* to Insert and back, without redialling */
	assert_int_equal(itest_code(F.m, "SwitchInsertorListen", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(F.m, "OnInsert", -1);
	itest_expect_drop(F.x, "OnInserted", -1);
	hears(F.c, HZ_M, HZ_X);
	assert_int_equal(itest_code(F.m, "SwitchInsertorListen", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(F.m, "OnMonitor", -1);
	itest_expect_drop(F.x, "OnMonitored", -1);

	assert_int_equal(itest_code(F.m, "StopListen", json_pack(
		"{s:s}", "AgentID", "2002")), ArSuccess);
	itest_expect_drop(F.m, "OnReady", -1);
	itest_expect_drop(F.x, "OnConnected", -1);
	closed(F.pm, m_leg);
	hears(F.c, HZ_X, 0);
	c_hangs_up(F.x, F.px, x_leg);
}

static void insert_stop_and_break(void **state)
{
	char x_leg[128], m_leg[128];
	json_t *rows;

	(void)state;
	F.m = sign("2001", "1881", "咨询=1");
	x_talking(x_leg, sizeof(x_leg));
	assert_int_equal(itest_code(F.m, "Insert", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	m_phone_answers(m_leg, sizeof(m_leg));
	itest_expect_drop(F.m, "OnInsert", -1);
	itest_expect_drop(F.x, "OnInserted", -1);
	hears(F.px, HZ_C, HZ_M);
	assert_int_equal(itest_code(F.m, "StopInsert", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(F.m, "OnReady", -1);
	itest_expect_drop(F.x, "OnConnected", -1);
	closed(F.pm, m_leg);

	/* inserted again, then Break: M takes the customer over */
	assert_int_equal(itest_code(F.m, "Insert", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	m_phone_answers(m_leg, sizeof(m_leg));
	itest_expect_drop(F.m, "OnInsert", -1);
	itest_expect_drop(F.x, "OnInserted", -1);
	assert_int_equal(itest_code(F.m, "Break", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleErrorOtherHangup);
	itest_expect_drop(F.m, "OnConnected", CerTalkElse);
	closed(F.px, x_leg);
	hears(F.c, HZ_M, 0);
	c_hangs_up(F.m, F.pm, m_leg);
	rows = itest_cdr_rows(F.a, F.call);
	assert_non_null(itest_cdr_row(rows, "2001"));
	assert_string_equal(itest_str(cdr_row_must(rows, "2002"),
				      "endReason"), "CerIdleErrorOtherHangup");
	json_decref(rows);
}

/* Break with no supervisor on the call: the customer goes too. */
static void break_alone(void **state)
{
	char leg[128];

	(void)state;
	F.m = sign("2001", "1881", "咨询=1");
	x_talking(leg, sizeof(leg));
	assert_int_equal(itest_code(F.m, "Break", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleErrorOtherHangup);
	closed(F.px, leg);
	closed(F.c, F.call);
}

/* ---- IVR ------------------------------------------------------------ */

/* TransIVR to the satisfaction survey (4100): the customer presses 4 on
 * the phone, the survey thanks and hangs up, the key is in the CDR. */
static void trans_ivr_survey(void **state)
{
	char leg[128];
	json_t *rows, *ev = NULL;

	(void)state;
	x_talking(leg, sizeof(leg));
	assert_int_equal(itest_code(F.x, "TransIVR", json_pack(
		"{s:s}", "transferNum", "4999")), ArInvalidParam);
	assert_int_equal(itest_code(F.x, "TransIVR", json_pack(
		"{s:s}", "transferNum", "4100")), ArSuccess);
	itest_expect_drop(F.x, "OnReady", CerIdleNormalSelfHangup);
	closed(F.px, leg);
	/* Keys count once the prompt is over: press until the survey ends
	 * the call (without a key it would too, after 10 s, with none). */
	for (int i = 0; i < 20 && !ev; i++) {
		bphone_send_dtmf(F.c, "4");
		ev = bphone_wait_event(F.c, "CALL_CLOSED", 250);
	}
	if (!ev)
		closed(F.c, F.call);
	else
		assert_string_equal(itest_str(ev, "id"), F.call);
	json_decref(ev);
	rows = itest_cdr_rows(F.a, F.call);
	assert_string_equal(itest_str(json_object_get(cdr_row_must(rows,
		"2002"), "callData"), "satisfaction"), "4");
	json_decref(rows);
}

/* An IVR menu: the customer's key becomes call data, then the call
 * queues for 咨询 and M gets it. */
static void ivr_menu(void **state)
{
	char leg[128];
	json_t *r, *ev = NULL;

	(void)state;
	assert_int_equal(itest_code(F.a, "Admin.SetIvrFlow", json_pack(
		"{s:s, s:s}", "name", "menu", "script",
		"prompt:welcome;collect:choice:12:5;setdata:via=ivr;"
		"skill:咨询")), ArSuccess);
	assert_int_equal(itest_code(F.a, "Admin.AddRoute", json_pack(
		"{s:s, s:s, s:s}", "access", "4300", "kind", "ivr",
		"target", "menu")), ArSuccess);
	F.m = sign("2001", "1881", "咨询=1");
	bphone_dial(F.c, "4300");
	phone_event(F.c, "CALL_ESTABLISHED", NULL, F.call, sizeof(F.call));
	/* keys count once the prompt is over */
	for (int i = 0; i < 20 && !ev; i++) {
		bphone_send_dtmf(F.c, "2");
		ev = rc_wait_event(F.m, "OnAlerting", 250);
	}
	assert_non_null(ev);
	assert_string_equal(itest_str(ev, "callID"), F.call);
	json_decref(ev);
	rings(F.pm, CUSTOMER, leg, sizeof(leg));
	answers(F.pm, leg);
	itest_expect_drop(F.m, "OnConnected", -1);
	r = rc_call(F.m, "GetCallData", json_pack("{s:s}", "key", "choice"));
	assert_string_equal(rc_data(r), "2");
	json_decref(r);
	r = rc_call(F.m, "GetCallData", json_pack("{s:s}", "key", "via"));
	assert_string_equal(rc_data(r), "ivr");
	json_decref(r);
	c_hangs_up(F.m, F.pm, leg);
}

/* ---- the C SDK ------------------------------------------------------ */

/* libagentbar as the bar of X: an inbound call answered at the phone (the
 * SDK's Answer cannot), an outbound call vetoed and then allowed by
 * OnBeforeOutCall, sign-out. */
static void sdk_bar(void **state)
{
	struct evrec *rec = F.rec = evrec_new();
	AgentBar *bar = F.bar = evrec_bar(rec, D.agent_port, "2002", "1882");
	char leg[128], o_leg[128], *s;
	const struct ev *e;

	(void)state;
	assert_int_equal(ab_Initial(bar), ArSuccess);
	assert_int_equal(ab_SignIn(bar), ArSuccess);
	e = evrec_wait(rec, "OnReady", BPHONE_TIMEOUT_MS);
	assert_non_null(e);
	assert_int_equal(e->reason, CerIdleSelfLogin);

	bphone_dial(F.c, "4000");
	phone_event(F.c, "CALL_ESTABLISHED", NULL, F.call, sizeof(F.call));
	assert_non_null(evrec_wait(rec, "OnLock", BPHONE_TIMEOUT_MS));
	e = evrec_wait(rec, "OnAlerting", BPHONE_TIMEOUT_MS);
	assert_non_null(e);
	assert_string_equal(e->callID, F.call);
	assert_string_equal(e->otherParty, CUSTOMER);
	assert_string_equal(e->originalDNIS, "4000");
	rings(F.px, CUSTOMER, leg, sizeof(leg));
	assert_int_equal(ab_Answer(bar), AGENTBARERROR_BAR_ANSWERERROR);
	answers(F.px, leg);
	e = evrec_wait(rec, "OnConnected", BPHONE_TIMEOUT_MS);
	assert_non_null(e);
	assert_int_equal(e->reason, CerTalkOtherCreat);
	s = ab_GetCallingNo(bar);
	assert_string_equal(s, CUSTOMER);
	ab_FreeString(s);
	bphone_hangup(F.c);
	closed(F.c, F.call);
	e = evrec_wait(rec, "OnReady", BPHONE_TIMEOUT_MS);
	assert_non_null(e);
	assert_int_equal(e->reason, CerIdleNormalOtherHangup);
	closed(F.px, leg);

	evrec_set_callout(rec, 0);
	assert_int_equal(ab_MakeCall(bar, OUTSIDE, "", "", 0, 1),
			 AGENTBARERROR_BAR_WRONGNUM);
	assert_null(bphone_wait_event(F.px, "CALL_INCOMING", 200));
	evrec_set_callout(rec, 1);
	assert_int_equal(ab_MakeCall(bar, OUTSIDE, "", "", 0, 1), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnHarfAlerting", BPHONE_TIMEOUT_MS));
	rings(F.px, OUTSIDE, leg, sizeof(leg));
	answers(F.px, leg);
	assert_non_null(evrec_wait(rec, "OnConnecting", BPHONE_TIMEOUT_MS));
	rings(F.po, "1882", o_leg, sizeof(o_leg));
	answers(F.po, o_leg);
	e = evrec_wait(rec, "OnConnected", BPHONE_TIMEOUT_MS);
	assert_non_null(e);
	assert_int_equal(e->reason, CerTalkSelfCreat);
	assert_int_equal(ab_ReleaseCall(bar), ArSuccess);
	e = evrec_wait(rec, "OnReady", BPHONE_TIMEOUT_MS);
	assert_non_null(e);
	assert_int_equal(e->reason, CerIdleNormalSelfHangup);
	closed(F.po, o_leg);
	closed(F.px, leg);
	assert_int_equal(evrec_beforeoutcalls(rec), 2);

	assert_int_equal(ab_SignOut(bar), ArSuccess);
	e = evrec_wait(rec, "OnUnLogin", BPHONE_TIMEOUT_MS);
	assert_non_null(e);
	assert_int_equal(e->reason, CerUnloginLogout);
}

/* ---- registration --------------------------------------------------- */

/* No phone on the DN: no sign-in. M's phone going away parks Ready M in
 * Busy; back, M is Ready again. */
static void registration(void **state)
{
	struct rc *z = rc_connect(D.agent_port);

	(void)state;
	assert_int_equal(itest_signin(z, "2010", "1890", "示例=1"),
			 ArImsError);
	rc_close(z);
	F.m = sign("2001", "1881", "咨询=1");
	bphone_stop(F.pm);
	F.pm = NULL;
	itest_expect_drop(F.m, "OnBusy", CerIdleElse);
	F.pm = agent_phone("1881", HZ_M);
	itest_expect_drop(F.m, "OnReady", -1);
}

#define T(fn) cmocka_unit_test_teardown(fn, step_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(inbound_customer_hangs_up),
		T(inbound_agent_hangs_up),
		T(ring_refused_then_abandoned),
		T(ring_timeout),
		T(outbound_calls),
		T(outbound_own_phone),
		T(outbound_offhook),
		T(internal_call),
		T(hold_dtmf_mute),
		T(consult_then_transfer),
		T(consult_then_reconnect),
		T(consult_then_conference),
		T(consult_outside),
		T(customer_leaves_during_consult),
		T(x_phone_down_during_consult),
		T(single_step_transfer),
		T(listen_switch_stop),
		T(insert_stop_and_break),
		T(break_alone),
		T(private_queue),
		T(trans_ivr_survey),
		T(ivr_menu),
		T(sdk_bar),
		T(registration),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
