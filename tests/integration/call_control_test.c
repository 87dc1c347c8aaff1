/*
 * call_control_test.c — the "During a call" and "Supervisor" flows of
 * CALL-FLOWS.md over raw JSON-RPC against the real daemon on the sim
 * switch: hold/retrieve, consult and its outcomes (reconnect, transfer,
 * conference, failures), single-step transfer, call data, DTMF, mute,
 * IVR transfer, recording file name, ForceOut/Idle/Busy,
 * Listen/Insert/Switch/Stop/Break, JumptheQueue. Media paths are checked
 * with Sim.Parties (who hears whom, tones, DTMF received).
 *
 * Cast: X 2002 on DN 1882 (skill 示例, so inbound calls to 4000 reach
 * it), Y 2003 on 1883 (投诉: never routed a call here), M 2001 on 1881
 * (the demo's monitor, 咨询), customer 13800000001. Each test has its own
 * daemon, so a failing flow cannot leave state for the next one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

#define CUSTOMER "13800000001"

static struct daemon D;

struct fx {
	struct rc *a;       /* admin: Sim.*, Admin.ListCDR */
	struct rc *x, *y, *m;
	char call[64];      /* the customer's call (sim callID) */
};

/* Outside numbers give up after a second, so "no answer" is quick. */
static int start(void **state)
{
	static const struct daemon_opts o = {
		.extra_ini = "[acd]\noutbound_timeout = 1\n",
	};
	static struct fx f;

	memset(&f, 0, sizeof(f));
	f.a = itest_start_admin(&D, &o);
	*state = &f;
	return 0;
}

static int stop(void **state)
{
	struct fx *f = *state;

	rc_close(f->m);
	rc_close(f->y);
	rc_close(f->x);
	itest_stop_admin(&D, f->a);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static int signin(struct rc **cp, const char *id, const char *dn,
		  const char *skills)
{
	if (!*cp)
		*cp = rc_connect(D.agent_port);
	return itest_signin(*cp, id, dn, skills);
}

static void sign_x(struct fx *f)
{
	assert_int_equal(signin(&f->x, "2002", "1882", "示例=1"), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleSelfLogin);
}

static void sign_y(struct fx *f)
{
	assert_int_equal(signin(&f->y, "2003", "1883", "投诉=1"), ArSuccess);
	itest_expect_drop(f->y, "OnReady", CerIdleSelfLogin);
}

static void sign_m(struct fx *f)
{
	assert_int_equal(signin(&f->m, "2001", "1881", "咨询=1"), ArSuccess);
	itest_expect_drop(f->m, "OnReady", CerIdleSelfLogin);
}

/* The customer calls 4000 and X (signed in, Ready) answers. */
static void x_answers(struct fx *f, const char *ani)
{
	assert_int_equal(itest_sim_inbound(f->a, ani, "4000", f->call,
					   sizeof(f->call)), ArSuccess);
	itest_expect_drop(f->x, "OnAlerting", -1);
	assert_int_equal(itest_sim_answer(f->a, "1882"), ArSuccess);
	itest_expect_drop(f->x, "OnConnected", CerTalkOtherCreat);
}

static void x_talking(struct fx *f)
{
	sign_x(f);
	x_answers(f, CUSTOMER);
}

/* X consults Y and Y answers. */
static void consult_y(struct fx *f)
{
	json_t *ev;

	assert_int_equal(itest_code(f->x, "Consult", json_pack(
		"{s:s, s:s, s:s, s:i}", "consultNum", "2003", "showANI", "",
		"showDest", "", "consultType", 0)), ArSuccess);
	itest_expect_id(f->x, "OnConsultConnecting", -1,
			CeDestSeizedConsultCall);
	ev = itest_expect(f->y, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "callID"), f->call);
	json_decref(ev);
	assert_int_equal(itest_sim_answer(f->a, "1883"), ArSuccess);
	itest_expect_drop(f->x, "OnConsultConnected", -1);
	itest_expect_drop(f->y, "OnInternalConnected", -1);
}

