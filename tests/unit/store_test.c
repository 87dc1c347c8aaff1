/*
 * store_test.c — the directory and CDR calls of store.h, run twice: on an
 * in-memory SQLite store and on a fresh database of a throw-away
 * PostgreSQL cluster (pg_harness): round trips, the errors each call
 * promises (ENOENT, EEXIST, EINVAL), permission cascades, the skills a
 * monitor supervises and whom that reaches, strategy names,
 * password hashing and the switch nodes' shared SIP registrations — the
 * same answers from both backends.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <re.h>
#include "store/store.h"
#include "pg_harness.h"

/* libsodium's minimum argon2id costs, so hashing takes no time in tests */
static const struct pwhash_params weak = {1, 8192};

/* Which backend the group runs on. */
static bool on_pg;

static int setup(void **state)
{
	struct store *st = NULL;
	char url[256];

	if (on_pg && pg_harness_newdb(url, sizeof(url)))
		return -1;
	if (store_open(&st, on_pg ? url : ":memory:", &weak))
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	mem_deref(*state);
	return 0;
}

static struct dir_agent agent(const char *id, const char *name,
			      enum agent_role role)
{
	struct dir_agent a;

	memset(&a, 0, sizeof(a));
	str_ncpy(a.id, id, sizeof(a.id));
	str_ncpy(a.name, name, sizeof(a.name));
	a.role = role;
	return a;
}

static struct dir_skill skill(const char *name)
{
	struct dir_skill s;

	memset(&s, 0, sizeof(s));
	snprintf(s.name, sizeof(s.name), "%s", name);
	s.strategy = STRATEGY_LEVEL_LONGEST_IDLE;
	s.ring_timeout = 20;
	return s;
}

static struct dir_perm perm(const char *a, const char *s, int level)
{
	struct dir_perm p;

	memset(&p, 0, sizeof(p));
	snprintf(p.agent, sizeof(p.agent), "%s", a);
	snprintf(p.skill, sizeof(p.skill), "%s", s);
	p.level = level;
	return p;
}

static void assert_skill_equal(const struct dir_skill *a,
			       const struct dir_skill *b)
{
	assert_string_equal(a->name, b->name);
	assert_int_equal(a->strategy, b->strategy);
	assert_int_equal(a->ring_timeout, b->ring_timeout);
	assert_int_equal(a->max_wait, b->max_wait);
	assert_int_equal(a->max_wait_noagent, b->max_wait_noagent);
	assert_string_equal(a->overflow, b->overflow);
	assert_int_equal(a->wrapup, b->wrapup);
	assert_int_equal(a->record, b->record);
	assert_int_equal(a->priority, b->priority);
}

/* What a list call delivered, in order. */
struct seen {
	int n;
	char key[64][STORE_NAME_SIZE * 2];
};

static void seen_add(struct seen *s, const char *a, const char *b)
{
	assert_true(s->n < 64);
	snprintf(s->key[s->n++], sizeof(s->key[0]), "%s%s%s", a,
		 b ? "/" : "", b ? b : "");
}

static void agent_seen(const struct dir_agent *a, void *arg)
{
	seen_add(arg, a->id, NULL);
}

static void skill_seen(const struct dir_skill *s, void *arg)
{
	seen_add(arg, s->name, NULL);
}

static void perm_seen(const struct dir_perm *p, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 64);
	snprintf(s->key[s->n++], sizeof(s->key[0]), "%s/%s=%d", p->agent,
		 p->skill, p->level);
}

static void phone_seen(const struct dir_phone *p, void *arg)
{
	seen_add(arg, p->dn, p->sip_password);
}

static void route_seen(const struct dir_route *r, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 64);
	snprintf(s->key[s->n++], sizeof(s->key[0]), "%s/%d:%s", r->access,
		 (int)r->kind, r->target);
}

static void test_strategy_names(void **state)
{
	static const char *const names[STRATEGY_COUNT] = {
		"level-longest-idle", "round-robin", "fewest-calls",
		"least-talk-time", "random", "ring-all"};

	(void)state;
	assert_int_equal(STRATEGY_LEVEL_LONGEST_IDLE, 0);
	for (int s = 0; s < STRATEGY_COUNT; s++) {
		assert_string_equal(strategy_name(s), names[s]);
		assert_int_equal(strategy_parse(names[s]), s);
	}
	assert_int_equal(strategy_parse("Round-Robin"), -1);
	assert_int_equal(strategy_parse(""), -1);
	assert_int_equal(strategy_parse(NULL), -1);
	assert_int_equal(strategy_parse("unknown"), -1);
	assert_string_equal(strategy_name(STRATEGY_COUNT), "unknown");
	assert_string_equal(strategy_name((enum skill_strategy)-1), "unknown");
}

static void test_pwhash(void **state)
{
	char h1[STORE_HASH_SIZE], h2[STORE_HASH_SIZE];
	struct pwhash_params bad = {0, 8192};

	(void)state;
	assert_int_equal(pwhash_make(&weak, "s3cret", h1), 0);
	assert_int_equal(pwhash_make(&weak, "s3cret", h2), 0);
	assert_true(!strncmp(h1, "$argon2id$", 10));
	assert_null(strstr(h1, "s3cret"));
	assert_string_not_equal(h1, h2);        /* salted */
	assert_true(pwhash_verify(h1, "s3cret"));
	assert_true(pwhash_verify(h2, "s3cret"));
	assert_false(pwhash_verify(h1, "s3cret "));
	assert_false(pwhash_verify(h1, ""));
	assert_false(pwhash_verify(h1, NULL));
	assert_false(pwhash_verify(NULL, "s3cret"));
	assert_false(pwhash_verify("", "s3cret"));
	assert_false(pwhash_verify("s3cret", "s3cret"));  /* not a hash */

	assert_int_equal(pwhash_make(&weak, "", h1), EINVAL);
	assert_int_equal(pwhash_make(&weak, NULL, h1), EINVAL);
	assert_int_equal(pwhash_make(NULL, "x", h1), EINVAL);
	assert_int_equal(pwhash_make(&bad, "x", h1), EINVAL);
	bad.opslimit = 1;
	bad.memlimit = 1024;
	assert_int_equal(pwhash_make(&bad, "x", h1), EINVAL);

	/* the daemon's strength: one hash (about 0.1 s), costs recorded in
	 * the string so verify needs no parameters */
	assert_true(PWHASH_INTERACTIVE.opslimit >= 2);
	assert_true(PWHASH_INTERACTIVE.memlimit >= 64u * 1024 * 1024);
	assert_int_equal(pwhash_make(&PWHASH_INTERACTIVE, "s3cret", h1), 0);
	assert_non_null(strstr(h1, "$m=65536,t=2,"));
	assert_true(pwhash_verify(h1, "s3cret"));
	assert_false(pwhash_verify(h1, "s3creT"));
}

