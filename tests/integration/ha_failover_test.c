/*
 * failover_test.c — the SDK's reconnect and failover (AGENTBAR-API.md §1)
 * against real daemons: a main on 127.0.0.1 and a backup on 127.0.0.2, the
 * same port on both, as the manual's MainCTIIP / BackCTIIP / CTIPort
 * imply. Killing the main moves the agent to the backup, signed in again;
 * a backup that does not know the agent gives OnOperationFailed; a daemon
 * restarted on its address gets the agent back. The agent comes back in
 * the state it was in (SignIn's ResumeStatus): Busy and Rest are offered
 * no call while one waits, Ready gets it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "evrec.h"
#include "itest.h"

static AgentBar *bar_at(const char *main, uint16_t port, const char *back,
		       struct evrec *rec)
{
	AgentBar *bar = ab_Create();

	assert_non_null(bar);
	ab_SetMainCTIIP(bar, main);
	ab_SetBackCTIIP(bar, back);
	ab_SetCTIPort(bar, port);
	ab_SetLogLevel(bar, 0);
	ab_SetAgentID(bar, "2002");
	ab_SetPassWord(bar, "2002123");
	ab_SetDN(bar, "1889");
	ab_SetServiceList(bar, "示例=3");
	evrec_attach(rec, bar);
	assert_int_equal(ab_Initial(bar), ArSuccess);
	assert_int_equal(ab_SignIn(bar), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnReady", 3000));
	return bar;
}

static AgentBar *bar_on(uint16_t port, const char *back, struct evrec *rec)
{
	return bar_at("127.0.0.1", port, back, rec);
}

static const char ON_127_0_0_2[] = "[server]\nlisten_address = 127.0.0.2\n";

static void start_backup(struct daemon *b, uint16_t port, bool demo)
{
	struct daemon_opts o = {
		.agent_port = port,
		.no_demo = !demo,
		.extra_ini = ON_127_0_0_2,
	};

	daemon_start(b, &o);
}

/* The end of a failover to the other server: OnMasterChanged twice. */
static void signed_in_on_other(struct evrec *rec)
{
	const struct ev *e = evrec_wait(rec, "OnMasterChanged", 10000);

	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_MASTERCHANGE);
	e = evrec_wait(rec, "OnMasterChanged", 10000);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_RELOGINSUCCESS);
}

static void main_dies_agent_moves_to_backup(void **state)
{
	struct daemon m, b;
	struct evrec *rec = evrec_new();
	AgentBar *bar;
	const struct ev *e;

	(void)state;
	daemon_start(&m, NULL);
	start_backup(&b, m.agent_port, true);
	bar = bar_on(m.agent_port, "127.0.0.2", rec);

	daemon_kill9(&m);
	e = evrec_wait(rec, "OnCTIDisconnect", 5000);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_DISCONNECT);
	signed_in_on_other(rec);
	assert_int_equal(ab_GetIsSignIn(bar), 1);
	assert_int_equal(ab_GetAgentStatus(bar), AsReadyState);

	/* the main comes back; then the backup dies: back to the main */
	daemon_restart(&m);
	daemon_kill9(&b);
	assert_non_null(evrec_wait(rec, "OnCTIDisconnect", 5000));
	signed_in_on_other(rec);
	assert_int_equal(ab_GetAgentStatus(bar), AsReadyState);

	ab_Destroy(bar);
	evrec_free(rec);
	daemon_stop(&m);
	daemon_cleanup(&m);
	daemon_cleanup(&b);
}