/* Sim.Parties of the customer's call (main bridge); new reference. */
static json_t *parties(struct fx *f)
{
	json_t *r = rc_call(f->a, "Sim.Parties", json_pack("{s:s}", "callID",
							    f->call));
	json_t *d;

	assert_non_null(r);
	if (rc_code(r) != ArSuccess)
		fail_msg("Sim.Parties %s: code %d %s", f->call, rc_code(r),
			 itest_str(r, "message"));
	d = json_incref(json_object_get(r, "data"));
	json_decref(r);
	return d;
}

static json_t *party(json_t *ps, const char *name)
{
	size_t i;
	json_t *p;

	json_array_foreach(ps, i, p)
		if (!strcmp(itest_str(p, "party"), name))
			return p;
	return NULL;
}

static json_t *party_must(json_t *ps, const char *name)
{
	json_t *p = party(ps, name);

	if (!p) {
		char *text = json_dumps(ps, JSON_COMPACT);

		fail_msg("no party %s in %s", name, text ? text : "?");
	}
	return p;
}

static bool hears(json_t *ps, const char *who, const char *whom)
{
	json_t *h = json_object_get(party_must(ps, who), "hears");
	size_t i;
	json_t *v;

	json_array_foreach(h, i, v)
		if (!strcmp(json_string_value(v), whom))
			return true;
	return false;
}

static bool speaks(json_t *ps, const char *who)
{
	return json_is_true(json_object_get(json_object_get(
		party_must(ps, who), "flags"), "speak"));
}

static const char *tone(json_t *ps, const char *who)
{
	return itest_str(party_must(ps, who), "tone");
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

/* ---- hold, consult --------------------------------------------------- */

static void hold_and_retrieve(void **state)
{
	struct fx *f = *state;
	json_t *ps;

	x_talking(f);
	assert_int_equal(itest_code(f->x, "Retrieve", NULL),
			 ArAgentStatusIsWrong);
	assert_int_equal(itest_code(f->x, "Hold", NULL), ArSuccess);
	itest_expect_id(f->x, "OnSuspended", -1,
			CeThisPartySuspendedNormalCall);
	ps = parties(f);
	assert_string_equal(tone(ps, CUSTOMER), "moh");
	assert_false(hears(ps, CUSTOMER, "1882"));
	assert_false(hears(ps, "1882", CUSTOMER));
	json_decref(ps);
	assert_int_equal(itest_code(f->x, "Hold", NULL), ArAgentStatusIsWrong);

	assert_int_equal(itest_code(f->x, "Retrieve", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnConnected", CerTalkSelfRetrieve);
	ps = parties(f);
	assert_string_equal(tone(ps, CUSTOMER), "none");
	assert_true(hears(ps, CUSTOMER, "1882"));
	assert_true(hears(ps, "1882", CUSTOMER));
	json_decref(ps);

	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalOtherHangup);
	assert_int_equal(itest_code(f->x, "Hold", NULL), ArAgentStatusIsWrong);
}

static void consult_then_reconnect(void **state)
{
	struct fx *f = *state;
	json_t *ps;

	x_talking(f);
	sign_y(f);
	consult_y(f);
	ps = parties(f);
	assert_string_equal(tone(ps, CUSTOMER), "moh");   /* held meanwhile */
	json_decref(ps);
	/* a second consult while one is up */
	assert_int_equal(itest_code(f->x, "Consult", json_pack(
		"{s:s, s:i}", "consultNum", "2004", "consultType", 0)),
		ArAgentStatusIsWrong);

	assert_int_equal(itest_code(f->x, "Reconnect", NULL), ArSuccess);
	itest_expect_drop(f->y, "OnReady", CerIdleNormalOtherHangup);
	itest_expect_drop(f->x, "OnConnected", CerTalkSelfRetrieve);
	ps = parties(f);
	assert_string_equal(tone(ps, CUSTOMER), "none");
	assert_true(hears(ps, CUSTOMER, "1882"));
	assert_null(party(ps, "1883"));
	json_decref(ps);
	assert_int_equal(itest_code(f->x, "Reconnect", NULL),
			 ArAgentStatusIsWrong);
	assert_int_equal(itest_code(f->x, "Transfer", NULL),
			 ArAgentStatusIsWrong);
}

static void consult_then_transfer(void **state)
{
	struct fx *f = *state;
	json_t *ev, *ps, *rows, *row, *r;
	long long contact;

	x_talking(f);
	sign_y(f);
	assert_int_equal(itest_code(f->x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "orderNo", "CallData", "A-1")), ArSuccess);
	consult_y(f);
	assert_int_equal(itest_code(f->x, "Transfer", NULL), ArSuccess);
	ev = itest_expect(f->x, "OnReady", CerIdleNormalSelfHangup);
	assert_int_equal(itest_int(ev, "eventID"),
			 CeThisPartyTransferredConsultCall);
	contact = itest_int(ev, "contactID");
	json_decref(ev);
	ev = itest_expect(f->y, "OnConnected", -1);
	assert_int_equal(itest_int(ev, "eventID"),
			 CeOtherPartyTransferredConsultCall);
	assert_string_equal(itest_str(ev, "otherParty"), CUSTOMER);
	assert_int_equal(itest_int(ev, "contactID"), contact);
	json_decref(ev);

	ps = parties(f);
	assert_true(hears(ps, CUSTOMER, "1883"));
	assert_true(hears(ps, "1883", CUSTOMER));
	assert_string_equal(tone(ps, CUSTOMER), "none");
	assert_null(party(ps, "1882"));
	json_decref(ps);

	/* the call data came along */
	r = rc_call(f->y, "GetCallData", json_pack("{s:s}", "key", "orderNo"));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_string_equal(rc_data(r), "A-1");
	json_decref(r);
	assert_int_equal(itest_code(f->y, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "note", "CallData", "by Y")), ArSuccess);

	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->y, "OnReady", CerIdleNormalOtherHangup);
	rows = itest_cdr_rows(f->a, f->call);
	row = itest_cdr_row(rows, "2003");
	assert_non_null(row);
	assert_string_equal(itest_str(json_object_get(row, "callData"), "orderNo"),
			    "A-1");
	assert_string_equal(itest_str(json_object_get(row, "callData"), "note"),
			    "by Y");
	row = itest_cdr_row(rows, "2002");
	assert_non_null(row);
	assert_string_equal(itest_str(json_object_get(row, "callData"), "orderNo"),
			    "A-1");
	json_decref(rows);
}

