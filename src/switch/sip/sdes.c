/*
 * sdes.c — see sdes.h. Every byte of the line is the far end's: each part
 * is checked for its form and length before it is used, and a line is
 * either taken whole or not at all.
 */
#include <errno.h>
#include <string.h>
#include <openssl/rand.h>
#include "switch/sip/sdes.h"

enum { KEY_B64 = 40 };   /* 30 bytes in base64, no padding */

static const char *const suites[] = {
	[MEDIA_SRTP_SHA1_80] = "AES_CM_128_HMAC_SHA1_80",
	[MEDIA_SRTP_SHA1_32] = "AES_CM_128_HMAC_SHA1_32",
};

static bool all_of(const struct pl *pl, const char *set)
{
	for (size_t i = 0; i < pl->l; i++)
		if (!pl->p[i] || !strchr(set, pl->p[i]))
			return false;
	return true;
}

#define DIGITS "0123456789"
#define B64 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" DIGITS "+/"

/* "2^N" or a decimal count of packets (RFC 4568 section 6.1) */
static bool lifetime_ok(const struct pl *pl)
{
	struct pl n = *pl;

	if (pl->l > 2 && pl->p[0] == '2' && pl->p[1] == '^')
		pl_advance(&n, 2);
	return n.l >= 1 && n.l <= 20 && all_of(&n, DIGITS);
}

/* "KEY[|LIFETIME][|MKI:LEN]" of the inline method */
static int key_decode(struct sdes_crypto *c, const struct pl *info)
{
	struct pl key = *info, rest = PL_INIT;
	const char *bar = pl_strchr(info, '|');
	size_t n = sizeof(c->key);

	if (bar) {
		key.l = (size_t)(bar - info->p);
		rest.p = bar + 1;
		rest.l = info->l - key.l - 1;
	}
	if (key.l != KEY_B64 || !all_of(&key, B64) ||
	    base64_decode(key.p, key.l, c->key, &n) || n != sizeof(c->key))
		return EBADMSG;
	if (!bar)
		return 0;
	/* the first field after the key is MKI when it has a colon */
	if (pl_strchr(&rest, ':'))
		return ENOTSUP;
	if (pl_strchr(&rest, '|'))
		return ENOTSUP;     /* a lifetime and an MKI */
	return lifetime_ok(&rest) ? 0 : EBADMSG;
}

/* The next field of rest up to a space (taken with it) or the end;
 * false when it is empty: the fields are one space apart. */
static bool field(struct pl *rest, struct pl *f)
{
	const char *sp = pl_strchr(rest, ' ');

	f->p = rest->p;
	f->l = sp ? (size_t)(sp - rest->p) : rest->l;
	pl_advance(rest, sp ? f->l + 1 : f->l);
	return f->l > 0;
}

int sdes_crypto_decode(struct sdes_crypto *c, const char *val)
{
	struct pl rest, tag, suite, params, method, info;
	const char *colon;
	size_t i;

	if (!c || !val || !*val || strlen(val) > SDES_LINE_MAX)
		return EBADMSG;
	for (i = 0; val[i]; i++)
		if (val[i] < ' ' || val[i] > '~')
			return EBADMSG;
	memset(c, 0, sizeof(*c));
	pl_set_str(&rest, val);
	if (!field(&rest, &tag) || !field(&rest, &suite) ||
	    !field(&rest, &params))
		return EBADMSG;
	if (tag.l > 9 || !all_of(&tag, DIGITS))
		return EBADMSG;
	c->tag = pl_u32(&tag);
	colon = pl_strchr(&params, ':');
	if (!colon)
		return EBADMSG;
	method.p = params.p;
	method.l = (size_t)(colon - params.p);
	info.p = colon + 1;
	info.l = params.l - method.l - 1;
	for (i = 0; i < ARRAY_SIZE(suites); i++)
		if (!pl_strcasecmp(&suite, suites[i]))
			break;
	if (i == ARRAY_SIZE(suites) || pl_strcasecmp(&method, "inline") ||
	    rest.l)
		return ENOTSUP;     /* a suite, method, session parameter */
	c->suite = (enum media_srtp)i;
	if (pl_strchr(&info, ';'))
		return ENOTSUP;     /* more than one key */
	return key_decode(c, &info);
}

int sdes_crypto_print(struct re_printf *pf, const struct sdes_crypto *c)
{
	char key[KEY_B64 + 1];
	size_t n = KEY_B64;

	if (!c || (size_t)c->suite >= ARRAY_SIZE(suites) ||
	    base64_encode(c->key, sizeof(c->key), key, &n))
		return EINVAL;
	return re_hprintf(pf, "%u %s inline:%b", c->tag, suites[c->suite],
			  key, n);
}

int sdes_crypto_key(struct sdes_crypto *c)
{
	if (!c)
		return EINVAL;
	return RAND_bytes(c->key, (int)sizeof(c->key)) == 1 ? 0 : EIO;
}
