/*
 * cert.c — the DTLS certificate of WebRTC legs: one for the engine, kept
 * in a PEM file (certificate and key) so its fingerprint survives a
 * restart; the first start generates it (self-signed, EC P-256, ten
 * years). Browsers check it only against the fingerprint in our SDP, so
 * no CA is involved. libre cannot write a certificate out, so generating
 * one takes OpenSSL's own calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "media/media_int.h"

enum { PEM_MAX = 65536 };

static X509 *self_signed(EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *name;

	if (!x)
		return NULL;
	name = X509_get_subject_name(x);
	if (!X509_set_version(x, 2) ||
	    !ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), rand_u64()) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -86400) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 10L * 365 * 86400) ||
	    !X509_set_pubkey(x, key) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)"callcloud",
					-1, -1, 0) ||
	    !X509_set_issuer_name(x, name) ||
	    !X509_sign(x, key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* O_EXCL: two daemons starting on one data directory do not overwrite
 * each other's key; the loser reads the winner's file. */
static int generate(const char *path)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = key ? self_signed(key) : NULL;
	FILE *f = NULL;
	int fd, err = 0;

	if (!x) {
		err = ENOMEM;
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		err = errno == EEXIST ? 0 : errno;
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		close(fd);
		goto out;
	}
	if (!PEM_write_X509(f, x) ||
	    !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL))
		err = EIO;
	if (fclose(f) && !err)
		err = errno;
	if (err)
		(void)unlink(path);
 out:
	X509_free(x);
	EVP_PKEY_free(key);
	return err;
}

static int read_pem(const char *path, struct mbuf **mbp)
{
	struct mbuf *mb;
	FILE *f = fopen(path, "r");
	size_t n;
	int err = 0;

	if (!f)
		return errno;
	mb = mbuf_alloc(PEM_MAX);
	if (!mb) {
		fclose(f);
		return ENOMEM;
	}
	n = fread(mb->buf, 1, PEM_MAX, f);
	if (ferror(f) || !n || n == PEM_MAX)
		err = EINVAL;
	fclose(f);
	mb->end = n;
	if (err)
		mem_deref(mb);
	else
		*mbp = mb;
	return err;
}

static void fingerprint_set(struct media *m)
{
	uint8_t md[32];
	size_t n = 0;

	n += (size_t)re_snprintf(m->fingerprint, sizeof(m->fingerprint),
				 "sha-256 ");
	if (tls_fingerprint(m->tls, TLS_FINGERPRINT_SHA256, md, sizeof(md))) {
		m->fingerprint[0] = 0;
		return;
	}
	for (size_t i = 0; i < sizeof(md); i++)
		n += (size_t)re_snprintf(m->fingerprint + n,
					 sizeof(m->fingerprint) - n,
					 i ? ":%02X" : "%02X", md[i]);
}

int media_set_certificate(struct media *m, const char *path)
{
	struct mbuf *pem = NULL;
	struct tls *tls = NULL;
	int err;

	if (!m || !path || !*path)
		return EINVAL;
	err = read_pem(path, &pem);
	if (err == ENOENT) {
		err = generate(path);
		err = err ? err : read_pem(path, &pem);
	}
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