static void test_open_errors(void **state)
{
	struct store *st = NULL;
	struct pwhash_params bad = {0, 0};

	(void)state;
	assert_int_equal(store_open(NULL, ":memory:", &weak), EINVAL);
	assert_int_equal(store_open(&st, NULL, &weak), EINVAL);
	assert_int_equal(store_open(&st, "", &weak), EINVAL);
	assert_int_equal(store_open(&st, ":memory:", NULL), EINVAL);
	assert_int_equal(store_open(&st, ":memory:", &bad), EINVAL);
	assert_int_equal(store_open(&st, "/nonexistent-dir/x/db.sqlite",
				    &weak), EIO);
	assert_null(st);
}

static void test_is_empty(void **state)
{
	struct store *st = *state;
	struct dir_skill s = skill("s");

	assert_true(store_is_empty(st));
	assert_int_equal(store_skill_put(st, &s, false), 0);
	assert_false(store_is_empty(st));
	assert_int_equal(store_skill_del(st, "s"), 0);
	assert_true(store_is_empty(st));
	assert_int_equal(store_admin_put(st, "root", "pw"), 0);
	assert_false(store_is_empty(st));
	assert_false(store_is_empty(NULL));
}

static void test_agent_crud(void **state)
{
	struct store *st = *state;
	struct dir_agent a = agent("2002", "Agent 2002", ROLE_AGENT), got;
	struct seen seen = {0};
	char hash[STORE_HASH_SIZE];

	assert_int_equal(store_agent_get(st, "2002", &got), ENOENT);
	assert_int_equal(store_agent_put(st, &a, "2002123", false), 0);
	assert_int_equal(store_agent_put(st, &a, "x", false), EEXIST);
	assert_int_equal(store_agent_get(st, "2002", &got), 0);
	assert_string_equal(got.id, "2002");
	assert_string_equal(got.name, "Agent 2002");
	assert_int_equal(got.role, ROLE_AGENT);
	assert_true(!strncmp(got.pwhash, "$argon2id$", 10));
	assert_true(pwhash_verify(got.pwhash, "2002123"));
	assert_false(pwhash_verify(got.pwhash, "2002124"));
	strcpy(hash, got.pwhash);

	/* replace without a password keeps the stored hash */
	a = agent("2002", "王小明", ROLE_MONITOR);
	assert_int_equal(store_agent_put(st, &a, NULL, true), 0);
	assert_int_equal(store_agent_get(st, "2002", &got), 0);
	assert_string_equal(got.name, "王小明");
	assert_int_equal(got.role, ROLE_MONITOR);
	assert_string_equal(got.pwhash, hash);

	/* replace with a password sets a new one */
	assert_int_equal(store_agent_put(st, &a, "new", true), 0);
	assert_int_equal(store_agent_get(st, "2002", &got), 0);
	assert_true(pwhash_verify(got.pwhash, "new"));
	assert_false(pwhash_verify(got.pwhash, "2002123"));

	/* a hash carried over from get is stored as is */
	got.role = ROLE_AGENT;
	snprintf(got.id, sizeof(got.id), "2003");
	assert_int_equal(store_agent_put(st, &got, NULL, false), 0);
	assert_int_equal(store_agent_get(st, "2003", &a), 0);
	assert_true(pwhash_verify(a.pwhash, "new"));

	/* replace of a missing id inserts; no password yet is allowed */
	a = agent("2001", "Agent 2001", ROLE_AGENT);
	assert_int_equal(store_agent_put(st, &a, NULL, true), 0);
	assert_int_equal(store_agent_get(st, "2001", &got), 0);
	assert_string_equal(got.pwhash, "");

	assert_int_equal(store_agent_list(st, agent_seen, &seen), 0);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.key[0], "2001");
	assert_string_equal(seen.key[1], "2002");
	assert_string_equal(seen.key[2], "2003");

	assert_int_equal(store_agent_del(st, "2002"), 0);
	assert_int_equal(store_agent_del(st, "2002"), ENOENT);
	assert_int_equal(store_agent_get(st, "2002", &got), ENOENT);
}

