/*
 * m_admin_account.c — an admin's own account: Admin.Login and
 * Admin.ChangePassword. Both check a password through
 * admin_check_password(), so both are held back by the lock-outs
 * (pwguard.c) and the fixed delay of a wrong password. No password is
 * ever logged, right or wrong, old or new (docs/security.md).
 */
#include <errno.h>
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "log.h"

/* A new admin password shorter than this is refused (the demo's "admin"
 * is): an admin account can change the whole directory. */
enum { ADMIN_PASSWORD_MIN = 8 };

json_t *admin_check_password(struct rpc_call *c, const char *user,
			     const char *raw, const char *password,
			     const char *what)
{
	struct session *s = c->s;
	int err;

	if (pwguard_locked(s, user)) {
		log_warn("connection %s: %s as '%s' refused: locked out",
			 s->peer, what, user);
		return result_msg(ArTooManyAttempts, "too many wrong "
				  "passwords: try again later");
	}
	err = store_admin_verify(c->api->st, raw, password);
	if (err && err != EACCES)
		return result_msg(ArFailed, "database error");
	if (err) {
		log_warn("connection %s: %s as '%s' refused", s->peer, what,
			 user);
		pwguard_failed(s, user);
		session_reply_later(c, result_code(ArPasswordError),
				    c->api->conf.signin_fail_delay_ms);
		return NULL;
	}
	pwguard_passed(s, user);
	return result_code(0);
}

static bool refused(const json_t *r)
{
	return !r || json_integer_value(json_object_get(r, "code"));
}

/* ---- Admin.Login ---------------------------------------------------- */

static const struct pspec login_params[] = {
	{.name = "user", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "password", .type = PT_STR, .required = true,
	 .maxlen = API_PASSWORD_MAX},
	{NULL},
};

static json_t *m_login(struct rpc_call *c)
{
	struct session *s = c->s;
	char user[API_ID_MAX + 1];
	json_t *r;

	shape_printable(user, sizeof(user), c->v[0].s);
	if (s->kind == SESSION_AGENT)
		return result_msg(ArHasSigned, "an agent is signed in on "
				  "this connection");
	r = admin_check_password(c, user, c->v[0].s, c->v[1].s,
				 "Admin.Login");
	if (refused(r))
		return r;
	s->kind = SESSION_ADMIN;
	str_ncpy(s->admin, c->v[0].s, sizeof(s->admin));
	log_trace("connection %s: admin '%s' logged in", s->peer, user);
	return r;
}

/* ---- Admin.ChangePassword --------------------------------------------- */

static const struct pspec change_params[] = {
	{.name = "old", .type = PT_STR, .required = true,
	 .maxlen = API_PASSWORD_MAX},
	{.name = "new", .type = PT_STR, .required = true,
	 .maxlen = API_PASSWORD_MAX},
	{NULL},
};

/* The rules of a new password, checked before the old one is (they cost
 * nothing and tell nothing about it). */
static json_t *weak(const char *admin, const char *old, const char *pw)
{
	if (strlen(pw) < ADMIN_PASSWORD_MIN)
		return admin_invalid("new password: at least %d characters",
				     ADMIN_PASSWORD_MIN);
	if (strcasestr(pw, admin))
		return admin_invalid("new password: must not contain the "
				     "user name");
	if (!strcmp(pw, old))
		return admin_invalid("new password: must not be the old "
				     "one");
	return NULL;
}

static json_t *m_change_password(struct rpc_call *c)
{
	struct session *s = c->s;
	char user[API_ID_MAX + 1];
	json_t *r = weak(s->admin, c->v[0].s, c->v[1].s);
	int err;

	if (r)
		return r;
	shape_printable(user, sizeof(user), s->admin);
	r = admin_check_password(c, user, s->admin, c->v[0].s,
				 "Admin.ChangePassword");
	if (refused(r))
		return r;
	json_decref(r);
	err = store_admin_put(c->api->st, s->admin, c->v[1].s);
	if (err) {
		log_error("connection %s: admin '%s': cannot store the new "
			  "password: %s", s->peer, user, strerror(err));
		return result_msg(ArFailed, "database error");
	}
	log_trace("connection %s: admin '%s' changed its password", s->peer,
		  user);
	return result_code(0);
}

const struct rpc_method m_admin_account_methods[] = {
	{"Admin.Login", m_login, NEEDS_NONE, login_params},
	{"Admin.ChangePassword", m_change_password, NEEDS_ADMIN,
	 change_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
