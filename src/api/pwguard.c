/*
 * pwguard.c — passwords tried on a connection, held back by two counts
 * (lockout.c): per source address, for every password the API checks
 * (SignIn, Admin.Login, Admin.ChangePassword's old one: a sprayer trying
 * one password on many agent ids from one address is stopped here, the
 * per-id count cannot see it), and per admin user. While either is locked
 * the method answers ArTooManyAttempts without looking at the password,
 * so the answer says nothing about it.
 *
 * The address is the TCP peer's: behind a proxy that forwards /ws every
 * browser has the proxy's (docs/security.md).
 */
#include "api/api_int.h"
#include "log.h"

bool pwguard_locked(const struct session *s, const char *user)
{
	int64_t now = now_us();

	return lockout_active(s->api->address_fails, s->addr, now) ||
	       (user && lockout_active(s->api->admin_fails, user, now));
}

void pwguard_failed(struct session *s, const char *user)
{
	int64_t now = now_us();

	lockout_fail(s->api->address_fails, s->addr, now);
	if (user)
		lockout_fail(s->api->admin_fails, user, now);
}

/* The address keeps its count: a guesser who knows one password must not
 * clear the count of the others it tries. */
void pwguard_passed(struct session *s, const char *user)
{
	if (user)
		lockout_forget(s->api->admin_fails, user);
}
