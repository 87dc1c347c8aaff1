/*
 * tlscert.c — certificates kept in PEM files (certificate chain, then the
 * private key). A configured file must exist; the default files (next to
 * the database) are generated on first start: self-signed, EC P-256, ten
 * years, named "localhost", 127.0.0.1 and ::1, so that a client on this
 * machine can verify it with the file itself as its CA. Other hosts want
 * a certificate of their own (docs/security.md "TLS").
 *
 * libre cannot write a certificate out, so generating one and setting the
 * protocol floor take OpenSSL's own calls.
 */
#define USE_OPENSSL 1   /* libre's tls_openssl_context() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "tls/tlscert.h"

enum { PEM_MAX = 65536 };

static bool add_names(X509 *x)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	bool ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name,
				  "DNS:localhost,IP:127.0.0.1,IP:::1");
	ok = ext && X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

static X509 *self_signed(EVP_PKEY *key, const char *cn)
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
					(const unsigned char *)cn, -1, -1, 0) ||
	    !X509_set_issuer_name(x, name) || !add_names(x) ||
	    !X509_sign(x, key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* O_EXCL: two daemons starting on one data directory do not overwrite
 * each other's key; the loser reads the winner's file. */
static int generate(const char *path, const char *cn)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = key ? self_signed(key, cn) : NULL;
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

/* The PEM text of path; with cn, a missing file is generated first,
 * self-signed for that common name. */
int tlscert_read(struct mbuf **pemp, const char *path, const char *cn)
{
	int err;

	if (!pemp || !path || !*path)
		return EINVAL;
	err = read_pem(path, pemp);
	if (err == ENOENT && cn) {
		err = generate(path, cn);
		err = err ? err : read_pem(path, pemp);
	}
	return err;
}

/* A TLS server context (TLS 1.2 and up) on the certificate and key of
 * path; with cn, a missing file is generated first (tlscert_read). */
int tlscert_server(struct tls **tlsp, const char *path, const char *cn)
{
	struct mbuf *pem = NULL;
	struct tls *tls = NULL;
	int err;

	if (!tlsp)
		return EINVAL;
	err = tlscert_read(&pem, path, cn);
	err = err ? err : tls_alloc(&tls, TLS_METHOD_SSLV23, NULL, NULL);
	/* libre says ENOMEM for a file it cannot read as PEM */
	if (!err && tls_set_certificate(tls, (char *)pem->buf, pem->end))
		err = EINVAL;
	if (!err && !SSL_CTX_set_min_proto_version(tls_openssl_context(tls),
						   TLS1_2_VERSION))
		err = EINVAL;
	mem_deref(pem);
	if (err) {
		mem_deref(tls);
		return err;
	}
	*tlsp = tls;
	return 0;
}

/* "AB:CD:..." of the SHA-256 of tls's certificate: what a client pins. */
int tlscert_fingerprint(char *buf, size_t size, const struct tls *tls)
{
	uint8_t md[32];
	size_t n = 0;
	int err;

	if (!buf || size < TLSCERT_FP_SIZE || !tls)
		return EINVAL;
	err = tls_fingerprint(tls, TLS_FINGERPRINT_SHA256, md, sizeof(md));
	if (err)
		return err;
	for (size_t i = 0; i < sizeof(md); i++)
		n += (size_t)re_snprintf(buf + n, size - n,
					 i ? ":%02X" : "%02X", md[i]);
	return 0;
}
