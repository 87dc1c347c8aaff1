/*
 * regshare.c — the switch nodes' shared SIP registrations (sw_share.h)
 * on the store's table (store_sipreg_*): main.c hands a SIP node these
 * callbacks, so that the switch itself never reads the store.
 */
#include <string.h>
#include <time.h>
#include <re.h>
#include "regshare.h"
#include "store/store.h"

_Static_assert(sizeof(((struct dir_sipreg *)0)->dn) == SW_DN_SIZE &&
	       sizeof(((struct dir_sipreg *)0)->contact) == SW_URI_SIZE &&
	       sizeof(((struct dir_sipreg *)0)->route) == SW_URI_SIZE &&
	       sizeof(((struct dir_sipreg *)0)->node) == SW_NODE_SIZE,
	       "a shared registration fits the store's row and back");

static int put(const struct sw_binding *b, void *arg)
{
	struct dir_sipreg r;

	memset(&r, 0, sizeof(r));
	str_ncpy(r.dn, b->dn, sizeof(r.dn));
	str_ncpy(r.contact, b->contact, sizeof(r.contact));
	str_ncpy(r.route, b->route, sizeof(r.route));
	str_ncpy(r.node, b->node, sizeof(r.node));
	r.expires_s = b->expires_s;
	return store_sipreg_put(arg, &r, (int64_t)time(NULL));
}

static int del(const struct sw_binding *b, void *arg)
{
	return store_sipreg_del(arg, b->dn, b->contact, b->node);
}

static int find(const char *dn, int64_t now_s, struct sw_binding *out,
		void *arg)
{
	struct dir_sipreg r;
	int err = store_sipreg_find(arg, dn, now_s, &r);

	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	str_ncpy(out->dn, r.dn, sizeof(out->dn));
	str_ncpy(out->contact, r.contact, sizeof(out->contact));
	str_ncpy(out->route, r.route, sizeof(out->route));
	str_ncpy(out->node, r.node, sizeof(out->node));
	out->expires_s = r.expires_s;
	return 0;
}

void regshare_init(struct sw_share *share, struct store *st)
{
	share->put = put;
	share->del = del;
	share->find = find;
	share->arg = st;
}
