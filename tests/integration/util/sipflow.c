/*
 * sipflow.c — common SIP integration-test steps (see sipflow.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"
#include "sipflow.h"
#include "sipp.h"

void sipflow_register_for(const struct daemon *d, const char *dn,
			  uint16_t port, bool tcp, const char *expires)
{
	const struct sipp_opts o = {
		.scenario = "register.xml", .remote_port = d->sip_port,
		.port = port, .tcp = tcp, .service = dn, .user = dn,
		.password = "1234", .expires = expires,
	};

	if (sipp_run(&o))
		fail_msg("phone %s did not register (expires %s)", dn,
			 expires);
}

void sipflow_register(const struct daemon *d, const char *dn, uint16_t port,
		      bool tcp)
{
	sipflow_register_for(d, dn, port, tcp, "3600");
}

struct rc *sipflow_signin(const struct daemon *d, const char *agent,
			  const char *dn)
{
	struct rc *c = rc_connect(d->agent_port);
	char password[64];

	snprintf(password, sizeof(password), "%s123", agent);
	assert_int_equal(itest_signin_with(c, agent, password, dn, "示例=1",
					   true, true), ArSuccess);
	itest_expect_drop(c, "OnReady", CerIdleSelfLogin);
	return c;
}

/* An event about the customer's call: its number and the access number. */
static json_t *expect_call_event(struct rc *agent, const char *event,
				 int reason)
{
	json_t *ev = itest_expect(agent, event, reason);

	assert_string_equal(itest_str(ev, "otherParty"), SIPFLOW_ANI);
	assert_string_equal(itest_str(ev, "originalANI"), SIPFLOW_ANI);
	assert_string_equal(itest_str(ev, "originalDNIS"), "4000");
	return ev;
}

void sipflow_answered_call(const struct daemon *d, struct rc *agent,
			   const char *dn, uint16_t port, bool tcp,
			   char *call_id, size_t size)
{
	const struct sipp_opts po = {
		.scenario = "phone_answers.xml", .port = port, .tcp = tcp,
		.service = dn,
	};
	const struct sipp_opts co = {
		.scenario = "customer_talks.xml", .remote_port = d->sip_port,
		.service = "4000",
	};
	struct sipp phone, cust;
	json_t *ev;

	sipp_start(&phone, &po);
	sipp_start(&cust, &co);
	ev = expect_call_event(agent, "OnAlerting", -1);
	snprintf(call_id, size, "%s", itest_str(ev, "callID"));
	assert_true(call_id[0] != '\0');
	json_decref(ev);
	ev = expect_call_event(agent, "OnConnected", CerTalkOtherCreat);
	assert_string_equal(itest_str(ev, "callID"), call_id);
	json_decref(ev);
	json_decref(expect_call_event(agent, "OnReady",
				      CerIdleNormalOtherHangup));
	assert_int_equal(sipp_wait(&cust), 0);
	assert_int_equal(sipp_wait(&phone), 0);
	assert_int_equal(cust.successful, 1);
	assert_int_equal(phone.successful, 1);
}

json_t *sipflow_cdr(struct rc *admin, const char *agent)
{
	json_t *r = rc_call(admin, "Admin.ListCDR", json_pack("{s:i}",
							      "limit", 50));
	json_t *row, *found = NULL;
	size_t i;

	assert_int_equal(rc_code(r), ArSuccess);
	/* newest first */
	json_array_foreach(json_object_get(r, "data"), i, row) {
		if (!strcmp(itest_str(row, "agent"), agent)) {
			found = json_incref(row);
			break;
		}
	}
	json_decref(r);
	if (!found)
		fail_msg("no CDR row of agent %s", agent);
	return found;
}