static void consult_then_conference(void **state)
{
	struct fx *f = *state;
	json_t *ps;

	x_talking(f);
	sign_y(f);
	consult_y(f);
	assert_int_equal(itest_code(f->x, "Conference", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnConference", -1);
	itest_expect_drop(f->y, "OnConference", -1);
	ps = parties(f);
	assert_true(hears(ps, CUSTOMER, "1882"));
	assert_true(hears(ps, CUSTOMER, "1883"));
	assert_true(hears(ps, "1882", "1883"));
	assert_true(hears(ps, "1883", "1882"));
	assert_string_equal(tone(ps, CUSTOMER), "none");
	json_decref(ps);

	/* X leaves: Y and the customer stay */
	assert_int_equal(itest_code(f->x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalSelfHangup);
	itest_expect_drop(f->y, "OnConnected", -1);
	ps = parties(f);
	assert_true(hears(ps, CUSTOMER, "1883"));
	assert_null(party(ps, "1882"));
	json_decref(ps);
	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->y, "OnReady", CerIdleNormalOtherHangup);
}

static void consult_failures(void **state)
{
	static const struct {
		const char *number, *behaviour;
		int reason;
	} cases[] = {
		{"13900000001", "busy", CerCallDestBusy},
		{"13900000002", "noanswer", CerCallNoAnswer},
		{"13900000003", "invalid", CerCallDestInvalid},
	};
	struct fx *f = *state;
	json_t *ps;

	x_talking(f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(itest_code(f->a, "Sim.SetNumber", json_pack(
			"{s:s, s:s}", "number", cases[i].number, "behaviour",
			cases[i].behaviour)), ArSuccess);
		assert_int_equal(itest_code(f->x, "Consult", json_pack(
			"{s:s, s:i}", "consultNum", cases[i].number,
			"consultType", 1)), ArSuccess);
		itest_expect_id(f->x, "OnConsultConnecting", -1,
				CeDestSeizedConsultCall);
		itest_expect_drop(f->x, "OnSuspended", cases[i].reason);
		ps = parties(f);
		assert_string_equal(tone(ps, CUSTOMER), "moh");
		json_decref(ps);
	}
	/* an agent id that does not exist, a number that cannot be dialled */
	assert_int_equal(itest_code(f->x, "Consult", json_pack(
		"{s:s, s:i}", "consultNum", "9999", "consultType", 0)),
		ArDestAgentIdNotExist);
	assert_int_equal(itest_code(f->x, "Retrieve", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnConnected", CerTalkSelfRetrieve);
}

/* ---- single-step transfer ------------------------------------------- */

static void single_step_transfer(void **state)
{
	struct fx *f = *state;
	json_t *ev, *ps;

	x_talking(f);
	sign_y(f);
	assert_int_equal(itest_code(f->x, "SingleStepTransfer", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "transferNum", "2003",
		"showANI", "4000999", "showDest", "", "transferStyle", 0,
		"transferType", 0)), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalSelfHangup);
	ev = itest_expect(f->y, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "otherParty"), CUSTOMER);  /* style 0 */
	assert_string_equal(itest_str(ev, "callID"), f->call);
	json_decref(ev);
	assert_int_equal(itest_sim_answer(f->a, "1883"), ArSuccess);
	ev = itest_expect(f->y, "OnConnected", -1);
	assert_string_equal(itest_str(ev, "otherParty"), CUSTOMER);
	json_decref(ev);
	ps = parties(f);
	assert_true(hears(ps, CUSTOMER, "1883"));
	assert_true(hears(ps, "1883", CUSTOMER));
	assert_null(party(ps, "1882"));
	json_decref(ps);
	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->y, "OnReady", CerIdleNormalOtherHangup);

	/* style 1: Y sees showANI */
	x_answers(f, "13800000002");
	assert_int_equal(itest_code(f->x, "SingleStepTransfer", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "transferNum", "2003",
		"showANI", "4000999", "showDest", "", "transferStyle", 1,
		"transferType", 0)), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalSelfHangup);
	ev = itest_expect(f->y, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "otherParty"), "4000999");
	json_decref(ev);
	assert_int_equal(itest_sim_answer(f->a, "1883"), ArSuccess);
	itest_expect_drop(f->y, "OnConnected", -1);
	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->y, "OnReady", CerIdleNormalOtherHangup);
	/* not in a call any more */
	assert_int_equal(itest_code(f->x, "SingleStepTransfer", json_pack(
		"{s:s, s:i}", "transferNum", "2003", "transferType", 0)),
		ArAgentStatusIsWrong);
}

