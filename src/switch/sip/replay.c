/*
 * replay.c — digest nonce counts (RFC 7616 section 3.4): the highest nc
 * each DN has used with each of its nonces, so a captured REGISTER sent
 * again is refused. Only requests with a right digest are counted, a DN
 * keeps a few nonces, and a DN's record goes once all of them are too old
 * to be accepted anyway, so memory stays bounded by the directory.
 */
#include <errno.h>
#include <string.h>
#include "registrar_int.h"

enum { NC_SLOTS = 8, NC_HEX_LEN = 8 };

struct nc_slot {
	char nonce[DIGEST_NONCE_SIZE];
	uint64_t issued;
	uint32_t nc;            /* 0: free */
};

struct nc_dn {
	struct le he;
	char dn[SW_DN_SIZE];
	uint64_t floor;         /* a nonce issued no later, and not in v,
				   was pushed out: refused */
	struct nc_slot v[NC_SLOTS];
};

static void nc_dn_destructor(void *arg)
{
	struct nc_dn *d = arg;

	hash_unlink(&d->he);
}

static bool nc_dn_cmp(struct le *le, void *arg)
{
	const struct nc_dn *d = le->data;

	return 0 == strcmp(d->dn, arg);
}

static bool slot_expired(const struct nc_slot *s, uint64_t now_s)
{
	return !s->nc || s->issued + REGISTRAR_NONCE_LIFETIME < now_s;
}

/* nc is exactly 8 hex digits (RFC 7616 section 3.4) and never 0. */
static uint32_t nc_value(const struct pl *nc)
{
	if (nc->l != NC_HEX_LEN)
		return 0;
	for (size_t i = 0; i < nc->l; i++) {
		if (!strchr("0123456789abcdefABCDEF", nc->p[i]))
			return 0;
	}
	return pl_x32(nc);
}

/* A free or expired slot, else the oldest, whose nonce then is refused,
 * with any other of that age or older not counted here: a phone told so
 * takes a new nonce (at worst a few times, should one DN run through more
 * than NC_SLOTS nonces within a second). */
static struct nc_slot *slot_take(struct nc_dn *d, uint64_t now_s)
{
	struct nc_slot *oldest = &d->v[0];

	for (size_t i = 0; i < NC_SLOTS; i++) {
		if (slot_expired(&d->v[i], now_s))
			return &d->v[i];
		if (d->v[i].issued < oldest->issued)
			oldest = &d->v[i];
	}
	if (oldest->issued > d->floor)
		d->floor = oldest->issued;
	return oldest;
}

static struct nc_dn *nc_dn_get(struct registrar *r, const char *dn)
{
	struct le *le = hash_lookup(r->ncs, hash_joaat_str(dn), nc_dn_cmp,
				    (void *)dn);
	struct nc_dn *d;

	if (le)
		return le->data;
	d = mem_zalloc(sizeof(*d), nc_dn_destructor);
	if (!d)
		return NULL;
	str_ncpy(d->dn, dn, sizeof(d->dn));
	hash_append(r->ncs, hash_joaat_str(d->dn), &d->he, d);
	return d;
}

int replay_check(struct registrar *r, const char *dn, const struct pl *nonce,
		 const struct pl *nc, uint64_t now_s)
{
	uint32_t n = nc_value(nc);
	uint64_t issued = digest_nonce_issued(nonce);
	struct nc_dn *d;
	struct nc_slot *s = NULL;

	if (!n)
		return EBADMSG;
	d = nc_dn_get(r, dn);
	if (!d)
		return ENOMEM;
	for (size_t i = 0; i < NC_SLOTS && !s; i++) {
		if (d->v[i].nc && !pl_strcmp(nonce, d->v[i].nonce))
			s = &d->v[i];
	}
	if (s) {
		if (n <= s->nc)
			return EALREADY;
		s->nc = n;
		return 0;
	}
	if (issued <= d->floor)
		return EALREADY;
	s = slot_take(d, now_s);
	(void)pl_strcpy(nonce, s->nonce, sizeof(s->nonce));
	s->issued = issued;
	s->nc = n;
	return 0;
}

static bool nc_dn_sweep(struct le *le, void *arg)
{
	struct nc_dn *d = le->data;
	const uint64_t *now_s = arg;

	for (size_t i = 0; i < NC_SLOTS; i++) {
		if (!slot_expired(&d->v[i], *now_s))
			return false;
	}
	mem_deref(d);
	return false;
}

void replay_sweep(struct registrar *r, uint64_t now_s)
{
	(void)hash_apply(r->ncs, nc_dn_sweep, &now_s);
}