static void test_agent_invalid(void **state)
{
	struct store *st = *state;
	struct dir_agent a = agent("2002", "Agent", ROLE_AGENT), got;
	char long_id[STORE_ID_SIZE + 1];

	a.id[0] = '\0';
	assert_int_equal(store_agent_put(st, &a, "pw", false), EINVAL);
	a = agent("2002", "", ROLE_AGENT);
	assert_int_equal(store_agent_put(st, &a, "pw", false), EINVAL);
	a = agent("2002", "Agent", ROLE_AGENT);
	memset(a.id, 'x', sizeof(a.id));          /* no room for the NUL */
	assert_int_equal(store_agent_put(st, &a, "pw", false), EINVAL);
	a = agent("2002", "Agent", ROLE_AGENT);
	memset(a.name, 'x', sizeof(a.name));
	assert_int_equal(store_agent_put(st, &a, "pw", false), EINVAL);
	a = agent("2002", "Agent", (enum agent_role)2);
	assert_int_equal(store_agent_put(st, &a, "pw", false), EINVAL);
	a = agent("2002", "Agent", (enum agent_role)-1);
	assert_int_equal(store_agent_put(st, &a, "pw", false), EINVAL);
	a = agent("2002", "Agent", ROLE_AGENT);
	assert_int_equal(store_agent_put(st, &a, "", false), EINVAL);
	/* a clear password in the hash field is refused */
	snprintf(a.pwhash, sizeof(a.pwhash), "2002123");
	assert_int_equal(store_agent_put(st, &a, NULL, false), EINVAL);
	memset(a.pwhash, 'x', sizeof(a.pwhash));
	assert_int_equal(store_agent_put(st, &a, NULL, false), EINVAL);
	assert_int_equal(store_agent_put(st, NULL, "pw", false), EINVAL);
	assert_int_equal(store_agent_put(NULL, &a, "pw", false), EINVAL);

	memset(long_id, '1', STORE_ID_SIZE);
	long_id[STORE_ID_SIZE] = '\0';
	assert_int_equal(store_agent_get(st, long_id, &got), EINVAL);
	assert_int_equal(store_agent_get(st, "", &got), EINVAL);
	assert_int_equal(store_agent_get(st, NULL, &got), EINVAL);
	assert_int_equal(store_agent_get(st, "2002", NULL), EINVAL);
	assert_int_equal(store_agent_del(st, long_id), EINVAL);
	assert_int_equal(store_agent_del(st, ""), EINVAL);
	assert_int_equal(store_agent_list(st, NULL, NULL), EINVAL);

	/* the longest id that fits is fine */
	long_id[STORE_ID_SIZE - 1] = '\0';
	a = agent(long_id, "Agent", ROLE_AGENT);
	assert_int_equal(store_agent_put(st, &a, "pw", false), 0);
	assert_int_equal(store_agent_get(st, long_id, &got), 0);
	assert_string_equal(got.id, long_id);
}

static void test_skill_crud(void **state)
{
	struct store *st = *state;
	struct dir_skill s = skill("示例"), got;
	struct seen seen = {0};

	s.strategy = STRATEGY_RING_ALL;
	s.ring_timeout = 15;
	s.max_wait = 120;
	s.max_wait_noagent = 30;
	snprintf(s.overflow, sizeof(s.overflow), "skill:投诉");
	s.wrapup = 5;
	s.record = true;
	s.priority = -3;

	assert_int_equal(store_skill_get(st, "示例", &got), ENOENT);
	assert_int_equal(store_skill_put(st, &s, false), 0);
	assert_int_equal(store_skill_put(st, &s, false), EEXIST);
	assert_int_equal(store_skill_get(st, "示例", &got), 0);
	assert_skill_equal(&got, &s);

	s.strategy = STRATEGY_FEWEST_CALLS;
	s.record = false;
	snprintf(s.overflow, sizeof(s.overflow), "hangup");
	assert_int_equal(store_skill_put(st, &s, true), 0);
	assert_int_equal(store_skill_get(st, "示例", &got), 0);
	assert_int_equal(got.strategy, STRATEGY_FEWEST_CALLS);
	assert_false(got.record);
	assert_string_equal(got.overflow, "hangup");

	s = skill("b");
	snprintf(s.overflow, sizeof(s.overflow), "ivr:4100");
	assert_int_equal(store_skill_put(st, &s, true), 0);
	s = skill("a");
	assert_int_equal(store_skill_put(st, &s, false), 0);
	assert_int_equal(store_skill_list(st, skill_seen, &seen), 0);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.key[0], "a");
	assert_string_equal(seen.key[1], "b");
	assert_string_equal(seen.key[2], "示例");

	assert_int_equal(store_skill_del(st, "示例"), 0);
	assert_int_equal(store_skill_del(st, "示例"), ENOENT);
	assert_int_equal(store_skill_get(st, "示例", &got), ENOENT);
}

static void test_skill_invalid(void **state)
{
	struct store *st = *state;
	struct dir_skill s;
	static const char *const bad_overflow[] = {
		"skill:", "ivr:", "hang", "queue:x", " hangup"};

	s = skill("");
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	s = skill("s");
	memset(s.name, 'x', sizeof(s.name));
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	s = skill("s");
	s.strategy = STRATEGY_COUNT;
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	s.strategy = (enum skill_strategy)-1;
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	s = skill("s");
	s.ring_timeout = -1;
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	s = skill("s");
	s.max_wait = -1;
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	s = skill("s");
	s.max_wait_noagent = -1;
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	s = skill("s");
	s.wrapup = -1;
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	s = skill("s");
	memset(s.overflow, 'x', sizeof(s.overflow));
	assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	for (size_t i = 0; i < sizeof(bad_overflow) / sizeof(*bad_overflow);
	     i++) {
		s = skill("s");
		snprintf(s.overflow, sizeof(s.overflow), "%s",
			 bad_overflow[i]);
		assert_int_equal(store_skill_put(st, &s, false), EINVAL);
	}
	assert_int_equal(store_skill_get(st, "s", &s), ENOENT);
	assert_int_equal(store_skill_get(st, "", &s), EINVAL);
	assert_int_equal(store_skill_del(st, ""), EINVAL);
	assert_int_equal(store_skill_list(st, NULL, NULL), EINVAL);
}

