/*
 * core_chaos_test.c — 20 agents, 200 customer calls and random operations
 * from every side (hold, consult, transfer, conference, single-step
 * transfer, IVR, supervisor listen/insert/break, outbound calls, hangups
 * by customers, agents and outside numbers at random moments) on the real
 * sim switch. Afterwards every agent must be settled (Ready or Busy), no
 * call, queue entry or switch leg may be left, and every CDR row must be
 * complete. Run under ASan by `make test`, it also checks memory safety of
 * every path it happens to take. The seed is printed so a failure can be
 * replayed (CHAOS_SEED=n).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core_harness.h"
#include "switch/sim/sim.h"

enum { AGENTS = 20, CALLS = 200, STEPS = 6000 };

static struct sw *sim;
static struct core *core;
static struct store *st;
static int owners[AGENTS];
static char call_ids[CALLS][64];
static int ncalls;

static int setup(void **state)
{
	struct core_config cfg;
	struct dir_skill sk;

	(void)state;
	if (h_sim_open(&sim, &st, &core))
		return -1;
	/* record one skill, ring-all on another: more paths */
	if (store_skill_get(st, "投诉", &sk))
		return -1;
	sk.record = true;
	sk.ring_timeout = 1;
	if (store_skill_put(st, &sk, true) || store_skill_get(st, "咨询", &sk))
		return -1;
	sk.strategy = STRATEGY_RING_ALL;
	if (store_skill_put(st, &sk, true))
		return -1;
	core_config_default(&cfg);
	cfg.phone_timeout = 1;
	cfg.outbound_timeout = 1;
	cfg.private_max_wait = 2;
	cfg.recordings_dir = "/tmp";
	return core_alloc(&core, &cfg, st, sim, NULL);
}

static int teardown(void **state)
{
	(void)state;
	h_sim_close(&sim, &st, &core);
	return 0;
}

static unsigned pick(unsigned n)
{
	return (unsigned)rand() % n;
}

static void agent_id_of(int i, char *buf, size_t size)
{
	snprintf(buf, size, "%d", 2001 + i);
}

static void random_agent_op(struct agent *a)
{
	char other[16], num[24];

	agent_id_of((int)pick(AGENTS), other, sizeof(other));
	snprintf(num, sizeof(num), "139%08u", pick(6));
	switch (agent_status(a)) {
	case AsReadyState:
	case AsBusyState:
	case AsRestState:
		switch (pick(6)) {
		case 0: core_set_busy(core, a); break;
		case 1: core_set_idle(core, a); break;
		case 2: core_make_call(core, a, num, "", "", (int)pick(2), 1);
			break;
		case 3: core_make_call(core, a, other, "", "", 0, 0); break;
		case 4: if (agent_role(a) == ROLE_MONITOR)
				pick(2) ? core_listen(core, a, other, "", "") :
					core_insert(core, a, other, "", "");
			break;
		default: core_set_rest(core, a, "小休"); break;
		}
		break;
	case AsAlertingState:
	case AsHalfAlertingState:
		pick(3) ? core_answer(core, a) : core_release_call(core, a);
		break;
	case AsConnectedState:
		switch (pick(10)) {
		case 0: core_hold(core, a); break;
		case 1: core_consult(core, a, other, "", "", 0); break;
		case 2: core_consult(core, a, num, "", "", 1); break;
		case 3: core_single_step_transfer(core, a, other, "", "",
						  (int)pick(2), 0);
			break;
		case 4: core_single_step_transfer(core, a, num, "", "", 0, 1);
			break;
		case 5: core_trans_ivr(core, a, NULL, "4100"); break;
		case 6: core_set_call_data(core, a, "k", "v"); break;
		case 7: core_send_dtmf(core, a, "12"); break;
		case 8: core_mute(core, a, pick(2)); break;
		default: core_release_call(core, a); break;
		}
		break;
	case AsSuspendedState:
		switch (pick(3)) {
		case 0: core_retrieve(core, a); break;
		case 1: core_consult(core, a, other, "", "", 0); break;
		default: core_release_call(core, a); break;
		}
		break;
	case AsConsultConnectingState:
		pick(2) ? core_reconnect(core, a) : core_release_call(core, a);
		break;
	case AsConsultConnectedState:
		switch (pick(4)) {
		case 0: core_transfer(core, a); break;
		case 1: core_conference(core, a); break;
		case 2: core_reconnect(core, a); break;
		default: core_release_call(core, a); break;
		}
		break;
	case AsMonitorState:
	case AsInsertState:
		switch (pick(4)) {
		case 0: core_switch_insert_listen(core, a, other); break;
		case 1: core_break(core, a, other); break;
		default: core_release_call(core, a); break;
		}
		break;
	default:
		if (!pick(4))
			core_release_call(core, a);
		break;
	}
}