static void restart_same_server(void **state)
{
	struct daemon m;
	struct evrec *rec = evrec_new();
	AgentBar *bar;
	const struct ev *e;

	(void)state;
	daemon_start(&m, NULL);
	bar = bar_on(m.agent_port, "", rec);
	daemon_kill9(&m);
	assert_non_null(evrec_wait(rec, "OnCTIDisconnect", 5000));
	/* down: methods fail at once instead of hanging */
	assert_int_equal(ab_SetBusy(bar), AGENTBARERROR_BGCC_EXCEPTION);
	daemon_restart(&m);
	e = evrec_wait(rec, "OnMasterChanged", 10000);
	assert_non_null(e);
	/* the same server: no master change, only the re-sign-in */
	assert_int_equal(e->reason, EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(ab_SetBusy(bar), ArSuccess);
	ab_Destroy(bar);
	evrec_free(rec);
	daemon_stop(&m);
	daemon_cleanup(&m);
}

static void backup_refuses_resignin(void **state)
{
	struct daemon m, b;
	struct evrec *rec = evrec_new();
	AgentBar *bar;
	const struct ev *e;

	(void)state;
	daemon_start(&m, NULL);
	start_backup(&b, m.agent_port, false);   /* empty directory */
	bar = bar_on(m.agent_port, "127.0.0.2", rec);
	daemon_kill9(&m);
	assert_non_null(evrec_wait(rec, "OnCTIDisconnect", 5000));
	e = evrec_wait(rec, "OnOperationFailed", 10000);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_RELOGINFAILED);
	assert_int_equal(ab_GetIsSignIn(bar), 0);
	ab_Destroy(bar);
	evrec_free(rec);
	daemon_stop(&b);
	daemon_cleanup(&b);
	daemon_cleanup(&m);
}

/* Calls waiting for 示例 on d, from its admin connection. */
static int waiting(struct rc *admin)
{
	json_t *r = rc_call(admin, "GetSkillWaitingNumber",
			    json_pack("{s:s}", "skill", "示例"));
	json_t *data = rc_data_json(r);
	int n = (int)itest_int(data, "queuenumber");

	json_decref(data);
	json_decref(r);
	return n;
}

/* The agent is put in `status` (2, 3 or 4) on a main at 127.0.0.2 while a
 * call waits for its skill on the backup at 127.0.0.1 (there the admin
 * connection reaches it); the main dies. The agent is signed back in on
 * the backup straight into that state, and only a Ready one is offered
 * the call. */
static void resumes_on_backup(int status)
{
	const struct daemon_opts mo = {.extra_ini = ON_127_0_0_2};
	struct daemon m, b;
	struct evrec *rec = evrec_new();
	struct rc *admin;
	AgentBar *bar;
	const struct ev *e;
	char call_id[64];

	daemon_start(&m, &mo);
	admin = itest_start_admin(&b, &(struct daemon_opts){
		.agent_port = m.agent_port});
	bar = bar_at("127.0.0.2", m.agent_port, "127.0.0.1", rec);
	if (status != AsReadyState) {
		assert_int_equal(status == AsBusyState ? ab_SetBusy(bar) :
				 ab_SetRest(bar, "午饭"), ArSuccess);
		assert_non_null(evrec_wait(rec, ab_StatusEventName(status),
					   3000));
	}
	assert_int_equal(itest_sim_inbound(admin, "13800000000", "4000",
					   call_id, sizeof(call_id)),
			 ArSuccess);
	assert_int_equal(waiting(admin), 1);

	daemon_kill9(&m);
	signed_in_on_other(rec);
	e = evrec_wait(rec, ab_StatusEventName(status), 3000);
	assert_non_null(e);
	assert_int_equal(e->reason, CerIdleSelfLogin);
	if (status == AsReadyState) {
		e = evrec_wait(rec, "OnAlerting", 3000);
		assert_non_null(e);
		assert_string_equal(e->callID, call_id);
	} else {
		itest_sleep_ms(500);
		assert_int_equal(ab_GetAgentStatus(bar), status);
		assert_int_equal(evrec_count(rec, "OnReady"), 1);
		assert_int_equal(evrec_count(rec, "OnLock"), 0);
		assert_int_equal(waiting(admin), 1);
	}
	ab_Destroy(bar);
	evrec_free(rec);
	itest_stop_admin(&b, admin);
	daemon_cleanup(&m);
}

static void busy_stays_busy(void **state)
{
	(void)state;
	resumes_on_backup(AsBusyState);
}

static void rest_stays_rest(void **state)
{
	(void)state;
	resumes_on_backup(AsRestState);
}

static void ready_stays_ready(void **state)
{
	(void)state;
	resumes_on_backup(AsReadyState);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(main_dies_agent_moves_to_backup),
		cmocka_unit_test(restart_same_server),
		cmocka_unit_test(backup_refuses_resignin),
		cmocka_unit_test(busy_stays_busy),
		cmocka_unit_test(rest_stays_rest),
		cmocka_unit_test(ready_stays_ready),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
