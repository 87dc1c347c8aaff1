/*
 * tls_cert_test.c — the daemon's certificate files (src/tls/tlscert.c):
 * the first read of a missing default file makes one, kept private and
 * named for this machine; later reads give the same certificate; files
 * that are missing or not PEM are refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "tls/tlscert.h"

static char dir[64], pem_path[96];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/tls_cert_test-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(pem_path, sizeof(pem_path), "%s/tls.pem", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	(void)unlink(pem_path);
	return rmdir(dir);
}

static void fingerprint_of(const char *path, char *fp)
{
	struct tls *tls = NULL;

	assert_int_equal(tlscert_server(&tls, path, NULL), 0);
	assert_int_equal(tlscert_fingerprint(fp, TLSCERT_FP_SIZE, tls), 0);
	mem_deref(tls);
}

static void test_generated_once(void **state)
{
	char fp1[TLSCERT_FP_SIZE], fp2[TLSCERT_FP_SIZE];
	struct mbuf *pem = NULL;
	struct stat sb;

	(void)state;
	/* a server context is only made of a file that exists */
	assert_int_equal(tlscert_read(&pem, pem_path, NULL), ENOENT);
	assert_int_equal(tlscert_read(&pem, pem_path, "localhost"), 0);
	assert_non_null(strstr((char *)pem->buf, "BEGIN CERTIFICATE"));
	assert_non_null(strstr((char *)pem->buf, "PRIVATE KEY"));
	mem_deref(pem);
	assert_int_equal(stat(pem_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	fingerprint_of(pem_path, fp1);
	assert_int_equal(strlen(fp1), 32 * 3 - 1);
	/* read again, not made again */
	pem = NULL;
	assert_int_equal(tlscert_read(&pem, pem_path, "localhost"), 0);
	mem_deref(pem);
	fingerprint_of(pem_path, fp2);
	assert_string_equal(fp1, fp2);
}

/* What a client on this machine checks: the name and both loopbacks. */
static void test_names(void **state)
{
	struct mbuf *pem = NULL;
	FILE *f;
	X509 *x;

	(void)state;
	assert_int_equal(tlscert_read(&pem, pem_path, "localhost"), 0);
	mem_deref(pem);
	f = fopen(pem_path, "r");
	assert_non_null(f);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	assert_non_null(x);
	assert_int_equal(X509_check_host(x, "localhost", 0, 0, NULL), 1);
	assert_int_equal(X509_check_ip_asc(x, "127.0.0.1", 0), 1);
	assert_int_equal(X509_check_ip_asc(x, "::1", 0), 1);
	assert_int_equal(X509_check_host(x, "example.com", 0, 0, NULL), 0);
	X509_free(x);
}

static void write_file(const char *text)
{
	FILE *f = fopen(pem_path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_bad_files(void **state)
{
	struct tls *tls = NULL;
	char fp[TLSCERT_FP_SIZE];
	struct mbuf *pem = NULL;

	(void)state;
	assert_int_equal(tlscert_server(&tls, pem_path, NULL), ENOENT);
	assert_int_equal(tlscert_server(&tls, "", NULL), EINVAL);
	write_file("");
	assert_int_equal(tlscert_server(&tls, pem_path, NULL), EINVAL);
	write_file("-----BEGIN CERTIFICATE-----\nnot base64\n"
		   "-----END CERTIFICATE-----\n");
	assert_int_equal(tlscert_server(&tls, pem_path, NULL), EINVAL);
	/* an existing file is never replaced, whatever it holds */
	assert_int_equal(tlscert_read(&pem, pem_path, "localhost"), 0);
	assert_non_null(strstr((char *)pem->buf, "not base64"));
	mem_deref(pem);
	assert_null(tls);
	assert_int_equal(tlscert_fingerprint(fp, sizeof(fp), NULL), EINVAL);
	assert_int_equal(tlscert_fingerprint(fp, 10, NULL), EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_generated_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