/* ---- call data, DTMF, mute, IVR, recording --------------------------- */

static void call_data(void **state)
{
	struct fx *f = *state;
	char key[34], value[1025];
	json_t *r, *rows, *row;

	x_talking(f);
	memset(key, 'k', 33);
	key[33] = '\0';
	memset(value, 'v', 1024);
	value[1024] = '\0';
	assert_int_equal(itest_code(f->x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", key, "CallData", "v")), ArInvalidParam);
	assert_int_equal(itest_code(f->x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "k", "CallData", value)),
		ArInvalidParam);
	assert_int_equal(itest_code(f->x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "", "CallData", "v")), ArKeyIsEmpty);
	assert_int_equal(itest_code(f->x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "k", "CallData", "")), ArValueIsEmpty);
	assert_int_equal(itest_code(f->x, "GetCallData", json_pack(
		"{s:s}", "key", key)), ArInvalidParam);
	assert_int_equal(itest_code(f->x, "GetCallData", json_pack(
		"{s:s}", "key", "")), ArKeyIsEmpty);
	r = rc_call(f->x, "GetCallData", json_pack("{s:s}", "key", "none"));
	assert_int_equal(rc_code(r), ArFailed);
	assert_string_equal(rc_data(r), "");
	json_decref(r);

	/* exactly at the limits */
	key[32] = '\0';
	value[1023] = '\0';
	assert_int_equal(itest_code(f->x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", key, "CallData", value)), ArSuccess);
	r = rc_call(f->x, "GetCallData", json_pack("{s:s}", "key", key));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_string_equal(rc_data(r), value);
	json_decref(r);
	/* set again: replaced */
	assert_int_equal(itest_code(f->x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", key, "CallData", "短")), ArSuccess);
	r = rc_call(f->x, "GetCallData", json_pack("{s:s}", "key", key));
	assert_string_equal(rc_data(r), "短");
	json_decref(r);

	assert_int_equal(itest_code(f->x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalSelfHangup);
	rows = itest_cdr_rows(f->a, f->call);
	row = itest_cdr_row(rows, "2002");
	assert_non_null(row);
	assert_string_equal(itest_str(json_object_get(row, "callData"), key), "短");
	json_decref(rows);
	/* no call, no call data */
	assert_int_equal(itest_code(f->x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "k", "CallData", "v")),
		ArAgentStatusIsWrong);
	assert_int_equal(itest_code(f->x, "GetCallData", json_pack(
		"{s:s}", "key", "k")), ArAgentStatusIsWrong);
}

static void send_dtmf(void **state)
{
	struct fx *f = *state;
	json_t *ps;

	x_talking(f);
	assert_int_equal(itest_code(f->x, "SendDTMF", json_pack(
		"{s:s}", "DTMFDigits", "")), ArDigitalsIsEmpty);
	assert_int_equal(itest_code(f->x, "SendDTMF", json_pack(
		"{s:s}", "DTMFDigits", "12X")), ArInvalidParam);
	assert_int_equal(itest_code(f->x, "SendDTMF", json_pack(
		"{s:s}", "DTMFDigits", "123456789012345678901234567890123")),
		ArInvalidParam);
	assert_int_equal(itest_code(f->x, "SendDTMF", json_pack(
		"{s:s}", "DTMFDigits", "12#*AD")), ArSuccess);
	ps = parties(f);
	assert_string_equal(itest_str(party_must(ps, CUSTOMER), "dtmf"), "12#*AD");
	assert_string_equal(itest_str(party_must(ps, "1882"), "dtmf"), "");
	json_decref(ps);
	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalOtherHangup);
	assert_int_equal(itest_code(f->x, "SendDTMF", json_pack(
		"{s:s}", "DTMFDigits", "1")), ArAgentStatusIsWrong);
}

static void mute(void **state)
{
	struct fx *f = *state;
	json_t *ps;

	x_talking(f);
	assert_int_equal(itest_code(f->x, "MuteOn", NULL), ArSuccess);
	ps = parties(f);
	assert_false(hears(ps, CUSTOMER, "1882"));
	assert_true(hears(ps, "1882", CUSTOMER));   /* X still hears */
	assert_false(speaks(ps, "1882"));
	json_decref(ps);
	assert_int_equal(itest_code(f->x, "MuteOff", NULL), ArSuccess);
	ps = parties(f);
	assert_true(hears(ps, CUSTOMER, "1882"));
	assert_true(speaks(ps, "1882"));
	json_decref(ps);
	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalOtherHangup);
	assert_int_equal(itest_code(f->x, "MuteOn", NULL),
			 ArAgentStatusIsWrong);
}

/* TransIVR to the demo's satisfaction survey (4100): the customer's key
 * ends up as call data in the CDR. */
static void trans_ivr_survey(void **state)
{
	struct fx *f = *state;
	json_t *rows = NULL, *row = NULL;

	x_talking(f);
	assert_int_equal(itest_code(f->x, "TransIVR", json_pack(
		"{s:s}", "transferNum", "4999")), ArInvalidParam);
	assert_int_equal(itest_code(f->x, "TransIVR", json_pack(
		"{s:s}", "transferNum", "4100")), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalSelfHangup);
	/* the survey prompts first; press 4 until it has been taken */
	for (int i = 0; i < 40; i++) {
		json_decref(rc_call(f->a, "Sim.SendDTMF", json_pack(
			"{s:s, s:s}", "party", f->call, "digits", "4")));
		json_decref(rows);
		rows = itest_cdr_rows(f->a, f->call);
		row = itest_cdr_row(rows, "2002");
		if (row && *itest_str(json_object_get(row, "callData"),
				 "satisfaction"))
			break;
		sleep_ms(100);
	}
	assert_non_null(row);
	assert_string_equal(itest_str(json_object_get(row, "callData"),
				 "satisfaction"), "4");
	json_decref(rows);

	/* TransIVREx: the same with the number the IVR sees as caller */
	x_answers(f, "13800000002");
	assert_int_equal(itest_code(f->x, "TransIVREx", json_pack(
		"{s:s, s:s}", "callerNum", "4000123", "transferNum", "4100")),
		ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalSelfHangup);
	assert_int_equal(itest_code(f->x, "TransIVR", json_pack(
		"{s:s}", "transferNum", "4100")), ArAgentStatusIsWrong);
}

static void record_file_name(void **state)
{
	struct fx *f = *state;
	json_t *r, *ev;

	x_talking(f);
	r = rc_call(f->x, "GetRecordFileName", NULL);
	assert_int_equal(rc_code(r), ArSuccess);
	assert_string_equal(rc_data(r), "");    /* 示例 does not record */
	json_decref(r);
	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalOtherHangup);

	assert_int_equal(itest_code(f->a, "Admin.UpdateSkill", json_pack(
		"{s:s, s:b}", "name", "示例", "record", 1)), ArSuccess);
	x_answers(f, CUSTOMER);
	ev = itest_expect(f->x, "OnBeginRecord", -1);
	r = rc_call(f->x, "GetRecordFileName", NULL);
	assert_int_equal(rc_code(r), ArSuccess);
	assert_true(strlen(rc_data(r)) > 0);
	assert_string_equal(rc_data(r), itest_str(ev, "filename"));
	json_decref(r);
	json_decref(ev);
	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->x, "OnEndRecord", -1);
}

