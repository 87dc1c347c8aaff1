/*
 * tls_verify.c — how the SDK decides a tls:// server is the right one,
 * made once per Initial into the bar's TLS context (struct abi_tls):
 *
 *  - TLSFingerprint set: the SHA-256 of the server's certificate must be
 *    that one, and nothing else is asked (a self-signed certificate works);
 *  - else the certificate must chain to the CAs of TLSCAFile, or to the
 *    system's CA store without it, and name the host of MainCTIIP /
 *    BackCTIIP (set per session).
 *
 * There is no way to skip verification: a server that fails it is treated
 * as unreachable (docs/decisions.md). TLS 1.2 at least.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "conn.h"

struct abi_tls {
	SSL_CTX *ctx;
	AgentBar *bar;          /* for the log of a pin mismatch */
	bool pinned;
	unsigned char pin[ABI_FINGERPRINT_LEN];
};

static int hex_digit(char ch)
{
	if (!isxdigit((unsigned char)ch))
		return -1;
	return isdigit((unsigned char)ch) ? ch - '0' :
	       tolower((unsigned char)ch) - 'a' + 10;
}

int abi_tls_parse_fingerprint(const char *s, unsigned char *out)
{
	/* colons all or nothing: "ABCD..." or "AB:CD:..." */
	bool colons = strlen(s) > 2 && s[2] == ':';

	for (int i = 0; i < ABI_FINGERPRINT_LEN; i++) {
		int hi = hex_digit(s[0]), lo = hi < 0 ? -1 : hex_digit(s[1]);

		if (lo < 0)
			return -1;
		if (out)
			out[i] = (unsigned char)(hi << 4 | lo);
		s += 2;
		if (colons && i < ABI_FINGERPRINT_LEN - 1 && *s++ != ':')
			return -1;
	}
	return *s ? -1 : 0;
}

static void hex(const unsigned char *md, char *buf)
{
	for (int i = 0; i < ABI_FINGERPRINT_LEN; i++)
		sprintf(buf + 3 * i, "%02X%s", md[i],
			i < ABI_FINGERPRINT_LEN - 1 ? ":" : "");
}

/* With a pin, in place of the chain's verification: only the server's own
 * certificate counts. */
static int check_pin(X509_STORE_CTX *xs, void *arg)
{
	struct abi_tls *t = arg;
	X509 *cert = X509_STORE_CTX_get0_cert(xs);
	unsigned char md[EVP_MAX_MD_SIZE];
	char got[3 * ABI_FINGERPRINT_LEN];
	unsigned int len = 0;

	if (cert && X509_digest(cert, EVP_sha256(), md, &len) &&
	    len == ABI_FINGERPRINT_LEN && !memcmp(md, t->pin, len))
		return 1;
	if (len == ABI_FINGERPRINT_LEN) {
		hex(md, got);
		abi_log(t->bar, ABI_ERROR, "the server's certificate has "
			"SHA-256 fingerprint %s, not the TLSFingerprint", got);
	}
	X509_STORE_CTX_set_error(xs, X509_V_ERR_CERT_REJECTED);
	return 0;
}

static void log_ssl_error(AgentBar *bar, const char *what, const char *arg)
{
	char err[256];

	ERR_error_string_n(ERR_get_error(), err, sizeof(err));
	abi_log(bar, ABI_ERROR, "%s%s: %s", what, arg, err);
}

/* Where the certificate's chain must end, without a pin. */
static int load_cas(AgentBar *bar, SSL_CTX *ctx)
{
	char *file = abi_get_str(bar, ABI_S_TLSCAFile);
	int rc = 0;

	if (!file)
		return -1;
	ERR_clear_error();
	if (*file && !SSL_CTX_load_verify_locations(ctx, file, NULL)) {
		log_ssl_error(bar, "TLSCAFile: no CA certificate read from ",
			      file);
		rc = -1;
	} else if (!*file && !SSL_CTX_set_default_verify_paths(ctx)) {
		log_ssl_error(bar, "the system's CA certificates", "");
		rc = -1;
	}
	free(file);
	return rc;
}

static int read_pin(AgentBar *bar, struct abi_tls *t)
{
	char *pin = abi_get_str(bar, ABI_S_TLSFingerprint);

	if (!pin)
		return -1;
	/* properties.c let only good ones in */
	t->pinned = *pin && abi_tls_parse_fingerprint(pin, t->pin) == 0;
	free(pin);
	return 0;
}

static bool any_tls(const struct abi_conn *c)
{
	for (int i = 0; i < c->nservers; i++) {
		if (c->server[i].tls)
			return true;
	}
	return false;
}

int abi_tls_load(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	struct abi_tls *t;

	if (!any_tls(c)) {
		/* a pin or CA file set for nothing: the addresses may lack
		 * their tls:// */
		char *ca = abi_get_str(bar, ABI_S_TLSCAFile);
		char *pin = abi_get_str(bar, ABI_S_TLSFingerprint);

		if ((ca && *ca) || (pin && *pin))
			abi_log(bar, ABI_WARN, "TLSCAFile / TLSFingerprint "
				"set, but no tls:// server: not used");
		free(ca);
		free(pin);
		return 0;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return -1;
	t->bar = bar;
	c->tls = t;
	t->ctx = SSL_CTX_new(TLS_client_method());
	if (!t->ctx || read_pin(bar, t) ||
	    !SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION)) {
		abi_log(bar, ABI_ERROR, "cannot set up TLS");
		abi_tls_free(c);
		return -1;
	}
	/* io.c retries a write with more data, from a buffer it moves */
	SSL_CTX_set_mode(t->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
			 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	SSL_CTX_set_options(t->ctx, SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_verify(t->ctx, SSL_VERIFY_PEER, NULL);
	if (t->pinned) {
		SSL_CTX_set_cert_verify_callback(t->ctx, check_pin, t);
	} else if (load_cas(bar, t->ctx)) {
		abi_tls_free(c);
		return -1;
	}
	return 0;
}

/* The session for srv: its name (or address) is what the certificate
 * must show (with a pin check_pin replaces the whole verification, this
 * check included); a name also goes out as SNI. */
SSL *abi_tls_session(AgentBar *bar, const struct abi_server *srv)
{
	struct abi_tls *t = bar->conn.tls;
	SSL *ssl = t ? SSL_new(t->ctx) : NULL;
	X509_VERIFY_PARAM *param;
	bool is_ip;

	if (!ssl)
		return NULL;
	param = SSL_get0_param(ssl);
	is_ip = X509_VERIFY_PARAM_set1_ip_asc(param, srv->host) == 1;
	if (!is_ip && !X509_VERIFY_PARAM_set1_host(param, srv->host, 0))
		goto fail;
	X509_VERIFY_PARAM_set_hostflags(param,
					X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	if (!is_ip && !SSL_set_tlsext_host_name(ssl, srv->host))
		goto fail;
	return ssl;
fail:
	SSL_free(ssl);
	return NULL;
}

void abi_tls_free(struct abi_conn *c)
{
	if (!c->tls)
		return;
	SSL_CTX_free(c->tls->ctx);
	free(c->tls);
	c->tls = NULL;
}
