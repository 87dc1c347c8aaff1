/*
 * register.c — one REGISTER request, in the order of RFC 3261 section
 * 10.3: check the request, the DN, the credentials, then every Contact,
 * and only when all of them are acceptable change the bindings, so a
 * rejected request leaves the table as it was.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "registrar_int.h"

enum {
	CONTACTS_MAX = 8,       /* per request */
	URI_MAX = 256,
	CALLID_MAX = 256,
};

struct contact {
	struct pl uri;
	uint32_t expires;
	struct binding *b;      /* the existing binding, if any */
};

struct reg {
	struct registrar *r;
	const struct sip_msg *msg;
	char dn[SW_DN_SIZE];
	struct contact cv[CONTACTS_MAX];
	size_t cc;
	bool star;
	uint32_t too_brief;     /* nonzero: an Expires below the minimum */
	int err;                /* EBADMSG: malformed; E2BIG: too many */
};

/* Replies go out through a server transaction, so a retransmitted
 * REGISTER gets the same answer instead of being taken as a replay. */
static void reply(struct registrar *r, const struct sip_msg *msg,
		  uint16_t scode, const char *reason)
{
	(void)sip_treply(NULL, r->sip, msg, scode, reason);
}

/* Expires values are delta-seconds; larger than 2^32-1 means "long". */
static bool delta_seconds(const struct pl *pl, uint32_t *out)
{
	uint64_t v;

	if (!pl_isset(pl) || pl->l > 20)
		return false;
	for (size_t i = 0; i < pl->l; i++) {
		if (pl->p[i] < '0' || pl->p[i] > '9')
			return false;
	}
	v = pl_u64(pl);
	*out = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	return true;
}

static bool contact_decode(const struct sip_hdr *hdr,
			   const struct sip_msg *msg, void *arg)
{
	struct reg *g = arg;
	struct sip_addr addr;
	struct contact *c;
	struct pl v;

	if (!pl_strcmp(&hdr->val, "*")) {
		g->star = true;
		return false;
	}
	if (g->cc == CONTACTS_MAX) {
		g->err = E2BIG;
		return true;
	}
	if (sip_addr_decode(&addr, &hdr->val) || addr.auri.l > URI_MAX ||
	    !pl_isset(&addr.uri.host)) {
		g->err = EBADMSG;
		return true;
	}
	c = &g->cv[g->cc++];
	c->uri = addr.auri;
	c->b = NULL;
	if (!msg_param_decode(&addr.params, "expires", &v)) {
		if (!delta_seconds(&v, &c->expires)) {
			g->err = EBADMSG;
			return true;
		}
	}
	else if (pl_isset(&msg->expires)) {
		if (!delta_seconds(&msg->expires, &c->expires)) {
			g->err = EBADMSG;
			return true;
		}
	}
	else {
		c->expires = REGISTRAR_MAX_EXPIRES;
	}
	if (c->expires && c->expires < g->r->min_expires)
		g->too_brief = g->r->min_expires;
	if (c->expires > g->r->max_expires)
		c->expires = g->r->max_expires;
	return false;
}

static int contacts_print(struct re_printf *pf, const struct aor *a)
{
	uint64_t now = tmr_jiffies();
	struct le *le;
	int err = 0;

	if (!a)
		return 0;
	LIST_FOREACH(&a->bindings, le) {
		const struct binding *b = le->data;
		uint64_t left = b->pub.expires > now
			? (b->pub.expires - now + 999) / 1000 : 0;

		err |= re_hprintf(pf, "Contact: <%s>;expires=%llu\r\n",
				  b->uri, (unsigned long long)left);
	}
	return err;
}

/* Checks the request line and the headers this registrar relies on. */
static bool request_ok(struct reg *g)
{
	const struct sip_msg *msg = g->msg;

	if (!pl_isset(&msg->callid) || msg->callid.l > CALLID_MAX ||
	    pl_strcmp(&msg->cseq.met, "REGISTER") ||
	    !pl_isset(&msg->to.uri.user) ||
	    msg->to.uri.user.l >= sizeof(g->dn) ||
	    !pl_isset(&msg->from.auri))
		return false;
	return 0 == pl_strcpy(&msg->to.uri.user, g->dn, sizeof(g->dn)) &&
	       strlen(g->dn) == msg->to.uri.user.l;
}

/* Ours: the realm, the address the request came in on, or another
 * address the SIP stack listens on (same port and transport). */
static bool host_ours(const struct registrar *r, const struct sip_msg *msg,
		      const struct pl *host)
{
	struct sa sa;

	if (!pl_strcasecmp(host, r->realm))
		return true;
	if (sa_set(&sa, host, sa_port(&msg->dst)))
		return false;
	return sa_cmp(&sa, &msg->dst, SA_ADDR) ||
	       sip_transp_isladdr(r->sip, msg->tp, &sa);
}

static void apply_star(struct reg *g)
{
	struct aor *a = aor_find(g->r, g->dn);
	struct le *le;

	if (g->cc || !pl_isset(&g->msg->expires) ||
	    pl_strcmp(&g->msg->expires, "0")) {
		reply(g->r, g->msg, 400, "Bad Wildcard Contact");
		return;
	}
	if (a) {
		LIST_FOREACH(&a->bindings, le) {
			if (binding_is_stale(le->data, g->msg)) {
				reply(g->r, g->msg, 500, "Stale CSeq");
				return;
			}
		}
		aor_remove_all(a);
	}
	(void)sip_treplyf(NULL, NULL, g->r->sip, g->msg, false, 200, "OK",
			  "Content-Length: 0\r\n\r\n");
}

