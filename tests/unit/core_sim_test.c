/*
 * core_sim_test.c — the core on the real sim switch (not the scripted one):
 * proves the two sides of switch.h agree — events arrive from the loop, the
 * media paths the core asks for are the ones the sim reports, and nothing
 * is left behind when calls end.
 */
#include <string.h>
#include "core_harness.h"
#include "switch/sim/sim.h"

static struct sw *sim;
static struct core *core;
static struct store *st;
static int owner;

static struct {
	char agent[33];
	int status, reason;
} evs[256];
static size_t nevs;

static void on_state(void *o, const struct core_state_event *ev, void *arg)
{
	(void)o;
	(void)arg;
	if (nevs < ARRAY_SIZE(evs)) {
		str_ncpy(evs[nevs].agent, ev->agent_id, sizeof(evs[0].agent));
		evs[nevs].status = ev->status;
		evs[nevs].reason = ev->reason;
		++nevs;
	}
}

static int setup(void **state)
{
	struct core_handlers h = {.state = on_state};
	struct core_config cfg;

	(void)state;
	nevs = 0;
	if (h_sim_open(&sim, &st, &core))
		return -1;
	core_config_default(&cfg);
	return core_alloc(&core, &cfg, st, sim, &h);
}

static int teardown(void **state)
{
	(void)state;
	h_sim_close(&sim, &st, &core);
	return 0;
}

static bool has_hear(const struct sim_party_info *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nhears; i++)
		if (0 == strcmp(p->hears[i], name))
			return true;
	return false;
}

static void inbound_auto_answer_media(void **state)
{
	struct signin_req r = {.AgentID = "2002", .PassWord = "2002123",
			       .DN = "1889", .AutoAnswer = true,
			       .ForceSignIn = true, .ServiceList = "示例"};
	struct sim_party_info parties[4];
	struct agent *a;
	char call_id[64];
	int n;

	(void)state;
	assert_int_equal(core_signin(core, &owner, &r, &a), ArSuccess);
	assert_int_equal(sim_inbound_call(sim, "13800000000", "4000", NULL, 0,
					  call_id, sizeof(call_id)), 0);
	h_pump(50);
	assert_int_equal(agent_status(a), AsConnectedState);
	n = sim_parties(sim, call_id, parties, ARRAY_SIZE(parties));
	assert_int_equal(n, 2);
	assert_true(has_hear(&parties[0], parties[1].name));
	assert_true(has_hear(&parties[1], parties[0].name));
	assert_int_equal(sim_party_hangup(sim, call_id), 0);
	h_pump(20);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(evs[nevs - 1].reason, CerIdleNormalOtherHangup);
	assert_int_equal(sim_leg_count(sim), 0);
	assert_int_equal(sim_parties(sim, call_id, parties, 4), -ENOENT);
}

static void queued_customer_hears_music(void **state)
{
	struct sim_party_info p[2];
	char call_id[64];
	int q, f;

	(void)state;
	assert_int_equal(sim_inbound_call(sim, "13800000000", "4000", NULL, 0,
					  call_id, sizeof(call_id)), 0);
	h_pump(20);
	assert_int_equal(core_skill_waiting(core, "示例", &q, &f), ArSuccess);
	assert_int_equal(q, 1);
	/* not in a bridge yet: Sim.Parties knows no such bridge */
	assert_int_equal(sim_parties(sim, call_id, p, 2), -ENOENT);
	assert_int_equal(sim_party_hangup(sim, call_id), 0);
	h_pump(20);
	core_skill_waiting(core, "示例", &q, &f);
	assert_int_equal(q, 0);
	assert_int_equal(sim_leg_count(sim), 0);
}

static void outbound_on_sim(void **state)
{
	struct signin_req r = {.AgentID = "2002", .PassWord = "2002123",
			       .DN = "1889", .AutoAnswer = true,
			       .ForceSignIn = true, .ServiceList = "示例"};
	struct agent *a;

	(void)state;
	assert_int_equal(core_signin(core, &owner, &r, &a), ArSuccess);
	assert_int_equal(sim_set_number(sim, "13900000000", "answer:10"), 0);
	assert_int_equal(core_make_call(core, a, "13900000000", "", "", 0, 1),
			 ArSuccess);
	h_pump(100);
	assert_int_equal(agent_status(a), AsConnectedState);
	assert_int_equal(sim_party_hangup(sim, "13900000000"), 0);
	h_pump(20);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(sim_leg_count(sim), 0);

	assert_int_equal(sim_set_number(sim, "13900000001", "busy"), 0);
	assert_int_equal(core_make_call(core, a, "13900000001", "", "", 0, 1),
			 ArSuccess);
	h_pump(50);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(evs[nevs - 1].reason, CerCallDestBusy);
	assert_int_equal(sim_leg_count(sim), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(inbound_auto_answer_media,
						setup, teardown),
		cmocka_unit_test_setup_teardown(queued_customer_hears_music,
						setup, teardown),
		cmocka_unit_test_setup_teardown(outbound_on_sim, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
