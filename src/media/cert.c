/*
 * cert.c — the DTLS certificate of WebRTC legs: one for the engine, kept
 * in a PEM file (certificate and key) so its fingerprint survives a
 * restart; the first start generates it (tls/tlscert.c). Browsers check it
 * only against the fingerprint in our SDP, so no CA is involved.
 */
#include <errno.h>
#include "media/media_int.h"
#include "tls/tlscert.h"

static void fingerprint_set(struct media *m)
{
	int n = re_snprintf(m->fingerprint, sizeof(m->fingerprint),
			    "sha-256 ");

	if (tlscert_fingerprint(m->fingerprint + n,
				sizeof(m->fingerprint) - (size_t)n, m->tls))
		m->fingerprint[0] = 0;
}

int media_set_certificate(struct media *m, const char *path)
{
	struct mbuf *pem = NULL;
	struct tls *tls = NULL;
	int err;

	if (!m || !path || !*path)
		return EINVAL;
	err = tlscert_read(&pem, path, "callcloud");
	/* libre says ENOMEM for a file it cannot read as PEM */
	if (!err && dtls_srtp_context(&tls, (char *)pem->buf, pem->end))
		err = EINVAL;
	mem_deref(pem);
	if (err)
		return err;
	mem_deref(m->tls);
	m->tls = tls;
	fingerprint_set(m);
	return m->fingerprint[0] ? 0 : EINVAL;
}

const char *media_fingerprint(const struct media *m)
{
	return m && m->tls && m->fingerprint[0] ? m->fingerprint : NULL;
}