/* ---- supervisor ----------------------------------------------------- */

static void force_out_idle_busy(void **state)
{
	struct fx *f = *state;

	sign_m(f);
	sign_y(f);
	sign_x(f);
	/* only a monitor */
	assert_int_equal(itest_code(f->x, "ForceBusy", json_pack(
		"{s:s}", "AgentID", "2003")), ArPermissionDenied);
	assert_int_equal(itest_code(f->m, "ForceBusy", json_pack(
		"{s:s}", "AgentID", "9999")), ArDestAgentIdNotExist);
	assert_int_equal(itest_code(f->m, "ForceBusy", json_pack(
		"{s:s}", "AgentID", "2019")), ArNoSignin);

	assert_int_equal(itest_code(f->m, "ForceBusy", json_pack(
		"{s:s}", "AgentID", "2003")), ArSuccess);
	itest_expect_drop(f->y, "OnBusy", CerIdleOtherSet);
	assert_int_equal(itest_code(f->m, "ForceIdle", json_pack(
		"{s:s}", "AgentID", "2003")), ArSuccess);
	itest_expect_drop(f->y, "OnReady", CerIdleOtherSet);

	/* not while in a call */
	x_answers(f, CUSTOMER);
	assert_int_equal(itest_code(f->m, "ForceOut", json_pack(
		"{s:s}", "AgentID", "2002")), ArAgentStatusIsWrong);

	assert_int_equal(itest_code(f->m, "ForceOut", json_pack(
		"{s:s}", "AgentID", "2003")), ArSuccess);
	itest_expect_drop(f->y, "OnUnLogin", CerUnloginOtherForceout);
	assert_true(rc_wait_closed(f->y, ITEST_TIMEOUT_MS));
	rc_close(f->y);
	f->y = NULL;
	assert_int_equal(itest_code(f->m, "ForceOut", json_pack(
		"{s:s}", "AgentID", "2003")), ArNoSignin);
	/* the forced-out agent may sign in again */
	sign_y(f);
}