static void test_perm_crud(void **state)
{
	struct store *st = *state;
	struct dir_agent a1 = agent("2001", "A", ROLE_AGENT);
	struct dir_agent a2 = agent("2002", "B", ROLE_AGENT);
	struct dir_skill s1 = skill("示例"), s2 = skill("投诉");
	struct dir_perm p = perm("2001", "示例", 3), got;
	struct seen seen = {0};

	assert_int_equal(store_perm_put(st, &p), ENOENT);  /* no agent */
	assert_int_equal(store_agent_put(st, &a1, "pw", false), 0);
	assert_int_equal(store_perm_put(st, &p), ENOENT);  /* no skill */
	assert_int_equal(store_agent_put(st, &a2, "pw", false), 0);
	assert_int_equal(store_skill_put(st, &s1, false), 0);
	assert_int_equal(store_skill_put(st, &s2, false), 0);

	assert_int_equal(store_perm_get(st, "2001", "示例", &got), ENOENT);
	assert_int_equal(store_perm_put(st, &p), 0);
	assert_int_equal(store_perm_get(st, "2001", "示例", &got), 0);
	assert_string_equal(got.agent, "2001");
	assert_string_equal(got.skill, "示例");
	assert_int_equal(got.level, 3);
	p.level = 0;                           /* put again updates */
	assert_int_equal(store_perm_put(st, &p), 0);
	assert_int_equal(store_perm_get(st, "2001", "示例", &got), 0);
	assert_int_equal(got.level, 0);

	p = perm("2001", "投诉", 2);
	assert_int_equal(store_perm_put(st, &p), 0);
	p = perm("2002", "示例", 1);
	assert_int_equal(store_perm_put(st, &p), 0);

	assert_int_equal(store_perm_list(st, NULL, perm_seen, &seen), 0);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.key[0], "2001/投诉=2");
	assert_string_equal(seen.key[1], "2001/示例=0");
	assert_string_equal(seen.key[2], "2002/示例=1");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_perm_list(st, "2002", perm_seen, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.key[0], "2002/示例=1");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_perm_list(st, "9999", perm_seen, &seen), 0);
	assert_int_equal(seen.n, 0);

	assert_int_equal(store_perm_del(st, "2001", "投诉"), 0);
	assert_int_equal(store_perm_del(st, "2001", "投诉"), ENOENT);
	assert_int_equal(store_perm_get(st, "2001", "投诉", &got), ENOENT);

	p = perm("2001", "示例", -1);
	assert_int_equal(store_perm_put(st, &p), EINVAL);
	p = perm("", "示例", 1);
	assert_int_equal(store_perm_put(st, &p), EINVAL);
	p = perm("2001", "", 1);
	assert_int_equal(store_perm_put(st, &p), EINVAL);
	p = perm("2001", "示例", 1);
	memset(p.skill, 'x', sizeof(p.skill));
	assert_int_equal(store_perm_put(st, &p), EINVAL);
	assert_int_equal(store_perm_get(st, "", "示例", &got), EINVAL);
	assert_int_equal(store_perm_del(st, "2001", ""), EINVAL);
	assert_int_equal(store_perm_list(st, "", perm_seen, &seen), EINVAL);
	assert_int_equal(store_perm_list(st, NULL, NULL, NULL), EINVAL);
}

static int perm_count(struct store *st, const char *agent)
{
	struct seen seen = {0};

	assert_int_equal(store_perm_list(st, agent, perm_seen, &seen), 0);
	return seen.n;
}

static void test_perm_cascade(void **state)
{
	struct store *st = *state;
	struct dir_agent a1 = agent("2001", "A", ROLE_AGENT);
	struct dir_agent a2 = agent("2002", "B", ROLE_AGENT);
	struct dir_skill s1 = skill("示例"), s2 = skill("投诉");
	struct dir_perm p;

	assert_int_equal(store_agent_put(st, &a1, "pw", false), 0);
	assert_int_equal(store_agent_put(st, &a2, "pw", false), 0);
	assert_int_equal(store_skill_put(st, &s1, false), 0);
	assert_int_equal(store_skill_put(st, &s2, false), 0);
	p = perm("2001", "示例", 1);
	assert_int_equal(store_perm_put(st, &p), 0);
	p = perm("2001", "投诉", 1);
	assert_int_equal(store_perm_put(st, &p), 0);
	p = perm("2002", "示例", 1);
	assert_int_equal(store_perm_put(st, &p), 0);
	p = perm("2002", "投诉", 1);
	assert_int_equal(store_perm_put(st, &p), 0);
	assert_int_equal(perm_count(st, NULL), 4);

	/* replacing an agent or a skill keeps their permissions */
	a1.role = ROLE_MONITOR;
	assert_int_equal(store_agent_put(st, &a1, NULL, true), 0);
	s1.priority = 5;
	assert_int_equal(store_skill_put(st, &s1, true), 0);
	assert_int_equal(perm_count(st, NULL), 4);

	assert_int_equal(store_skill_del(st, "投诉"), 0);
	assert_int_equal(perm_count(st, NULL), 2);
	assert_int_equal(perm_count(st, "2001"), 1);
	assert_int_equal(store_agent_del(st, "2001"), 0);
	assert_int_equal(perm_count(st, NULL), 1);
	assert_int_equal(perm_count(st, "2002"), 1);
	assert_int_equal(perm_count(st, "2001"), 0);
}

static void monskill_seen(const struct dir_monskill *m, void *arg)
{
	seen_add(arg, m->monitor, m->skill);
}

/* monitor_skills: rows, their errors, whom a monitor supervises (an
 * agent with a permission on one of its skills), the cascades. */
