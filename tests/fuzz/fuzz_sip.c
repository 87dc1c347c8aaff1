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
 * last response received), which a fuzzer cannot guess.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <re.h>
#include "fuzz_loop.h"
#include "fuzz_sipsw.h"

enum { SETTLE_TURNS = 4, MSG_MAX = 65536, TAG_MAX = 64 };

static const char placeholder[] = "$TAG";

struct phone {
	struct fuzz_sipsw s;
	int fd;                    /* our UDP socket */
	char tag[TAG_MAX];         /* the switch's last To tag */
};

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
		mem_deref(msg);
	}
	mem_deref(mb);
}

/* m[0..n) with every $TAG replaced by the tag; 0 when it does not fit. */
static size_t expand(const struct phone *p, const uint8_t *m, size_t n,
		     uint8_t *out)
{
	size_t taglen = strlen(p->tag), len = 0;

	while (n) {
		const uint8_t *ph = memmem(m, n, placeholder,
					   sizeof(placeholder) - 1);
		size_t lit = ph ? (size_t)(ph - m) : n;

		if (len + lit + (ph ? taglen : 0) > MSG_MAX)
			return 0;
		memcpy(out + len, m, lit);
		len += lit;
		m += lit;
		n -= lit;
		if (!ph)
			break;
		memcpy(out + len, p->tag, taglen);
		len += taglen;
		m += sizeof(placeholder) - 1;
		n -= sizeof(placeholder) - 1;
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