static void random_step(void)
{
	char id[16], num[24];

	switch (pick(8)) {
	case 0:
		if (ncalls < CALLS) {
			static const char *const dnis[] = {"4000", "4001",
				"4002", "4100"};

			sim_inbound_call(sim, "13800000000",
					 dnis[pick(4)], NULL, 0,
					 call_ids[ncalls], sizeof(call_ids[0]));
			++ncalls;
		}
		break;
	case 1:
		if (ncalls)
			sim_party_hangup(sim, call_ids[pick((unsigned)ncalls)]);
		break;
	case 2:
		snprintf(num, sizeof(num), "139%08u", pick(6));
		pick(2) ? sim_party_answer(sim, num) :
			sim_party_hangup(sim, num);
		break;
	case 3:
		if (ncalls)
			sim_party_dtmf(sim, call_ids[pick((unsigned)ncalls)],
				       "4");
		break;
	default:
		agent_id_of((int)pick(AGENTS), id, sizeof(id));
		if (core_agent_by_id(core, id))
			random_agent_op(core_agent_by_id(core, id));
		break;
	}
}

static void check_cdr(const struct cdr *c, void *arg)
{
	++*(int *)arg;
	assert_true(c->call_id[0] != '\0');
	/* a row without agent is an inbound contact no agent answered */
	assert_true(c->agent[0] != '\0' ||
		    (!strcmp(c->direction, "inbound") && !c->answer_us &&
		     !c->dn[0] &&
		     (!strcmp(c->hangup_by, "customer") ||
		      !strcmp(c->hangup_by, "system"))));
	assert_true(c->end_us >= c->start_us);
	assert_true(c->end_reason[0] != '\0');
	assert_true(c->start_us > 0);
}

static void chaos(void **state)
{
	unsigned seed = getenv("CHAOS_SEED") ?
		(unsigned)atoi(getenv("CHAOS_SEED")) : (unsigned)time(NULL);
	struct sys_info si;
	int i, step, rows = 0;

	(void)state;
	fprintf(stderr, "chaos seed %u\n", seed);
	srand(seed);
	sim_set_number(sim, "13900000000", "answer:5");
	sim_set_number(sim, "13900000001", "busy");
	sim_set_number(sim, "13900000002", "noanswer");
	sim_set_number(sim, "13900000003", "invalid");
	sim_set_number(sim, "13900000004", "answer:50");
	for (i = 0; i < AGENTS; i++) {
		char id[16], pw[24], dn[16];
		struct signin_req r = {.AgentID = id, .PassWord = pw, .DN = dn,
				       .AutoAnswer = true, .ForceSignIn = true,
				       .ServiceList = "示例;投诉;咨询"};
		struct agent *a;

		agent_id_of(i, id, sizeof(id));
		snprintf(pw, sizeof(pw), "%s123", id);
		snprintf(dn, sizeof(dn), "%d", 1880 + i);
		assert_int_equal(core_signin(core, &owners[i], &r, &a),
				 ArSuccess);
	}
	for (step = 0; step < STEPS; step++) {
		random_step();
		if (step % 20 == 0)
			h_pump(1);
	}
	/* Wind down: customers and outside numbers hang up, agents reset,
	 * timers run out. */
	for (i = 0; i < ncalls; i++)
		sim_party_hangup(sim, call_ids[i]);
	for (i = 0; i < 6; i++) {
		char num[24];
		int guard = 0;

		snprintf(num, sizeof(num), "139%08d", i);
		while (sim_party_hangup(sim, num) != ENOENT && guard++ < 100)
			;
	}
	h_pump(20);
	for (i = 0; i < AGENTS; i++) {
		char id[16];

		agent_id_of(i, id, sizeof(id));
		assert_non_null(core_agent_by_id(core, id));
		core_reset(core, core_agent_by_id(core, id));
	}
	h_pump(3000);
	for (i = 0; i < AGENTS; i++) {
		char id[16];
		struct agent *a;

		agent_id_of(i, id, sizeof(id));
		a = core_agent_by_id(core, id);
		assert_non_null(a);
		if (agent_status(a) != AsReadyState &&
		    agent_status(a) != AsBusyState)
			fail_msg("agent %s left in %s (seed %u)", id,
				 ab_StatusName(agent_status(a)), seed);
	}
	core_sys_info(core, &si);
	if (si.totalCalls || si.queueCalls || si.privQueueCalls ||
	    si.ivrCalls)
		fail_msg("calls left: %d (seed %u)", si.totalCalls, seed);
	if (sim_leg_count(sim))
		fail_msg("%zu switch legs left (seed %u)", sim_leg_count(sim),
			 seed);
	store_cdr_list(st, 100000, check_cdr, &rows);
	printf("chaos: %d calls, %d CDR rows\n", ncalls, rows);
	assert_true(rows > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(chaos, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
