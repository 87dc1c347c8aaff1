/*
 * failover_test.c — the SDK's reconnect and failover (AGENTBAR-API.md §1)
 * against real daemons: a main on 127.0.0.1 and a backup on 127.0.0.2, the
 * same port on both, as the manual's MainCTIIP / BackCTIIP / CTIPort
 * imply. Killing the main moves the agent to the backup, signed in again;
 * a backup that does not know the agent gives OnOperationFailed; a daemon
 * restarted on its address gets the agent back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "evrec.h"
#include "itest.h"

static AgentBar *bar_on(uint16_t port, const char *back, struct evrec *rec)
{
	AgentBar *bar = ab_Create();

	assert_non_null(bar);
	ab_SetMainCTIIP(bar, "127.0.0.1");
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

static void start_backup(struct daemon *b, uint16_t port, bool demo)
{
	struct daemon_opts o = {
		.agent_port = port,
		.no_demo = !demo,
		.extra_ini = "[server]\nlisten_address = 127.0.0.2\n",
	};

	daemon_start(b, &o);
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
	e = evrec_wait(rec, "OnMasterChanged", 10000);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_MASTERCHANGE);
	e = evrec_wait(rec, "OnMasterChanged", 10000);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(ab_GetIsSignIn(bar), 1);
	assert_int_equal(ab_GetAgentStatus(bar), AsReadyState);

	/* the main comes back; then the backup dies: back to the main */
	daemon_restart(&m);
	daemon_kill9(&b);
	assert_non_null(evrec_wait(rec, "OnCTIDisconnect", 5000));
	e = evrec_wait(rec, "OnMasterChanged", 10000);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_MASTERCHANGE);
	e = evrec_wait(rec, "OnMasterChanged", 10000);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_RELOGINSUCCESS);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(main_dies_agent_moves_to_backup),
		cmocka_unit_test(restart_same_server),
		cmocka_unit_test(backup_refuses_resignin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
