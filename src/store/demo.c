/*
 * demo.c — the demo directory of ARCHITECTURE.md ("The daemon's command
 * line and the demo directory"): what `make run` starts with and what tests
 * may use. Loaded in one transaction, so a failure leaves the database as
 * it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "store_db.h"

enum {
	DEMO_AGENT_FIRST = 2001,
	DEMO_AGENT_LAST = 2020,
	DEMO_MONITOR = 2001,
	DEMO_LEVEL = 1,
	DEMO_RING_TIMEOUT = 20,
	DEMO_PHONE_FIRST = 1880,
	DEMO_PHONE_LAST = 1899,
};

static const char *const demo_skills[] = {"示例", "投诉", "咨询"};

static const struct dir_route demo_routes[] = {
	{"4000", ROUTE_SKILL, "示例"},
	{"4001", ROUTE_SKILL, "投诉"},
	{"4002", ROUTE_SKILL, "咨询"},
	{"4100", ROUTE_IVR, "4100"},   /* the satisfaction survey */
};

static const char *const demo_rest_reasons[] = {"午饭", "培训", "小休"};

static const char DEMO_PHONE_PASSWORD[] = "1234";
static const char DEMO_ADMIN[] = "admin";
static const char DEMO_ADMIN_PASSWORD[] = "admin";

static int load_skills(struct store *st)
{
	for (size_t i = 0; i < sizeof(demo_skills) / sizeof(*demo_skills);
	     i++) {
		struct dir_skill s = {
			.strategy = STRATEGY_LEVEL_LONGEST_IDLE,
			.ring_timeout = DEMO_RING_TIMEOUT,
		};
		int err;

		snprintf(s.name, sizeof(s.name), "%s", demo_skills[i]);
		err = store_skill_put(st, &s, false);
		if (err)
			return err;
	}
	return 0;
}

/* Password "<id>123", as in the manual's example 2002 / 2002123. */
static void demo_password(char *buf, size_t size, int id)
{
	snprintf(buf, size, "%d123", id);
}

static int load_agent(struct store *st, int id)
{
	struct dir_agent a = {
		.role = id == DEMO_MONITOR ? ROLE_MONITOR : ROLE_AGENT,
	};
	char password[16];
	int err;

	snprintf(a.id, sizeof(a.id), "%d", id);
	snprintf(a.name, sizeof(a.name), "Agent %d", id);
	demo_password(password, sizeof(password), id);
	err = store_agent_put(st, &a, password, false);
	for (size_t i = 0;
	     !err && i < sizeof(demo_skills) / sizeof(*demo_skills); i++) {
		struct dir_perm p = {.level = DEMO_LEVEL};

		snprintf(p.agent, sizeof(p.agent), "%s", a.id);
		snprintf(p.skill, sizeof(p.skill), "%s", demo_skills[i]);
		err = store_perm_put(st, &p);
		if (!err && id == DEMO_MONITOR)
			err = store_monskill_put(st, a.id, demo_skills[i]);
	}
	return err;
}

static int load_phones(struct store *st)
{
	for (int dn = DEMO_PHONE_FIRST; dn <= DEMO_PHONE_LAST; dn++) {
		struct dir_phone p;
		int err;

		snprintf(p.dn, sizeof(p.dn), "%d", dn);
		snprintf(p.sip_password, sizeof(p.sip_password), "%s",
			 DEMO_PHONE_PASSWORD);
		err = store_phone_put(st, &p, false);
		if (err)
			return err;
	}
	return 0;
}

/* 4100: a satisfaction survey — a prompt, one key from 1 to 5 kept as
 * call data "satisfaction" (and so in the CDR), thanks, goodbye. */
static const struct dir_ivr demo_survey = {
	"4100",
	"prompt:survey;collect:satisfaction:12345:10;prompt:thanks;hangup",
};

static int load(struct store *st)
{
	int err = load_skills(st);

	for (int id = DEMO_AGENT_FIRST; !err && id <= DEMO_AGENT_LAST; id++)
		err = load_agent(st, id);
	if (!err)
		err = load_phones(st);
	for (size_t i = 0;
	     !err && i < sizeof(demo_routes) / sizeof(*demo_routes); i++)
		err = store_route_put(st, &demo_routes[i], false);
	for (size_t i = 0; !err && i < sizeof(demo_rest_reasons) /
					   sizeof(*demo_rest_reasons); i++)
		err = store_rest_reason_add(st, demo_rest_reasons[i]);
	if (!err)
		err = store_ivr_put(st, &demo_survey, false);
	if (!err)
		err = store_admin_put(st, DEMO_ADMIN, DEMO_ADMIN_PASSWORD);
	return err;
}

int store_load_demo(struct store *st)
{
	int err;

	if (!st)
		return EINVAL;
	err = db_tx_begin(st);
	if (err)
		return err;
	return db_tx_end(st, load(st));
}

/* The two demo accounts with power over others: the admin and the
 * supervisor. Two argon2id verifications, not twenty-one: every start
 * pays for them (the other demo agents are not checked). */
bool store_demo_credentials(struct store *st)
{
	struct dir_agent a;
	char id[16], password[16];

	if (!st)
		return false;
	if (!store_admin_verify(st, DEMO_ADMIN, DEMO_ADMIN_PASSWORD))
		return true;
	snprintf(id, sizeof(id), "%d", DEMO_MONITOR);
	demo_password(password, sizeof(password), DEMO_MONITOR);
	return !store_agent_get(st, id, &a) &&
	       pwhash_verify(a.pwhash, password);
}