static void test_monitor_skills(void **state)
{
	struct store *st = *state;
	struct dir_agent m = agent("2001", "M", ROLE_MONITOR);
	struct dir_agent a = agent("2002", "A", ROLE_AGENT);
	struct dir_agent b = agent("2003", "B", ROLE_AGENT);
	struct dir_skill s1 = skill("示例"), s2 = skill("投诉");
	struct dir_perm pa = perm("2002", "示例", 1), pb = perm("2003", "投诉", 1);
	struct dir_monskill got;
	struct seen seen = {0};

	assert_int_equal(store_monskill_put(st, "2001", "示例"), ENOENT);
	assert_int_equal(store_agent_put(st, &m, "pw", false), 0);
	assert_int_equal(store_agent_put(st, &a, "pw", false), 0);
	assert_int_equal(store_agent_put(st, &b, "pw", false), 0);
	assert_int_equal(store_skill_put(st, &s1, false), 0);
	assert_int_equal(store_skill_put(st, &s2, false), 0);
	assert_int_equal(store_perm_put(st, &pa), 0);
	assert_int_equal(store_perm_put(st, &pb), 0);
	assert_int_equal(store_monskill_put(st, "2001", "没有"), ENOENT);

	assert_int_equal(store_supervises(st, "2001", "2002"), ENOENT);
	assert_int_equal(store_monskill_put(st, "2001", "示例"), 0);
	assert_int_equal(store_monskill_put(st, "2001", "示例"), 0);  /* again */
	assert_int_equal(store_monskill_get(st, "2001", "示例", &got), 0);
	assert_string_equal(got.monitor, "2001");
	assert_string_equal(got.skill, "示例");
	assert_int_equal(store_monskill_get(st, "2001", "投诉", &got), ENOENT);
	assert_int_equal(store_supervises(st, "2001", "2002"), 0);
	assert_int_equal(store_supervises(st, "2001", "2003"), ENOENT);
	assert_int_equal(store_supervises(st, "2001", "9999"), ENOENT);
	assert_int_equal(store_monskill_put(st, "2001", "投诉"), 0);
	assert_int_equal(store_supervises(st, "2001", "2003"), 0);
	assert_int_equal(store_monskill_list(st, NULL, monskill_seen, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.key[0], "2001/投诉");
	assert_string_equal(seen.key[1], "2001/示例");
	seen.n = 0;
	assert_int_equal(store_monskill_list(st, "2002", monskill_seen, &seen),
			 0);
	assert_int_equal(seen.n, 0);

	/* a permission, a skill, the monitor going take the reach along */
	assert_int_equal(store_perm_del(st, "2003", "投诉"), 0);
	assert_int_equal(store_supervises(st, "2001", "2003"), ENOENT);
	assert_int_equal(store_monskill_del(st, "2001", "示例"), 0);
	assert_int_equal(store_monskill_del(st, "2001", "示例"), ENOENT);
	assert_int_equal(store_supervises(st, "2001", "2002"), ENOENT);
	assert_int_equal(store_skill_del(st, "投诉"), 0);
	assert_int_equal(store_monskill_get(st, "2001", "投诉", &got), ENOENT);
	assert_int_equal(store_monskill_put(st, "2001", "示例"), 0);
	assert_int_equal(store_agent_del(st, "2001"), 0);
	seen.n = 0;
	assert_int_equal(store_monskill_list(st, NULL, monskill_seen, &seen), 0);
	assert_int_equal(seen.n, 0);

	/* keys the table cannot hold */
	assert_int_equal(store_monskill_put(st, "", "示例"), EINVAL);
	assert_int_equal(store_monskill_put(st, "2001", ""), EINVAL);
	assert_int_equal(store_monskill_get(st, "2001", "示例", NULL), EINVAL);
	assert_int_equal(store_monskill_del(st, "", "示例"), EINVAL);
	assert_int_equal(store_monskill_list(st, "", monskill_seen, &seen),
			 EINVAL);
	assert_int_equal(store_monskill_list(st, NULL, NULL, NULL), EINVAL);
	assert_int_equal(store_supervises(st, "2001", ""), EINVAL);
}

static void test_phone_crud(void **state)
{
	struct store *st = *state;
	struct dir_phone p, got;
	struct seen seen = {0};

	memset(&p, 0, sizeof(p));
	snprintf(p.dn, sizeof(p.dn), "1881");
	snprintf(p.sip_password, sizeof(p.sip_password), "1234");
	assert_int_equal(store_phone_get(st, "1881", &got), ENOENT);
	assert_int_equal(store_phone_put(st, &p, false), 0);
	assert_int_equal(store_phone_put(st, &p, false), EEXIST);
	assert_int_equal(store_phone_get(st, "1881", &got), 0);
	assert_string_equal(got.dn, "1881");
	assert_string_equal(got.sip_password, "1234");
	snprintf(p.sip_password, sizeof(p.sip_password), "密码");
	assert_int_equal(store_phone_put(st, &p, true), 0);
	snprintf(p.dn, sizeof(p.dn), "1880");
	assert_int_equal(store_phone_put(st, &p, true), 0);
	assert_int_equal(store_phone_list(st, phone_seen, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.key[0], "1880/密码");
	assert_string_equal(seen.key[1], "1881/密码");
	assert_int_equal(store_phone_del(st, "1881"), 0);
	assert_int_equal(store_phone_del(st, "1881"), ENOENT);

	p.dn[0] = '\0';
	assert_int_equal(store_phone_put(st, &p, false), EINVAL);
	snprintf(p.dn, sizeof(p.dn), "1882");
	memset(p.sip_password, 'x', sizeof(p.sip_password));
	assert_int_equal(store_phone_put(st, &p, false), EINVAL);
	memset(p.dn, '1', sizeof(p.dn));
	assert_int_equal(store_phone_put(st, &p, false), EINVAL);
	assert_int_equal(store_phone_get(st, "", &got), EINVAL);
	assert_int_equal(store_phone_del(st, NULL), EINVAL);
	assert_int_equal(store_phone_list(st, NULL, NULL), EINVAL);
}

static void test_route_crud(void **state)
{
	struct store *st = *state;
	struct dir_route r, got;
	struct seen seen = {0};

	memset(&r, 0, sizeof(r));
	snprintf(r.access, sizeof(r.access), "4000");
	r.kind = ROUTE_SKILL;
	snprintf(r.target, sizeof(r.target), "示例");
	assert_int_equal(store_route_get(st, "4000", &got), ENOENT);
	assert_int_equal(store_route_put(st, &r, false), 0);
	assert_int_equal(store_route_put(st, &r, false), EEXIST);
	assert_int_equal(store_route_get(st, "4000", &got), 0);
	assert_string_equal(got.access, "4000");
	assert_int_equal(got.kind, ROUTE_SKILL);
	assert_string_equal(got.target, "示例");

	r.kind = ROUTE_AGENT;
	snprintf(r.target, sizeof(r.target), "2002");
	assert_int_equal(store_route_put(st, &r, true), 0);
	snprintf(r.access, sizeof(r.access), "4100");
	r.kind = ROUTE_IVR;
	snprintf(r.target, sizeof(r.target), "4100");
	assert_int_equal(store_route_put(st, &r, false), 0);
	assert_int_equal(store_route_list(st, route_seen, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.key[0], "4000/2:2002");
	assert_string_equal(seen.key[1], "4100/1:4100");
	assert_int_equal(store_route_del(st, "4000"), 0);
	assert_int_equal(store_route_del(st, "4000"), ENOENT);

	r.kind = (enum route_kind)3;
	assert_int_equal(store_route_put(st, &r, true), EINVAL);
	r.kind = (enum route_kind)-1;
	assert_int_equal(store_route_put(st, &r, true), EINVAL);
	r.kind = ROUTE_IVR;
	r.target[0] = '\0';
	assert_int_equal(store_route_put(st, &r, true), EINVAL);
	snprintf(r.target, sizeof(r.target), "x");
	r.access[0] = '\0';
	assert_int_equal(store_route_put(st, &r, true), EINVAL);
	memset(r.access, '4', sizeof(r.access));
	assert_int_equal(store_route_put(st, &r, true), EINVAL);
	assert_int_equal(store_route_get(st, "", &got), EINVAL);
	assert_int_equal(store_route_del(st, ""), EINVAL);
	assert_int_equal(store_route_list(st, NULL, NULL), EINVAL);
}

static void test_rest_reasons(void **state)
{
	struct store *st = *state;
	char buf[64], small[7], long_reason[STORE_NAME_SIZE + 1];

	assert_int_equal(store_rest_reasons(st, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(store_rest_reason_add(st, "午饭"), 0);
	assert_int_equal(store_rest_reason_add(st, "培训"), 0);
	assert_int_equal(store_rest_reason_add(st, "小休"), 0);
	assert_int_equal(store_rest_reason_add(st, "培训"), EEXIST);
	assert_int_equal(store_rest_reasons(st, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "午饭;培训;小休");

	assert_int_equal(store_rest_reason_find(st, "培训"), 0);
	assert_int_equal(store_rest_reason_find(st, "开会"), ENOENT);
	assert_int_equal(store_rest_reason_find(st, ""), ENOENT);
	assert_int_equal(store_rest_reason_find(st, "a;b"), ENOENT);
	assert_int_equal(store_rest_reason_find(st, NULL), EINVAL);

	/* the order is that of adding, also after a delete */
	assert_int_equal(store_rest_reason_del(st, "午饭"), 0);
	assert_int_equal(store_rest_reason_del(st, "午饭"), ENOENT);
	assert_int_equal(store_rest_reason_add(st, "午饭"), 0);
	assert_int_equal(store_rest_reasons(st, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "培训;小休;午饭");

	/* "培训;小休;午饭" is 20 bytes + NUL */
	assert_int_equal(store_rest_reasons(st, buf, 20), ENOSPC);
	assert_int_equal(store_rest_reasons(st, buf, 21), 0);
	assert_string_equal(buf, "培训;小休;午饭");
	assert_int_equal(store_rest_reasons(st, small, sizeof(small)), ENOSPC);
	assert_int_equal(store_rest_reasons(st, buf, 0), EINVAL);
	assert_int_equal(store_rest_reasons(st, NULL, 10), EINVAL);

	assert_int_equal(store_rest_reason_add(st, "a;b"), EINVAL);
	assert_int_equal(store_rest_reason_add(st, ""), EINVAL);
	assert_int_equal(store_rest_reason_add(st, NULL), EINVAL);
	memset(long_reason, 'x', STORE_NAME_SIZE);
	long_reason[STORE_NAME_SIZE] = '\0';
	assert_int_equal(store_rest_reason_add(st, long_reason), EINVAL);
	assert_int_equal(store_rest_reason_del(st, ""), EINVAL);
}

static void test_admins(void **state)
{
	struct store *st = *state;

	assert_int_equal(store_admin_verify(st, "admin", "admin"), EACCES);
	assert_int_equal(store_admin_put(st, "admin", "admin"), 0);
	assert_int_equal(store_admin_verify(st, "admin", "admin"), 0);
	assert_int_equal(store_admin_verify(st, "admin", "Admin"), EACCES);
	assert_int_equal(store_admin_verify(st, "admin", ""), EACCES);
	assert_int_equal(store_admin_verify(st, "admin", NULL), EACCES);
	assert_int_equal(store_admin_verify(st, "root", "admin"), EACCES);
	assert_int_equal(store_admin_verify(st, "", "admin"), EACCES);
	assert_int_equal(store_admin_verify(st, NULL, "admin"), EACCES);

	/* putting again changes the password */
	assert_int_equal(store_admin_put(st, "admin", "n3w"), 0);
	assert_int_equal(store_admin_verify(st, "admin", "n3w"), 0);
	assert_int_equal(store_admin_verify(st, "admin", "admin"), EACCES);

	assert_int_equal(store_admin_put(st, "", "pw"), EINVAL);
	assert_int_equal(store_admin_put(st, NULL, "pw"), EINVAL);
	assert_int_equal(store_admin_put(st, "u", ""), EINVAL);
	assert_int_equal(store_admin_put(st, "u", NULL), EINVAL);
	assert_int_equal(store_admin_put(
		st, "0123456789012345678901234567890123", "pw"), EINVAL);
}

static struct cdr cdr_sample(const char *call_id, int64_t start_us)
{
	struct cdr c;

	memset(&c, 0, sizeof(c));
	snprintf(c.call_id, sizeof(c.call_id), "%s", call_id);
	c.contact_id = 9000000000LL;
	snprintf(c.agent, sizeof(c.agent), "2002");
	snprintf(c.dn, sizeof(c.dn), "1881");
	snprintf(c.ani, sizeof(c.ani), "13800000000");
	snprintf(c.dnis, sizeof(c.dnis), "4000");
	snprintf(c.direction, sizeof(c.direction), "inbound");
	snprintf(c.skill, sizeof(c.skill), "示例");
	c.queue_wait_ms = 1500;
	c.ring_ms = 3000;
	c.talk_ms = 61000;
	snprintf(c.end_reason, sizeof(c.end_reason),
		 "CerIdleNormalOtherHangup");
	snprintf(c.hangup_by, sizeof(c.hangup_by), "customer");
	c.start_us = start_us;
	c.answer_us = start_us + 4500000;
	c.end_us = start_us + 65500000;
	snprintf(c.call_data, sizeof(c.call_data),
		 "{\"订单\":\"A-1\",\"vip\":true}");
	return c;
}

static void assert_cdr_equal(const struct cdr *a, const struct cdr *b)
{
	assert_string_equal(a->call_id, b->call_id);
	assert_int_equal(a->contact_id, b->contact_id);
	assert_string_equal(a->agent, b->agent);
	assert_string_equal(a->dn, b->dn);
	assert_string_equal(a->ani, b->ani);
	assert_string_equal(a->dnis, b->dnis);
	assert_string_equal(a->direction, b->direction);
	assert_string_equal(a->skill, b->skill);
	assert_int_equal(a->queue_wait_ms, b->queue_wait_ms);
	assert_int_equal(a->ring_ms, b->ring_ms);
	assert_int_equal(a->talk_ms, b->talk_ms);
	assert_string_equal(a->end_reason, b->end_reason);
	assert_string_equal(a->hangup_by, b->hangup_by);
	assert_int_equal(a->start_us, b->start_us);
	assert_int_equal(a->answer_us, b->answer_us);
	assert_int_equal(a->end_us, b->end_us);
	assert_string_equal(a->call_data, b->call_data);
}

struct cdr_seen {
	int n;
	struct cdr c[8];
};

static void cdr_seen(const struct cdr *c, void *arg)
{
	struct cdr_seen *s = arg;

	assert_true(s->n < 8);
	s->c[s->n++] = *c;
}

static void test_cdr(void **state)
{
	struct store *st = *state;
	struct cdr c1 = cdr_sample("call-1", 1700000000000000LL);
	struct cdr c2 = cdr_sample("call-2", 1700000100000000LL);
	struct cdr c3 = cdr_sample("call-3", 1700000200000000LL);
	struct cdr_seen seen = {0};

	assert_int_equal(store_cdr_list(st, 0, cdr_seen, &seen), 0);
	assert_int_equal(seen.n, 0);

	/* the longest call data that fits */
	memset(c2.call_data, ' ', sizeof(c2.call_data) - 1);
	c2.call_data[0] = '{';
	c2.call_data[sizeof(c2.call_data) - 2] = '}';
	c2.call_data[sizeof(c2.call_data) - 1] = '\0';
	snprintf(c3.direction, sizeof(c3.direction), "outbound");
	snprintf(c3.hangup_by, sizeof(c3.hangup_by), "agent");
	c3.answer_us = 0;
	c3.call_data[0] = '\0';

	assert_int_equal(store_cdr_write(st, &c1), 0);
	assert_int_equal(store_cdr_write(st, &c2), 0);
	assert_int_equal(store_cdr_write(st, &c3), 0);
	/* the same call may have several legs */
	assert_int_equal(store_cdr_write(st, &c1), 0);

	assert_int_equal(store_cdr_list(st, -1, cdr_seen, &seen), 0);
	assert_int_equal(seen.n, 4);
	assert_cdr_equal(&seen.c[0], &c1);
	assert_cdr_equal(&seen.c[1], &c3);
	assert_cdr_equal(&seen.c[2], &c2);
	assert_cdr_equal(&seen.c[3], &c1);

	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_cdr_list(st, 2, cdr_seen, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.c[0].call_id, "call-1");
	assert_string_equal(seen.c[1].call_id, "call-3");
	assert_int_equal(store_cdr_list(st, 2, NULL, NULL), EINVAL);
}

static void test_cdr_invalid(void **state)
{
	struct store *st = *state;
	struct cdr c;
	struct cdr_seen seen = {0};

	c = cdr_sample("", 1);
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	c = cdr_sample("x", 1);
	snprintf(c.direction, sizeof(c.direction), "sideways");
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	c = cdr_sample("x", 1);
	snprintf(c.hangup_by, sizeof(c.hangup_by), "nobody");
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	c = cdr_sample("x", 1);
	c.talk_ms = -1;
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	c = cdr_sample("x", 1);
	c.queue_wait_ms = -1;
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	c = cdr_sample("x", 1);
	c.ring_ms = -5;
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	c = cdr_sample("x", -1);
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	c = cdr_sample("x", 1);
	memset(c.call_data, 'x', sizeof(c.call_data));
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	c = cdr_sample("x", 1);
	memset(c.end_reason, 'x', sizeof(c.end_reason));
	assert_int_equal(store_cdr_write(st, &c), EINVAL);
	assert_int_equal(store_cdr_write(st, NULL), EINVAL);

	c = cdr_sample("x", 1);
	c.hangup_by[0] = '\0';    /* nobody hung this leg up */
	assert_int_equal(store_cdr_write(st, &c), 0);
	assert_int_equal(store_cdr_list(st, 0, cdr_seen, &seen), 0);
	assert_int_equal(seen.n, 1);
}

static struct dir_sipreg sipreg(const char *dn, const char *contact,
			       const char *node, int64_t expires_s)
{
	struct dir_sipreg r;

	memset(&r, 0, sizeof(r));
	snprintf(r.dn, sizeof(r.dn), "%s", dn);
	snprintf(r.contact, sizeof(r.contact), "%s", contact);
	snprintf(r.route, sizeof(r.route), "sip:10.0.0.1:5060");
	snprintf(r.node, sizeof(r.node), "%s", node);
	r.expires_s = expires_s;
	return r;
}

/* The shared SIP registrations: the one lapsing last is found, lapsed
 * ones are not (and go with the next write), a binding that moved to
 * another node is not removed by the node it left. */
static void test_sipreg(void **state)
{
	struct store *st = *state;
	struct dir_sipreg r, got;

	r = sipreg("1881", "sip:1881@10.0.0.9:5062", "node-a", 1000);
	assert_int_equal(store_sipreg_find(st, "1881", 900, &got), ENOENT);
	assert_int_equal(store_sipreg_put(st, &r, 900), 0);
	r = sipreg("1881", "sip:1881@10.0.0.8:5062", "node-b", 1100);
	assert_int_equal(store_sipreg_put(st, &r, 900), 0);
	assert_int_equal(store_sipreg_find(st, "1881", 900, &got), 0);
	assert_string_equal(got.contact, "sip:1881@10.0.0.8:5062");
	assert_string_equal(got.route, "sip:10.0.0.1:5060");
	assert_string_equal(got.node, "node-b");
	assert_int_equal(got.expires_s, 1100);
	assert_int_equal(store_sipreg_find(st, "1881", 1100, &got), ENOENT);
	assert_int_equal(store_sipreg_find(st, "1882", 900, &got), ENOENT);

	/* the phone moved to node-a: node-b's removal leaves it */
	r = sipreg("1881", "sip:1881@10.0.0.8:5062", "node-a", 1200);
	assert_int_equal(store_sipreg_put(st, &r, 1050), 0);
	assert_int_equal(store_sipreg_del(st, "1881",
					  "sip:1881@10.0.0.8:5062", "node-b"),
			 ENOENT);
	assert_int_equal(store_sipreg_find(st, "1881", 1050, &got), 0);
	assert_string_equal(got.node, "node-a");
	assert_int_equal(store_sipreg_del(st, "1881",
					  "sip:1881@10.0.0.8:5062", "node-a"),
			 0);
	/* the first lapsed at 1000 and went with the write at 1050 */
	assert_int_equal(store_sipreg_del(st, "1881",
					  "sip:1881@10.0.0.9:5062", "node-a"),
			 ENOENT);

	r = sipreg("", "sip:x@10.0.0.8", "node-a", 1200);
	assert_int_equal(store_sipreg_put(st, &r, 0), EINVAL);
	r = sipreg("1881", "sip:x@10.0.0.8", "node-a", 0);
	assert_int_equal(store_sipreg_put(st, &r, 0), EINVAL);
	r = sipreg("1881", "sip:x@10.0.0.8", "", 1200);
	assert_int_equal(store_sipreg_put(st, &r, 0), EINVAL);
	r = sipreg("1881", "sip:x@10.0.0.8", "node-a", 1200);
	memset(r.route, 'x', sizeof(r.route));
	assert_int_equal(store_sipreg_put(st, &r, 0), EINVAL);
	assert_int_equal(store_sipreg_del(st, "1881", NULL, "node-a"),
			 EINVAL);
	assert_int_equal(store_sipreg_find(st, "", 0, &got), EINVAL);
}

/* A list handler may call back into the store, even with the same query. */
struct nested {
	struct store *st;
	int outer, inner;
};

static void count_inner(const struct dir_agent *a, void *arg)
{
	(void)a;
	((struct nested *)arg)->inner++;
}

static void list_again(const struct dir_agent *a, void *arg)
{
	struct nested *n = arg;
	struct dir_agent got;

	n->outer++;
	assert_int_equal(store_agent_get(n->st, a->id, &got), 0);
	assert_string_equal(got.name, a->name);
	assert_int_equal(store_agent_list(n->st, count_inner, n), 0);
}

static void test_nested_list(void **state)
{
	struct store *st = *state;
	struct nested n = {st, 0, 0};
	struct dir_agent a;

	for (int i = 0; i < 3; i++) {
		char id[8];

		snprintf(id, sizeof(id), "%d", 2001 + i);
		a = agent(id, "A", ROLE_AGENT);
		assert_int_equal(store_agent_put(st, &a, NULL, false), 0);
	}
	assert_int_equal(store_agent_list(st, list_again, &n), 0);
	assert_int_equal(n.outer, 3);
	assert_int_equal(n.inner, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strategy_names),
		cmocka_unit_test(test_pwhash),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test_setup_teardown(test_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agent_crud, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_agent_invalid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_skill_crud, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_skill_invalid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perm_crud, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perm_cascade, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_monitor_skills, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_phone_crud, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_route_crud, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rest_reasons, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_admins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cdr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cdr_invalid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested_list, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sipreg, setup, teardown),
	};

	int failed;

	failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
	if (!pg_harness_start())
		return failed + 1;
	on_pg = true;
	return failed +
	       cmocka_run_group_tests_name("postgresql", tests, NULL, NULL);
}
