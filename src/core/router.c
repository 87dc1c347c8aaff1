/*
 * router.c — the ACD decision: which waiting call goes to which Ready agent.
 *
 * The router runs as one deferred pass on the main loop (router_schedule),
 * never inside the event that triggered it, so a state change can never
 * re-enter the call model half-way. A pass repeats "take the best waiting
 * request that has an eligible agent, offer it" until nothing more fits.
 *
 * Order of waiting calls: higher skill priority first, then the longest
 * waiting (a request put back at the head of its queue after a ring timeout
 * keeps its original start time, so it stays first).
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

enum { MAX_OFFER = 16 };

static bool eligible(const struct agent *a, const struct rskill *sk)
{
	return a->status == AsReadyState && !a->call && !a->lost &&
	       agent_has_skill(a, sk->cfg.name, NULL);
}

static int level_of(const struct agent *a, const struct rskill *sk)
{
	int level = 0;

	agent_has_skill(a, sk->cfg.name, &level);
	return level;
}

/* Is a a better choice than best under the skill's strategy? Ties go to
 * the agent idle the longest. */
static bool better(const struct agent *a, const struct agent *best,
		   const struct rskill *sk)
{
	if (!best)
		return true;
	switch (sk->cfg.strategy) {
	case STRATEGY_LEVEL_LONGEST_IDLE:
	case STRATEGY_RING_ALL:
		if (level_of(a, sk) != level_of(best, sk))
			return level_of(a, sk) > level_of(best, sk);
		break;
	case STRATEGY_FEWEST_CALLS:
		if (a->answer_times != best->answer_times)
			return a->answer_times < best->answer_times;
		break;
	case STRATEGY_LEAST_TALK_TIME:
		if (a->totals.answer != best->totals.answer)
			return a->totals.answer < best->totals.answer;
		break;
	default:
		break;
	}
	return a->idle_since < best->idle_since;
}

/* Picks agents for a request of sk; returns how many (0 = none free). */
static size_t pick(struct core *core, struct rskill *sk,
		   struct agent **out)
{
	struct agent *cand[MAX_OFFER * 4], *best = NULL;
	size_t n = 0, i;
	struct le *le;

	LIST_FOREACH(&core->agents, le) {
		struct agent *a = le->data;

		if (eligible(a, sk) && n < ARRAY_SIZE(cand))
			cand[n++] = a;
	}
	if (!n)
		return 0;

	switch (sk->cfg.strategy) {
	case STRATEGY_RANDOM:
		out[0] = cand[rand_u32() % n];
		return 1;

	case STRATEGY_ROUND_ROBIN:
		/* The first candidate at or after the cursor, in sign-in
		 * order; the cursor then moves past it. */
		best = cand[0];
		for (i = 0; i < n; i++) {
			if (cand[i]->rr_seq >= sk->rr_next) {
				best = cand[i];
				break;
			}
		}
		sk->rr_next = best->rr_seq + 1;
		out[0] = best;
		return 1;

	case STRATEGY_RING_ALL:
		if (n > MAX_OFFER)
			n = MAX_OFFER;
		for (i = 0; i < n; i++)
			out[i] = cand[i];
		return n;

	default:
		for (i = 0; i < n; i++)
			if (better(cand[i], best, sk))
				best = cand[i];
		out[0] = best;
		return 1;
	}
}

/* The waiting request to serve next among skills with a free agent. */
static struct request *next_request(struct core *core)
{
	struct request *best = NULL;
	struct le *le;

	LIST_FOREACH(&core->skills, le) {
		struct rskill *sk = le->data;
		struct request *head = list_ledata(list_head(&sk->queue));

		if (!head || !skill_ready_count(core, sk))
			continue;
		if (!best || sk->cfg.priority > best->skill->cfg.priority ||
		    (sk->cfg.priority == best->skill->cfg.priority &&
		     head->start < best->start))
			best = head;
	}
	return best;
}

/* Private queues first: a Ready agent gets the oldest call waiting for
 * it before any skill call. */
static void route_private(struct core *core)
{
	struct le *le = list_head(&core->privq);

	while (le) {
		struct request *req = le->data;
		struct agent *a = core_agent_by_id(core, req->agent);

		le = le->next;
		if (!a || a->status != AsReadyState || a->call || a->lost)
			continue;
		if (call_offer(req->call, &a, 1)) {
			/* requeued; retry on the next change, not now */
			log_warn("router: offer of %s to %s failed",
				 req->call->id, a->id);
			return;
		}
		/* the list changed under us: start over */
		le = list_head(&core->privq);
	}
}

void router_pass(void *arg)
{
	struct core *core = arg;
	struct request *req;
	unsigned guard = 0;

	route_private(core);

	while ((req = next_request(core)) && guard++ < 10000) {
		struct agent *agents[MAX_OFFER];
		struct rskill *sk = req->skill;
		size_t n = pick(core, sk, agents);

		if (!n)
			break;
		if (call_offer(req->call, agents, n)) {
			/* The offer could not even start (switch refused):
			 * leave the request queued and retry on the next
			 * change rather than spin. */
			log_warn("router: offer of %s failed",
				 req->call->id);
			break;
		}
	}
}