/* The status refusing the request before anything changes, or 0. */
static uint16_t admit_contacts(struct reg *g, struct aor *a)
{
	size_t added = 0, removed = 0;
	size_t have = a ? list_count(&a->bindings) : 0;

	for (size_t i = 0; i < g->cc; i++) {
		struct contact *c = &g->cv[i];

		c->b = binding_find(a, &c->uri);
		if (c->b && binding_is_stale(c->b, g->msg))
			return 500;
		if (!c->b && c->expires)
			added++;
		else if (c->b && !c->expires)
			removed++;
	}
	if (have + added > REGISTRAR_MAX_PER_DN + removed)
		return 403;
	if (g->r->nbindings + added > g->r->max_total)
		return 503;
	return 0;
}

/* Adds and refreshes come first, so a DN that keeps a contact while
 * swapping another never looks unregistered to the handler. */
static int apply_contacts(struct reg *g)
{
	int err = 0;

	for (size_t i = 0; !err && i < g->cc; i++) {
		struct contact *c = &g->cv[i];

		if (!c->expires)
			continue;
		c->b = binding_find(aor_find(g->r, g->dn), &c->uri);
		err = c->b ? binding_refresh(c->b, g->msg, c->expires)
			   : binding_add(g->r, g->dn, &c->uri, g->msg,
					 c->expires);
	}
	for (size_t i = 0; i < g->cc; i++) {
		struct contact *c = &g->cv[i];
		struct binding *b;

		if (c->expires)
			continue;
		b = binding_find(aor_find(g->r, g->dn), &c->uri);
		if (b)
			binding_remove(b);
	}
	return err;
}

static void process_contacts(struct reg *g)
{
	struct registrar *r = g->r;
	struct aor *a = aor_find(r, g->dn);
	bool was_empty = !a;

	switch (admit_contacts(g, a)) {
	case 0:
		break;
	case 500:
		reply(r, g->msg, 500, "Stale CSeq");
		return;
	case 403:
		reply(r, g->msg, 403, "Too Many Contacts");
		return;
	default:
		(void)sip_treplyf(NULL, NULL, r->sip, g->msg, false, 503,
				  "Service Unavailable",
				  "Retry-After: 60\r\n"
				  "Content-Length: 0\r\n\r\n");
		return;
	}
	if (apply_contacts(g)) {
		log_warn("sip: registrar: out of memory registering %s",
			 g->dn);
		reply(r, g->msg, 500, "Server Internal Error");
		return;
	}
	a = aor_find(r, g->dn);
	log_debug("sip: registrar: %s has %u contact(s)", g->dn,
		  a ? list_count(&a->bindings) : 0);
	(void)sip_treplyf(NULL, NULL, r->sip, g->msg, false, 200, "OK",
			  "%HContent-Length: 0\r\n\r\n", contacts_print, a);
	if (was_empty && a && r->h)
		r->h(g->dn, true, r->arg);
}

void register_handle(struct registrar *r, const struct sip_msg *msg)
{
	char secret[SW_SECRET_SIZE];
	struct reg g;
	int err;

	memset(&g, 0, sizeof(g));
	g.r = r;
	g.msg = msg;
	if (!request_ok(&g)) {
		reply(r, msg, 400, "Bad Request");
		return;
	}
	/* RFC 3261 section 10.3 steps 1 and 5: a domain not served here */
	if (!host_ours(r, msg, &msg->uri.host) ||
	    !host_ours(r, msg, &msg->to.uri.host)) {
		log_debug("sip: registrar: REGISTER for %s to another domain",
			  g.dn);
		reply(r, msg, 404, "Not Found");
		return;
	}
	if (sip_msg_hdr(msg, SIP_HDR_REQUIRE)) {
		(void)sip_treplyf(NULL, NULL, r->sip, msg, false, 420,
				  "Bad Extension",
				  "Unsupported: %r\r\n"
				  "Content-Length: 0\r\n\r\n",
				  &sip_msg_hdr(msg, SIP_HDR_REQUIRE)->val);
		return;
	}
	err = r->secreth(g.dn, secret, sizeof(secret), r->secret_arg);
	if (err == ENOENT || err == EINVAL) {
		reply(r, msg, 404, "Not Found");
		return;
	}
	if (err) {
		reply(r, msg, 500, "Server Internal Error");
		return;
	}

	if (registrar_authenticate(r, msg, g.dn, secret))
		return;

	(void)sip_msg_hdr_apply(msg, true, SIP_HDR_CONTACT, contact_decode,
				&g);
	if (g.err == EBADMSG || (g.star && g.err)) {
		reply(r, msg, 400, "Bad Contact");
		return;
	}
	if (g.err == E2BIG) {
		reply(r, msg, 403, "Too Many Contacts");
		return;
	}
	if (g.star) {
		apply_star(&g);
		return;
	}
	if (g.too_brief) {
		(void)sip_treplyf(NULL, NULL, r->sip, msg, false, 423,
				  "Interval Too Brief",
				  "Min-Expires: %u\r\n"
				  "Content-Length: 0\r\n\r\n", g.too_brief);
		return;
	}
	process_contacts(&g);
}
