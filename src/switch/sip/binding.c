/*
 * binding.c — the registrar's table of bindings: each DN (address of
 * record) with its contacts, each contact with a timer that drops it when
 * its registration lapses. The registrar's handler hears a DN appear and
 * disappear here and nowhere else, so it cannot miss an expiry.
 */
#include <string.h>
#include "registrar_int.h"

static void aor_destructor(void *arg)
{
	struct aor *a = arg;

	hash_unlink(&a->he);
	list_flush(&a->bindings);
}

static void binding_destructor(void *arg)
{
	struct binding *b = arg;

	tmr_cancel(&b->tmr);
	tmr_cancel(&b->ping_tmr);
	mem_deref(b->ping);
	if (b->aor) {
		list_unlink(&b->le);
		b->aor->r->nbindings--;
	}
	mem_deref(b->uri);
	mem_deref(b->callid);
}

static bool aor_dn_cmp(struct le *le, void *arg)
{
	const struct aor *a = le->data;

	return 0 == strcmp(a->dn, arg);
}

struct aor *aor_find(const struct registrar *r, const char *dn)
{
	struct le *le = hash_lookup(r->aors, hash_joaat_str(dn), aor_dn_cmp,
				    (void *)dn);

	return le ? le->data : NULL;
}

struct binding *binding_find(const struct aor *a, const struct pl *uri)
{
	struct le *le;

	if (!a)
		return NULL;
	LIST_FOREACH(&a->bindings, le) {
		struct binding *b = le->data;

		if (0 == pl_strcmp(uri, b->uri))
			return b;
	}
	return NULL;
}

static void aor_drop_if_empty(struct aor *a)
{
	struct registrar *r = a->r;
	char dn[SW_DN_SIZE];

	if (!list_isempty(&a->bindings))
		return;
	memcpy(dn, a->dn, sizeof(dn));
	mem_deref(a);
	if (r->h)
		r->h(dn, false, r->arg);
}

static void expire_handler(void *arg)
{
	binding_remove(arg);
}

/* Sets what the REGISTER says; callid is already the binding's own. */
static void binding_set(struct binding *b, const struct sip_msg *msg,
			char *callid, uint32_t expires_s)
{
	mem_deref(b->callid);
	b->callid = callid;
	b->cseq = msg->cseq.num;
	b->pub.src = msg->src;
	b->pub.tp = msg->tp;
	b->pub.expires = tmr_jiffies() + (uint64_t)expires_s * 1000;
	tmr_start(&b->tmr, (uint64_t)expires_s * 1000, expire_handler, b);
	binding_ping_start(b);
	/* the most recently refreshed contact is the one lookup gives */
	list_unlink(&b->le);
	list_prepend(&b->aor->bindings, &b->le, b);
	if (b->aor->r->bh)
		b->aor->r->bh(&b->pub, true, b->aor->r->barg);
}

/* Either the binding is in the table afterwards or nothing changed. */
int binding_add(struct registrar *r, const char *dn, const struct pl *uri,
		const struct sip_msg *msg, uint32_t expires_s)
{
	struct aor *a = aor_find(r, dn);
	struct binding *b;
	char *callid = NULL;
	int err;

	b = mem_zalloc(sizeof(*b), binding_destructor);
	if (!b)
		return ENOMEM;
	err = pl_strdup(&b->uri, uri);
	err = err ? err : pl_strdup(&callid, &msg->callid);
	if (!err && !a) {
		a = mem_zalloc(sizeof(*a), aor_destructor);
		if (a) {
			a->r = r;
			str_ncpy(a->dn, dn, sizeof(a->dn));
			hash_append(r->aors, hash_joaat_str(a->dn), &a->he,
				    a);
		}
		else {
			err = ENOMEM;
		}
	}
	if (err) {
		mem_deref(callid);
		mem_deref(b);
		return err;
	}
	b->aor = a;
	b->pub.dn = a->dn;
	b->pub.uri = b->uri;
	list_append(&a->bindings, &b->le, b);
	r->nbindings++;
	binding_set(b, msg, callid, expires_s);
	return 0;
}

int binding_refresh(struct binding *b, const struct sip_msg *msg,
		    uint32_t expires_s)
{
	char *callid;
	int err = pl_strdup(&callid, &msg->callid);

	if (err)
		return err;
	binding_set(b, msg, callid, expires_s);
	return 0;
}

bool binding_is_stale(const struct binding *b, const struct sip_msg *msg)
{
	return 0 == pl_strcmp(&msg->callid, b->callid) &&
	       msg->cseq.num <= b->cseq;
}

void binding_remove(struct binding *b)
{
	struct aor *a = b->aor;

	if (a->r->bh)
		a->r->bh(&b->pub, false, a->r->barg);
	mem_deref(b);
	aor_drop_if_empty(a);
}

/* One at a time: the last one takes the AOR with it. */
void aor_remove_all(struct aor *a)
{
	bool last;

	do {
		last = list_count(&a->bindings) == 1;
		binding_remove(list_head(&a->bindings)->data);
	} while (!last);
}

void bindings_flush(struct registrar *r)
{
	hash_flush(r->aors);
}

static bool aor_has_source(struct le *le, void *arg)
{
	const struct aor *a = le->data;
	struct le *ble;

	LIST_FOREACH(&a->bindings, ble) {
		const struct binding *b = ble->data;

		if (sa_cmp(&b->pub.src, arg, SA_ADDR))
			return true;
	}
	return false;
}

bool registrar_has_source(const struct registrar *r, const struct sa *src)
{
	return r && hash_apply(r->aors, aor_has_source, (void *)src) != NULL;
}

struct flow_find {
	const struct sa *src;
	struct binding *b;         /* the first binding from src */
};

static bool aor_has_flow(struct le *le, void *arg)
{
	const struct aor *a = le->data;
	struct flow_find *ff = arg;
	struct le *ble;

	LIST_FOREACH(&a->bindings, ble) {
		struct binding *b = ble->data;

		if (sa_cmp(&b->pub.src, ff->src, SA_ALL)) {
			ff->b = b;
			return true;
		}
	}
	return false;
}

bool registrar_has_flow(const struct registrar *r, const struct sa *src)
{
	struct flow_find ff = {.src = src};

	return r && hash_apply(r->aors, aor_has_flow, &ff) != NULL;
}

/* One at a time: removing a binding may free its AOR under the walk. */
void registrar_drop_flow(struct registrar *r, const struct sa *src)
{
	struct flow_find ff = {.src = src};

	while (r && hash_apply(r->aors, aor_has_flow, &ff))
		binding_remove(ff.b);
}
