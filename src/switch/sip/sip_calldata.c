/*
 * sip_calldata.c — call data a trunk attaches to an inbound INVITE, one
 * header per pair: "X-CallData-<key>: <value>" (docs/operations.md). The
 * limits are those of SetCallData (switch.h SW_DATA_*); an INVITE that
 * breaks them is refused rather than silently cut, so the sender learns
 * its data did not arrive whole.
 */
#include <errno.h>
#include <string.h>
#include "switch/sip/sip_int.h"

static const char prefix[] = "X-CallData-";
#define PREFIX_LEN (sizeof(prefix) - 1)

static bool is_data_hdr(const struct sip_hdr *h)
{
	struct pl head;

	if (h->name.l <= PREFIX_LEN)
		return false;
	head.p = h->name.p;
	head.l = PREFIX_LEN;
	return 0 == pl_strcasecmp(&head, prefix);
}

/* Keys are tokens; values any text without control characters (UTF-8
 * passes: its bytes are all >= 0x80). */
static bool pair_ok(const struct pl *key, const struct pl *val)
{
	size_t i;

	if (!sipsw_printable(key, SW_DATA_KEY_MAX) ||
	    val->l > SW_DATA_VALUE_MAX)
		return false;
	for (i = 0; i < val->l; i++)
		if ((unsigned char)val->p[i] < ' ' || val->p[i] == 0x7f)
			return false;
	return true;
}

int sip_calldata_take(const struct sip_msg *msg, struct sw_kv **kvp,
		      size_t *np)
{
	struct sw_kv *kv;
	size_t n = 0, size = 0;
	struct le *le;
	char *p;

	*kvp = NULL;
	*np = 0;
	LIST_FOREACH(&msg->hdrl, le) {
		const struct sip_hdr *h = le->data;
		struct pl key;

		if (!is_data_hdr(h))
			continue;
		key.p = h->name.p + PREFIX_LEN;
		key.l = h->name.l - PREFIX_LEN;
		if (++n > SW_DATA_MAX_PAIRS || !pair_ok(&key, &h->val))
			return EBADMSG;
		size += key.l + 1 + h->val.l + 1;
	}
	if (!n)
		return 0;
	/* one block: the pairs, then their strings */
	kv = mem_zalloc(n * sizeof(*kv) + size, NULL);
	if (!kv)
		return ENOMEM;
	p = (char *)(kv + n);
	n = 0;
	LIST_FOREACH(&msg->hdrl, le) {
		const struct sip_hdr *h = le->data;

		if (!is_data_hdr(h))
			continue;
		kv[n].key = p;
		memcpy(p, h->name.p + PREFIX_LEN, h->name.l - PREFIX_LEN);
		p += h->name.l - PREFIX_LEN + 1;
		kv[n].value = p;
		memcpy(p, h->val.p, h->val.l);
		p += h->val.l + 1;
		n++;
	}
	*kvp = kv;
	*np = n;
	return 0;
}
