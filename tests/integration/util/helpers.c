/*
 * helpers.c — short-hands for the steps most integration tests repeat:
 * a daemon for a whole test group, logging in as the demo admin, driving
 * the sim switch, signing a demo agent in (see itest.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

int itest_code(struct rc *c, const char *method, json_t *params)
{
	json_t *r = rc_call(c, method, params);
	int code;

	if (!r)
		fail_msg("%s: JSON-RPC error %d %s", method, rc_last_error(c),
			 rc_last_error_message(c));
	code = rc_code(r);
	json_decref(r);
	return code;
}

struct daemon itest_daemon;

int itest_daemon_setup(void **state)
{
	(void)state;
	daemon_start(&itest_daemon, NULL);
	return 0;
}

int itest_daemon_teardown(void **state)
{
	(void)state;
	daemon_stop(&itest_daemon);
	daemon_cleanup(&itest_daemon);
	return 0;
}

int itest_admin_login(struct rc *c)
{
	return itest_code(c, "Admin.Login", json_pack("{s:s, s:s}", "user",
						   "admin", "password",
						   "admin"));
}

struct rc *itest_admin(const struct daemon *d)
{
	struct rc *a = rc_connect(d->agent_port);

	assert_int_equal(itest_admin_login(a), ArSuccess);
	return a;
}

struct rc *itest_start_admin(struct daemon *d, const struct daemon_opts *o)
{
	daemon_start(d, o);
	return itest_admin(d);
}

void itest_stop_admin(struct daemon *d, struct rc *admin)
{
	rc_close(admin);
	daemon_stop(d);
	daemon_cleanup(d);
}

int itest_sim_inbound(struct rc *admin, const char *ani, const char *dnis,
		      char *call_id, size_t size)
{
	json_t *r = rc_call(admin, "Sim.InboundCall",
			    json_pack("{s:s, s:s}", "ani", ani, "dnis", dnis));
	const char *id;
	int code;

	if (!r)
		fail_msg("Sim.InboundCall: JSON-RPC error %d %s",
			 rc_last_error(admin), rc_last_error_message(admin));
	code = rc_code(r);
	id = json_string_value(json_object_get(r, "callID"));
	if (call_id && size)
		snprintf(call_id, size, "%s", id ? id : "");
	json_decref(r);
	return code;
}

int itest_sim_answer(struct rc *admin, const char *party)
{
	return itest_code(admin, "Sim.Answer", json_pack("{s:s}", "party",
						      party));
}

int itest_sim_hangup(struct rc *admin, const char *party)
{
	return itest_code(admin, "Sim.Hangup", json_pack("{s:s}", "party",
						      party));
}

int itest_signin_with(struct rc *c, const char *agent, const char *password,
		      const char *dn, const char *skills, bool force,
		      bool autoanswer)
{
	return itest_code(c, "SignIn", json_pack(
		"{s:s, s:s, s:s, s:i, s:b, s:b, s:s}", "AgentID", agent,
		"PassWord", password, "DN", dn, "StatusChangeType", 0,
		"AutoAnswer", autoanswer, "ForceSignIn", force,
		"ServiceList", skills));
}

int itest_signin(struct rc *c, const char *agent, const char *dn,
		 const char *skills)
{
	char password[64];

	snprintf(password, sizeof(password), "%s123", agent);
	return itest_signin_with(c, agent, password, dn,
				 skills ? skills : "示例=1;投诉=1;咨询=1",
				 true, false);
}

int itest_subscribe(struct rc *c, const char *skills_json)
{
	json_t *p = json_object();

	if (skills_json)
		json_object_set_new(p, "skills",
				    json_loads(skills_json, 0, NULL));
	return itest_code(c, "Monitor.Subscribe", p);
}

bool itest_heartbeat_ok(struct rc *c)
{
	json_t *r = rc_call(c, "Heartbeat", NULL);
	bool ok = r && rc_code(r) == ArSuccess;

	json_decref(r);
	return ok;
}

const char *itest_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

long long itest_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

json_t *itest_expect(struct rc *c, const char *event, int reason)
{
	json_t *ev = rc_wait_event(c, event, ITEST_TIMEOUT_MS);

	if (!ev)
		fail_msg("no %s within %d ms", event, ITEST_TIMEOUT_MS);
	if (reason >= 0 && itest_int(ev, "reason") != reason)
		fail_msg("%s: reason %lld (%s), expected %d (%s)", event,
			 itest_int(ev, "reason"),
			 ab_ReasonName((int)itest_int(ev, "reason")), reason,
			 ab_ReasonName(reason));
	return ev;
}

void itest_expect_drop(struct rc *c, const char *event, int reason)
{
	json_decref(itest_expect(c, event, reason));
}

void itest_expect_id(struct rc *c, const char *event, int reason,
		     int event_id)
{
	json_t *ev = itest_expect(c, event, reason);

	if (itest_int(ev, "eventID") != event_id)
		fail_msg("%s: eventID %lld (%s), expected %d (%s)", event,
			 itest_int(ev, "eventID"), ab_EventIdName((int)itest_int(ev,
			 "eventID")), event_id, ab_EventIdName(event_id));
	json_decref(ev);
}

json_t *itest_cdr_rows(struct rc *admin, const char *call_id)
{
	json_t *r = rc_call(admin, "Admin.ListCDR", json_pack("{s:i}",
							       "limit", 50));
	json_t *rows = json_array(), *row;
	size_t i;

	assert_int_equal(rc_code(r), ArSuccess);
	json_array_foreach(json_object_get(r, "data"), i, row)
		if (!strcmp(itest_str(row, "callID"), call_id))
			json_array_append(rows, row);
	json_decref(r);
	return rows;
}

json_t *itest_cdr_row(json_t *rows, const char *agent)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
		if (!strcmp(itest_str(row, "agent"), agent))
			return row;
	return NULL;
}