/* M's phone rings, M answers: HalfAlerting, HalfConnected. */
static void m_phone_answers(struct fx *f)
{
	itest_expect_drop(f->m, "OnHarfAlerting", -1);
	assert_int_equal(itest_sim_answer(f->a, "1881"), ArSuccess);
	itest_expect_drop(f->m, "OnHarfConnected", -1);
}

static void listen_switch_stop(void **state)
{
	struct fx *f = *state;
	json_t *ps;

	x_talking(f);
	sign_m(f);
	assert_int_equal(itest_code(f->x, "Listen", json_pack(
		"{s:s}", "AgentID", "2003")), ArPermissionDenied);
	assert_int_equal(itest_code(f->m, "Listen", json_pack(
		"{s:s, s:s, s:s}", "AgentID", "2002", "showANI", "",
		"showDest", "")), ArSuccess);
	m_phone_answers(f);
	itest_expect_drop(f->m, "OnMonitor", -1);
	itest_expect_drop(f->x, "OnMonitored", -1);
	ps = parties(f);
	assert_true(hears(ps, "1881", CUSTOMER));
	assert_true(hears(ps, "1881", "1882"));
	assert_false(hears(ps, CUSTOMER, "1881"));
	assert_false(hears(ps, "1882", "1881"));
	assert_true(hears(ps, CUSTOMER, "1882"));
	assert_true(hears(ps, "1882", CUSTOMER));
	json_decref(ps);

	/* to Insert and back, without redialling */
	assert_int_equal(itest_code(f->m, "SwitchInsertorListen", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(f->m, "OnInsert", -1);
	itest_expect_drop(f->x, "OnInserted", -1);
	ps = parties(f);
	assert_true(hears(ps, CUSTOMER, "1881"));
	assert_true(hears(ps, "1882", "1881"));
	assert_true(hears(ps, "1881", CUSTOMER));
	json_decref(ps);
	assert_int_equal(itest_code(f->m, "SwitchInsertorListen", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(f->m, "OnMonitor", -1);
	itest_expect_drop(f->x, "OnMonitored", -1);

	assert_int_equal(itest_code(f->m, "StopInsert", json_pack(
		"{s:s}", "agentID", "2002")), ArAgentStatusIsWrong);
	assert_int_equal(itest_code(f->m, "StopListen", json_pack(
		"{s:s}", "AgentID", "2002")), ArSuccess);
	itest_expect_drop(f->m, "OnReady", -1);
	itest_expect_drop(f->x, "OnConnected", -1);
	ps = parties(f);
	assert_null(party(ps, "1881"));
	assert_true(hears(ps, CUSTOMER, "1882"));
	json_decref(ps);
	assert_int_equal(itest_code(f->m, "StopListen", json_pack(
		"{s:s}", "AgentID", "2002")), ArAgentStatusIsWrong);
}

static void insert_stop_and_break(void **state)
{
	struct fx *f = *state;
	json_t *ps;

	x_talking(f);
	sign_m(f);
	assert_int_equal(itest_code(f->m, "Insert", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	m_phone_answers(f);
	itest_expect_drop(f->m, "OnInsert", -1);
	itest_expect_drop(f->x, "OnInserted", -1);
	ps = parties(f);
	assert_true(hears(ps, CUSTOMER, "1881"));
	assert_true(hears(ps, CUSTOMER, "1882"));
	assert_true(hears(ps, "1882", "1881"));
	assert_true(hears(ps, "1882", CUSTOMER));
	assert_true(hears(ps, "1881", CUSTOMER));
	assert_true(hears(ps, "1881", "1882"));
	json_decref(ps);
	assert_int_equal(itest_code(f->m, "StopInsert", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(f->m, "OnReady", -1);
	itest_expect_drop(f->x, "OnConnected", -1);

	/* inserted again, then Break: M takes the customer over */
	assert_int_equal(itest_code(f->m, "Insert", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	m_phone_answers(f);
	itest_expect_drop(f->m, "OnInsert", -1);
	itest_expect_drop(f->x, "OnInserted", -1);
	assert_int_equal(itest_code(f->m, "Break", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleErrorOtherHangup);
	ps = parties(f);
	assert_null(party(ps, "1882"));
	assert_true(hears(ps, CUSTOMER, "1881"));
	assert_true(hears(ps, "1881", CUSTOMER));
	json_decref(ps);
	assert_int_equal(itest_sim_hangup(f->a, f->call), ArSuccess);
	itest_expect_drop(f->m, "OnReady", CerIdleNormalOtherHangup);
}

/* Break with no supervisor on the call: the customer goes too. */
static void break_alone(void **state)
{
	struct fx *f = *state;
	json_t *r;

	x_talking(f);
	sign_m(f);
	assert_int_equal(itest_code(f->m, "Break", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleErrorOtherHangup);
	/* the customer's leg is gone with the call's bridge */
	for (int i = 0; i < 50; i++) {
		r = rc_call(f->a, "Sim.LegCount", NULL);
		if (itest_int(r, "value") == 0) {
			json_decref(r);
			return;
		}
		json_decref(r);
		sleep_ms(20);
	}
	fail_msg("legs still live after Break");
}

/* ---- queue ---------------------------------------------------------- */

static void jump_the_queue(void **state)
{
	struct fx *f = *state;
	char first[64], second[64];
	json_t *r, *q, *ev;
	long long id1, id2;

	/* 咨询 has nobody signed in: both calls wait */
	assert_int_equal(itest_sim_inbound(f->a, "13800000011", "4002", first,
					   sizeof(first)), ArSuccess);
	assert_int_equal(itest_sim_inbound(f->a, "13800000012", "4002",
					   second, sizeof(second)), ArSuccess);
	r = rc_call(f->a, "GetSkillWaitingCallInfo", json_pack(
		"{s:s}", "skill", "咨询"));
	q = rc_data_json(r);
	assert_int_equal(json_array_size(q), 2);
	id1 = itest_int(json_array_get(q, 0), "requestId");
	id2 = itest_int(json_array_get(q, 1), "requestId");
	assert_string_equal(itest_str(json_array_get(q, 1), "callId"), second);
	json_decref(q);
	json_decref(r);

	assert_int_equal(itest_code(f->a, "JumptheQueue", json_pack(
		"{s:I}", "requestId", (json_int_t)(id1 + id2 + 1000))),
		ArRouteRequestNotExist);
	/* an agent connection may ask too */
	sign_x(f);
	assert_int_equal(itest_code(f->x, "JumptheQueue", json_pack(
		"{s:I}", "requestId", (json_int_t)id2)), ArSuccess);
	r = rc_call(f->a, "GetSkillWaitingCallInfo", json_pack(
		"{s:s}", "skill", "咨询"));
	q = rc_data_json(r);
	assert_int_equal(itest_int(json_array_get(q, 0), "requestId"), id2);
	json_decref(q);
	json_decref(r);

	/* the next agent of 咨询 gets the second call first */
	sign_m(f);
	ev = itest_expect(f->m, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "callID"), second);
	assert_string_equal(itest_str(ev, "otherParty"), "13800000012");
	json_decref(ev);
	assert_int_equal(itest_sim_hangup(f->a, second), ArSuccess);
	itest_expect_drop(f->m, "OnReady", CerIdleErrorOtherHangup);
	ev = itest_expect(f->m, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "callID"), first);
	json_decref(ev);
	assert_int_equal(itest_sim_hangup(f->a, first), ArSuccess);
	itest_expect_drop(f->m, "OnReady", CerIdleErrorOtherHangup);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, start, stop)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(hold_and_retrieve),
		T(consult_then_reconnect),
		T(consult_then_transfer),
		T(consult_then_conference),
		T(consult_failures),
		T(single_step_transfer),
		T(call_data),
		T(send_dtmf),
		T(mute),
		T(trans_ivr_survey),
		T(record_file_name),
		T(force_out_idle_busy),
		T(listen_switch_stop),
		T(insert_stop_and_break),
		T(break_alone),
		T(jump_the_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
