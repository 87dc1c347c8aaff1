/*
 * sipp_calls_test.c — calls end to end on the SIP switch: the real daemon
 * (--switch sip), agents on JSON-RPC, and sipp (tests/sipp/) playing the
 * agents' phones, which register with digest authentication, and the
 * customers, who call in from the trunk with G.711 audio and RFC 4733
 * keys. Each test checks sipp's outcome (every message as scripted) and
 * the CTI side: the agent's events, the CDR, a recording.
 *
 * Cast: agent 2002 on phone 1880, agent 2003 on 1881 (both 示例, so
 * calls to 4000 reach them), customer 13800000000. Each test has its own
 * daemon.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"
#include "sipflow.h"
#include "sipp.h"

static struct daemon D;

struct fx {
	struct rc *a;          /* admin */
	struct rc *x, *y;      /* 2002, 2003 */
	uint16_t px, py;       /* their phones' SIP ports */
};

static int start(void **state)
{
	static const struct daemon_opts o = {.sip = true};
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	*state = f;
	f->a = itest_start_admin(&D, &o);
	return 0;
}

static int stop(void **state)
{
	struct fx *f = *state;

	sipp_kill_all();
	rc_close(f->y);
	rc_close(f->x);
	itest_stop_admin(&D, f->a);
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static void x_ready(struct fx *f)
{
	f->px = itest_free_port(false, 1);
	sipflow_register(&D, "1880", f->px, false);
	f->x = sipflow_signin(&D, "2002", "1880");
}

static void y_ready(struct fx *f)
{
	f->py = itest_free_port(false, 1);
	sipflow_register(&D, "1881", f->py, false);
	f->y = sipflow_signin(&D, "2003", "1881");
}

static void phone_start(struct sipp *s, const char *scenario, const char *dn,
			uint16_t port)
{
	const struct sipp_opts o = {.scenario = scenario, .port = port,
				    .service = dn};

	sipp_start(s, &o);
}

static void customer_start(struct sipp *s, const char *scenario,
			   const char *dnis)
{
	const struct sipp_opts o = {.scenario = scenario,
				    .remote_port = D.sip_port,
				    .service = dnis};

	sipp_start(s, &o);
}

static void expect_cdr(struct fx *f, const char *agent, const char *reason,
		       const char *hangup_by, bool answered)
{
	json_t *row = sipflow_cdr(f->a, agent);

	assert_string_equal(itest_str(row, "ani"), SIPFLOW_ANI);
	assert_string_equal(itest_str(row, "dnis"), "4000");
	assert_string_equal(itest_str(row, "skill"), "示例");
	assert_string_equal(itest_str(row, "direction"), "inbound");
	assert_string_equal(itest_str(row, "endReason"), reason);
	assert_string_equal(itest_str(row, "hangupBy"), hangup_by);
	assert_int_equal(itest_int(row, "answerTime") > 0, answered);
	assert_int_equal(itest_int(row, "talkMs") > 0, answered);
	assert_true(itest_int(row, "endTime") >= itest_int(row, "startTime"));
	json_decref(row);
}

static int waiting_in(struct fx *f, const char *skill)
{
	json_t *r = rc_call(f->a, "GetSkillWaitingNumber",
			    json_pack("{s:s}", "skill", skill));
	json_t *data = rc_data_json(r);
	int n = (int)itest_int(data, "queuenumber");

	assert_int_equal(rc_code(r), ArSuccess);
	json_decref(data);
	json_decref(r);
	return n;
}

/* The loudest sample of the customer's channel (left) of a recording. */
static int customer_peak(const char *file)
{
	char path[512];
	int16_t frame[2];
	int peak = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", D.dir, file);
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("no recording %s", path);
	assert_int_equal(fseek(fp, 44, SEEK_SET), 0);   /* the RIFF header */
	while (fread(frame, sizeof(frame), 1, fp) == 1)
		if (abs(frame[0]) > peak)
			peak = abs(frame[0]);
	fclose(fp);
	return peak;
}

/* ---- tests -------------------------------------------------------------- */

/* The whole way of a call: the phone registers, its agent signs in, the
 * customer calls 4000 and talks, the phone answers, the customer hangs
 * up; the CDR row is complete and the recording holds the customer's
 * voice, which went through the anchored media. */
static void answered_call(void **state)
{
	struct fx *f = *state;
	char call_id[128];
	json_t *ev, *row;
	char file[256];

	assert_int_equal(itest_code(f->a, "Admin.UpdateSkill", json_pack(
		"{s:s, s:b}", "name", "示例", "record", 1)), ArSuccess);
	x_ready(f);
	sipflow_answered_call(&D, f->x, "1880", f->px, false, call_id,
			      sizeof(call_id));

	ev = itest_expect(f->x, "OnBeginRecord", -1);
	snprintf(file, sizeof(file), "%s", itest_str(ev, "filename"));
	json_decref(ev);
	json_decref(itest_expect(f->x, "OnEndRecord", -1));
	/* the sample recording speaks louder than this from 1.6 s on */
	assert_true(customer_peak(file) > 2000);

	expect_cdr(f, "2002", "CerIdleNormalOtherHangup", "customer", true);
	row = sipflow_cdr(f->a, "2002");
	assert_string_equal(itest_str(row, "callID"), call_id);
	assert_string_equal(itest_str(row, "dn"), "1880");
	json_decref(row);
}

/* The phone answers 486: the agent is set Busy (CerCallDestBusy) and the
 * call goes back to the queue, where the next agent's phone answers. */
static void busy_phone_requeues(void **state)
{
	struct fx *f = *state;
	struct sipp px, py, cust;
	json_t *ev;

	x_ready(f);
	y_ready(f);      /* signed in later: 2002 has been idle longest */
	phone_start(&px, "phone_busy.xml", "1880", f->px);
	phone_start(&py, "phone_answers.xml", "1881", f->py);
	customer_start(&cust, "customer_talks.xml", "4000");

	itest_expect_drop(f->x, "OnLock", -1);
	itest_expect_drop(f->x, "OnBusy", CerCallDestBusy);
	ev = itest_expect(f->y, "OnConnected", CerTalkOtherCreat);
	assert_string_equal(itest_str(ev, "otherParty"), SIPFLOW_ANI);
	json_decref(ev);
	itest_expect_drop(f->y, "OnReady", CerIdleNormalOtherHangup);
	assert_int_equal(sipp_wait(&cust), 0);
	assert_int_equal(sipp_wait(&px), 0);
	assert_int_equal(sipp_wait(&py), 0);
	expect_cdr(f, "2002", "CerCallDestBusy", "agent", false);
	expect_cdr(f, "2003", "CerIdleNormalOtherHangup", "customer", true);
}

/* Nobody picks the phone up: at the skill's ring timeout (1 s) the
 * switch CANCELs it (the phone answers 487), the agent is set Busy
 * (CerCallNoAnswer) and the call waits in the queue again until the
 * customer gives up. */
static void phone_not_answered(void **state)
{
	struct fx *f = *state;
	struct sipp px, cust;

	assert_int_equal(itest_code(f->a, "Admin.UpdateSkill", json_pack(
		"{s:s, s:i}", "name", "示例", "ringTimeout", 1)), ArSuccess);
	x_ready(f);
	phone_start(&px, "phone_rings.xml", "1880", f->px);
	customer_start(&cust, "customer_talks.xml", "4000");

	itest_expect_drop(f->x, "OnAlerting", -1);
	itest_expect_drop(f->x, "OnBusy", CerCallNoAnswer);
	assert_int_equal(sipp_wait(&px), 0);
	assert_true(sipp_log_contains(&px, "CANCEL sip:1880@"));
	assert_int_equal(waiting_in(f, "示例"), 1);
	assert_int_equal(sipp_wait(&cust), 0);
	assert_int_equal(waiting_in(f, "示例"), 0);
	expect_cdr(f, "2002", "CerCallNoAnswer", "system", false);
}

/* The customer hangs up while the agent's phone rings: the switch
 * CANCELs the phone and the agent is Ready again. */
static void customer_gone_while_ringing(void **state)
{
	struct fx *f = *state;
	struct sipp px, cust;

	x_ready(f);
	phone_start(&px, "phone_rings.xml", "1880", f->px);
	customer_start(&cust, "customer_talks.xml", "4000");

	itest_expect_drop(f->x, "OnAlerting", -1);
	itest_expect_drop(f->x, "OnReady", CerIdleErrorOtherHangup);
	assert_int_equal(sipp_wait(&cust), 0);
	assert_int_equal(sipp_wait(&px), 0);
	expect_cdr(f, "2002", "CerIdleErrorOtherHangup", "customer", false);
	assert_true(itest_heartbeat_ok(f->x));
}

/* The satisfaction survey after the call: the agent hands the customer
 * to 4100, the customer presses 3 (RFC 4733), the survey thanks and
 * hangs up; the agent's CDR row holds satisfaction=3. */
static void survey_after_the_call(void **state)
{
	struct fx *f = *state;
	struct sipp px, cust;
	json_t *row;

	x_ready(f);
	phone_start(&px, "phone_answers.xml", "1880", f->px);
	customer_start(&cust, "customer_survey.xml", "4000");

	itest_expect_drop(f->x, "OnConnected", CerTalkOtherCreat);
	assert_int_equal(itest_code(f->x, "TransIVR", json_pack(
		"{s:s}", "transferNum", "4100")), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalSelfHangup);
	assert_int_equal(sipp_wait(&px), 0);     /* BYE at the transfer */
	assert_int_equal(sipp_wait(&cust), 0);   /* BYE after the key */
	row = sipflow_cdr(f->a, "2002");
	assert_string_equal(itest_str(json_object_get(row, "callData"),
				      "satisfaction"), "3");
	json_decref(row);
}

/* Calling the survey directly: the key ends it at once (a BYE within
 * seconds instead of after its 10 s wait), it lets the call go, and the
 * contact's CDR row (no agent ever had it) holds the answer. */
static void survey_called_directly(void **state)
{
	struct fx *f = *state;
	struct sipp cust;
	json_t *r, *data;

	customer_start(&cust, "customer_survey.xml", "4100");
	assert_int_equal(sipp_wait(&cust), 0);
	r = rc_call(f->a, "GetSysInfo", NULL);
	data = rc_data_json(r);
	assert_int_equal(itest_int(data, "ivrCalls"), 0);
	json_decref(data);
	json_decref(r);
	r = sipflow_cdr(f->a, "");
	assert_string_equal(itest_str(r, "dnis"), "4100");
	assert_string_equal(itest_str(r, "hangupBy"), "system");
	assert_string_equal(itest_str(json_object_get(r, "callData"),
				      "satisfaction"), "3");
	json_decref(r);
}

/* SignIn needs the phone registered; losing the registration parks the
 * agent in Busy, registering again makes it Ready. */
static void registration_and_agent_state(void **state)
{
	struct fx *f = *state;
	uint16_t port = itest_free_port(false, 1);

	f->x = rc_connect(D.agent_port);
	assert_int_equal(itest_code(f->x, "SignIn", json_pack(
		"{s:s, s:s, s:s, s:b, s:s}", "AgentID", "2002", "PassWord",
		"2002123", "DN", "1880", "AutoAnswer", 1, "ServiceList",
		"示例=1")), ArImsError);
	rc_close(f->x);

	sipflow_register(&D, "1880", port, false);
	f->x = sipflow_signin(&D, "2002", "1880");
	sipflow_register_for(&D, "1880", port, false, "0");
	itest_expect_drop(f->x, "OnBusy", CerIdleElse);
	assert_int_equal(itest_code(f->x, "SetIdle", NULL), ArImsError);
	sipflow_register(&D, "1880", port, false);
	itest_expect_drop(f->x, "OnReady", CerIdleElse);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, start, stop)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(answered_call),
		T(busy_phone_requeues),
		T(phone_not_answered),
		T(customer_gone_while_ringing),
		T(survey_after_the_call),
		T(survey_called_directly),
		T(registration_and_agent_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
