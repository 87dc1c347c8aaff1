/*
 * fuzz_sip.c — libFuzzer target: SIP messages to the SIP switch
 * (src/switch/sip): the registrar and its digest challenge, a trunk's
 * INVITE with its SDP offer (plain RTP or WebRTC), ACK, re-INVITE,
 * UPDATE, INFO, CANCEL, BYE, OPTIONS, and the responses to what the
 * switch itself sends. libre decodes the messages and runs the
 * transactions; what it hands over is ours.
 *
 * The input is messages separated by NUL bytes (SIP text has none), each
 * sent as one UDP datagram from 127.0.0.1, which the switch takes as its
 * trunk (fuzz_sipsw.h: every call offered is answered, so the dialogs
 * exist that re-INVITE, UPDATE and BYE are for). A message may say $TAG
 * where it needs the tag the switch gave the dialog (the To tag of the
 * last response received), and $AUTH for the credentials of phone 1889
 * (password 1234, as every phone here) answering the last digest
 * challenge received, for the message's own method and request URI:
 * neither can a fuzzer guess, and without $AUTH it would never get past
 * the registrar to the paths of registered phones.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <re.h>
#include "fuzz_loop.h"
#include "fuzz_sipsw.h"

enum { SETTLE_TURNS = 4, MSG_MAX = 65536, TAG_MAX = 64, AUTH_MAX = 512 };

static const char tag_ph[] = "$TAG", auth_ph[] = "$AUTH";

struct phone {
	struct fuzz_sipsw s;
	int fd;                    /* our UDP socket */
	char tag[TAG_MAX];         /* the switch's last To tag */
	char nonce[TAG_MAX * 2];   /* its last digest challenge's nonce */
	char realm[TAG_MAX];
};

static void keep_challenge(struct phone *p, const struct sip_msg *msg)
{
	const struct sip_hdr *h = sip_msg_hdr(msg, SIP_HDR_WWW_AUTHENTICATE);
	struct httpauth_digest_chall ch;

	if (!h)
		h = sip_msg_hdr(msg, SIP_HDR_PROXY_AUTHENTICATE);
	if (!h || httpauth_digest_challenge_decode(&ch, &h->val))
		return;
	(void)pl_strcpy(&ch.nonce, p->nonce, sizeof(p->nonce));
	(void)pl_strcpy(&ch.realm, p->realm, sizeof(p->realm));
}

/* Reads what the switch sent us and keeps the To tag of its responses
 * (a decoded message holds a reference to its buffer: a mem object). */
static void receive(struct phone *p)
{
	struct mbuf *mb = mbuf_alloc(MSG_MAX);
	ssize_t n;

	if (!mb)
		abort();
	while ((n = recv(p->fd, mb->buf, mb->size, MSG_DONTWAIT)) > 0) {
		struct sip_msg *msg = NULL;

		mb->pos = 0;
		mb->end = (size_t)n;
		if (!sip_msg_decode(&msg, mb) && msg->scode &&
		    pl_isset(&msg->to.tag))
			(void)pl_strcpy(&msg->to.tag, p->tag, sizeof(p->tag));
		if (msg && (msg->scode == 401 || msg->scode == 407))
			keep_challenge(p, msg);
		mem_deref(msg);
	}
	mem_deref(mb);
}

/* The $AUTH of message m: RFC 2069 digest credentials (no qop) for its
 * request line's method and URI. */
static void auth_of(const struct phone *p, const uint8_t *m, size_t n,
		    char *out, size_t size)
{
	struct pl method, uri;
	uint8_t ha1[MD5_SIZE], ha2[MD5_SIZE], resp[MD5_SIZE];

	out[0] = 0;
	if (re_regex((const char *)m, n, "[A-Z]+ [^ ]+ SIP/2.0", &method,
		     &uri))
		return;
	(void)md5_printf(ha1, "1889:%s:1234", p->realm);
	(void)md5_printf(ha2, "%r:%r", &method, &uri);
	(void)md5_printf(resp, "%w:%s:%w", ha1, sizeof(ha1), p->nonce, ha2,
			 sizeof(ha2));
	(void)re_snprintf(out, size, "Digest username=\"1889\", realm=\"%s\", "
			  "nonce=\"%s\", uri=\"%r\", response=\"%w\", "
			  "algorithm=MD5", p->realm, p->nonce, &uri, resp,
			  sizeof(resp));
}

/* The next placeholder in m[0..n): its start, and what replaces it. */
static const uint8_t *next_ph(const uint8_t *m, size_t n, size_t *phlen,
			      const char **with, const char *tag,
			      const char *auth)
{
	const uint8_t *t = memmem(m, n, tag_ph, sizeof(tag_ph) - 1);
	const uint8_t *a = memmem(m, n, auth_ph, sizeof(auth_ph) - 1);

	if (a && (!t || a < t)) {
		*phlen = sizeof(auth_ph) - 1;
		*with = auth;
		return a;
	}
	*phlen = sizeof(tag_ph) - 1;
	*with = tag;
	return t;
}

/* m[0..n) with its placeholders replaced; 0 when it does not fit. */
static size_t expand(const struct phone *p, const uint8_t *m, size_t n,
		     uint8_t *out)
{
	char auth[AUTH_MAX];
	size_t len = 0;

	auth_of(p, m, n, auth, sizeof(auth));
	while (n) {
		const char *with;
		size_t phlen, wlen;
		const uint8_t *ph = next_ph(m, n, &phlen, &with, p->tag, auth);
		size_t lit = ph ? (size_t)(ph - m) : n;

		wlen = ph ? strlen(with) : 0;
		if (len + lit + wlen > MSG_MAX)
			return 0;
		memcpy(out + len, m, lit);
		len += lit;
		m += lit;
		n -= lit;
		if (!ph)
			break;
		memcpy(out + len, with, wlen);
		len += wlen;
		m += phlen;
		n -= phlen;
	}
	return len;
}

static void send_msg(struct phone *p, const uint8_t *m, size_t n)
{
	static uint8_t buf[MSG_MAX];
	size_t len = expand(p, m, n, buf);

	if (len)
		(void)sendto(p->fd, buf, len, 0, &p->s.sip.u.sa,
			     p->s.sip.len);
	fuzz_pump(SETTLE_TURNS);
	receive(p);
}

static void start(struct phone *p)
{
	struct sa local;

	memset(p, 0, sizeof(*p));
	fuzz_sipsw_start(&p->s);
	p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (p->fd < 0 || sa_set_str(&local, "127.0.0.1", 0) ||
	    bind(p->fd, &local.u.sa, local.len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct phone p;

	start(&p);
	while (size) {
		const uint8_t *nul = memchr(data, '\0', size);
		size_t n = nul ? (size_t)(nul - data) : size;

		send_msg(&p, data, n);
		data += nul ? n + 1 : n;
		size -= nul ? n + 1 : n;
	}
	fuzz_sipsw_stop(&p.s);
	close(p.fd);
	return 0;
}
