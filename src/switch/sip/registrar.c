/*
 * registrar.c — the registrar object: its listener on the SIP stack,
 * OPTIONS to the server itself, and lookups for the switch. REGISTER
 * itself is register.c.
 */
#include <errno.h>
#include <string.h>
#include "registrar_int.h"

enum {
	AOR_BUCKETS = 256,
	REALM_MAX = 128,
	SWEEP_MS = REGISTRAR_NONCE_LIFETIME * 1000,
};

static void destructor(void *arg)
{
	struct registrar *r = arg;

	mem_deref(r->lsnr);
	tmr_cancel(&r->sweep_tmr);
	bindings_flush(r);
	mem_deref(r->aors);
	hash_flush(r->ncs);
	mem_deref(r->ncs);
	mem_deref(r->realm);
}

static bool request_handler(const struct sip_msg *msg, void *arg)
{
	struct registrar *r = arg;

	if (!pl_strcmp(&msg->met, "REGISTER")) {
		register_handle(r, msg);
		return true;
	}
	/* An OPTIONS to a DN is a call party's business, not ours. */
	if (!pl_strcmp(&msg->met, "OPTIONS") && !pl_isset(&msg->uri.user)) {
		(void)sip_treplyf(NULL, NULL, r->sip, msg, false, 200, "OK",
				  "Allow: REGISTER, OPTIONS\r\n"
				  "Content-Length: 0\r\n\r\n");
		return true;
	}
	return false;
}

static void sweep_h(void *arg)
{
	struct registrar *r = arg;

	replay_sweep(r, tmr_jiffies() / 1000);
	tmr_start(&r->sweep_tmr, SWEEP_MS, sweep_h, r);
}

/* The realm goes between quotes in every challenge. */
static bool realm_ok(const char *realm)
{
	size_t n = realm ? strlen(realm) : 0;

	if (n == 0 || n > REALM_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)realm[i];

		if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\')
			return false;
	}
	return true;
}

int registrar_alloc(struct registrar **rp, struct sip *sip,
		    sw_secret_h *secreth, void *secret_arg, const char *realm)
{
	struct registrar *r;
	int err;

	if (!rp || !sip || !secreth || !realm_ok(realm))
		return EINVAL;
	r = mem_zalloc(sizeof(*r), destructor);
	if (!r)
		return ENOMEM;
	r->sip = sip;
	r->secreth = secreth;
	r->secret_arg = secret_arg;
	r->min_expires = REGISTRAR_MIN_EXPIRES;
	r->max_expires = REGISTRAR_MAX_EXPIRES;
	r->max_total = REGISTRAR_MAX_TOTAL;
	digest_key_init(&r->key);
	err = str_dup(&r->realm, realm);
	err = err ? err : hash_alloc(&r->aors, AOR_BUCKETS);
	err = err ? err : hash_alloc(&r->ncs, AOR_BUCKETS);
	err = err ? err : sip_listen(&r->lsnr, sip, true, request_handler, r);
	if (err) {
		mem_deref(r);
		return err;
	}
	tmr_start(&r->sweep_tmr, SWEEP_MS, sweep_h, r);
	*rp = r;
	return 0;
}

void registrar_set_handler(struct registrar *r, registrar_h *h, void *arg)
{
	if (!r)
		return;
	r->h = h;
	r->arg = arg;
}

void registrar_set_binding_handler(struct registrar *r,
				   registrar_binding_h *h, void *arg)
{
	if (!r)
		return;
	r->bh = h;
	r->barg = arg;
}

/* Bindings already made keep the expiry they were given. */
int registrar_set_expires(struct registrar *r, uint32_t min_s,
			  uint32_t max_s)
{
	if (!r || min_s == 0 || min_s > max_s || max_s > UINT32_MAX / 1000)
		return EINVAL;
	r->min_expires = min_s;
	r->max_expires = max_s;
	return 0;
}

/* Bounds the memory a crowd of phones can take; existing bindings stay. */
int registrar_set_max_total(struct registrar *r, uint32_t max_total)
{
	if (!r || max_total == 0)
		return EINVAL;
	r->max_total = max_total;
	return 0;
}

static bool aor_ping_start(struct le *le, void *arg)
{
	struct aor *a = le->data;
	struct le *ble;
	(void)arg;

	LIST_FOREACH(&a->bindings, ble)
		binding_ping_start(ble->data);
	return false;
}

/* Bindings already made start over with the new interval. */
int registrar_set_options_interval(struct registrar *r, uint32_t seconds)
{
	if (!r)
		return EINVAL;
	r->options_interval = seconds;
	(void)hash_apply(r->aors, aor_ping_start, NULL);
	return 0;
}

int registrar_route(const struct registrar_binding *b, char **route)
{
	if (!b || !route)
		return EINVAL;
	return re_sdprintf(route, "sip:%J%s", &b->src,
			   sip_transp_param(b->tp));
}

const struct registrar_binding *registrar_lookup(struct registrar *r,
						 const char *dn)
{
	struct aor *a;
	struct le *le;

	if (!r || !dn)
		return NULL;
	a = aor_find(r, dn);
	if (!a)
		return NULL;
	/* a timer that has not fired yet must not hand out a lapsed one */
	LIST_FOREACH(&a->bindings, le) {
		const struct binding *b = le->data;

		if (b->pub.expires > tmr_jiffies())
			return &b->pub;
	}
	return NULL;
}

uint32_t registrar_count(const struct registrar *r)
{
	return r ? r->nbindings : 0;
}
