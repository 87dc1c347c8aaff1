/*
 * fake_tls.h — certificates for the SDK's TLS tests, made by the test with
 * OpenSSL's API (no openssl command, no files in the tree): an EC P-256
 * key and a self-signed certificate for the given subjectAltName, written
 * as PEM into a temporary directory (the certificate doubles as the CA
 * file a bar trusts), with its SHA-256 fingerprint as "AB:CD:...", and
 * the server context fake_start_tls() serves it with.
 */
#ifndef SDK_FAKE_TLS_H
#define SDK_FAKE_TLS_H

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "fake_server.h"

struct tls_cert {
	char cert[300], key[300];   /* PEM files */
	char fingerprint[100];      /* SHA-256, "AB:CD:..." */
	SSL_CTX *server;            /* serves this certificate */
};

FAKE_FN int tls_write_pem(const char *path, X509 *x, EVP_PKEY *key)
{
	FILE *fp = fopen(path, "w");
	int ok;

	if (!fp)
		return -1;
	ok = x ? PEM_write_X509(fp, x) :
	     PEM_write_PrivateKey(fp, key, NULL, NULL, 0, NULL, NULL);
	return fclose(fp) || !ok ? -1 : 0;
}

FAKE_FN int tls_add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	ok = ext && X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

FAKE_FN X509 *tls_self_signed(EVP_PKEY *key, const char *cn, const char *san)
{
	X509 *x = X509_new();
	X509_NAME *name = x ? X509_get_subject_name(x) : NULL;

	if (!name || !X509_set_version(x, 2) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), 1) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 86400) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)cn, -1, -1, 0) ||
	    !X509_set_issuer_name(x, name) || !X509_set_pubkey(x, key) ||
	    tls_add_ext(x, NID_basic_constraints, "critical,CA:TRUE") ||
	    tls_add_ext(x, NID_subject_alt_name, san) ||
	    !X509_sign(x, key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

FAKE_FN void tls_fingerprint(X509 *x, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	X509_digest(x, EVP_sha256(), md, &len);
	for (unsigned int i = 0; i < len; i++)
		sprintf(out + 3 * i, "%02X%s", md[i], i + 1 < len ? ":" : "");
}

/* dir/name.pem and dir/name.key for san ("DNS:localhost,IP:127.0.0.1"):
 * 0, or -1 when anything failed. */
FAKE_FN int tls_cert_make(const char *dir, const char *name, const char *san,
			  struct tls_cert *c)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = key ? tls_self_signed(key, name, san) : NULL;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	snprintf(c->cert, sizeof(c->cert), "%s/%s.pem", dir, name);
	snprintf(c->key, sizeof(c->key), "%s/%s.key", dir, name);
	c->server = SSL_CTX_new(TLS_server_method());
	if (x && c->server && !tls_write_pem(c->cert, x, NULL) &&
	    !tls_write_pem(c->key, NULL, key) &&
	    SSL_CTX_use_certificate(c->server, x) == 1 &&
	    SSL_CTX_use_PrivateKey(c->server, key) == 1) {
		tls_fingerprint(x, c->fingerprint);
		rc = 0;
	}
	X509_free(x);
	EVP_PKEY_free(key);
	return rc;
}

FAKE_FN void tls_cert_free(struct tls_cert *c)
{
	SSL_CTX_free(c->server);
	unlink(c->cert);
	unlink(c->key);
}

#endif
